//! Strengthening the silent middle (stille midden versterken), shared by
//! the pages and the JSON API: advice trajectories for local organisations
//! and admins of social-media pages, and the city's counter-messages
//! (tegengeluiden). Policy `ManageSilentMiddle` (the expert only: the
//! Stuurgroep is refused); every read of the free text and every change is
//! audited by id and code.

use verbind_domain::audit::AuditAction;
use verbind_domain::case::Date;
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::outreach::{
    self as rules, AdviceInput, AdviceStatus, CounterMessageInput, FieldErrors, follow_up_due,
};
use verbind_store::models::audit;
use verbind_store::models::outreach::{
    self as store, AdviceFields, AdviceRow, CounterMessageFields, CounterMessageRow,
};
use verbind_store::{DbConn, StoreError};

use super::{entry, require, show_iso, today};
use crate::error::AppResult;
use crate::middleware::session::CurrentSession;
use crate::state::{AppState, Inner};

const MANAGE: PreventionAction = PreventionAction::ManageSilentMiddle;

/// An advice trajectory as typed.
#[derive(Clone, Default)]
pub struct AdviceForm {
    pub recipient_kind: String,
    pub recipient: String,
    pub platform: String,
    pub question: String,
    pub advice: String,
    pub support: String,
    /// `dd/mm/yyyy`.
    pub started_on: String,
    /// `dd/mm/yyyy`.
    pub follow_up_on: String,
    pub status: String,
}

impl AdviceForm {
    fn input(&self) -> AdviceInput<'_> {
        AdviceInput {
            recipient_kind: &self.recipient_kind,
            recipient: &self.recipient,
            platform: &self.platform,
            question: &self.question,
            advice: &self.advice,
            support: &self.support,
            started_on: &self.started_on,
            follow_up_on: &self.follow_up_on,
            status: &self.status,
        }
    }
}

/// An advice trajectory as the expert sees it.
#[derive(Clone)]
pub struct AdviceView {
    pub id: String,
    pub recipient_kind: String,
    pub recipient: String,
    pub platform: String,
    pub question: String,
    pub advice: Option<String>,
    pub support: Option<String>,
    /// ISO dates.
    pub started_on: String,
    pub follow_up_on: Option<String>,
    pub status: String,
    pub follow_up_due: bool,
    pub updated_at: i64,
}

impl AdviceView {
    pub fn form(&self) -> AdviceForm {
        AdviceForm {
            recipient_kind: self.recipient_kind.clone(),
            recipient: self.recipient.clone(),
            platform: self.platform.clone(),
            question: self.question.clone(),
            advice: self.advice.clone().unwrap_or_default(),
            support: self.support.clone().unwrap_or_default(),
            started_on: show_iso(&self.started_on),
            follow_up_on: self
                .follow_up_on
                .as_deref()
                .map(show_iso)
                .unwrap_or_default(),
            status: self.status.clone(),
        }
    }
}

/// A counter-message as typed.
#[derive(Clone, Default)]
pub struct CounterForm {
    /// `dd/mm/yyyy`.
    pub published_on: String,
    pub channel: String,
    pub theme: String,
    pub title: String,
    pub description: String,
    pub reach: String,
}

impl CounterForm {
    fn input(&self) -> CounterMessageInput<'_> {
        CounterMessageInput {
            published_on: &self.published_on,
            channel: &self.channel,
            theme: &self.theme,
            title: &self.title,
            description: &self.description,
            reach: &self.reach,
        }
    }
}

/// A counter-message as the expert sees it.
#[derive(Clone)]
pub struct CounterView {
    pub id: String,
    /// ISO date.
    pub published_on: String,
    pub channel: String,
    pub theme: String,
    pub title: String,
    pub description: String,
    pub reach: Option<i32>,
    pub updated_at: i64,
}

impl CounterView {
    pub fn form(&self) -> CounterForm {
        CounterForm {
            published_on: show_iso(&self.published_on),
            channel: self.channel.clone(),
            theme: self.theme.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            reach: self.reach.map(|n| n.to_string()).unwrap_or_default(),
        }
    }
}

