//! The start page after login: what this role can do here, in Dutch first.
//! The expert also sees "Vandaag aandacht voor": what needs attention today,
//! each line a count, case codes (never a name) and a link to the page where
//! they act. The same items are served as JSON by `GET /api/v1/attention`
//! (`crate::api::attention`); the rules are `verbind_domain::attention`'s, the
//! facts `verbind_store::models::attention`'s.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use verbind_domain::Role;
use verbind_domain::attention::{self as rules, Attention, BodyFacts, CaseCount};
use verbind_domain::audit::AuditAction;
use verbind_domain::case::Date;
use verbind_domain::policy::{Action, CaseAction, decide_case};
use verbind_store::models::{attention as facts, audit, organisation, tenant, user};

use crate::error::AppResult;
use crate::i18n::{Tr, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::{Page, role_label};

#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
pub struct DashboardPage {
    pub page: Page,
    pub display_name: String,
    pub organisation: String,
    pub tenant: String,
    pub role_label: String,
    pub role_text: String,
    pub mfa_enabled: bool,
    pub now: String,
    pub is_admin: bool,
    pub is_auditor: bool,
    /// For whoever keeps the contact register but does not see the
    /// attention list: the contact point's new, unhandled public messages.
    /// (For the expert they are a line of the attention list.)
    pub new_contacts: Option<String>,
    /// For the expert: what needs attention today.
    pub attention: Option<AttentionSection>,
    /// For a partner with a seat at the Partnertafel: what waits for its
    /// organisation ("Te doen", `crate::todo`).
    pub todo: Option<crate::todo::TodoSection>,
    /// For a reference person: how many of their signals the expert gave
    /// feedback on, in words (read on the signal itself).
    pub signal_feedback: Option<String>,
}

/// GET /
pub async fn show(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
) -> AppResult<Response> {
    if !session.mfa_done {
        return Ok(Redirect::to("/account/mfa").into_response());
    }
    session.require(Action::ViewDashboard)?;
    let tr = Tr::new(locale);
    let s = session.clone();
    let (display_name, org_name, tenant_name) = state
        .read(move |c, st| {
            let u = user::find(c, &s.tenant_id, &s.user_id)?;
            let d = user::details(c, &st.keyring, &u)?;
            let o = organisation::find(c, &s.tenant_id, &s.organisation_id)?;
            let t = tenant::find(c, &s.tenant_id)?;
            Ok((d.display_name, o.name, t.name))
        })
        .await?;
    let attention = if session.may(Action::ViewAttention) {
        Some(section(tr, &attention_today(&state, &session).await?))
    } else {
        None
    };
    let new_contacts = if attention.is_some() {
        None
    } else {
        crate::contact::service::count_new_public(&state, &session)
            .await?
            .map(|n| new_public_text(tr, n))
    };
    let todo = crate::todo::section(&state, &session, tr).await?;
    let signal_feedback = crate::signals::service::answered_count(&state, &session)
        .await?
        .filter(|n| *n > 0)
        .map(|n| tr.t_args("dashboard-signal-feedback", &[("count", n.to_string())]));
    let page = DashboardPage {
        page: Page::for_session(tr, state.config.demo, &session, "dashboard-title", "/"),
        display_name,
        organisation: org_name,
        tenant: tenant_name,
        role_label: role_label(tr, session.role),
        role_text: if session.role == Role::Partner
            && !crate::cases::service::may_refer(&state, &session).await?
        {
            // A partner organisation without a seat: invited as a guest, not a member.
            tr.t("role-partner-without-seat-text")
        } else {
            tr.t(&format!("role-{}-text", session.role.code()))
        },
        mfa_enabled: session.mfa_enabled,
        now: format_datetime(state.now_ms()),
        is_admin: session.role == Role::Admin,
        is_auditor: session.role == Role::Auditor,
        new_contacts,
        attention,
        todo,
        signal_feedback,
    };
    Ok(page.into_response())
}

/// The contact point's new public messages in words.
fn new_public_text(tr: Tr, n: i64) -> String {
    match n {
        0 => tr.t("dashboard-contacts-new-none"),
        1 => tr.t("dashboard-contacts-new-one"),
        n => tr.t_args("dashboard-contacts-new-many", &[("count", n.to_string())]),
    }
}

// ------------------------------------------------------------ attention

/// What needs attention today, for the page and the JSON API.
#[derive(Debug, Clone)]
pub struct AttentionToday {
    /// Today in Europe/Brussels.
    pub today: Date,
    pub attention: Attention,
    /// The case codes may be shown: the case policy lets this user list
    /// cases (for the expert: the code of ethics is accepted). Otherwise the
    /// case lines carry counts only.
    pub codes_shown: bool,
}

/// The stable codes of the seven lines, in the order they are shown.
pub const LINE_KINDS: [&str; 7] = [
    "knowledge_open",
    "consents_pending",
    "overdue_actions",
    "stalled_cases",
    "meetings_behind_norm",
    "contacts_waiting",
    "trainings_due",
];

/// The count of a case line: the things to do (open answers, pending
/// consents, overdue actions), or for stalled cases the cases themselves
/// (each case's own count is its tables without a decision).
pub fn line_total(kind: &str, list: &[CaseCount]) -> u32 {
    if kind == "stalled_cases" {
        u32::try_from(list.len()).unwrap_or(u32::MAX)
    } else {
        Attention::total(list)
    }
}

/// The page where the expert acts on a case of a line.
pub fn case_href(kind: &str, case_id: &str) -> String {
    match kind {
        "consents_pending" => format!("/casussen/{case_id}/bijdragen"),
        "overdue_actions" => format!("/casussen/{case_id}/traject"),
        _ => format!("/casussen/{case_id}"),
    }
}

/// The page where the expert acts on a line as a whole.
pub fn line_href(kind: &str) -> &'static str {
    match kind {
        "meetings_behind_norm" => "/vergaderingen",
        "contacts_waiting" => "/contacten?open=1",
        "trainings_due" => "/referentiepersonen?te_volgen=1",
        _ => "/casussen",
    }
}

