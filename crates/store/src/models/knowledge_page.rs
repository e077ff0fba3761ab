//! The kennisbank: public information pages, one row per page (address,
//! topics, draft or published) and one row per language version. Each page
//! has its own data key; titles, summaries and bodies are sealed with it
//! (a draft is nobody's business but the expert's, and one rule for all
//! free text is easier to keep than exceptions). The caller asks the policy
//! for every change and shows only published pages to the public.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::data_key;
use crate::schema::{knowledge_page_texts, knowledge_pages};

const TEXTS: &str = "knowledge_page_texts";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = knowledge_pages)]
pub struct PageRow {
    pub id: String,
    pub tenant_id: String,
    pub data_key_id: String,
    pub slug: String,
    /// Topic codes, `a,b`.
    pub topics: String,
    /// `draft` or `published`.
    pub status: String,
    /// When it was first published.
    pub published_at: Option<i64>,
    pub created_by_user_id: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = knowledge_page_texts)]
pub struct TextRow {
    pub page_id: String,
    /// `nl-BE`, `fr-BE` or `en`.
    pub locale: String,
    pub tenant_id: String,
    pub title_enc: Vec<u8>,
    pub summary_enc: Option<Vec<u8>>,
    pub body_enc: Vec<u8>,
}

/// One language version, opened.
#[derive(Clone, PartialEq, Eq)]
pub struct PageText {
    pub locale: String,
    pub title: String,
    pub summary: Option<String>,
    pub body: String,
}

impl std::fmt::Debug for PageText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageText")
            .field("locale", &self.locale)
            .finish_non_exhaustive()
    }
}

/// What a page holds, as the caller parsed it.
#[derive(Debug)]
pub struct PageFields<'a> {
    pub slug: &'a str,
    /// Topic codes, `a,b`.
    pub topics: &'a str,
    pub status: &'a str,
    /// (locale tag, title, summary, body)
    pub texts: Vec<(&'a str, &'a str, Option<&'a str>, &'a str)>,
}

fn text_row_id(page: &str, locale: &str) -> String {
    format!("{page}:{locale}")
}

fn write_texts(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &PageRow,
    texts: &[(&str, &str, Option<&str>, &str)],
) -> StoreResult<()> {
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    // Replaced whole: a translation left out is gone (no upsert across backends).
    diesel::delete(
        knowledge_page_texts::table
            .filter(knowledge_page_texts::tenant_id.eq(&row.tenant_id))
            .filter(knowledge_page_texts::page_id.eq(&row.id)),
    )
    .execute(conn)?;
    for (locale, title, summary, body) in texts {
        let rid = text_row_id(&row.id, locale);
        diesel::insert_into(knowledge_page_texts::table)
            .values(&TextRow {
                page_id: row.id.clone(),
                locale: (*locale).to_owned(),
                tenant_id: row.tenant_id.clone(),
                title_enc: key.seal_str(TEXTS, "title", &rid, title)?,
                summary_enc: summary
                    .map(|s| key.seal_str(TEXTS, "summary", &rid, s))
                    .transpose()?,
                body_enc: key.seal_str(TEXTS, "body", &rid, body)?,
            })
            .execute(conn)?;
    }
    Ok(())
}

/// Stores a new page with its own data key.
pub fn create(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
    f: &PageFields<'_>,
    by_user: &str,
    now_ms: i64,
) -> StoreResult<PageRow> {
    let key = data_key::create(conn, keyring, tenant.as_str(), "knowledge_page", now_ms)?;
    let row = PageRow {
        id: uuid::Uuid::new_v4().to_string(),
        tenant_id: tenant.as_str().to_owned(),
        data_key_id: key.id.to_string(),
        slug: f.slug.to_owned(),
        topics: f.topics.to_owned(),
        status: f.status.to_owned(),
        published_at: (f.status == "published").then_some(now_ms),
        created_by_user_id: by_user.to_owned(),
        created_at: now_ms,
        updated_at: now_ms,
    };
    diesel::insert_into(knowledge_pages::table)
        .values(&row)
        .execute(conn)?;
    write_texts(conn, keyring, &row, &f.texts)?;
    Ok(row)
}

