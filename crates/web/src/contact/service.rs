//! The contact point and the contact register, shared by the pages and the
//! JSON API. Every function for logged-in users asks
//! `verbind_domain::policy::decide_prevention` first and audits what it read
//! or changed; the public form is throttled per source, audited without an
//! actor, and never tells a bot that its honeypot was seen.

use verbind_domain::TenantId;
use verbind_domain::audit::AuditAction;
use verbind_domain::case::Date;
use verbind_domain::policy::{Decision, PreventionAction, PreventionContext, decide_prevention};
use verbind_domain::prevention::coded::{Coded, parse_stored_set, set_code};
use verbind_domain::prevention::contact::{
    self as rules, ActionTaken, Channel, ClassificationInput, ContactStatus, DetailsInput,
    FieldErrors, PreferredContact, PublicInput, ReferralCarry, RegisterInput, RequestKind,
    RequesterKind,
};
use verbind_domain::prevention::theme::Theme;
use verbind_domain::throttle::{contact_point_count, contact_point_retry_at};
use verbind_store::DbConn;
use verbind_store::models::contact::{self as contacts, ContactFilter, ContactRow, ContactText};
use verbind_store::models::{audit, case as cases, throttle};

use crate::auth::service::{throttle_key, throttle_salt};
use crate::cases::service::today;
use crate::error::{AppError, AppResult};
use crate::middleware::session::CurrentSession;
use crate::state::AppState;

/// The most contacts one list shows (newest first; each is decrypted for its
/// first line); narrow the period or the status to reach older ones.
pub const LIST_LIMIT: i64 = 250;
/// The most contacts one text search looks through (newest first).
pub const SEARCH_LIMIT: i64 = 2000;

fn entry(s: &CurrentSession, action: AuditAction, outcome: &str) -> audit::NewEntry {
    audit::NewEntry::new(action, outcome)
        .tenant(&s.tenant_id)
        .actor(s.user_id.as_str(), s.organisation_id.as_str())
}

/// Asks the policy whether this user keeps the contact register; a refusal
/// is logged (without personal data) and becomes a 403.
pub fn require_register(s: &CurrentSession) -> AppResult<()> {
    let d = decide_prevention(
        &s.actor(),
        &s.tenant_id,
        PreventionAction::ManageContacts,
        &PreventionContext::default(),
    );
    refuse_unless_allowed(d)
}

pub(crate) fn refuse_unless_allowed(d: Decision) -> AppResult<()> {
    match d {
        Decision::Allow => Ok(()),
        Decision::Deny(r) => {
            tracing::warn!(reason = ?r, "prevention access denied");
            Err(AppError::forbidden())
        }
    }
}

// ------------------------------------------------------------ public form

/// What the public form (or `POST /api/v1/contact-point`) sent.
#[derive(Clone, Default)]
pub struct PublicForm {
    pub kind: String,
    pub message: String,
    pub requester: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub preferred: String,
    pub consent: bool,
    /// The honeypot field: people never see it, simple bots fill it in.
    pub honeypot: String,
}

impl std::fmt::Debug for PublicForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PublicForm(..)")
    }
}

impl PublicForm {
    fn input(&self) -> PublicInput<'_> {
        PublicInput {
            kind: &self.kind,
            message: &self.message,
            requester: &self.requester,
            details: DetailsInput {
                name: &self.name,
                email: &self.email,
                phone: &self.phone,
                preferred: &self.preferred,
            },
            consent: self.consent,
        }
    }
}

/// What became of a public message.
#[derive(Debug)]
pub enum PublicOutcome {
    /// Stored (or silently dropped because the honeypot was filled in: the
    /// sender sees the same confirmation either way).
    Received,
    /// A field broke a rule; nothing was stored.
    Invalid(FieldErrors),
    /// Too many messages from this source; try again after this many seconds.
    Throttled { retry_after_s: i64 },
}