/// The link to the contact point's new public messages in the register.
pub const NEW_PUBLIC_HREF: &str = "/contacten?status=new&kanaal=public_form";

/// Gathers the facts and applies the rules. Asks `Action::ViewAttention`
/// (the expert); the case codes only when the case policy lets this user
/// list cases, and then the read is audited like a case list. Nothing is
/// decrypted.
pub async fn attention_today(state: &AppState, s: &CurrentSession) -> AppResult<AttentionToday> {
    s.require(Action::ViewAttention)?;
    // The yearly counts are the meetings module's, for the bodies whose
    // meetings this user manages (the norm is shown to them only).
    let bodies: Vec<BodyFacts> = crate::meetings::service::overview(state, s, None)
        .await?
        .bodies
        .into_iter()
        .filter_map(|b| {
            let n = b.norm?;
            Some(BodyFacts {
                id: b.body_id,
                name: b.name,
                held_this_year: n.held,
                min_per_year: n.min,
            })
        })
        .collect();
    let s = s.clone();
    let s2 = s.clone();
    let result = state
        .read(move |c, st| {
            let today = crate::cases::service::today(st).ok_or(
                verbind_store::StoreError::Invalid("clock out of range".into()),
            )?;
            let mut f = facts::gather(c, &s2.tenant_id)?;
            f.bodies = bodies;
            let attention = rules::assess(&f, today);
            let ctx = crate::cases::service::context(c, &s2, None, false, false)?;
            let codes_shown =
                decide_case(&s2.actor(), &s2.tenant_id, CaseAction::List, &ctx).is_allowed();
            Ok(AttentionToday {
                today,
                attention,
                codes_shown,
            })
        })
        .await?;
    let mut ids: Vec<String> = [
        &result.attention.knowledge_open,
        &result.attention.consents_pending,
        &result.attention.overdue_actions,
        &result.attention.stalled_cases,
    ]
    .into_iter()
    .flatten()
    .map(|c| c.id.clone())
    .collect();
    ids.sort_unstable();
    ids.dedup();
    if result.codes_shown && !ids.is_empty() {
        // Case codes were read: audited like a list of cases (how many, not which).
        let now = state.now_ms();
        state
            .write(move |c, _| {
                audit::append(
                    c,
                    now,
                    &audit::NewEntry::new(AuditAction::CaseListViewed, "ok")
                        .tenant(&s.tenant_id)
                        .actor(s.user_id.as_str(), s.organisation_id.as_str())
                        .detail(format!("via=attention cases={}", ids.len())),
                )
                .map(|_| ())
            })
            .await?;
    }
    Ok(result)
}

/// A case on a line of the page: its code, linked to where the expert acts.
#[derive(Debug, Clone)]
pub struct CaseLink {
    pub code: String,
    pub href: String,
}

/// One line of "Vandaag aandacht voor".
#[derive(Debug, Clone)]
pub struct AttentionLine {
    /// One of [`LINE_KINDS`].
    pub kind: &'static str,
    /// The count in words.
    pub text: String,
    /// The cases, by code (empty when none or when codes are not shown).
    pub cases: Vec<CaseLink>,
    /// What the visually hidden part of each case link says (where it goes).
    pub case_link_hint: String,
    /// Details in words (the bodies behind the norm, the new public messages).
    pub details: Vec<String>,
    /// For the contacts: the text of the link to the contact point's new
    /// messages ([`NEW_PUBLIC_HREF`], written in the template).
    pub new_public_link: Option<String>,
    /// Links to the pages where the expert acts: (href, text).
    pub links: Vec<(String, String)>,
}

