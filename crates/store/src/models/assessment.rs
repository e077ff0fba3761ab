//! Assessments (beoordelingen) of a case. Findings per risk domain are kept as
//! one sealed text with one line per domain (`domain<TAB>text`).

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::StoreResult;
use crate::models::case::CaseRow;
use crate::models::data_key;
use crate::schema::case_assessments;

const TABLE: &str = "case_assessments";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_assessments)]
pub struct AssessmentRow {
    pub id: String,
    pub tenant_id: String,
    pub case_id: String,
    pub created_by_user_id: String,
    pub created_at: i64,
    pub findings_enc: Vec<u8>,
    /// Comma-separated item ids.
    pub cited_items: String,
    pub radicalisation: String,
    pub security_risk: String,
    pub missing_enc: Option<Vec<u8>>,
    pub missing_by_org_id: Option<String>,
    pub missing_due: Option<String>,
}

/// A new assessment, in clear.
#[derive(Debug)]
pub struct NewAssessment<'a> {
    /// (risk domain code, finding)
    pub findings: &'a [(String, String)],
    pub cited_items: &'a [String],
    pub radicalisation: &'a str,
    pub security_risk: &'a str,
    /// What is missing, who gets it (organisation id), by when (ISO date).
    pub missing: Option<(&'a str, &'a str, &'a str)>,
    pub by_user: &'a str,
}

pub fn create(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    new: &NewAssessment<'_>,
    now_ms: i64,
) -> StoreResult<AssessmentRow> {
    let key = data_key::open(conn, keyring, &case.data_key_id)?;
    let id = uuid::Uuid::new_v4().to_string();
    let findings: String = new
        .findings
        .iter()
        .map(|(d, t)| format!("{d}\t{}", t.replace(['\t', '\n', '\r'], " ")))
        .collect::<Vec<_>>()
        .join("\n");
    let row = AssessmentRow {
        findings_enc: key.seal_str(TABLE, "findings", &id, &findings)?,
        missing_enc: new
            .missing
            .map(|(what, _, _)| key.seal_str(TABLE, "missing", &id, what))
            .transpose()?,
        missing_by_org_id: new.missing.map(|(_, who, _)| who.to_owned()),
        missing_due: new.missing.map(|(_, _, by)| by.to_owned()),
        id,
        tenant_id: case.tenant_id.clone(),
        case_id: case.id.clone(),
        created_by_user_id: new.by_user.to_owned(),
        created_at: now_ms,
        cited_items: new.cited_items.join(","),
        radicalisation: new.radicalisation.to_owned(),
        security_risk: new.security_risk.to_owned(),
    };
    diesel::insert_into(case_assessments::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn list(
    conn: &mut DbConn,
    tenant: &TenantId,
    case_id: &str,
) -> StoreResult<Vec<AssessmentRow>> {
    Ok(case_assessments::table
        .filter(case_assessments::tenant_id.eq(tenant.as_str()))
        .filter(case_assessments::case_id.eq(case_id))
        .order(case_assessments::created_at.desc())
        .select(AssessmentRow::as_select())
        .load(conn)?)
}

/// Findings as (risk domain code, text), and what is missing.
pub type AssessmentTexts = (Vec<(String, String)>, Option<String>);

/// Findings per domain and what is missing, decrypted.
pub fn texts(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    a: &AssessmentRow,
) -> StoreResult<AssessmentTexts> {
    let key = data_key::open(conn, keyring, &case.data_key_id)?;
    let findings = key
        .open_string(TABLE, "findings", &a.id, &a.findings_enc)?
        .lines()
        .filter_map(|l| {
            l.split_once('\t')
                .map(|(d, t)| (d.to_owned(), t.to_owned()))
        })
        .collect();
    let missing = a
        .missing_enc
        .as_ref()
        .map(|b| key.open_string(TABLE, "missing", &a.id, b))
        .transpose()?;
    Ok((findings, missing))
}