/// Takes a message of the public contact point for `tenant` from `source`
/// (the client's address, hashed before it is stored as a throttle key).
pub async fn submit_public(
    state: &AppState,
    tenant: TenantId,
    form: PublicForm,
    source: String,
) -> AppResult<PublicOutcome> {
    let now = state.now_ms();
    state
        .blocking(move |st| {
            let today = today(st).ok_or_else(|| AppError::internal("clock out of range"))?;
            st.db
                .write(|c| {
                    let key = throttle_key("contact", &source, &throttle_salt(c)?);
                    let counted = throttle::get(c, &key)?
                        .map(|x| {
                            let n = contact_point_count(x.failures, x.last_failure_at, now);
                            (n, x.last_failure_at)
                        })
                        .unwrap_or((0, now));
                    let retry_at = contact_point_retry_at(counted.0, counted.1);
                    if counted.0 > 0 && retry_at > now {
                        audit::append(
                            c,
                            now,
                            &audit::NewEntry::new(AuditAction::ContactPointRefused, "denied")
                                .tenant(&tenant)
                                .detail("throttled"),
                        )?;
                        return Ok(PublicOutcome::Throttled {
                            retry_after_s: (retry_at - now + 999) / 1000,
                        });
                    }
                    let count = |c: &mut DbConn| -> Result<(), verbind_store::StoreError> {
                        if counted.0 == 0 {
                            // A quiet source starts afresh.
                            throttle::clear(c, &key)?;
                        }
                        throttle::record_failure(c, &key, now)?;
                        Ok(())
                    };
                    if !form.honeypot.trim().is_empty() {
                        count(c)?;
                        audit::append(
                            c,
                            now,
                            &audit::NewEntry::new(AuditAction::ContactPointRefused, "denied")
                                .tenant(&tenant)
                                .detail("honeypot"),
                        )?;
                        return Ok(PublicOutcome::Received);
                    }
                    let sub = match rules::parse_public(&form.input()) {
                        Ok(sub) => sub,
                        // A refused post stores nothing and is not counted: a
                        // person correcting a form is never made to wait. The
                        // body limit and the request timeout bound its cost.
                        Err(e) => return Ok(PublicOutcome::Invalid(e)),
                    };
                    let text = ContactText {
                        message: sub.message.clone(),
                        name: sub.details.name.clone(),
                        email: sub.details.email.clone(),
                        phone: sub.details.phone.clone(),
                        notes: None,
                    };
                    let row = contacts::create(
                        c,
                        &st.keyring,
                        &contacts::NewContact {
                            tenant_id: &tenant,
                            contact_on: &today.to_iso(),
                            channel: Channel::PublicForm.code(),
                            requester_kind: sub.requester.map(|r| r.code()),
                            request_kind: sub.kind.code(),
                            themes: "",
                            actions: "",
                            follow_up_on: None,
                            status: ContactStatus::New.code(),
                            consent_livc: sub.consent,
                            preferred_contact: sub.details.preferred.map(|p| p.code()),
                            text: &text,
                            created_by_user_id: None,
                        },
                        now,
                    )?;
                    count(c)?;
                    audit::append(
                        c,
                        now,
                        &audit::NewEntry::new(AuditAction::ContactPointReceived, "ok")
                            .tenant(&tenant)
                            .object("contact", &row.id)
                            .detail(format!("kind={}", sub.kind.code())),
                    )?;
                    Ok(PublicOutcome::Received)
                })
                .map_err(AppError::from)
        })
        .await
}

// ------------------------------------------------------------ register

/// A contact as the register shows it: codes parsed, text decrypted.
#[derive(Clone)]
pub struct ContactView {
    pub id: String,
    pub date: Option<Date>,
    pub channel: Option<Channel>,
    pub requester: Option<RequesterKind>,
    pub kind: Option<RequestKind>,
    pub themes: Vec<Theme>,
    pub actions: Vec<ActionTaken>,
    pub follow_up: Option<Date>,
    pub status: ContactStatus,
    pub consent: bool,
    pub preferred: Option<PreferredContact>,
    pub text: ContactText,
    pub signal_id: Option<String>,
    /// (case id, case code) of the referral made from it.
    pub case: Option<(String, String)>,
    pub from_public_form: bool,
    /// The text was destroyed at the end of the retention period.
    pub shredded: bool,
    pub created_at: i64,
}