/// The section of the page.
#[derive(Debug, Clone)]
pub struct AttentionSection {
    /// Only the lines with something to do; empty when nothing is urgent.
    pub lines: Vec<AttentionLine>,
    pub codes_hidden_note: Option<String>,
}

fn count_text(tr: Tr, key: &str, n: u32) -> String {
    if n == 1 {
        tr.t(&format!("{key}-one"))
    } else {
        tr.t_args(&format!("{key}-many"), &[("count", n.to_string())])
    }
}

fn case_line(
    tr: Tr,
    kind: &'static str,
    key: &str,
    hint_key: &str,
    list: &[CaseCount],
    codes_shown: bool,
) -> Option<AttentionLine> {
    let n = line_total(kind, list);
    if n == 0 {
        return None;
    }
    Some(AttentionLine {
        kind,
        text: count_text(tr, key, n),
        cases: if codes_shown {
            list.iter()
                .map(|c| CaseLink {
                    code: c.code.clone(),
                    href: case_href(kind, &c.id),
                })
                .collect()
        } else {
            Vec::new()
        },
        case_link_hint: tr.t(hint_key),
        details: Vec::new(),
        new_public_link: None,
        links: vec![(line_href(kind).to_owned(), tr.t("attention-cases-link"))],
    })
}

/// The page's section: the lines with a count above zero, in order.
pub fn section(tr: Tr, t: &AttentionToday) -> AttentionSection {
    let a = &t.attention;
    let mut lines: Vec<AttentionLine> = [
        (
            "knowledge_open",
            "attention-knowledge",
            "attention-case-knowledge",
            &a.knowledge_open,
        ),
        (
            "consents_pending",
            "attention-consents",
            "attention-case-items",
            &a.consents_pending,
        ),
        (
            "overdue_actions",
            "attention-overdue",
            "attention-case-trajectory",
            &a.overdue_actions,
        ),
        (
            "stalled_cases",
            "attention-stalled",
            "attention-case-file",
            &a.stalled_cases,
        ),
    ]
    .into_iter()
    .filter_map(|(kind, key, hint, list)| case_line(tr, kind, key, hint, list, t.codes_shown))
    .collect();
    if let Ok(n) = u32::try_from(a.bodies_behind.len())
        && n > 0
    {
        lines.push(AttentionLine {
            kind: "meetings_behind_norm",
            text: count_text(tr, "attention-norm", n),
            cases: Vec::new(),
            case_link_hint: String::new(),
            details: a
                .bodies_behind
                .iter()
                .map(|b| {
                    tr.t_args(
                        "attention-norm-body",
                        &[
                            ("body", b.name.clone()),
                            ("held", b.shortfall.held.to_string()),
                            ("expected", b.shortfall.expected.to_string()),
                            ("min", b.shortfall.min_per_year.to_string()),
                        ],
                    )
                })
                .collect(),
            new_public_link: None,
            links: vec![(
                line_href("meetings_behind_norm").to_owned(),
                tr.t("attention-meetings-link"),
            )],
        });
    }
    if a.contacts_waiting > 0 {
        lines.push(AttentionLine {
            kind: "contacts_waiting",
            text: count_text(tr, "attention-contacts", a.contacts_waiting),
            cases: Vec::new(),
            case_link_hint: String::new(),
            details: vec![new_public_text(tr, i64::from(a.contacts_new_public))],
            new_public_link: (a.contacts_new_public > 0)
                .then(|| tr.t("attention-contacts-new-link")),
            links: vec![(
                line_href("contacts_waiting").to_owned(),
                tr.t("attention-contacts-link"),
            )],
        });
    }
    if a.trainings_due > 0 {
        lines.push(AttentionLine {
            kind: "trainings_due",
            text: count_text(tr, "attention-trainings", a.trainings_due),
            cases: Vec::new(),
            case_link_hint: String::new(),
            details: Vec::new(),
            new_public_link: None,
            links: vec![(
                line_href("trainings_due").to_owned(),
                tr.t("attention-trainings-link"),
            )],
        });
    }
    let has_case_line = lines.iter().any(|l| LINE_KINDS[..4].contains(&l.kind));
    AttentionSection {
        codes_hidden_note: (!t.codes_shown && has_case_line)
            .then(|| tr.t("attention-codes-hidden")),
        lines,
    }
}
