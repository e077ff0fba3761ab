//! The Stuurgroep report, shared by the page, the PDF, the CSV per table, the
//! JSON API and the CLI: one function gathers the facts, asks the domain to
//! build and protect the tables, and translates the result into one
//! [`Document`]. Every path asks the one policy action
//! [`Action::ViewStuurgroepReport`] here, and every report made is audited.

use std::collections::BTreeMap;

use verbind_domain::audit::AuditAction;
use verbind_domain::case::Date;
use verbind_domain::case::lifecycle::CaseState;
use verbind_domain::case::referral::age_on;
use verbind_domain::policy::Action;
use verbind_domain::prevention::coded::{Coded, parse_stored_set};
use verbind_domain::prevention::signal::Severity;
use verbind_domain::prevention::tension::current_severity;
use verbind_domain::prevention::theme::Theme;
use verbind_domain::report::disclosure::{Cell, Position, Threshold};
use verbind_domain::report::stuurgroep::{
    self as rules, CaseFacts, CountTable, Label, Measure, MeetingFacts, Period, ReportFacts,
    StuurgroepReport,
};
use verbind_store::models::{audit, report as store, signal, tenant};

use super::document::{Chart, ChartKind, Document, Section, Series, TableView};
use crate::error::{AppError, AppResult};
use crate::i18n::{Tr, format_datetime};
use crate::meetings::when::{brussels_date, brussels_to_utc_ms};
use crate::middleware::session::CurrentSession;
use crate::state::AppState;

/// What a reader asks for: the period and, optionally, a stricter threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportRequest {
    pub period: Period,
    pub k: Threshold,
}

/// Why a request was refused, with the message key to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestError {
    pub code: &'static str,
    pub message_key: &'static str,
}

/// Reads `period` (default: the current year) and `k` (default and minimum:
/// the configured threshold; a reader may ask for more suppression, never less).
pub fn parse_request(
    state: &AppState,
    period: Option<&str>,
    k: Option<&str>,
) -> Result<ReportRequest, RequestError> {
    let period = match period.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Period::parse(p).map_err(|e| RequestError {
            code: e.code(),
            message_key: e.message_key(),
        })?,
        None => {
            let year = brussels_date(state.now_ms()).map_or(2026, |d| d.year());
            Period::parse(&year.to_string()).map_err(|e| RequestError {
                code: e.code(),
                message_key: e.message_key(),
            })?
        }
    };
    let floor = state.config.report_k.max(2);
    let k = match k.map(str::trim).filter(|k| !k.is_empty()) {
        None => floor,
        Some(k) => match k.parse::<u64>() {
            Ok(k) if (floor..=100).contains(&k) => k,
            _ => {
                return Err(RequestError {
                    code: "k_invalid",
                    message_key: "report-error-k",
                });
            }
        },
    };
    let k = Threshold::new(k).map_err(|_| RequestError {
        code: "k_invalid",
        message_key: "report-error-k",
    })?;
    Ok(ReportRequest { period, k })
}

/// The output a report was made for (audited).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Page,
    Pdf,
    Csv,
    Json,
    Cli,
}

impl Format {
    fn code(self) -> &'static str {
        match self {
            Format::Page => "page",
            Format::Pdf => "pdf",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Cli => "cli",
        }
    }
}

/// Everything read for the report: facts only, no personal data.
struct Gathered {
    tenant: String,
    facts: ReportFacts,
    tensions: Vec<store::TensionFact>,
    trainings: Vec<store::TrainingFact>,
}