impl std::fmt::Debug for ContactView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContactView")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

fn view(
    c: &mut DbConn,
    st: &crate::state::Inner,
    row: &ContactRow,
) -> Result<ContactView, verbind_store::StoreError> {
    let shredded = contacts::is_shredded(c, row)?;
    let text = if shredded {
        ContactText::default()
    } else {
        contacts::text(c, &st.keyring, row)?
    };
    let case = match &row.case_id {
        Some(id) => match cases::find(c, &TenantId::from_db(row.tenant_id.clone()), id) {
            Ok(case) => Some((case.id, case.code)),
            Err(verbind_store::StoreError::NotFound) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    Ok(ContactView {
        id: row.id.clone(),
        date: Date::parse_iso(&row.contact_on).ok(),
        channel: Channel::parse(&row.channel),
        requester: row.requester_kind.as_deref().and_then(RequesterKind::parse),
        kind: RequestKind::parse(&row.request_kind),
        themes: parse_stored_set(&row.themes).unwrap_or_default(),
        actions: parse_stored_set(&row.actions).unwrap_or_default(),
        follow_up: row
            .follow_up_on
            .as_deref()
            .and_then(|d| Date::parse_iso(d).ok()),
        status: ContactStatus::parse(&row.status).unwrap_or(ContactStatus::New),
        consent: row.consent_livc,
        preferred: row
            .preferred_contact
            .as_deref()
            .and_then(PreferredContact::parse),
        text,
        signal_id: row.signal_id.clone(),
        case,
        from_public_form: row.channel == Channel::PublicForm.code(),
        shredded,
        created_at: row.created_at,
    })
}

/// What the register is searched for. Codes and dates narrow in SQL; the
/// theme and the text are matched in memory, on decrypted text.
#[derive(Clone, Default)]
pub struct ContactQuery {
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub channel: Option<Channel>,
    pub theme: Option<Theme>,
    pub status: Option<ContactStatus>,
    pub requester: Option<RequesterKind>,
    pub kind: Option<RequestKind>,
    /// What was done (matched in memory, like the theme).
    pub action: Option<ActionTaken>,
    /// Only contacts not handled whose follow-up date is today or earlier.
    pub follow_up_due: bool,
    /// Only contacts not handled (new or in progress).
    pub open: bool,
    /// Searched in the message, name, e-mail, phone and notes (case-insensitive).
    pub text: Option<String>,
}

impl std::fmt::Debug for ContactQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContactQuery")
            .field("from", &self.from)
            .field("to", &self.to)
            .field("channel", &self.channel)
            .field("theme", &self.theme)
            .field("status", &self.status)
            .field("requester", &self.requester)
            .field("kind", &self.kind)
            .field("action", &self.action)
            .field("follow_up_due", &self.follow_up_due)
            .field("open", &self.open)
            .field("text", &self.text.as_ref().map(|_| ".."))
            .finish()
    }
}

fn matches_text(t: &ContactText, needle: &str) -> bool {
    let needle = needle.to_lowercase();
    [
        Some(&t.message),
        t.name.as_ref(),
        t.email.as_ref(),
        t.phone.as_ref(),
        t.notes.as_ref(),
    ]
    .into_iter()
    .flatten()
    .any(|h| h.to_lowercase().contains(&needle))
}