/// Which records to list; every field narrows when set.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<String>,
    pub platform: Option<String>,
    pub channel: Option<String>,
    pub theme: Option<String>,
    /// Words in the organisation, page or title (case-insensitive).
    pub query: Option<String>,
}

/// Both registers.
#[derive(Clone)]
pub struct Overview {
    pub advice: Vec<AdviceView>,
    pub counters: Vec<CounterView>,
}

fn advice_view(
    c: &mut DbConn,
    st: &Inner,
    r: AdviceRow,
    today: Date,
) -> Result<AdviceView, StoreError> {
    let t = store::open_advice(c, &st.keyring, &r)?;
    let follow = r
        .follow_up_on
        .as_deref()
        .and_then(|d| Date::parse_iso(d).ok());
    let due = AdviceStatus::parse(&r.status).is_some_and(|s| follow_up_due(s, follow, today));
    Ok(AdviceView {
        id: r.id,
        recipient_kind: r.recipient_kind,
        recipient: t.recipient,
        platform: r.platform,
        question: t.question,
        advice: t.advice,
        support: t.support,
        started_on: r.started_on,
        follow_up_on: r.follow_up_on,
        status: r.status,
        follow_up_due: due,
        updated_at: r.updated_at,
    })
}

fn counter_view(
    c: &mut DbConn,
    st: &Inner,
    r: CounterMessageRow,
) -> Result<CounterView, StoreError> {
    let t = store::open_counter_message(c, &st.keyring, &r)?;
    Ok(CounterView {
        id: r.id,
        published_on: r.published_on,
        channel: r.channel,
        theme: r.theme,
        title: t.title,
        description: t.description,
        reach: r.reach,
        updated_at: r.updated_at,
    })
}

fn matches(query: &Option<String>, texts: &[&str]) -> bool {
    match query {
        None => true,
        Some(q) => {
            let q = q.to_lowercase();
            texts.iter().any(|t| t.to_lowercase().contains(&q))
        }
    }
}

/// Both registers, filtered. Audited as one read.
pub async fn overview(state: &AppState, s: &CurrentSession, f: Filter) -> AppResult<Overview> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let mut advice = Vec::new();
            for r in store::list_advice(c, &s.tenant_id)? {
                if f.status.as_ref().is_some_and(|x| *x != r.status)
                    || f.platform.as_ref().is_some_and(|x| *x != r.platform)
                {
                    continue;
                }
                let v = advice_view(c, st, r, today)?;
                if matches(&f.query, &[&v.recipient, &v.question]) {
                    advice.push(v);
                }
            }
            let mut counters = Vec::new();
            for r in store::list_counter_messages(c, &s.tenant_id)? {
                if f.channel.as_ref().is_some_and(|x| *x != r.channel)
                    || f.theme.as_ref().is_some_and(|x| *x != r.theme)
                {
                    continue;
                }
                let v = counter_view(c, st, r)?;
                if matches(&f.query, &[&v.title, &v.description]) {
                    counters.push(v);
                }
            }
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::SilentMiddleViewed).detail(format!(
                    "advice={} counter_messages={}",
                    advice.len(),
                    counters.len()
                )),
            )?;
            Ok(Overview { advice, counters })
        })
        .await
}

fn advice_fields<'a>(
    p: &'a rules::ParsedAdvice,
    started: &'a str,
    follow: Option<&'a str>,
) -> AdviceFields<'a> {
    AdviceFields {
        recipient_kind: p.recipient_kind.code(),
        recipient: &p.recipient,
        platform: p.platform.code(),
        question: &p.question,
        advice: p.advice.as_deref(),
        support: p.support.as_deref(),
        started_on: started,
        follow_up_on: follow,
        status: p.status.code(),
    }
}

/// One advice trajectory; audited.
pub async fn open_advice(
    state: &AppState,
    s: &CurrentSession,
    id: String,
) -> AppResult<AdviceView> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let r = store::find_advice(c, &s.tenant_id, &id)?;
            let v = advice_view(c, st, r, today)?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::AdviceTrajectoryViewed).object("advice_trajectory", &v.id),
            )?;
            Ok(v)
        })
        .await
}