/// Changes a page and replaces its language versions.
pub fn update(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &PageRow,
    f: &PageFields<'_>,
    now_ms: i64,
) -> StoreResult<()> {
    let published_at = match (row.published_at, f.status == "published") {
        (Some(t), _) => Some(t),
        (None, true) => Some(now_ms),
        (None, false) => None,
    };
    diesel::update(
        knowledge_pages::table
            .filter(knowledge_pages::tenant_id.eq(&row.tenant_id))
            .filter(knowledge_pages::id.eq(&row.id)),
    )
    .set((
        knowledge_pages::slug.eq(f.slug),
        knowledge_pages::topics.eq(f.topics),
        knowledge_pages::status.eq(f.status),
        knowledge_pages::published_at.eq(published_at),
        knowledge_pages::updated_at.eq(now_ms),
    ))
    .execute(conn)?;
    write_texts(conn, keyring, row, &f.texts)
}

/// A page of `tenant`; another tenant's is "not found".
pub fn find(conn: &mut DbConn, tenant: &TenantId, id: &str) -> StoreResult<PageRow> {
    knowledge_pages::table
        .filter(knowledge_pages::tenant_id.eq(tenant.as_str()))
        .filter(knowledge_pages::id.eq(id))
        .select(PageRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The page with this address, if any.
pub fn find_by_slug(
    conn: &mut DbConn,
    tenant: &TenantId,
    slug: &str,
) -> StoreResult<Option<PageRow>> {
    Ok(knowledge_pages::table
        .filter(knowledge_pages::tenant_id.eq(tenant.as_str()))
        .filter(knowledge_pages::slug.eq(slug))
        .select(PageRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every page of the tenant (drafts too), by address.
pub fn list(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<PageRow>> {
    Ok(knowledge_pages::table
        .filter(knowledge_pages::tenant_id.eq(tenant.as_str()))
        .order(knowledge_pages::slug.asc())
        .select(PageRow::as_select())
        .load(conn)?)
}

/// The published pages of the tenant, by address.
pub fn list_published(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<PageRow>> {
    Ok(knowledge_pages::table
        .filter(knowledge_pages::tenant_id.eq(tenant.as_str()))
        .filter(knowledge_pages::status.eq("published"))
        .order(knowledge_pages::slug.asc())
        .select(PageRow::as_select())
        .load(conn)?)
}

/// The language versions a page has (tags), without opening them.
pub fn locales(conn: &mut DbConn, row: &PageRow) -> StoreResult<Vec<String>> {
    Ok(knowledge_page_texts::table
        .filter(knowledge_page_texts::tenant_id.eq(&row.tenant_id))
        .filter(knowledge_page_texts::page_id.eq(&row.id))
        .select(knowledge_page_texts::locale)
        .load(conn)?)
}

fn open_row(key: &data_key::OpenKey, t: &TextRow) -> StoreResult<PageText> {
    let rid = text_row_id(&t.page_id, &t.locale);
    Ok(PageText {
        title: key.open_string(TEXTS, "title", &rid, &t.title_enc)?,
        summary: t
            .summary_enc
            .as_ref()
            .map(|b| key.open_string(TEXTS, "summary", &rid, b))
            .transpose()?,
        body: key.open_string(TEXTS, "body", &rid, &t.body_enc)?,
        locale: t.locale.clone(),
    })
}

/// Every language version of a page, opened.
pub fn texts(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &PageRow,
) -> StoreResult<Vec<PageText>> {
    let rows: Vec<TextRow> = knowledge_page_texts::table
        .filter(knowledge_page_texts::tenant_id.eq(&row.tenant_id))
        .filter(knowledge_page_texts::page_id.eq(&row.id))
        .select(TextRow::as_select())
        .load(conn)?;
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    rows.iter().map(|t| open_row(&key, t)).collect()
}

/// One language version of a page, opened; `None` when it has none.
pub fn text(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &PageRow,
    locale: &str,
) -> StoreResult<Option<PageText>> {
    let t: Option<TextRow> = knowledge_page_texts::table
        .filter(knowledge_page_texts::tenant_id.eq(&row.tenant_id))
        .filter(knowledge_page_texts::page_id.eq(&row.id))
        .filter(knowledge_page_texts::locale.eq(locale))
        .select(TextRow::as_select())
        .first(conn)
        .optional()?;
    match t {
        Some(t) => {
            let key = data_key::open(conn, keyring, &row.data_key_id)?;
            Ok(Some(open_row(&key, &t)?))
        }
        None => Ok(None),
    }
}