/// The register: contacts matching `q`, newest first, audited. The second
/// value says the list stopped at [`LIST_LIMIT`] (or [`SEARCH_LIMIT`] when
/// searching text or a theme).
pub async fn list(
    state: &AppState,
    s: &CurrentSession,
    q: ContactQuery,
) -> AppResult<(Vec<ContactView>, bool)> {
    require_register(s)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let needle = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
            let limit = if needle.is_some() || q.theme.is_some() || q.action.is_some() {
                SEARCH_LIMIT
            } else {
                LIST_LIMIT
            };
            let follow_up_due_by = if q.follow_up_due {
                let today = today(st).ok_or_else(|| {
                    verbind_store::StoreError::Invalid("clock out of range".into())
                })?;
                Some(today.to_iso())
            } else {
                None
            };
            let filter = ContactFilter {
                from: q.from.map(Date::to_iso),
                to: q.to.map(Date::to_iso),
                channel: q.channel.map(|x| x.code().to_owned()),
                status: q.status.map(|x| x.code().to_owned()),
                requester_kind: q.requester.map(|x| x.code().to_owned()),
                request_kind: q.kind.map(|x| x.code().to_owned()),
                follow_up_due_by,
                open: q.open,
                limit,
            };
            let rows = contacts::list(c, &s.tenant_id, &filter)?;
            let capped = rows.len() as i64 >= limit;
            let mut out = Vec::new();
            for row in &rows {
                let v = view(c, st, row)?;
                if q.theme.is_some_and(|t| !v.themes.contains(&t)) {
                    continue;
                }
                if q.action.is_some_and(|a| !v.actions.contains(&a)) {
                    continue;
                }
                if needle.is_some_and(|n| !matches_text(&v.text, n)) {
                    continue;
                }
                out.push(v);
            }
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::ContactListViewed, "ok").detail(format!(
                    "contacts={} searched={}",
                    out.len(),
                    needle.is_some()
                )),
            )?;
            Ok((out, capped))
        })
        .await
}

fn find_contact(
    c: &mut DbConn,
    tenant: &TenantId,
    id: &str,
) -> Result<ContactRow, verbind_store::StoreError> {
    if uuid::Uuid::try_parse(id).is_err() {
        return Err(verbind_store::StoreError::NotFound);
    }
    contacts::find(c, tenant, id)
}

/// One contact with its text (audited). `purpose` says why it was opened
/// (`view`, `signal`, `referral`).
pub async fn open(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    purpose: &'static str,
) -> AppResult<ContactView> {
    require_register(s)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let row = find_contact(c, &s.tenant_id, &id)?;
            let v = view(c, st, &row)?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::ContactViewed, "ok")
                    .object("contact", &row.id)
                    .detail(format!("for={purpose}")),
            )?;
            Ok(v)
        })
        .await
}

/// The expert's classification as typed (owned, for the blocking pool).
#[derive(Clone, Default)]
pub struct ClassificationForm {
    pub requester: String,
    pub themes: Vec<String>,
    pub kind: String,
    pub actions: Vec<String>,
    pub follow_up: String,
    pub notes: String,
    pub status: String,
    /// Keep the notes as they are (the API, when `notes` is left out).
    pub keep_notes: bool,
    /// Keep the status as it is (the API, when `status` is left out).
    pub keep_status: bool,
}

impl ClassificationForm {
    fn input(&self) -> ClassificationInput<'_> {
        ClassificationInput {
            requester: &self.requester,
            themes: self.themes.iter().map(String::as_str).collect(),
            kind: &self.kind,
            actions: self.actions.iter().map(String::as_str).collect(),
            follow_up: &self.follow_up,
            notes: &self.notes,
            status: &self.status,
        }
    }
}

/// A contact the expert enters, as typed.
#[derive(Clone, Default)]
pub struct RegisterForm {
    pub date: String,
    pub channel: String,
    pub message: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub preferred: String,
    pub consent: bool,
    pub classification: ClassificationForm,
}