/// Records an advice trajectory.
pub async fn create_advice(
    state: &AppState,
    s: &CurrentSession,
    form: AdviceForm,
) -> AppResult<Result<String, FieldErrors>> {
    require(s, MANAGE)?;
    let p = match rules::parse_advice(&form.input(), today(state)?) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let started = p.started_on.to_iso();
            let follow = p.follow_up_on.map(|d| d.to_iso());
            let row = store::create_advice(
                c,
                &st.keyring,
                &s.tenant_id,
                &advice_fields(&p, &started, follow.as_deref()),
                s.user_id.as_str(),
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::AdviceTrajectoryCreated)
                    .object("advice_trajectory", &row.id)
                    .detail(format!(
                        "kind={} status={}",
                        p.recipient_kind.code(),
                        p.status.code()
                    )),
            )?;
            Ok(Ok(row.id))
        })
        .await
}

/// Changes an advice trajectory.
pub async fn update_advice(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    form: AdviceForm,
) -> AppResult<Result<(), FieldErrors>> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let row = store::find_advice(c, &s.tenant_id, &id)?;
            let p = match rules::parse_advice(&form.input(), today) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            let started = p.started_on.to_iso();
            let follow = p.follow_up_on.map(|d| d.to_iso());
            store::update_advice(
                c,
                &st.keyring,
                &row,
                &advice_fields(&p, &started, follow.as_deref()),
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::AdviceTrajectoryUpdated)
                    .object("advice_trajectory", &row.id)
                    .detail(format!("status={}", p.status.code())),
            )?;
            Ok(Ok(()))
        })
        .await
}

fn counter_fields<'a>(
    p: &'a rules::ParsedCounterMessage,
    published: &'a str,
) -> CounterMessageFields<'a> {
    CounterMessageFields {
        published_on: published,
        channel: p.channel.code(),
        theme: p.theme.code(),
        title: &p.title,
        description: &p.description,
        reach: p.reach.and_then(|n| i32::try_from(n).ok()),
    }
}

/// One counter-message; audited.
pub async fn open_counter(
    state: &AppState,
    s: &CurrentSession,
    id: String,
) -> AppResult<CounterView> {
    require(s, MANAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let r = store::find_counter_message(c, &s.tenant_id, &id)?;
            let v = counter_view(c, st, r)?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::CounterMessageViewed).object("counter_message", &v.id),
            )?;
            Ok(v)
        })
        .await
}

/// Records a counter-message.
pub async fn create_counter(
    state: &AppState,
    s: &CurrentSession,
    form: CounterForm,
) -> AppResult<Result<String, FieldErrors>> {
    require(s, MANAGE)?;
    let p = match rules::parse_counter_message(&form.input(), today(state)?) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let published = p.published_on.to_iso();
            let row = store::create_counter_message(
                c,
                &st.keyring,
                &s.tenant_id,
                &counter_fields(&p, &published),
                s.user_id.as_str(),
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::CounterMessageCreated)
                    .object("counter_message", &row.id)
                    .detail(format!(
                        "channel={} theme={}",
                        p.channel.code(),
                        p.theme.code()
                    )),
            )?;
            Ok(Ok(row.id))
        })
        .await
}

/// Changes a counter-message.
pub async fn update_counter(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    form: CounterForm,
) -> AppResult<Result<(), FieldErrors>> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let row = store::find_counter_message(c, &s.tenant_id, &id)?;
            let p = match rules::parse_counter_message(&form.input(), today) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            let published = p.published_on.to_iso();
            store::update_counter_message(
                c,
                &st.keyring,
                &row,
                &counter_fields(&p, &published),
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::CounterMessageUpdated)
                    .object("counter_message", &row.id)
                    .detail(format!(
                        "channel={} theme={}",
                        p.channel.code(),
                        p.theme.code()
                    )),
            )?;
            Ok(Ok(()))
        })
        .await
}