/// Builds the Stuurgroep report for `req` as `s`, in `tr`'s language.
/// Refused (403) unless the policy allows [`Action::ViewStuurgroepReport`];
/// audited with the period, format and threshold.
pub async fn stuurgroep(
    state: &AppState,
    s: &CurrentSession,
    req: ReportRequest,
    format: Format,
    tr: Tr,
) -> AppResult<Document> {
    s.require(Action::ViewStuurgroepReport)?;
    let now = state.now_ms();
    let period = req.period;
    let from_ms = brussels_to_utc_ms(period.from, 0, 0).ok_or_else(bad_period)?;
    let to_ms = period
        .to
        .add_days(1)
        .and_then(|d| brussels_to_utc_ms(d, 0, 0))
        .ok_or_else(bad_period)?;
    let sess = s.clone();
    let k = req.k;
    let g = state
        .write(move |c, st| {
            let t = tenant::find(c, &sess.tenant_id)?;
            let cases = store::cases(c, &st.keyring, &sess.tenant_id, to_ms - 1)?
                .into_iter()
                .filter_map(|f| case_facts(f, period.to))
                .collect();
            let (meetings, norm) = store::table_meetings(c, &sess.tenant_id, from_ms, to_ms)?;
            let meetings = meetings
                .into_iter()
                .filter_map(|m| {
                    Some(MeetingFacts {
                        on: brussels_date(m.starts_at)?,
                        ad_hoc: m.kind == "ad_hoc",
                        held: m.status == "held",
                        upcoming: m.status == "planned" && m.starts_at > now,
                        attendance: m
                            .attendance
                            .into_iter()
                            .map(|(kind, status)| (kind, status == "present"))
                            .collect(),
                    })
                })
                .collect();
            let (from, to) = (period.from.to_iso(), period.to.to_iso());
            let signals = signal::dates_and_themes(c, &sess.tenant_id, &from, &to)?
                .into_iter()
                .filter_map(|(d, t)| Some((Date::parse_iso(&d).ok()?, Theme::parse(&t)?)))
                .collect();
            let contacts = store::contact_dates_and_themes(c, &sess.tenant_id, &from, &to)?
                .into_iter()
                .filter_map(|(d, t)| {
                    Some((
                        Date::parse_iso(&d).ok()?,
                        parse_stored_set::<Theme>(&t).unwrap_or_default(),
                    ))
                })
                .collect();
            let tensions = store::tensions(c, &sess.tenant_id)?;
            let trainings = store::trainings(c, &sess.tenant_id, &from, &to)?;
            audit::append(
                c,
                now,
                &audit::NewEntry::new(AuditAction::ReportGenerated, "ok")
                    .tenant(&sess.tenant_id)
                    .actor(sess.user_id.as_str(), sess.organisation_id.as_str())
                    .detail(format!(
                        "report=stuurgroep period={} format={} k={}",
                        period.slug(),
                        format.code(),
                        k.get()
                    )),
            )?;
            Ok(Gathered {
                tenant: t.name,
                facts: ReportFacts {
                    period,
                    k,
                    cases,
                    meetings,
                    yearly_norm: norm,
                    signals,
                    contacts,
                },
                tensions,
                trainings,
            })
        })
        .await?;
    let report = rules::build(&g.facts).map_err(|e| AppError::internal(e.to_string()))?;
    let workshops = crate::outreach::workshops::coverage(
        state,
        s,
        verbind_domain::prevention::workshops::SchoolYear::of(period.to),
    )
    .await?;
    let plan = crate::outreach::action_plan::plan(state, s).await?;
    Ok(document(
        &tr,
        &g,
        &report,
        Some(&workshops),
        Some(&plan),
        format_datetime(now),
    ))
}

fn bad_period() -> AppError {
    AppError::internal("report period outside the calendar")
}

/// Turns stored facts into the domain's: the age at the end of the period
/// replaces the date of birth, dates become Brussels days.
fn case_facts(f: store::CaseFact, end: Date) -> Option<CaseFacts> {
    let (a, b) = (
        f.target_group.split(',').any(|g| g == "a"),
        f.target_group.split(',').any(|g| g == "b"),
    );
    let age_at_end = f
        .date_of_birth
        .as_deref()
        .and_then(|d| Date::parse_iso(d).ok())
        .filter(|dob| *dob <= end)
        .map(|dob| age_on(dob, end));
    Some(CaseFacts {
        group_a: a,
        group_b: b,
        minor: f.minor_at_referral,
        age_at_end,
        referred_on: brussels_date(f.referred_at)?,
        moves: f
            .moves
            .into_iter()
            .filter_map(|(at, s)| Some((brussels_date(at)?, CaseState::parse(&s)?)))
            .collect(),
        re_referral: f.re_referral,
    })
}

/// `theme-extremism-right` from `extremism_right`.
fn key(prefix: &str, code: &str) -> String {
    format!("{prefix}-{}", code.replace('_', "-"))
}

fn label(tr: &Tr, l: &Label) -> String {
    match l {
        Label::Key(k) => tr.t(k),
        Label::Text(t) => match Theme::parse(t) {
            Some(theme) => tr.t(&key("theme", theme.code())),
            None => t.clone(),
        },
    }
}