/// Registers a contact the expert took by phone, e-mail, at the desk or via
/// a reference person (audited). Returns its id, or the refused fields.
pub async fn register(
    state: &AppState,
    s: &CurrentSession,
    form: RegisterForm,
) -> AppResult<Result<String, FieldErrors>> {
    require_register(s)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .blocking(move |st| {
            let today = today(st).ok_or_else(|| AppError::internal("clock out of range"))?;
            let input = RegisterInput {
                date: &form.date,
                channel: &form.channel,
                message: &form.message,
                details: DetailsInput {
                    name: &form.name,
                    email: &form.email,
                    phone: &form.phone,
                    preferred: &form.preferred,
                },
                consent: form.consent,
                classification: form.classification.input(),
            };
            let e = match rules::parse_register(&input, today) {
                Ok(e) => e,
                Err(errors) => return Ok(Err(errors)),
            };
            st.db
                .write(|c| {
                    let k = &e.classification;
                    let text = ContactText {
                        message: e.message.clone(),
                        name: e.details.name.clone(),
                        email: e.details.email.clone(),
                        phone: e.details.phone.clone(),
                        notes: k.notes.clone(),
                    };
                    let row = contacts::create(
                        c,
                        &st.keyring,
                        &contacts::NewContact {
                            tenant_id: &s.tenant_id,
                            contact_on: &e.date.to_iso(),
                            channel: e.channel.code(),
                            requester_kind: k.requester.map(|r| r.code()),
                            request_kind: k.kind.code(),
                            themes: &set_code(&k.themes),
                            actions: &set_code(&k.actions),
                            follow_up_on: k.follow_up.map(Date::to_iso).as_deref(),
                            status: k.status.code(),
                            consent_livc: e.consent,
                            preferred_contact: e.details.preferred.map(|p| p.code()),
                            text: &text,
                            created_by_user_id: Some(s.user_id.as_str()),
                        },
                        now,
                    )?;
                    audit::append(
                        c,
                        now,
                        &entry(&s, AuditAction::ContactRegistered, "ok")
                            .object("contact", &row.id)
                            .detail(format!("channel={}", e.channel.code())),
                    )?;
                    Ok(Ok(row.id))
                })
                .map_err(AppError::from)
        })
        .await
}

/// Changes the classification and notes of a contact (audited).
pub async fn classify(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    mut form: ClassificationForm,
) -> AppResult<Result<(), FieldErrors>> {
    require_register(s)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let row = find_contact(c, &s.tenant_id, &id)?;
            if form.keep_status {
                form.status = row.status.clone();
            }
            if form.keep_notes {
                // Judged as empty; the stored notes stay as they are.
                form.notes.clear();
            }
            let k = match rules::parse_classification(&form.input()) {
                Ok(k) => k,
                Err(e) => return Ok(Err(e)),
            };
            contacts::classify(
                c,
                &st.keyring,
                &row,
                &contacts::Classification {
                    requester_kind: k.requester.map(|r| r.code()),
                    request_kind: k.kind.code(),
                    themes: &set_code(&k.themes),
                    actions: &set_code(&k.actions),
                    follow_up_on: k.follow_up.map(Date::to_iso).as_deref(),
                    status: k.status.code(),
                    notes: k.notes.as_deref(),
                    keep_notes: form.keep_notes,
                },
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::ContactUpdated, "ok")
                    .object("contact", &row.id)
                    .detail(format!("status={}", k.status.code())),
            )?;
            Ok(Ok(()))
        })
        .await
}

/// What a referral to the LIVC-R made from a contact starts with.
#[derive(Clone)]
pub struct ReferralPrefill {
    /// The contact's id (a hidden field of the referral form).
    pub contact: String,
    /// The reason: the contact's message with the requester's consent, empty otherwise.
    pub reason: String,
    /// The translation key of the note saying which of the two it is.
    pub note_key: &'static str,
    /// The case already referred from this contact.
    pub existing_case: Option<String>,
}

impl std::fmt::Debug for ReferralPrefill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReferralPrefill")
            .field("contact", &self.contact)
            .field("note_key", &self.note_key)
            .finish_non_exhaustive()
    }
}

/// The start of a referral made from a contact: its message only when the
/// requester consented that it may be passed on (read audited for that
/// purpose). Asked by the case module's referral form.
pub async fn prefill_referral(
    state: &AppState,
    s: &CurrentSession,
    id: String,
) -> AppResult<ReferralPrefill> {
    let v = open(state, s, id, "referral").await?;
    let (reason, note_key) = match rules::referral_carry(v.consent && !v.shredded, &v.text.message)
    {
        ReferralCarry::Message(m) => (m, "contact-referral-carried"),
        ReferralCarry::NoConsent => (String::new(), "contact-referral-not-carried"),
    };
    Ok(ReferralPrefill {
        contact: v.id,
        reason,
        note_key,
        existing_case: v.case.map(|(id, _)| id),
    })
}

