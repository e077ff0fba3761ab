//! The kennisbank, shared by the pages and the JSON API: the expert's list,
//! create, open and update (policy `ManageKnowledgeBase`, audited), loading
//! the default set, and the public reading of published pages (no account:
//! only published pages, in the visitor's language or Dutch).

use verbind_domain::audit::AuditAction;
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::coded::{Coded, set_code};
use verbind_domain::prevention::knowledge_base::{
    self as rules, Block, PageInput, PageStatus, TextInput, blocks, default_pages, pick_locale,
};
use verbind_domain::prevention::outreach::FieldErrors;
use verbind_domain::{Locale, TenantId};
use verbind_store::models::audit;
use verbind_store::models::knowledge_page::{self as store, PageFields, PageRow, PageText};

use super::{entry, require};
use crate::error::{AppError, AppResult};
use crate::middleware::session::CurrentSession;
use crate::state::AppState;

const MANAGE: PreventionAction = PreventionAction::ManageKnowledgeBase;

/// One language version as typed.
#[derive(Clone, Default)]
pub struct TextForm {
    pub title: String,
    pub summary: String,
    pub body: String,
}

/// A page as typed (page or API).
#[derive(Clone, Default)]
pub struct PageForm {
    pub slug: String,
    pub topics: Vec<String>,
    pub status: String,
    pub nl: TextForm,
    pub fr: TextForm,
    pub en: TextForm,
}

impl PageForm {
    fn input(&self) -> PageInput<'_> {
        fn t(f: &TextForm) -> TextInput<'_> {
            TextInput {
                title: &f.title,
                summary: &f.summary,
                body: &f.body,
            }
        }
        PageInput {
            slug: &self.slug,
            topics: self.topics.iter().map(String::as_str).collect(),
            status: &self.status,
            nl: t(&self.nl),
            fr: t(&self.fr),
            en: t(&self.en),
        }
    }

    /// The language version of `locale`.
    pub fn text(&self, locale: Locale) -> &TextForm {
        match locale {
            Locale::NlBe => &self.nl,
            Locale::FrBe => &self.fr,
            Locale::En => &self.en,
        }
    }
}

/// A page in the expert's list.
#[derive(Clone)]
pub struct PageSummary {
    pub id: String,
    pub slug: String,
    pub topics: String,
    pub status: String,
    /// The Dutch title.
    pub title: String,
    /// Tags of the language versions.
    pub locales: Vec<String>,
    pub published_at: Option<i64>,
    pub updated_at: i64,
}

/// A page with every language version.
#[derive(Clone)]
pub struct PageView {
    pub id: String,
    pub slug: String,
    pub topics: String,
    pub status: String,
    pub texts: Vec<PageText>,
    pub published_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl PageView {
    /// The form filled with this page (for editing).
    pub fn form(&self) -> PageForm {
        let text = |l: Locale| {
            self.texts
                .iter()
                .find(|t| t.locale == l.tag())
                .map(|t| TextForm {
                    title: t.title.clone(),
                    summary: t.summary.clone().unwrap_or_default(),
                    body: t.body.clone(),
                })
                .unwrap_or_default()
        };
        PageForm {
            slug: self.slug.clone(),
            topics: self
                .topics
                .split(',')
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            status: self.status.clone(),
            nl: text(Locale::NlBe),
            fr: text(Locale::FrBe),
            en: text(Locale::En),
        }
    }
}

fn fields<'a>(p: &'a rules::ParsedPage, topics: &'a str) -> PageFields<'a> {
    PageFields {
        slug: p.slug.as_str(),
        topics,
        status: p.status.code(),
        texts: p
            .texts
            .iter()
            .map(|t| {
                (
                    t.locale.tag(),
                    t.title.as_str(),
                    t.summary.as_deref(),
                    t.body.as_str(),
                )
            })
            .collect(),
    }
}

/// Every page of the LIVC-R, drafts too.
pub async fn list(state: &AppState, s: &CurrentSession) -> AppResult<Vec<PageSummary>> {
    require(s, MANAGE)?;
    let t = s.tenant_id.clone();
    state
        .read(move |c, st| {
            let mut out = Vec::new();
            for r in store::list(c, &t)? {
                let title = store::text(c, &st.keyring, &r, Locale::NlBe.tag())?
                    .map(|t| t.title)
                    .unwrap_or_default();
                let locales = store::locales(c, &r)?;
                out.push(PageSummary {
                    title,
                    locales,
                    id: r.id,
                    slug: r.slug,
                    topics: r.topics,
                    status: r.status,
                    published_at: r.published_at,
                    updated_at: r.updated_at,
                });
            }
            Ok(out)
        })
        .await
}

/// One page with every language version.
pub async fn open(state: &AppState, s: &CurrentSession, id: String) -> AppResult<PageView> {
    require(s, MANAGE)?;
    let t = s.tenant_id.clone();
    state
        .read(move |c, st| {
            let r = store::find(c, &t, &id)?;
            let texts = store::texts(c, &st.keyring, &r)?;
            Ok(view(r, texts))
        })
        .await
}

fn view(r: PageRow, mut texts: Vec<PageText>) -> PageView {
    let order = |l: &str| Locale::ALL.iter().position(|x| x.tag() == l).unwrap_or(9);
    texts.sort_by_key(|t| order(&t.locale));
    PageView {
        id: r.id,
        slug: r.slug,
        topics: r.topics,
        status: r.status,
        texts,
        published_at: r.published_at,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

/// Writes a new page; its id, or the refused fields.
pub async fn create(
    state: &AppState,
    s: &CurrentSession,
    form: PageForm,
) -> AppResult<Result<String, FieldErrors>> {
    require(s, MANAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let mut taken = Vec::new();
            for r in store::list(c, &s.tenant_id)? {
                taken.push(r.slug);
            }
            let p = match rules::parse_page(&form.input(), |slug| {
                taken.iter().any(|t| t == slug.as_str())
            }) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            let topics = set_code(&p.topics);
            let row = store::create(
                c,
                &st.keyring,
                &s.tenant_id,
                &fields(&p, &topics),
                s.user_id.as_str(),
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::KnowledgePageCreated)
                    .object("knowledge_page", &row.id)
                    .detail(format!(
                        "status={} languages={}",
                        p.status.code(),
                        p.texts.len()
                    )),
            )?;
            Ok(Ok(row.id))
        })
        .await
}

/// Changes a page (and replaces its language versions).
pub async fn update(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    form: PageForm,
) -> AppResult<Result<(), FieldErrors>> {
    require(s, MANAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let row = store::find(c, &s.tenant_id, &id)?;
            let taken: Vec<String> = store::list(c, &s.tenant_id)?
                .into_iter()
                .filter(|r| r.id != row.id)
                .map(|r| r.slug)
                .collect();
            let p = match rules::parse_page(&form.input(), |slug| {
                taken.iter().any(|t| t == slug.as_str())
            }) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            let topics = set_code(&p.topics);
            store::update(c, &st.keyring, &row, &fields(&p, &topics), now)?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::KnowledgePageUpdated)
                    .object("knowledge_page", &row.id)
                    .detail(format!(
                        "status={} languages={}",
                        p.status.code(),
                        p.texts.len()
                    )),
            )?;
            Ok(Ok(()))
        })
        .await
}

