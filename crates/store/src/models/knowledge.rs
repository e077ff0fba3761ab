//! The known / followed-up check (kennischeck) per case and partner organisation.
//! The answer is sealed with the case key: that an organisation knows or
//! follows a named person is itself sensitive.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::case::CaseRow;
use crate::models::data_key;
use crate::schema::case_knowledge;

const TABLE: &str = "case_knowledge";

/// One organisation's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    pub known: bool,
    pub followed_up: bool,
}

impl Answer {
    fn encode(self) -> &'static str {
        match (self.known, self.followed_up) {
            (true, true) => "known=1;followed=1",
            (true, false) => "known=1;followed=0",
            (false, true) => "known=0;followed=1",
            (false, false) => "known=0;followed=0",
        }
    }

    fn decode(s: &str) -> Option<Answer> {
        let (k, f) = s.split_once(';')?;
        let bit = |part: &str, name: &str| match part.strip_prefix(name)? {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        };
        Some(Answer {
            known: bit(k, "known=")?,
            followed_up: bit(f, "followed=")?,
        })
    }
}

fn row_id(case: &CaseRow, org: &str) -> String {
    format!("{}:{org}", case.id)
}

/// Records (or changes) an organisation's answer.
pub fn answer(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    org: &str,
    user: &str,
    a: Answer,
    now_ms: i64,
) -> StoreResult<()> {
    let key = data_key::open(conn, keyring, &case.data_key_id)?;
    let sealed = key.seal_str(TABLE, "answer", &row_id(case, org), a.encode())?;
    diesel::delete(
        case_knowledge::table
            .filter(case_knowledge::tenant_id.eq(&case.tenant_id))
            .filter(case_knowledge::case_id.eq(&case.id))
            .filter(case_knowledge::organisation_id.eq(org)),
    )
    .execute(conn)?;
    diesel::insert_into(case_knowledge::table)
        .values((
            case_knowledge::case_id.eq(&case.id),
            case_knowledge::tenant_id.eq(&case.tenant_id),
            case_knowledge::organisation_id.eq(org),
            case_knowledge::answer_enc.eq(sealed),
            case_knowledge::answered_by_user_id.eq(user),
            case_knowledge::answered_at.eq(now_ms),
        ))
        .execute(conn)?;
    Ok(())
}

/// The answers given for a case, by organisation id.
pub fn answers(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
) -> StoreResult<Vec<(String, Answer, i64)>> {
    let rows: Vec<(String, Vec<u8>, i64)> = case_knowledge::table
        .filter(case_knowledge::tenant_id.eq(&case.tenant_id))
        .filter(case_knowledge::case_id.eq(&case.id))
        .select((
            case_knowledge::organisation_id,
            case_knowledge::answer_enc,
            case_knowledge::answered_at,
        ))
        .load(conn)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let key = data_key::open(conn, keyring, &case.data_key_id)?;
    rows.into_iter()
        .map(|(org, blob, at)| {
            let text = key.open_string(TABLE, "answer", &row_id(case, &org), &blob)?;
            let a = Answer::decode(&text)
                .ok_or_else(|| StoreError::Invalid("bad knowledge answer".into()))?;
            Ok((org, a, at))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_round_trip() {
        for known in [false, true] {
            for followed_up in [false, true] {
                let a = Answer { known, followed_up };
                assert_eq!(Answer::decode(a.encode()), Some(a));
            }
        }
        assert_eq!(Answer::decode("known=2;followed=0"), None);
        assert_eq!(Answer::decode(""), None);
    }
}