fn cell(tr: &Tr, c: Option<Cell>, k: Threshold) -> String {
    let _ = tr;
    c.map(|c| c.shown(k)).unwrap_or_default()
}

/// A protected count table with its margins, as published.
fn count_view(tr: &Tr, t: &CountTable, k: Threshold, caption: String, corner: String) -> TableView {
    count_view_with(tr, t, k, caption, corner, true)
}

/// [`count_view`], leaving out the line of column totals where summing the
/// rows means nothing (cases running at the end of each month). Publishing
/// fewer numbers than the protection allowed for never reveals more.
fn count_view_with(
    tr: &Tr,
    t: &CountTable,
    k: Threshold,
    caption: String,
    corner: String,
    column_totals: bool,
) -> TableView {
    let mut header = vec![corner];
    header.extend(t.columns.iter().map(|c| label(tr, c)));
    let with_totals = t.columns.len() > 1;
    if with_totals {
        header.push(tr.t("report-total"));
    }
    let mut rows = Vec::new();
    for (r, l) in t.rows.iter().enumerate() {
        let mut row = vec![label(tr, l)];
        for c in 0..t.columns.len() {
            row.push(cell(
                tr,
                t.table.get(Position::Cell { row: r, column: c }),
                k,
            ));
        }
        if with_totals {
            row.push(cell(tr, t.table.get(Position::RowTotal(r)), k));
        }
        rows.push(row);
    }
    if column_totals {
        let mut total = vec![tr.t("report-total")];
        for c in 0..t.columns.len() {
            total.push(cell(tr, t.table.get(Position::ColumnTotal(c)), k));
        }
        if with_totals {
            total.push(cell(tr, t.table.get(Position::GrandTotal), k));
        }
        rows.push(total);
    }
    TableView {
        id: t.id.to_owned(),
        caption,
        header,
        rows,
        note: Some(tr.t_args(
            "report-table-note",
            &[
                ("k", k.get().to_string()),
                ("k1", (k.get() - 1).to_string()),
            ],
        )),
    }
}

/// A chart of a count table: one category per row, one series per column
/// (or one per row with `transpose`), suppressed cells as gaps.
fn count_chart(
    tr: &Tr,
    t: &CountTable,
    kind: ChartKind,
    k: Threshold,
    title: String,
    description: String,
) -> Chart {
    Chart {
        id: format!("grafiek-{}", t.id),
        kind,
        title,
        description,
        categories: t.rows.iter().map(|l| label(tr, l)).collect(),
        series: t
            .columns
            .iter()
            .enumerate()
            .map(|(c, l)| Series {
                name: label(tr, l),
                values: (0..t.rows.len())
                    .map(|r| {
                        t.table
                            .get(Position::Cell { row: r, column: c })
                            .and_then(|x| x.value())
                    })
                    .collect(),
            })
            .collect(),
        suppressed_label: tr.t_args("report-suppressed", &[("k", k.get().to_string())]),
    }
}

/// The trajectories ended in the period, with the share closed without
/// escalation when both counts are published (never computed from a hidden one).
fn trajectories_view(tr: &Tr, t: &CountTable, k: Threshold) -> TableView {
    let mut v = count_view(
        tr,
        t,
        k,
        tr.t("report-trajectories-caption"),
        tr.t("report-col-trajectory"),
    );
    let value = |row| {
        t.table
            .get(Position::Cell { row, column: 0 })
            .and_then(|c| c.value())
    };
    let share = match (value(0), value(1)) {
        (Some(without), Some(escalated)) if without + escalated > 0 => {
            let total = without + escalated;
            tr.t_args(
                "report-share-without-escalation",
                &[("share", ((without * 100 + total / 2) / total).to_string())],
            )
        }
        (Some(_), Some(_)) => tr.t("report-share-none"),
        _ => tr.t_args("report-share-hidden", &[("k", k.get().to_string())]),
    };
    v.note = Some(match v.note.take() {
        Some(n) => format!("{share} {n}"),
        None => share,
    });
    v
}

fn yes_no(tr: &Tr, b: bool) -> String {
    tr.t(if b { "report-yes" } else { "report-no" })
}

fn measure(tr: &Tr, m: Measure, k: Threshold) -> String {
    match m {
        Measure::Days(d) => tr.t_args("report-days", &[("days", d.to_string())]),
        Measure::TooFew => tr.t_args("report-too-few", &[("k", k.get().to_string())]),
        Measure::None => tr.t("report-none"),
    }
}