/// Adds the pages of the default set whose address is still free, as
/// drafts for the expert to read and publish. Returns how many were added.
pub async fn load_defaults(state: &AppState, s: &CurrentSession) -> AppResult<usize> {
    require(s, MANAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let mut added = 0;
            for p in default_pages() {
                if store::find_by_slug(c, &s.tenant_id, p.slug)?.is_some() {
                    continue;
                }
                let topics = set_code(p.topics);
                store::create(
                    c,
                    &st.keyring,
                    &s.tenant_id,
                    &PageFields {
                        slug: p.slug,
                        topics: &topics,
                        status: PageStatus::Draft.code(),
                        texts: p
                            .texts
                            .iter()
                            .map(|(l, title, summary, body)| {
                                (l.tag(), *title, Some(*summary), *body)
                            })
                            .collect(),
                    },
                    s.user_id.as_str(),
                    now,
                )?;
                added += 1;
            }
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::KnowledgeDefaultsLoaded).detail(format!("added={added}")),
            )?;
            Ok(added)
        })
        .await
}

// ------------------------------------------------------------ public

/// A published page as a visitor reads it.
#[derive(Clone)]
pub struct PublicPage {
    pub slug: String,
    pub topics: String,
    /// The language shown (the visitor's, or Dutch).
    pub locale: Locale,
    pub title: String,
    pub summary: Option<String>,
    /// Empty in lists.
    pub blocks: Vec<Block>,
    /// The other languages the page has.
    pub other_locales: Vec<Locale>,
    pub updated_at: i64,
}

fn locales_of(tags: &[String]) -> Vec<Locale> {
    Locale::ALL
        .into_iter()
        .filter(|l| tags.iter().any(|t| t == l.tag()))
        .collect()
}

fn public_page_of(
    c: &mut verbind_store::DbConn,
    st: &crate::state::Inner,
    r: &PageRow,
    wanted: Locale,
    with_body: bool,
) -> Result<Option<PublicPage>, verbind_store::StoreError> {
    let available = locales_of(&store::locales(c, r)?);
    let Some(locale) = pick_locale(&available, wanted) else {
        return Ok(None);
    };
    let Some(t) = store::text(c, &st.keyring, r, locale.tag())? else {
        return Ok(None);
    };
    Ok(Some(PublicPage {
        slug: r.slug.clone(),
        topics: r.topics.clone(),
        locale,
        title: t.title,
        summary: t.summary,
        blocks: if with_body {
            blocks(&t.body)
        } else {
            Vec::new()
        },
        other_locales: available.into_iter().filter(|l| *l != locale).collect(),
        updated_at: r.updated_at,
    }))
}

/// The published pages of a LIVC-R, for anyone.
pub async fn public_list(
    state: &AppState,
    tenant: TenantId,
    wanted: Locale,
) -> AppResult<Vec<PublicPage>> {
    state
        .read(move |c, st| {
            let mut out = Vec::new();
            for r in store::list_published(c, &tenant)? {
                if let Some(p) = public_page_of(c, st, &r, wanted, false)? {
                    out.push(p);
                }
            }
            out.sort_by_key(|p| p.title.to_lowercase());
            Ok(out)
        })
        .await
}

/// One published page, for anyone; a draft or an unknown address is "not found".
pub async fn public_page(
    state: &AppState,
    tenant: TenantId,
    slug: String,
    wanted: Locale,
) -> AppResult<PublicPage> {
    state
        .read(move |c, st| {
            let Some(r) = store::find_by_slug(c, &tenant, &slug)? else {
                return Ok(None);
            };
            if PageStatus::parse(&r.status) != Some(PageStatus::Published) {
                return Ok(None);
            }
            public_page_of(c, st, &r, wanted, true)
        })
        .await?
        .ok_or_else(AppError::not_found)
}