/// Checks, before a referral is stored, that the contact it names exists in
/// this LIVC-R and that this user keeps the register (no text is read).
/// Returns the case already referred from it, if any: then nothing may be
/// created (a second referral would duplicate the identity).
pub async fn check_referral_contact(
    state: &AppState,
    s: &CurrentSession,
    id: String,
) -> AppResult<Option<String>> {
    require_register(s)?;
    let t = s.tenant_id.clone();
    state
        .read(move |c, _| find_contact(c, &t, &id).map(|row| row.case_id))
        .await
}

/// What became of linking a contact to a case or a signal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkOutcome {
    Linked,
    /// The contact was linked already (to this id); nothing changed.
    AlreadyLinked(String),
}

/// The link a contact already has, after the store refused to overwrite it.
fn existing_link(
    c: &mut DbConn,
    tenant: &TenantId,
    id: &str,
    pick: fn(&ContactRow) -> Option<String>,
) -> Result<LinkOutcome, verbind_store::StoreError> {
    let row = find_contact(c, tenant, id)?;
    pick(&row)
        .map(LinkOutcome::AlreadyLinked)
        .ok_or(verbind_store::StoreError::Conflict("contact link vanished"))
}

/// A New contact now being worked on becomes In progress.
fn start_work(
    c: &mut DbConn,
    tenant: &TenantId,
    row: &ContactRow,
    now: i64,
) -> Result<(), verbind_store::StoreError> {
    if row.status == ContactStatus::New.code() {
        contacts::move_status(
            c,
            tenant,
            &row.id,
            ContactStatus::New.code(),
            ContactStatus::InProgress.code(),
            now,
        )?;
    }
    Ok(())
}

/// Links a contact to the signal `signal_id` in the open transaction `c`,
/// moves a New contact to In progress and audits the link. A contact that
/// has a signal already keeps it: [`verbind_store::StoreError::Conflict`].
pub(crate) fn link_signal_in(
    c: &mut DbConn,
    s: &CurrentSession,
    row: &ContactRow,
    signal_id: &str,
    now: i64,
) -> Result<(), verbind_store::StoreError> {
    contacts::link_signal(c, &s.tenant_id, &row.id, signal_id, now)?;
    start_work(c, &s.tenant_id, row, now)?;
    audit::append(
        c,
        now,
        &entry(s, AuditAction::ContactLinked, "ok")
            .object("contact", &row.id)
            .detail(format!("signal={signal_id}")),
    )?;
    Ok(())
}

/// The signal of a contact, after a conflict rolled a transaction back.
pub(crate) async fn signal_of(
    state: &AppState,
    s: &CurrentSession,
    id: String,
) -> AppResult<LinkOutcome> {
    let t = s.tenant_id.clone();
    state
        .read(move |c, _| existing_link(c, &t, &id, |r| r.signal_id.clone()))
        .await
}

/// Records, in the open transaction `c`, the case referral made from contact
/// `id` and that a referral was done (audited). Called by the case module
/// inside the transaction that creates the case
/// ([`crate::cases::service::refer`]): a contact already referred keeps its
/// case and gives [`verbind_store::StoreError::Conflict`], so the caller's
/// transaction rolls back whole and no case is left unlinked. The caller
/// has asked [`require_register`].
pub(crate) fn link_case_in(
    c: &mut DbConn,
    s: &CurrentSession,
    id: &str,
    case_id: &str,
    now: i64,
) -> Result<(), verbind_store::StoreError> {
    let row = find_contact(c, &s.tenant_id, id)?;
    contacts::link_case(c, &s.tenant_id, &row.id, case_id, now)?;
    // "What was done" now includes a referral.
    let mut actions: Vec<ActionTaken> = parse_stored_set(&row.actions).unwrap_or_default();
    if !actions.contains(&ActionTaken::Referral) {
        actions.push(ActionTaken::Referral);
        let status = if row.status == ContactStatus::New.code() {
            ContactStatus::InProgress.code()
        } else {
            row.status.as_str()
        };
        contacts::set_actions(c, &s.tenant_id, &row.id, &set_code(&actions), status, now)?;
    } else {
        start_work(c, &s.tenant_id, &row, now)?;
    }
    audit::append(
        c,
        now,
        &entry(s, AuditAction::ContactLinked, "ok")
            .object("contact", &row.id)
            .detail(format!("case={case_id}")),
    )?;
    Ok(())
}