fn plain_table(
    id: &str,
    caption: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
) -> TableView {
    TableView {
        id: id.to_owned(),
        caption,
        header,
        rows,
        note: None,
    }
}

fn document(
    tr: &Tr,
    g: &Gathered,
    r: &StuurgroepReport,
    workshops: Option<&crate::outreach::workshops::CoverageView>,
    plan: Option<&crate::outreach::action_plan::Plan>,
    generated: String,
) -> Document {
    let k = r.k;
    let ks = k.get().to_string();
    let p = r.period;
    let mut sections = Vec::new();

    // 1. The Partnertafel's working.
    let w = &r.working;
    let held = w.held_regular + w.held_ad_hoc;
    let mut att_rows: Vec<Vec<String>> = w
        .attendance
        .iter()
        .map(|(kind, present, absent)| {
            let total = present + absent;
            let share = if total == 0 {
                String::from("–")
            } else {
                format!(
                    "{} %",
                    (u64::from(*present) * 100 + u64::from(total) / 2) / u64::from(total)
                )
            };
            vec![
                tr.t(&key("org-kind", kind)),
                present.to_string(),
                absent.to_string(),
                share,
            ]
        })
        .collect();
    if att_rows.is_empty() {
        att_rows.push(vec![
            tr.t("report-none"),
            "0".into(),
            "0".into(),
            "–".into(),
        ]);
    }
    sections.push(Section {
        id: "werking".into(),
        heading: tr.t("report-section-working"),
        intro: Some(tr.t_args(
            "report-working-intro",
            &[
                ("held", held.to_string()),
                ("norm", w.norm_for_period.to_string()),
            ],
        )),
        charts: vec![],
        tables: vec![
            plain_table(
                "partnertafel-vergaderingen",
                tr.t("report-meetings-caption"),
                vec![tr.t("report-col-meetings"), tr.t("report-col-count")],
                vec![
                    vec![tr.t("report-meetings-regular"), w.held_regular.to_string()],
                    vec![tr.t("report-meetings-ad-hoc"), w.held_ad_hoc.to_string()],
                    vec![tr.t("report-meetings-cancelled"), w.cancelled.to_string()],
                    vec![tr.t("report-meetings-norm"), w.norm_for_period.to_string()],
                ],
            ),
            plain_table(
                "partnertafel-aanwezigheid",
                tr.t("report-attendance-caption"),
                vec![
                    tr.t("report-col-org-kind"),
                    tr.t("report-col-present"),
                    tr.t("report-col-absent"),
                    tr.t("report-col-share-present"),
                ],
                att_rows,
            ),
        ],
    });

    // 2. Cases: the anonymised overview and the protected tables.
    let lines: Vec<Vec<String>> = r
        .case_lines
        .iter()
        .map(|l| {
            vec![
                l.number.to_string(),
                tr.t(l.group.label_key()),
                yes_no(tr, l.minor),
                tr.t(l.age_band.label_key()),
                tr.t(l.phase.label_key()),
                l.months_in_follow_up.to_string(),
                tr.t(l.outcome.label_key()),
            ]
        })
        .collect();
    let mut overview = plain_table(
        "casussen-overzicht",
        tr.t("report-cases-caption"),
        vec![
            tr.t("report-col-number"),
            tr.t("report-col-group"),
            tr.t("report-col-minor"),
            tr.t("report-col-age"),
            tr.t("report-col-phase"),
            tr.t("report-col-months"),
            tr.t("report-col-outcome"),
        ],
        lines,
    );
    overview.note = Some(tr.t("report-cases-note"));
    sections.push(Section {
        id: "casussen".into(),
        heading: tr.t("report-section-cases"),
        intro: Some(tr.t_args(
            "report-cases-intro",
            &[("count", r.case_lines.len().to_string()), ("k", ks.clone())],
        )),
        charts: vec![count_chart(
            tr,
            &r.phase_by_month,
            ChartKind::Lines,
            k,
            tr.t("report-chart-phase-month"),
            tr.t("report-chart-phase-month-desc"),
        )],
        tables: vec![
            overview,
            count_view(
                tr,
                &r.phase_by_group,
                k,
                tr.t("report-phase-group-caption"),
                tr.t("report-col-phase"),
            ),
            count_view(
                tr,
                &r.outcomes,
                k,
                tr.t("report-outcomes-caption"),
                tr.t("report-col-outcome"),
            ),
            count_view(
                tr,
                &r.age_bands,
                k,
                tr.t("report-age-caption"),
                tr.t("report-col-age"),
            ),
            count_view_with(
                tr,
                &r.phase_by_month,
                k,
                tr.t("report-phase-month-caption"),
                tr.t("report-col-month"),
                false,
            ),
        ],
    });

    // 3. The evaluation of case management (seed 2.3).
    let e = &r.evaluation;
    sections.push(Section {
        id: "evaluatie".into(),
        heading: tr.t("report-section-evaluation"),
        intro: Some(tr.t("report-evaluation-intro")),
        charts: vec![],
        tables: vec![
            plain_table(
                "evaluatie-doorlooptijd",
                tr.t("report-durations-caption"),
                vec![tr.t("report-col-measure"), tr.t("report-col-median")],
                vec![
                    vec![
                        tr.t("report-to-first-table"),
                        measure(tr, e.to_first_table, k),
                    ],
                    vec![tr.t("report-to-end"), measure(tr, e.to_end, k)],
                ],
            ),
            trajectories_view(tr, &e.trajectories, k),
            count_view(
                tr,
                &e.re_referrals,
                k,
                tr.t("report-re-referrals-caption"),
                tr.t("report-col-referral"),
            ),
        ],
    });

    // 4. Signals and contacts per month and theme.
    sections.push(Section {
        id: "signalen".into(),
        heading: tr.t("report-section-signals"),
        intro: Some(tr.t("report-signals-intro")),
        charts: vec![
            count_chart(
                tr,
                &r.signals,
                ChartKind::Bars,
                k,
                tr.t("report-chart-signals"),
                tr.t("report-chart-signals-desc"),
            ),
            count_chart(
                tr,
                &r.contacts,
                ChartKind::Bars,
                k,
                tr.t("report-chart-contacts"),
                tr.t("report-chart-contacts-desc"),
            ),
        ],
        tables: vec![
            count_view(
                tr,
                &r.signals,
                k,
                tr.t("report-signals-caption"),
                tr.t("report-col-month"),
            ),
            count_view(
                tr,
                &r.contacts,
                k,
                tr.t("report-contacts-caption"),
                tr.t("report-col-month"),
            ),
        ],
    });

    // 5. Tensions: no title, groups, district or analysis text.
    let mut per_status: BTreeMap<String, [u32; 4]> = BTreeMap::new();
    let mut tension_rows = Vec::new();
    for t in &g.tensions {
        let entries: Vec<(Date, i64, Severity)> = t
            .severities
            .iter()
            .filter_map(|(on, at, s)| Some((Date::parse_iso(on).ok()?, *at, Severity::parse(s)?)))
            .filter(|(on, _, _)| *on <= p.to)
            .collect();
        let Ok(noted) = Date::parse_iso(&t.noted_on) else {
            continue;
        };
        if noted > p.to {
            continue;
        }
        let current = current_severity(&entries);
        let column = match current {
            Some(Severity::Low) => 0,
            Some(Severity::Medium) => 1,
            Some(Severity::High) => 2,
            None => 3,
        };
        per_status.entry(t.status.clone()).or_default()[column] += 1;
        tension_rows.push(vec![
            verbind_domain::prevention::signal::Month::of(noted).label(),
            tr.t(&key("tension-status", &t.status)),
            current.map_or_else(
                || tr.t("report-none"),
                |s| tr.t(&key("signal-severity", s.code())),
            ),
            yes_no(tr, t.analysed),
        ]);
    }
    sections.push(Section {
        id: "spanningen".into(),
        heading: tr.t("report-section-tensions"),
        intro: Some(tr.t("report-tensions-intro")),
        charts: vec![],
        tables: vec![
            plain_table(
                "spanningen-status",
                tr.t("report-tensions-status-caption"),
                vec![
                    tr.t("report-col-status"),
                    tr.t("signal-severity-low"),
                    tr.t("signal-severity-medium"),
                    tr.t("signal-severity-high"),
                    tr.t("report-col-not-assessed"),
                ],
                per_status
                    .iter()
                    .map(|(status, n)| {
                        let mut row = vec![tr.t(&key("tension-status", status))];
                        row.extend(n.iter().map(u32::to_string));
                        row
                    })
                    .collect(),
            ),
            plain_table(
                "spanningen-register",
                tr.t("report-tensions-caption"),
                vec![
                    tr.t("report-col-noted"),
                    tr.t("report-col-status"),
                    tr.t("report-col-severity"),
                    tr.t("report-col-analysed"),
                ],
                tension_rows,
            ),
        ],
    });

    // 6. Prevention: workshops, trainings, the action plan.
    let mut prevention_tables = Vec::new();
    let mut prevention_charts = Vec::new();
    if let Some(w) = workshops {
        let c = &w.coverage;
        prevention_tables.push(plain_table(
            "workshops-bereik",
            tr.t_args("report-workshops-caption", &[("year", c.year.label())]),
            vec![tr.t("report-col-measure"), tr.t("report-col-count")],
            vec![
                vec![tr.t("report-workshops-goal"), c.goal.to_string()],
                vec![tr.t("report-workshops-reached"), c.reached.to_string()],
                vec![tr.t("report-workshops-planned"), c.planned.to_string()],
                vec![tr.t("report-workshops-to-reach"), c.to_reach.to_string()],
                vec![tr.t("report-workshops-held"), c.workshops_held.to_string()],
                vec![tr.t("report-workshops-pupils"), c.pupils.to_string()],
            ],
        ));
        prevention_charts.push(Chart {
            id: "grafiek-workshops-bereik".into(),
            kind: ChartKind::Bars,
            title: tr.t_args("report-chart-workshops", &[("year", c.year.label())]),
            description: tr.t("report-chart-workshops-desc"),
            categories: vec![
                tr.t("report-workshops-reached"),
                tr.t("report-workshops-planned"),
                tr.t("report-workshops-to-reach"),
            ],
            series: vec![Series {
                name: tr.t("report-col-schools"),
                values: [c.reached, c.planned, c.to_reach]
                    .iter()
                    .map(|n| Some(*n as u64))
                    .collect(),
            }],
            suppressed_label: tr.t_args("report-suppressed", &[("k", ks.clone())]),
        });
    }
    let mut per_kind: BTreeMap<String, (u32, i64, i64, u32)> = BTreeMap::new();
    for t in &g.trainings {
        let e = per_kind.entry(t.kind.clone()).or_default();
        e.0 += 1;
        e.1 += i64::from(t.staff_count.unwrap_or(0)) + t.present;
        if let Some(s) = t.evaluation_score {
            e.2 += i64::from(s);
            e.3 += 1;
        }
    }
    prevention_tables.push(plain_table(
        "vormingen",
        tr.t("report-trainings-caption"),
        vec![
            tr.t("report-col-training"),
            tr.t("report-col-sessions"),
            tr.t("report-col-participants"),
            tr.t("report-col-score"),
        ],
        per_kind
            .iter()
            .map(|(kind, (n, people, sum, scored))| {
                vec![
                    tr.t(&key("training-kind", kind)),
                    n.to_string(),
                    people.to_string(),
                    if *scored == 0 {
                        "–".into()
                    } else {
                        format!("{:.1}", *sum as f64 / f64::from(*scored))
                    },
                ]
            })
            .collect(),
    ));
    if let Some(plan) = plan {
        prevention_tables.push(plain_table(
            "actieplan",
            tr.t("report-plan-caption"),
            vec![
                tr.t("report-col-code"),
                tr.t("report-col-measure-title"),
                tr.t("report-col-owner"),
                tr.t("report-col-status"),
            ],
            plan.measures
                .iter()
                .map(|m| {
                    vec![
                        m.code.clone(),
                        m.title.clone(),
                        m.owner.clone(),
                        tr.t(&key("plan-status", &m.status)),
                    ]
                })
                .collect(),
        ));
    }
    sections.push(Section {
        id: "preventie".into(),
        heading: tr.t("report-section-prevention"),
        intro: None,
        charts: prevention_charts,
        tables: prevention_tables,
    });

    Document {
        title: tr.t("report-title"),
        subtitle: tr.t_args(
            "report-subtitle",
            &[
                ("municipality", g.tenant.clone()),
                ("from", p.from.to_string()),
                ("to", p.to.to_string()),
            ],
        ),
        generated: tr.t_args("report-generated", &[("at", generated)]),
        notice: tr.t_args(
            "report-notice",
            &[("k", ks), ("k1", (k.get() - 1).to_string())],
        ),
        sections,
    }
}