/// The case referred from contact `id`, read after [`link_case_in`]
/// refused (and its transaction rolled back).
pub(crate) fn referred_case(
    c: &mut DbConn,
    tenant: &TenantId,
    id: &str,
) -> Result<String, verbind_store::StoreError> {
    find_contact(c, tenant, id)?
        .case_id
        .ok_or(verbind_store::StoreError::Conflict("contact link vanished"))
}

/// Links a contact to an existing signal (the expert; audited as
/// `ContactLinked`). `signal` is the signal's id (its reference). A contact
/// that has a signal already keeps it.
pub async fn link_existing_signal(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    signal: String,
) -> AppResult<Result<LinkOutcome, LinkSignalError>> {
    require_register(s)?;
    let now = state.now_ms();
    let s = s.clone();
    let sess = s.clone();
    let contact = id.clone();
    let r = state
        .blocking(move |st| {
            st.db
                .write(|c| {
                    let row = find_contact(c, &s.tenant_id, &id)?;
                    if let Some(existing) = &row.signal_id {
                        return Ok(Ok(LinkOutcome::AlreadyLinked(existing.clone())));
                    }
                    let signal = signal.trim();
                    if signal.is_empty() {
                        return Ok(Err(LinkSignalError::Required));
                    }
                    let found = if uuid::Uuid::try_parse(signal).is_ok() {
                        match verbind_store::models::signal::find(c, &s.tenant_id, signal) {
                            Ok(r) => Some(r),
                            Err(verbind_store::StoreError::NotFound) => None,
                            Err(e) => return Err(e),
                        }
                    } else {
                        None
                    };
                    let Some(sig) = found else {
                        return Ok(Err(LinkSignalError::Unknown));
                    };
                    let allowed = decide_prevention(
                        &s.actor(),
                        &s.tenant_id,
                        PreventionAction::ReadSignal,
                        &PreventionContext {
                            is_author: sig.author_user_id == s.user_id.as_str(),
                        },
                    )
                    .is_allowed();
                    if !allowed {
                        audit::append(
                            c,
                            now,
                            &entry(&s, AuditAction::AccessDenied, "denied")
                                .object("signal", &sig.id),
                        )?;
                        return Ok(Err(LinkSignalError::Unknown));
                    }
                    link_signal_in(c, &s, &row, &sig.id, now)?;
                    Ok(Ok(LinkOutcome::Linked))
                })
                .map(Some)
                .or_else(|e| match e {
                    verbind_store::StoreError::Conflict(_) => Ok(None),
                    other => Err(AppError::from(other)),
                })
        })
        .await?;
    match r {
        Some(r) => Ok(r),
        None => signal_of(state, &sess, contact).await.map(Ok),
    }
}

/// Why a contact could not be linked to an existing signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkSignalError {
    /// No signal was named.
    Required,
    /// No signal of this LIVC-R has that reference.
    Unknown,
}

impl LinkSignalError {
    pub fn code(self) -> &'static str {
        match self {
            LinkSignalError::Required => "required",
            LinkSignalError::Unknown => "unknown_signal",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            LinkSignalError::Required => "contact-link-signal-required",
            LinkSignalError::Unknown => "contact-link-signal-unknown",
        }
    }
}

/// How many messages of the public form wait for the expert; `None` for
/// anyone who does not keep the register (the dashboard shows nothing then).
pub async fn count_new_public(state: &AppState, s: &CurrentSession) -> AppResult<Option<i64>> {
    let allowed = decide_prevention(
        &s.actor(),
        &s.tenant_id,
        PreventionAction::ManageContacts,
        &PreventionContext::default(),
    )
    .is_allowed();
    if !allowed {
        return Ok(None);
    }
    let t = s.tenant_id.clone();
    state
        .read(move |c, _| contacts::count_new_public(c, &t).map(Some))
        .await
}
