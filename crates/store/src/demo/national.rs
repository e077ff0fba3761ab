//! National-scale demo data (`verbind demo --scale national`, QUALITY.md §4):
//! the Sint-Niklaas demo exactly as `verbind demo` loads it, plus fictional
//! LIVC-Rs ("LIVC-R Fictiefdorp 017 (demo)") with three years of history,
//! so that the performance budgets can be measured on data of the size a
//! national deployment would hold: 300 LIVC-Rs, 60 000 cases, 1 000 000
//! contact-point entries and signals, 2 000 000 audit entries.
//!
//! The data is made the way the application makes it, never by a shortcut
//! that would make it unlike real data: every record through the store's
//! own functions (`case::create` with its own data key and sealed identity,
//! `case::apply_move`, `decision::propose`/`cast`/`mark_adopted` at a held
//! Partnertafel, `meeting::*`, `contact::create`/`classify`,
//! `signal::create`, `user::create`), every step audited with the entry the
//! web layer writes for it, the contact point's retention applied by the
//! housekeeping function of `verbind serve` (`contact::shred_handled_before`),
//! and the audit entries in one hash chain in the order of their time. The
//! only difference is speed: audit entries go in through
//! [`audit::append_batch`], which makes the same chain as one
//! [`audit::append`] per entry, inside large transactions.
//!
//! Deterministic: a seeded generator (SplitMix64) decides every choice, each
//! from its own stream (per LIVC-R and per item), so the same [`Scale`] and
//! the same `now` give the same tenants, codes, states, dates, texts and
//! audit entries. What cannot repeat are the random ids and keys that the
//! store makes itself (UUIDs, data keys, nonces): they are made exactly as
//! in production.
//!
//! All text is fictional and marked "(demo)"; no national register numbers
//! (a generated one could be a real person's), e-mail addresses only under
//! the reserved `.invalid` domain.

use std::collections::BTreeMap;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;
use verbind_domain::audit::AuditAction;
use verbind_domain::case::Date;
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::contact::{
    ActionTaken, Channel, RequestKind, RequesterKind, retention_cutoff_ms,
};
use verbind_domain::prevention::signal::{LifeDomain, Severity};
use verbind_domain::prevention::theme::Theme;
use verbind_domain::profile::{OrganisationKind, Profile};

use super::{AccountNaming, DEMO_ACCOUNTS, SINT_NIKLAAS_PROFILE};
use crate::db::{Database, DbConn};
use crate::error::{StoreError, StoreResult};
use crate::models::audit::{self, NewEntry};
use crate::models::case::{self, CaseRow, Identity, Move, NewCase};
use crate::models::contact::{self, ContactRow, ContactText, NewContact};
use crate::models::signal::{self, NewSignal};
use crate::models::{body, decision, meeting, meta, user};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// The `app_meta` key that says how far the national-scale data got.
pub const SCALE_KEY: &str = "demo_scale";
const SCALE_COMPLETE: &str = "national";
const SCALE_INCOMPLETE: &str = "national-incomplete";

/// Events written per transaction (rounded up to the end of a simulated day).
const CHUNK_EVENTS: usize = 40_000;

/// How much data to make. The totals are for the whole database, the
/// Sint-Niklaas demo included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    /// Fictional LIVC-Rs besides Sint-Niklaas.
    pub tenants: u32,
    /// Cases.
    pub cases: u64,
    /// Contact-point entries and signals together.
    pub contacts_and_signals: u64,
    /// Audit entries.
    pub audit_entries: u64,
    /// Years of history before `now`.
    pub years: u32,
    /// The generator's seed: the same seed gives the same data.
    pub seed: u64,
}

impl Scale {
    /// QUALITY.md §4: 300 LIVC-Rs, 60 000 cases, 1 000 000 contact-point
    /// entries and signals, 2 000 000 audit entries, over three years.
    pub const fn national() -> Scale {
        Scale {
            tenants: 299,
            cases: 60_000,
            contacts_and_signals: 1_000_000,
            audit_entries: 2_000_000,
            years: 3,
            seed: 0x5645_5242_494e_4421,
        }
    }

    /// A tiny scale for tests (three fictional LIVC-Rs); not a user option.
    #[doc(hidden)]
    pub const fn tiny() -> Scale {
        Scale {
            tenants: 3,
            cases: 35,
            contacts_and_signals: 300,
            audit_entries: 2_500,
            years: 3,
            seed: 0x5645_5242_494e_4421,
        }
    }
}

/// What a database holds, before national-scale data is made in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    /// Nothing yet: the data can be made here.
    Empty,
    /// Complete national-scale demo data.
    Complete,
    /// An earlier run did not finish (interrupted): start again in a new database.
    Incomplete,
    /// Something else (real data, or the small demo): never added to.
    InUse,
}

/// Whether national-scale data can be made in this database, or is there.
pub fn readiness(conn: &mut DbConn) -> StoreResult<Readiness> {
    use crate::schema::tenants;
    match meta::get(conn, SCALE_KEY)?.as_deref() {
        Some(SCALE_COMPLETE) => return Ok(Readiness::Complete),
        Some(_) => return Ok(Readiness::Incomplete),
        None => {}
    }
    let tenants: i64 = tenants::table.count().get_result(conn)?;
    let (seq, _) = audit::head(conn)?;
    if tenants > 0 || user::count(conn)? > 0 || seq > 0 || meta::is_demo(conn)? {
        return Ok(Readiness::InUse);
    }
    Ok(Readiness::Empty)
}

/// How far the generation is, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Steps done and in all (a step is one planned event; the Sint-Niklaas
    /// demo at the end is the last).
    pub done: u64,
    pub total: u64,
    /// The simulated day reached (ISO date), or what is being done.
    pub at: String,
}

/// What the database holds afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub tenants: i64,
    pub users: i64,
    pub cases: i64,
    pub contacts: i64,
    pub signals: i64,
    pub meetings: i64,
    pub audit_entries: i64,
}

/// Counts what the whole database holds.
pub fn counts(conn: &mut DbConn) -> StoreResult<Counts> {
    use crate::schema::{audit_log, cases, contacts, meetings, signals, tenants, users};
    Ok(Counts {
        tenants: tenants::table.count().get_result(conn)?,
        users: users::table.count().get_result(conn)?,
        cases: cases::table.count().get_result(conn)?,
        contacts: contacts::table.count().get_result(conn)?,
        signals: signals::table.count().get_result(conn)?,
        meetings: meetings::table.count().get_result(conn)?,
        audit_entries: audit_log::table.count().get_result(conn)?,
    })
}

/// Makes the national-scale demo data in an empty database: the fictional
/// LIVC-Rs' history first, then the Sint-Niklaas demo at `now_ms` (so the
/// audit trail runs in time order), then marks the data complete.
///
/// `password_phc` is the argon2 hash of the demo password (every demo
/// account has it); `code_prefix` is the rule for case-code prefixes (the
/// web layer's, which the store cannot call); `progress` is called after
/// every transaction. Refuses a database that is not empty.
pub fn generate(
    db: &Database,
    keyring: &MasterKeyring,
    password_phc: &str,
    now_ms: i64,
    scale: &Scale,
    code_prefix: &dyn Fn(&str) -> String,
    progress: &mut dyn FnMut(&Progress),
) -> StoreResult<Counts> {
    // Marked as a demo database in the same transaction that finds it
    // empty: an interrupted run never leaves demo passwords in a database
    // that `verbind serve` would accept.
    db.write(|c| {
        if readiness(c)? != Readiness::Empty {
            return Err(StoreError::Invalid(
                "national-scale demo data is made only in a new, empty database".into(),
            ));
        }
        meta::set(c, meta::DEMO_KEY, "true")?;
        meta::set(c, SCALE_KEY, SCALE_INCOMPLETE)
    })?;
    progress(&Progress {
        done: 0,
        total: 1,
        at: "plan".into(),
    });

    // What the Sint-Niklaas demo will add at the end, counted in a
    // transaction that is rolled back, so the totals come out exact.
    const DRY_RUN: &str = "dry run of the Sint-Niklaas demo";
    let mut sint_niklaas = None;
    match db.write(|c| {
        let before = counts(c)?;
        sint_niklaas_demo(c, keyring, password_phc, now_ms)?;
        let after = counts(c)?;
        sint_niklaas = Some(Counts {
            tenants: after.tenants - before.tenants,
            users: after.users - before.users,
            cases: after.cases - before.cases,
            contacts: after.contacts - before.contacts,
            signals: after.signals - before.signals,
            meetings: after.meetings - before.meetings,
            audit_entries: after.audit_entries - before.audit_entries,
        });
        Err::<(), _>(StoreError::Conflict(DRY_RUN))
    }) {
        Err(StoreError::Conflict(DRY_RUN)) => {}
        Err(e) => return Err(e),
        Ok(()) => {
            return Err(StoreError::Invalid(
                "the dry run was not rolled back".into(),
            ));
        }
    }
    let sint_niklaas =
        sint_niklaas.ok_or_else(|| StoreError::Invalid("the dry run counted nothing".into()))?;

    let sn_profile = verbind_domain::profile::parse_profile(SINT_NIKLAAS_PROFILE)
        .map_err(|e| StoreError::Invalid(format!("demo profile: {e}")))?;
    let plan = Plan::make(scale, now_ms, &sint_niklaas)?;
    let total = plan.events.len() as u64 + 1;
    let mut live = Live::new(&plan, &sn_profile, keyring, password_phc, code_prefix)?;
    let sqlite = db.backend() == crate::db::Backend::Sqlite;

    let mut start = 0;
    while start < plan.events.len() {
        // A transaction ends with a simulated day, so no session or meeting
        // spans two of them and the trail stays in time order.
        let mut end = (start + CHUNK_EVENTS).min(plan.events.len());
        while end < plan.events.len()
            && plan.events[end].at.div_euclid(DAY) == plan.events[end - 1].at.div_euclid(DAY)
        {
            end += 1;
        }
        let chunk = &plan.events[start..end];
        db.write(|c| {
            if sqlite {
                // A larger page cache for the bulk load only (random UUID
                // keys touch pages all over the indexes); put back below.
                c.batch_execute("PRAGMA cache_size = -262144")?;
            }
            for ev in chunk {
                live.run(c, ev)?;
            }
            live.flush(c)
        })?;
        start = end;
        let day = chunk
            .last()
            .and_then(|e| Date::from_unix_ms_utc(e.at))
            .map(|d| d.to_iso())
            .unwrap_or_default();
        progress(&Progress {
            done: start as u64,
            total,
            at: day,
        });
    }

    db.write(|c| {
        sint_niklaas_demo(c, keyring, password_phc, now_ms)?;
        meta::set(c, SCALE_KEY, SCALE_COMPLETE)?;
        if sqlite {
            c.batch_execute("PRAGMA cache_size = -2000")?;
        }
        Ok(())
    })?;
    progress(&Progress {
        done: total,
        total,
        at: "Sint-Niklaas".into(),
    });
    let n = db.read(counts)?;
    let wanted = (scale.cases, scale.contacts_and_signals, scale.audit_entries);
    let got = (
        n.cases as u64,
        (n.contacts + n.signals) as u64,
        n.audit_entries as u64,
    );
    if wanted != got {
        return Err(StoreError::Invalid(format!(
            "national demo: made {got:?} (cases, contacts and signals, audit entries), planned {wanted:?}"
        )));
    }
    Ok(n)
}

/// The Sint-Niklaas demo exactly as `verbind demo` loads it
/// ([`super::seed_everything`] without its checks, made here already).
fn sint_niklaas_demo(
    c: &mut DbConn,
    keyring: &MasterKeyring,
    password_phc: &str,
    now_ms: i64,
) -> StoreResult<()> {
    super::load_sint_niklaas(c, keyring, password_phc, now_ms)?;
    super::seed_records(c, keyring, now_ms)
}

// ------------------------------------------------------------ the generator

/// SplitMix64 (Steele, Lea and Flood 2014): tiny, fast, well mixed, and
/// fixed forever, unlike a library generator whose algorithm may change.
/// Not for anything secret: keys and nonces come from the OS, as always.
#[derive(Debug, Clone)]
struct Rng(u64);

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Rng {
    /// The stream `path` of `seed`: independent of every other stream.
    fn new(seed: u64, path: &[u64]) -> Rng {
        let mut s = mix(seed);
        for p in path {
            s = mix(s ^ mix(p.wrapping_add(0x9e37_79b9_7f4a_7c15)));
        }
        Rng(s)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..hi` (`lo` when the range is empty).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as u64) as i64
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1_u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An index into `weights`, each chosen in proportion to its weight.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut x = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            if x < u64::from(*w) {
                return i;
            }
            x -= u64::from(*w);
        }
        0
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

/// Streams of the generator.
const S_TENANT: u64 = 1;
const S_MEETINGS: u64 = 2;
const S_CASES: u64 = 3;
const S_CONTACT: u64 = 4;
const S_SIGNAL: u64 = 5;
const S_SESSIONS: u64 = 6;
const S_TIMES: u64 = 7;

/// Monday = 0.
fn weekday(ms: i64) -> i64 {
    (ms.div_euclid(DAY) + 3).rem_euclid(7)
}

/// A moment in office hours (08:00-17:00 in Brussels, near enough) on the
/// first weekday on or after the day of `ms`.
fn office_on(rng: &mut Rng, ms: i64) -> i64 {
    let mut day = ms.div_euclid(DAY) * DAY;
    while weekday(day) >= 5 {
        day += DAY;
    }
    day + 7 * HOUR + rng.range(0, 9 * HOUR)
}

/// Office hours, `min..=max` days after `ms`.
fn office_after(rng: &mut Rng, ms: i64, min: i64, max: i64) -> i64 {
    let days = rng.range(min, max + 1);
    office_on(rng, ms + days * DAY)
}

fn iso(ms: i64) -> StoreResult<String> {
    Date::from_unix_ms_utc(ms)
        .map(|d| d.to_iso())
        .ok_or_else(|| StoreError::Invalid("demo date out of range".into()))
}

/// Splits `total` in proportion to `weights`, exactly (largest remainder).
fn allocate(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    if weights.is_empty() || sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let raw: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut out: Vec<u64> = raw.iter().map(|r| r.floor() as u64).collect();
    let mut rest = total.saturating_sub(out.iter().sum());
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|a, b| {
        let fa = raw[*a] - raw[*a].floor();
        let fb = raw[*b] - raw[*b].floor();
        fb.total_cmp(&fa).then(a.cmp(b))
    });
    for i in order.into_iter().cycle() {
        if rest == 0 {
            break;
        }
        out[i] += 1;
        rest -= 1;
    }
    out
}

/// The demo accounts by role, as indices into [`DEMO_ACCOUNTS`].
#[derive(Debug, Clone, Copy)]
struct Roles {
    admin: usize,
    expert: usize,
    police: usize,
    caw: usize,
    clb: usize,
    vdab: usize,
    justice: usize,
    youth: usize,
    steering: usize,
    reference: usize,
    dpo: usize,
}

impl Roles {
    fn find() -> StoreResult<Roles> {
        let at = |name: &str| {
            DEMO_ACCOUNTS
                .iter()
                .position(|a| a.username == name)
                .ok_or_else(|| StoreError::Invalid(format!("demo account {name} missing")))
        };
        Ok(Roles {
            admin: at("beheerder")?,
            expert: at("deskundige")?,
            police: at("politie")?,
            caw: at("caw")?,
            clb: at("clb")?,
            vdab: at("vdab")?,
            justice: at("justitiehuis")?,
            youth: at("jeugddienst")?,
            steering: at("stuurgroep")?,
            reference: at("referentie")?,
            dpo: at("dpo")?,
        })
    }

    /// The accounts holding a seat in `body` (slug), in [`DEMO_ACCOUNTS`] order.
    fn holders(body: &str) -> Vec<usize> {
        DEMO_ACCOUNTS
            .iter()
            .enumerate()
            .filter(|(_, a)| a.seats.iter().any(|(b, _)| *b == body))
            .map(|(i, _)| i)
            .collect()
    }
}

/// Audit entries that loading one fictional LIVC-R writes: the profile, each
/// account, each seat assigned.
fn setup_entries() -> u64 {
    1 + DEMO_ACCOUNTS
        .iter()
        .map(|a| 1 + a.seats.len() as u64)
        .sum::<u64>()
}

// ------------------------------------------------------------- fictional text

const REASONS: &[&str] = &[
    "Fictief: deelt extremistische filmpjes in een groepschat en zondert zich af (demo).",
    "Fictief: school meldt snelle gedragsverandering en complotdenken (demo).",
    "Fictief: verbreekt contact met hulpverlening en uit zich vijandig tegenover instellingen (demo).",
    "Fictief: zoekt online contact met een extremistische groep (demo).",
    "Fictief: na detentie terug in de gemeente, zoekt werk en een netwerk (demo).",
    "Fictief: familie maakt zich zorgen over een plotse breuk met vrienden (demo).",
    "Fictief: jeugdwerker hoort haatdragende uitspraken over een bevolkingsgroep (demo).",
    "Fictief: plannen om naar een conflictgebied te vertrekken, teruggehaald (demo).",
    "Fictief: verspreidt propaganda op sociale media en zoekt jongeren op (demo).",
    "Fictief: spijbelt vaak sinds contact met een nieuwe vriendengroep (demo).",
];

const NOTES: &[&str] = &[
    "Fictief: analyse met de aanmelder gepland (demo).",
    "Fictief: op de volgende Partnertafel (demo).",
    "Fictief: traject met school en jeugdhulp (demo).",
    "Fictief: doorverwezen naar de reguliere hulpverlening (demo).",
    "Fictief: unaniem afgesloten na geslaagd traject (demo).",
];

const SECURITY_REASONS: &[&str] = &[
    "Fictief: begeleiding volstaat niet meer, concrete aanwijzingen van voorbereiding (demo).",
    "Fictief: weigert elke begeleiding en zoekt actief wapens (demo).",
];

const MESSAGES: &[&str] = &[
    "Fictief: mijn buurjongen deelt sinds kort haatdragende memes in een groepschat (demo).",
    "Fictief: leerkracht vraagt tips voor een klasgesprek over complotverhalen (demo).",
    "Fictief: jeugdwerker vraagt informatie over symbolen van extreemrechtse groepen (demo).",
    "Fictief: ouder maakt zich zorgen over wat de zoon online leest (demo).",
    "Fictief: vereniging vraagt hoe te reageren op polariserende berichten (demo).",
    "Fictief: collega zegt dingen die op radicalisering kunnen wijzen (demo).",
    "Fictief: vraag naar een vorming over fake news voor vrijwilligers (demo).",
];

const CONTACT_NOTES: &[&str] = &[
    "Fictief: opvolggesprek gepland (demo).",
    "Fictief: informatie en gesprekstips gegeven (demo).",
    "Fictief: doorverwezen naar de jeugdhulp (demo).",
];

const DESCRIPTIONS: &[&str] = &[
    "Fictief: in meerdere klassen circuleren complotfilmpjes (demo).",
    "Fictief: discussies over nieuwkomers lopen hoog op in een lokale groep (demo).",
    "Fictief: stickers van een extremistische groep opgemerkt aan bushaltes (demo).",
    "Fictief: racistische spreekkoren bij jeugdwedstrijden (demo).",
    "Fictief: jongeren delen desinformatie over een lokaal project (demo).",
    "Fictief: spanningen tussen twee groepen jongeren op een plein (demo).",
    "Fictief: haatdragende reacties onder berichten van de gemeente (demo).",
];

const DISTRICTS: &[(&str, &str)] = &[
    ("centrum", "Centrum"),
    ("noord", "Noord"),
    ("zuid", "Zuid"),
    ("oost", "Oost"),
];

/// The organisations of the Sint-Niklaas profile, by slug: their slug and
/// name in a fictional LIVC-R (`{}` is the place). Schools are numbered.
const ORGANISATIONS: &[(&str, &str, &str)] = &[
    (
        "dsp",
        "dsp",
        "Dienst Diversiteit, Samenleving en Preventie {}",
    ),
    (
        "mens-en-samenleving",
        "mens-en-samenleving",
        "Afdeling Mens en Samenleving {}",
    ),
    ("cluster-welzijn", "cluster-welzijn", "Cluster Welzijn {}"),
    (
        "bestuur",
        "bestuur",
        "Bestuur {}: burgemeester en schepenen",
    ),
    ("jeugddienst", "jeugddienst", "Jeugddienst {}"),
    ("lokale-politie", "lokale-politie", "Lokale politie {}"),
    ("parket", "parket", "Parket van het arrondissement {}"),
    (
        "justitiehuis-dendermonde",
        "justitiehuis",
        "Justitiehuis {}",
    ),
    ("vclb-waasland", "vclb", "VCLB {}"),
    ("clb-go-waasland", "clb-go", "CLB GO {}"),
    ("caw-oost-vlaanderen", "caw", "CAW {}"),
    ("vdab", "vdab", "VDAB-werkwinkel {}"),
    ("stampmedia", "mediawerkplaats", "Mediawerkplaats {}"),
    (
        "vvsg",
        "vvsg",
        "Vereniging van steden en gemeenten (voor {})",
    ),
    (
        "jeugdverenigingen",
        "jeugdverenigingen",
        "Jeugdverenigingen {}",
    ),
];

/// Slugs of the Sint-Niklaas organisations in a fictional LIVC-R.
fn fictional_slugs(sn: &Profile) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut school = 0;
    for o in &sn.organisations {
        let slug = match ORGANISATIONS.iter().find(|(s, _, _)| *s == o.slug) {
            Some((_, new, _)) => (*new).to_owned(),
            None if o.kind == OrganisationKind::School => {
                school += 1;
                format!("school-{school:02}")
            }
            None => format!("organisatie-{}", out.len() + 1),
        };
        out.insert(o.slug.clone(), slug);
    }
    out
}

/// The profile of fictional LIVC-R number `n`: the Sint-Niklaas profile's
/// bodies, seats and measures with fictional names, one fictional
/// municipality (NIS code `00nnn`: no real code starts with 0) and four
/// districts.
fn fictional_profile(
    sn: &Profile,
    n: u32,
    slugs: &BTreeMap<String, String>,
) -> StoreResult<Profile> {
    let place = format!("Fictiefdorp {n:03}");
    let nis = format!("00{n:03}");
    let slug_of = |s: &str| slugs.get(s).cloned().unwrap_or_else(|| s.to_owned());
    let mut p = sn.clone();
    p.tenant.slug = format!("fictiefdorp-{n:03}");
    p.tenant.name = format!("LIVC-R {place} (demo)");
    p.tenant.default_locale = "nl-BE".into();
    p.tenant.privacy_contact = Some(format!(
        "De functionaris voor gegevensbescherming van {place}, Fictieve Markt 1 (demo)"
    ));
    p.municipalities = vec![verbind_domain::profile::Municipality {
        name: format!("{place} (demo)"),
        nis_code: nis.clone(),
    }];
    p.districts = DISTRICTS
        .iter()
        .map(|(slug, name)| verbind_domain::profile::District {
            slug: (*slug).to_owned(),
            name: format!("{place} {name} (demo)"),
            municipality: nis.clone(),
        })
        .collect();
    let mut names = BTreeMap::new();
    for o in &mut p.organisations {
        let new_slug = slug_of(&o.slug);
        let name = match ORGANISATIONS.iter().find(|(s, _, _)| *s == o.slug) {
            Some((_, _, template)) => template.replace("{}", &place),
            None => {
                let k = new_slug.rsplit('-').next().unwrap_or("0");
                format!("Fictieve school {k} {place}")
            }
        };
        o.name = format!("{name} (demo)");
        names.insert(new_slug.clone(), name);
        o.slug = new_slug;
    }
    for s in &mut p.seats {
        let old_org = s.organisation.clone();
        s.organisation = slug_of(&old_org);
        if let Some(prefix) = s.slug.strip_suffix(old_org.as_str())
            && old_org != s.organisation
        {
            s.slug = format!("{prefix}{}", s.organisation);
        }
        if s.title.starts_with("Vertegenwoordiger ")
            && let Some(name) = names.get(&s.organisation)
        {
            s.title = format!("Vertegenwoordiger {name}");
        }
    }
    for (i, sc) in p.schools.iter_mut().enumerate() {
        sc.slug = slug_of(&sc.slug);
        sc.organisation = sc.organisation.as_deref().map(slug_of);
        if let Some(name) = sc.organisation.as_ref().and_then(|o| names.get(o)) {
            sc.name = format!("{name} (demo)");
        } else {
            sc.name = format!("Fictieve school {} {place} (demo)", i + 1);
        }
        sc.district = Some(DISTRICTS[i % DISTRICTS.len()].0.to_owned());
    }
    for m in &mut p.measures {
        m.owner = m.owner.as_deref().map(slug_of);
        m.partners = m.partners.iter().map(|s| slug_of(s)).collect();
    }
    verbind_domain::profile::validate_profile(&p)
        .map_err(|e| StoreError::Invalid(format!("fictional profile {n}: {e}")))?;
    Ok(p)
}

// --------------------------------------------------------------------- plan

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MeetingPhase {
    Plan,
    Start,
    End,
}

#[derive(Debug, Clone, Copy)]
enum Ev {
    /// Load the profile and the accounts of LIVC-R `t`.
    Setup {
        t: u32,
    },
    Meeting {
        t: u32,
        m: u32,
        phase: MeetingPhase,
    },
    Referral {
        t: u32,
        c: u32,
    },
    Ltf {
        t: u32,
        c: u32,
    },
    Step {
        t: u32,
        c: u32,
        s: u32,
    },
    Contact {
        t: u32,
        i: u32,
    },
    /// The expert classifies a message of the public form as handled.
    ContactHandled {
        t: u32,
        i: u32,
    },
    Signal {
        t: u32,
        i: u32,
    },
    /// Someone logs in, looks at a few pages and logs out.
    Session {
        t: u32,
        s: u32,
    },
    /// The contact point's retention, as `verbind serve`'s housekeeping does it.
    Housekeeping,
}

#[derive(Debug, Clone, Copy)]
struct Event {
    at: i64,
    ev: Ev,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    Table,
    Steering,
}

#[derive(Debug, Clone)]
struct MeetingPlan {
    body: BodyKind,
    planned_at: i64,
    starts_at: i64,
    ends_at: i64,
    held: bool,
    /// Per holder seat of the body (see [`Roles::holders`]): the presence.
    presence: Vec<&'static str>,
    /// Table steps given a moment at this meeting so far.
    slots: u32,
}

impl MeetingPlan {
    fn present(&self) -> u64 {
        self.presence.iter().filter(|p| **p == "present").count() as u64
    }
}

#[derive(Debug, Clone)]
struct DecisionPlan {
    kind: &'static str,
    meeting: u32,
    reason: Option<&'static str>,
}

#[derive(Debug, Clone)]
struct StepPlan {
    at: i64,
    transition: &'static str,
    from: &'static str,
    to: &'static str,
    note: Option<&'static str>,
    decision: Option<DecisionPlan>,
}

#[derive(Debug, Clone)]
struct CasePlan {
    referred_at: i64,
    referrer: usize,
    source: &'static str,
    target_group: &'static str,
    minor: bool,
    lives_in_area: bool,
    socially_active: bool,
    /// The person (a re-referral has an earlier case's person).
    person: u32,
    date_of_birth: String,
    address: u32,
    reason: &'static str,
    ltf: Option<(i64, &'static str)>,
    steps: Vec<StepPlan>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    CaseList,
    Case,
    ContactList,
    SignalList,
    SignalTrends,
    Report,
    AuditTrail,
}

#[derive(Debug, Clone)]
struct SessionPlan {
    account: usize,
    /// Login, the views, logout: `entries` audit entries in all (the last
    /// session of a LIVC-R may stop early to hit the total).
    views: Vec<View>,
    entries: u32,
}

#[derive(Debug, Clone)]
struct TenantPlan {
    n: u32,
    meetings: Vec<MeetingPlan>,
    cases: Vec<CasePlan>,
    sessions: Vec<SessionPlan>,
}

/// A contact of the contact point, derived from its own stream (so the plan
/// and the run make the same one without storing it).
#[derive(Debug, Clone)]
struct ContactPlan {
    at: i64,
    channel: &'static str,
    requester: &'static str,
    kind: &'static str,
    themes: String,
    actions: String,
    status: &'static str,
    consent: bool,
    name: bool,
    email: bool,
    message: &'static str,
    note: Option<&'static str>,
    /// A message of the public form that the expert handled at this moment.
    handled_at: Option<i64>,
}

impl ContactPlan {
    /// When it was last changed as handled (what the retention counts from).
    fn handled(&self) -> Option<i64> {
        match (self.channel, self.status) {
            ("public_form", _) => self.handled_at,
            (_, "handled") => Some(self.at),
            _ => None,
        }
    }
}

fn set_of<T: Coded>(rng: &mut Rng, max: u64) -> String {
    let n = 1 + rng.below(max);
    let picked: Vec<T> = (0..n).map(|_| rng.pick(T::ALL)).collect();
    verbind_domain::prevention::coded::set_code(&picked)
}

fn contact_plan(seed: u64, t: u32, i: u32, w: &Window) -> ContactPlan {
    let mut rng = Rng::new(seed, &[S_CONTACT, u64::from(t), u64::from(i)]);
    let channel = [
        Channel::PublicForm,
        Channel::Phone,
        Channel::Email,
        Channel::WalkIn,
        Channel::ReferencePerson,
    ][rng.weighted(&[22, 30, 20, 8, 20])]
    .code();
    let public = channel == "public_form";
    let day = w.sample(&mut rng);
    let at = if public {
        day.div_euclid(DAY) * DAY + rng.range(0, DAY)
    } else {
        office_on(&mut rng, day)
    }
    .min(w.now - HOUR);
    let requester = rng.pick(RequesterKind::ALL).code();
    let kind = rng.pick(RequestKind::ALL).code();
    let themes = set_of::<Theme>(&mut rng, 2);
    let actions = set_of::<ActionTaken>(&mut rng, 2);
    let age = w.now - at;
    let status = match (public, age > 45 * DAY) {
        (true, _) => "new",
        (false, true) => "handled",
        (false, false) => ["new", "in_progress", "handled"][rng.weighted(&[2, 5, 3])],
    };
    let handled_at = if public {
        let h = office_after(&mut rng, at, 1, 10);
        (h < w.now && rng.chance(0.95)).then_some(h)
    } else {
        None
    };
    ContactPlan {
        at,
        channel,
        requester,
        kind,
        themes,
        actions,
        status,
        consent: rng.chance(0.12),
        name: rng.chance(if public { 0.4 } else { 0.7 }),
        email: public && rng.chance(0.35),
        message: rng.pick(MESSAGES),
        note: (!public && rng.chance(0.5)).then(|| rng.pick(CONTACT_NOTES)),
        handled_at,
    }
}

#[derive(Debug, Clone)]
struct SignalPlan {
    at: i64,
    author: usize,
    source: &'static str,
    theme: &'static str,
    life_domain: &'static str,
    district: Option<&'static str>,
    observed_on: i64,
    severity: &'static str,
    description: &'static str,
}

fn signal_plan(seed: u64, t: u32, i: u32, w: &Window, roles: &Roles) -> SignalPlan {
    let mut rng = Rng::new(seed, &[S_SIGNAL, u64::from(t), u64::from(i)]);
    let day = w.sample(&mut rng);
    let at = office_on(&mut rng, day).min(w.now - HOUR);
    let (author, source) = match rng.weighted(&[45, 20, 20, 15]) {
        0 => (roles.reference, "reference_person"),
        1 => (roles.police, "police"),
        2 => (
            roles.expert,
            ["contact_point", "working_group"][rng.weighted(&[6, 4])],
        ),
        _ => (
            rng.pick(&[roles.caw, roles.clb, roles.vdab, roles.justice]),
            "partner",
        ),
    };
    SignalPlan {
        at,
        author,
        source,
        theme: rng.pick(Theme::ALL).code(),
        life_domain: rng.pick(LifeDomain::ALL).code(),
        district: rng.chance(0.7).then(|| rng.pick(DISTRICTS).0),
        observed_on: at - rng.range(0, 6) * DAY,
        severity: Severity::ALL[rng.weighted(&[50, 38, 12])].code(),
        description: rng.pick(DESCRIPTIONS),
    }
}

/// The simulated period.
#[derive(Debug, Clone, Copy)]
struct Window {
    /// The fictional LIVC-Rs are set up from here (midnight UTC).
    start: i64,
    now: i64,
}

impl Window {
    /// A day in the period for a new record, slightly more often recent
    /// (the work grows over the years), never in the first days.
    fn sample(&self, rng: &mut Rng) -> i64 {
        let first = self.start + 2 * DAY;
        let span = (self.now - first).max(DAY) as f64;
        let u = rng.unit();
        let x = if rng.chance(0.3) { u.sqrt() } else { u };
        first + (x * span) as i64
    }
}

struct Plan {
    seed: u64,
    window: Window,
    roles: Roles,
    tenants: Vec<TenantPlan>,
    events: Vec<Event>,
}

impl Plan {
    fn make(scale: &Scale, now: i64, sn: &Counts) -> StoreResult<Plan> {
        let roles = Roles::find()?;
        let window = Window {
            start: (now - i64::from(scale.years.max(1)) * 365 * DAY).div_euclid(DAY) * DAY,
            now,
        };
        let seed = scale.seed;
        let short = |what: &str| {
            StoreError::Invalid(format!(
                "the scale is too small for {what}: the Sint-Niklaas demo alone has more"
            ))
        };
        let cases = scale
            .cases
            .checked_sub(sn.cases as u64)
            .ok_or_else(|| short("cases"))?;
        let cs = scale
            .contacts_and_signals
            .checked_sub((sn.contacts + sn.signals) as u64)
            .ok_or_else(|| short("contacts and signals"))?;
        // The contact point registers fewer than the signals that come in.
        let contacts_total = cs * 35 / 100;
        let signals_total = cs - contacts_total;
        let n = scale.tenants as usize;
        // LIVC-Rs differ in size (a city and a rural district): up to
        // about six times.
        let weights: Vec<f64> = (0..n)
            .map(|t| {
                let mut rng = Rng::new(seed, &[S_TENANT, t as u64]);
                let u = rng.unit();
                0.4 + 2.2 * u * u
            })
            .collect();
        let case_counts = allocate(cases, &weights);
        let contact_counts = allocate(contacts_total, &weights);
        let signal_counts = allocate(signals_total, &weights);

        let mut events = Vec::new();
        let mut tenants = Vec::with_capacity(n);
        let mut data_entries = 0_u64;
        let mut handled: Vec<i64> = Vec::new();
        for t in 0..n {
            let tn = t as u32;
            let setup_at = window.start + 2 * MINUTE * (t as i64 + 1);
            events.push(Event {
                at: setup_at,
                ev: Ev::Setup { t: tn },
            });
            data_entries += setup_entries();
            let meetings = plan_meetings(seed, tn, &window, setup_at);
            let mut tp = TenantPlan {
                n: tn + 1,
                meetings,
                cases: Vec::new(),
                sessions: Vec::new(),
            };
            plan_cases(seed, tn, case_counts[t], &window, &roles, &mut tp);
            for (m, mp) in tp.meetings.iter().enumerate() {
                let m = m as u32;
                events.push(Event {
                    at: mp.planned_at,
                    ev: Ev::Meeting {
                        t: tn,
                        m,
                        phase: MeetingPhase::Plan,
                    },
                });
                data_entries += 1;
                if mp.held {
                    events.push(Event {
                        at: mp.starts_at + MINUTE,
                        ev: Ev::Meeting {
                            t: tn,
                            m,
                            phase: MeetingPhase::Start,
                        },
                    });
                    events.push(Event {
                        at: mp.ends_at,
                        ev: Ev::Meeting {
                            t: tn,
                            m,
                            phase: MeetingPhase::End,
                        },
                    });
                    data_entries += 2 + mp.present();
                }
            }
            for (c, cp) in tp.cases.iter().enumerate() {
                let c = c as u32;
                events.push(Event {
                    at: cp.referred_at,
                    ev: Ev::Referral { t: tn, c },
                });
                data_entries += 1;
                if let Some((at, _)) = cp.ltf {
                    events.push(Event {
                        at,
                        ev: Ev::Ltf { t: tn, c },
                    });
                    data_entries += 1;
                }
                for (s, sp) in cp.steps.iter().enumerate() {
                    events.push(Event {
                        at: sp.at,
                        ev: Ev::Step {
                            t: tn,
                            c,
                            s: s as u32,
                        },
                    });
                    data_entries += 1;
                    if let Some(d) = &sp.decision {
                        let present = tp
                            .meetings
                            .get(d.meeting as usize)
                            .map_or(0, MeetingPlan::present);
                        data_entries += 1 + present;
                    }
                }
            }
            for i in 0..contact_counts[t] as u32 {
                let cp = contact_plan(seed, tn, i, &window);
                events.push(Event {
                    at: cp.at,
                    ev: Ev::Contact { t: tn, i },
                });
                data_entries += 1;
                if let Some(h) = cp.handled_at {
                    events.push(Event {
                        at: h,
                        ev: Ev::ContactHandled { t: tn, i },
                    });
                    data_entries += 1;
                }
                if let Some(h) = cp.handled() {
                    handled.push(h);
                }
            }
            for i in 0..signal_counts[t] as u32 {
                let sp = signal_plan(seed, tn, i, &window, &roles);
                events.push(Event {
                    at: sp.at,
                    ev: Ev::Signal { t: tn, i },
                });
                data_entries += 1;
            }
            tenants.push(tp);
        }
        // Housekeeping every Sunday night, and once more at `now`: every
        // contact handled before the retention cut-off of the last run is
        // shredded (one audit entry each).
        let mut hk = (window.start + DAY).div_euclid(DAY) * DAY;
        while weekday(hk) != 6 {
            hk += DAY;
        }
        hk += 2 * HOUR;
        while hk < now {
            events.push(Event {
                at: hk,
                ev: Ev::Housekeeping,
            });
            hk += 7 * DAY;
        }
        events.push(Event {
            at: now,
            ev: Ev::Housekeeping,
        });
        let cutoff = retention_cutoff_ms(now);
        data_entries += handled.iter().filter(|h| **h < cutoff).count() as u64;

        // The rest of the trail: people logging in and reading (lists, case
        // files, trends, the report, the trail itself), as real trails are
        // mostly made of.
        let needed = data_entries + sn.audit_entries as u64;
        let reading = scale.audit_entries.checked_sub(needed).ok_or_else(|| {
            StoreError::Invalid(format!(
                "the scale is too small: its data needs at least {needed} audit entries"
            ))
        })?;
        for (t, budget) in allocate(reading, &weights).into_iter().enumerate() {
            let tn = t as u32;
            let tp = &mut tenants[t];
            tp.sessions = plan_sessions(seed, tn, budget, &roles);
            let mut rng = Rng::new(seed, &[S_TIMES, t as u64]);
            for s in 0..tp.sessions.len() as u32 {
                // Office hours, from the day after set-up until yesterday.
                let first = window.start + DAY;
                let day = first + rng.range(0, (now - DAY - first).max(DAY));
                let at = office_on(&mut rng, day).min(now - DAY);
                events.push(Event {
                    at,
                    ev: Ev::Session { t: tn, s },
                });
            }
        }
        // Stable: events at the same moment keep the order they were planned in.
        events.sort_by_key(|e| e.at);
        Ok(Plan {
            seed,
            window,
            roles,
            tenants,
            events,
        })
    }
}

/// The Partnertafel every month but July and August (the plan asks six a
/// year), the Stuurgroep in March and October; meetings up to four weeks
/// ahead are planned, not yet held.
fn plan_meetings(seed: u64, t: u32, w: &Window, setup_at: i64) -> Vec<MeetingPlan> {
    let mut rng = Rng::new(seed, &[S_MEETINGS, u64::from(t)]);
    let table = Roles::holders("partnertafel").len();
    let steering = Roles::holders("stuurgroep").len();
    let mut out = Vec::new();
    let Some(first) = Date::from_unix_ms_utc(w.start) else {
        return out;
    };
    let horizon = w.now + 35 * DAY;
    let (mut y, mut m) = (first.year(), first.month());
    while let Ok(month_start) = Date::new(y, m, 1) {
        if month_start.to_unix_days() * DAY > horizon {
            break;
        }
        let mut month = Vec::new();
        if !matches!(m, 7 | 8) {
            month.push((BodyKind::Table, 8 + (t * 5 % 12) as u8, 13 * HOUR, table));
        }
        if matches!(m, 3 | 10) {
            month.push((BodyKind::Steering, 15 + (t % 10) as u8, 9 * HOUR, steering));
        }
        for (body, day, hour, seats) in month {
            let Ok(d) = Date::new(y, m, day) else {
                continue;
            };
            let mut starts_at = d.to_unix_days() * DAY;
            while weekday(starts_at) >= 5 {
                starts_at += DAY;
            }
            starts_at += hour;
            let ends_at = starts_at + 2 * HOUR;
            let planned_at = (starts_at - 28 * DAY).max(setup_at + HOUR);
            if starts_at < w.start + 7 * DAY || planned_at > w.now {
                continue;
            }
            let presence = (0..seats)
                .map(|k| {
                    // The expert (the first holder) is always there.
                    if k == 0 {
                        "present"
                    } else {
                        ["present", "excused", "absent"][rng.weighted(&[90, 7, 3])]
                    }
                })
                .collect();
            out.push(MeetingPlan {
                body,
                planned_at,
                starts_at,
                ends_at,
                held: ends_at <= w.now,
                presence,
                slots: 0,
            });
        }
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// The next held Partnertafel that starts after `after`, with a moment for
/// one more step at it.
fn table_slot(tp: &mut TenantPlan, after: i64) -> Option<(u32, i64)> {
    let (i, m) = tp
        .meetings
        .iter_mut()
        .enumerate()
        .find(|(_, m)| m.body == BodyKind::Table && m.held && m.starts_at > after)?;
    slot_at(m).map(|at| (i as u32, at))
}

/// A moment for one more step at meeting `m` (a minute each, from ten past).
fn slot_at(m: &mut MeetingPlan) -> Option<i64> {
    let at = m.starts_at + 10 * MINUTE + i64::from(m.slots) * MINUTE;
    if at + 5 * MINUTE > m.ends_at {
        return None;
    }
    m.slots += 1;
    Some(at)
}

/// Another table step at the same meeting.
fn same_meeting(tp: &mut TenantPlan, m: u32) -> Option<i64> {
    tp.meetings.get_mut(m as usize).and_then(slot_at)
}

/// The `k`-th held Partnertafel after meeting `m`.
fn later_table(tp: &mut TenantPlan, m: u32, k: usize) -> Option<(u32, i64)> {
    let start = tp.meetings.get(m as usize)?.starts_at;
    let (i, mp) = tp
        .meetings
        .iter_mut()
        .enumerate()
        .filter(|(_, x)| x.body == BodyKind::Table && x.held && x.starts_at > start)
        .nth(k.saturating_sub(1))?;
    slot_at(mp).map(|at| (i as u32, at))
}

fn step(
    at: i64,
    transition: &'static str,
    from: &'static str,
    to: &'static str,
    note: Option<&'static str>,
) -> StepPlan {
    StepPlan {
        at,
        transition,
        from,
        to,
        note,
        decision: None,
    }
}

fn plan_cases(seed: u64, t: u32, n: u64, w: &Window, roles: &Roles, tp: &mut TenantPlan) {
    let mut rng = Rng::new(seed, &[S_CASES, u64::from(t)]);
    let mut referred: Vec<i64> = (0..n)
        .map(|_| {
            let day = w.sample(&mut rng);
            office_on(&mut rng, day).min(w.now - 2 * HOUR)
        })
        .collect();
    // Referred in time order, so the case codes count up with the dates.
    referred.sort_unstable();
    let mut people: Vec<(u32, String)> = Vec::new();
    for r in referred {
        let (referrer, source) = match rng.weighted(&[30, 18, 18, 6, 10, 6, 12]) {
            0 => (roles.police, "partner_member"),
            1 => (roles.caw, "partner_member"),
            2 => (roles.clb, "partner_member"),
            3 => (roles.vdab, "partner_member"),
            4 => (roles.justice, "partner_member"),
            5 => (roles.youth, "partner_member"),
            _ => (
                roles.expert,
                ["contact_point", "reference_person"][rng.weighted(&[6, 4])],
            ),
        };
        let target_group = ["a", "b", "a,b"][rng.weighted(&[78, 14, 8])];
        let minor = rng.chance(0.38);
        let age = if minor {
            rng.range(12, 18)
        } else {
            rng.range(18, 46)
        };
        let born = r.div_euclid(DAY) - age * 365 - rng.range(1, 360);
        let date_of_birth = Date::from_unix_days(born)
            .map(|d| d.to_iso())
            .unwrap_or_else(|| "2000-01-01".into());
        // About one in twenty is someone referred before (a re-referral).
        let (person, date_of_birth) = if people.len() > 10 && rng.chance(0.05) {
            people[rng.below(people.len() as u64) as usize].clone()
        } else {
            let p = people.len() as u32 + 1;
            people.push((p, date_of_birth.clone()));
            (p, date_of_birth)
        };
        let lives_in_area = rng.chance(0.92);
        let mut plan = CasePlan {
            referred_at: r,
            referrer,
            source,
            target_group,
            minor,
            lives_in_area,
            socially_active: !lives_in_area || rng.chance(0.2),
            person,
            date_of_birth,
            address: 1 + rng.below(240) as u32,
            reason: rng.pick(REASONS),
            ltf: None,
            steps: Vec::new(),
        };
        plan_steps(&mut rng, w, &mut plan, tp);
        tp.cases.push(plan);
    }
}

/// The way a case went, cut off at `now`: screening, then referred
/// elsewhere, own work, or the table (assessment; socio-preventive
/// follow-up closed by a unanimous vote some months later; not enough
/// information; outside the scope; a security risk, also by a unanimous
/// vote).
fn plan_steps(rng: &mut Rng, w: &Window, plan: &mut CasePlan, tp: &mut TenantPlan) {
    let r = plan.referred_at;
    let ltf_at = office_after(rng, r, 1, 6);
    let counter = rng.chance(0.04);
    if ltf_at < w.now {
        plan.ltf = Some((
            ltf_at,
            if counter {
                "counter_indication"
            } else {
                "cleared"
            },
        ));
    }
    let steps = &mut plan.steps;
    let screen = office_after(rng, r, 1, 8);
    if screen >= w.now {
        return;
    }
    steps.push(step(
        screen,
        "start_screening",
        "aangemeld",
        "screening",
        rng.chance(0.5).then_some(NOTES[0]),
    ));
    let mut decide = office_after(rng, screen, 3, 25);
    let fate = if counter {
        0
    } else {
        rng.weighted(&[14, 10, 76])
    };
    match fate {
        0 | 1 => {
            if decide < w.now {
                let (transition, to) = if fate == 0 {
                    ("refer_elsewhere", "doorverwezen")
                } else {
                    ("handle_in_own_work", "eigen_werking")
                };
                steps.push(step(
                    decide,
                    transition,
                    "screening",
                    to,
                    (fate == 0).then_some(NOTES[3]),
                ));
            }
            return;
        }
        _ => {}
    }
    // On the agenda only once the LTF check is recorded.
    if decide <= ltf_at {
        decide = office_after(rng, ltf_at, 1, 3);
    }
    if decide >= w.now {
        return;
    }
    steps.push(step(
        decide,
        "put_on_agenda",
        "screening",
        "geagendeerd",
        rng.chance(0.3).then_some(NOTES[1]),
    ));
    let Some((m, at)) = table_slot(tp, decide + DAY) else {
        return;
    };
    steps.push(step(
        at,
        "open_assessment",
        "geagendeerd",
        "in_beoordeling",
        None,
    ));
    let Some(at) = same_meeting(tp, m) else {
        return;
    };
    let mut outcome = rng.weighted(&[62, 12, 12, 5, 9]);
    let (mut m, mut at) = (m, at);
    if outcome == 1 {
        steps.push(step(
            at,
            "conclude_not_enough_information",
            "in_beoordeling",
            "onvoldoende_informatie",
            None,
        ));
        let Some((m2, at2)) = later_table(tp, m, 1) else {
            return;
        };
        steps.push(step(
            at2,
            "return_to_agenda",
            "onvoldoende_informatie",
            "geagendeerd",
            None,
        ));
        let Some(at3) = same_meeting(tp, m2) else {
            return;
        };
        steps.push(step(
            at3,
            "open_assessment",
            "geagendeerd",
            "in_beoordeling",
            None,
        ));
        let Some(at4) = same_meeting(tp, m2) else {
            return;
        };
        (m, at) = (m2, at4);
        outcome = if rng.chance(0.75) { 0 } else { 2 };
    }
    match outcome {
        0 => {
            steps.push(step(
                at,
                "conclude_socio_preventive",
                "in_beoordeling",
                "socio_preventief",
                rng.chance(0.5).then_some(NOTES[2]),
            ));
            // Followed at every table, closed after three to eighteen.
            let k = rng.range(3, 19) as usize;
            if let Some((m2, at2)) = later_table(tp, m, k) {
                let mut s = step(
                    at2,
                    "close",
                    "socio_preventief",
                    "afgesloten",
                    Some(NOTES[4]),
                );
                s.decision = Some(DecisionPlan {
                    kind: "close",
                    meeting: m2,
                    reason: None,
                });
                steps.push(s);
            }
        }
        2 => steps.push(step(
            at,
            "conclude_outside_scope",
            "in_beoordeling",
            "buiten_scope",
            None,
        )),
        3 => {
            let mut s = step(
                at,
                "conclude_security_risk",
                "in_beoordeling",
                "veiligheidsrisico",
                None,
            );
            s.decision = Some(DecisionPlan {
                kind: "security_risk",
                meeting: m,
                reason: Some(rng.pick(SECURITY_REASONS)),
            });
            steps.push(s);
        }
        _ => {
            let mut s = step(at, "close", "in_beoordeling", "afgesloten", None);
            s.decision = Some(DecisionPlan {
                kind: "close",
                meeting: m,
                reason: None,
            });
            steps.push(s);
        }
    }
}

/// Sessions whose audit entries add up to `budget` exactly.
fn plan_sessions(seed: u64, t: u32, budget: u64, roles: &Roles) -> Vec<SessionPlan> {
    let mut rng = Rng::new(seed, &[S_SESSIONS, u64::from(t)]);
    let mut out = Vec::new();
    let mut left = budget;
    while left > 0 {
        let account = [
            roles.expert,
            roles.police,
            roles.caw,
            roles.clb,
            roles.vdab,
            roles.justice,
            roles.youth,
            roles.steering,
            roles.reference,
            roles.dpo,
            roles.admin,
        ][rng.weighted(&[45, 8, 5, 5, 3, 3, 2, 5, 14, 5, 5])];
        let choices: &[View] = if account == roles.expert {
            &[
                View::CaseList,
                View::Case,
                View::Case,
                View::ContactList,
                View::SignalList,
                View::SignalTrends,
            ]
        } else if account == roles.steering {
            &[View::Report]
        } else if account == roles.reference {
            &[View::SignalList]
        } else if account == roles.dpo {
            &[View::AuditTrail]
        } else if account == roles.admin {
            &[]
        } else if account == roles.youth {
            &[View::CaseList]
        } else {
            &[View::CaseList, View::Case]
        };
        let views: Vec<View> = if choices.is_empty() {
            Vec::new()
        } else {
            let n = if account == roles.expert {
                rng.range(2, 9)
            } else {
                rng.range(1, 4)
            };
            (0..n).map(|_| rng.pick(choices)).collect()
        };
        let full = 2 + views.len() as u64;
        let entries = full.min(left);
        left -= entries;
        out.push(SessionPlan {
            account,
            views,
            entries: entries as u32,
        });
    }
    out
}

// ---------------------------------------------------------------------- run

/// A fictional LIVC-R while its history is written.
struct LiveTenant {
    id: TenantId,
    slug: String,
    place: String,
    /// The demo accounts, in [`DEMO_ACCOUNTS`] order.
    accounts: Vec<user::UserRow>,
    table_body: String,
    /// Per body: (seat id, holder account) in [`Roles::holders`] order.
    table_seats: Vec<(String, usize)>,
    steering_seats: Vec<(String, usize)>,
    steering_body: String,
    districts_ok: bool,
    meetings: BTreeMap<u32, meeting::MeetingRow>,
    /// Case ids active when a held meeting started, and decided at it.
    agenda: BTreeMap<u32, Vec<String>>,
    cases: Vec<Option<CaseRow>>,
    /// Cases referred so far, in order (indices).
    referred: Vec<u32>,
    public_contacts: BTreeMap<u32, ContactRow>,
    contacts_so_far: u64,
    signals_so_far: u64,
    reference_signals: u64,
}

impl LiveTenant {
    fn account(&self, i: usize) -> StoreResult<&user::UserRow> {
        self.accounts
            .get(i)
            .ok_or_else(|| StoreError::Invalid("demo account missing".into()))
    }

    fn entry(&self, action: AuditAction, actor: usize) -> StoreResult<NewEntry> {
        let a = self.account(actor)?;
        Ok(NewEntry::new(action, "ok")
            .tenant(&self.id)
            .actor(&a.id, &a.organisation_id))
    }

    fn active_cases(&self) -> impl Iterator<Item = &CaseRow> {
        self.cases.iter().flatten().filter(|c| {
            matches!(
                c.state.as_str(),
                "geagendeerd" | "in_beoordeling" | "onvoldoende_informatie" | "socio_preventief"
            )
        })
    }
}

struct Live<'a> {
    plan: &'a Plan,
    sn: &'a Profile,
    slugs: BTreeMap<String, String>,
    keyring: &'a MasterKeyring,
    password_phc: &'a str,
    code_prefix: &'a dyn Fn(&str) -> String,
    tenants: Vec<Option<LiveTenant>>,
    /// Audit entries not yet appended (the current transaction's).
    pending: Vec<(i64, NewEntry)>,
}

impl<'a> Live<'a> {
    fn new(
        plan: &'a Plan,
        sn: &'a Profile,
        keyring: &'a MasterKeyring,
        password_phc: &'a str,
        code_prefix: &'a dyn Fn(&str) -> String,
    ) -> StoreResult<Live<'a>> {
        Ok(Live {
            plan,
            sn,
            slugs: fictional_slugs(sn),
            keyring,
            password_phc,
            code_prefix,
            tenants: plan.tenants.iter().map(|_| None).collect(),
            pending: Vec::new(),
        })
    }

    fn tenant(&mut self, t: u32) -> StoreResult<&mut LiveTenant> {
        self.tenants
            .get_mut(t as usize)
            .and_then(Option::as_mut)
            .ok_or_else(|| StoreError::Invalid(format!("fictional LIVC-R {t} not set up")))
    }

    fn audit(&mut self, at: i64, e: NewEntry) {
        self.pending.push((at, e));
    }

    /// Appends the pending entries, in time order (an event's entries may
    /// run past the next event's start, as requests do).
    fn flush(&mut self, c: &mut DbConn) -> StoreResult<()> {
        let mut batch = std::mem::take(&mut self.pending);
        batch.sort_by_key(|(at, _)| *at);
        audit::append_batch(c, batch)?;
        Ok(())
    }

    fn run(&mut self, c: &mut DbConn, e: &Event) -> StoreResult<()> {
        match e.ev {
            Ev::Setup { t } => self.setup(c, t, e.at),
            Ev::Meeting { t, m, phase } => self.meeting(c, t, m, phase, e.at),
            Ev::Referral { t, c: k } => self.referral(c, t, k),
            Ev::Ltf { t, c: k } => self.ltf(c, t, k),
            Ev::Step { t, c: k, s } => self.step(c, t, k, s),
            Ev::Contact { t, i } => self.contact(c, t, i),
            Ev::ContactHandled { t, i } => self.contact_handled(c, t, i, e.at),
            Ev::Signal { t, i } => self.signal(c, t, i),
            Ev::Session { t, s } => self.session(t, s, e.at),
            Ev::Housekeeping => {
                // The real function appends its own entries: those before
                // it go first.
                self.flush(c)?;
                contact::shred_handled_before(c, retention_cutoff_ms(e.at), e.at)?;
                Ok(())
            }
        }
    }

    fn setup(&mut self, c: &mut DbConn, t: u32, at: i64) -> StoreResult<()> {
        self.flush(c)?;
        let tp = &self.plan.tenants[t as usize];
        let n = tp.n;
        let p = fictional_profile(self.sn, n, &self.slugs)?;
        let suffix = format!("-{n:03}");
        let number = format!("{n:03}");
        let slugs = &self.slugs;
        let organisation = |s: &str| slugs.get(s).cloned().unwrap_or_else(|| s.to_owned());
        let id = super::load_demo_tenant(
            c,
            self.keyring,
            self.password_phc,
            &p,
            &AccountNaming {
                username_suffix: &suffix,
                name_suffix: &number,
                organisation: &organisation,
            },
            at,
        )?;
        let mut accounts = Vec::with_capacity(DEMO_ACCOUNTS.len());
        for a in DEMO_ACCOUNTS {
            accounts.push(
                user::find_by_username(c, &format!("{}{suffix}", a.username))?
                    .ok_or(StoreError::NotFound)?,
            );
        }
        let body_of = |c: &mut DbConn, slug: &str| -> StoreResult<body::Body> {
            body::find_by_slug(c, &id, slug)?
                .ok_or_else(|| StoreError::Invalid(format!("fictional profile has no {slug}")))
        };
        let table = body_of(c, "partnertafel")?;
        let steering = body_of(c, "stuurgroep")?;
        let seats_of = |c: &mut DbConn, b: &body::Body| -> StoreResult<Vec<(String, usize)>> {
            let seats = body::seats(c, &id, &verbind_domain::BodyId::from_db(b.id.clone()))?;
            let mut out = Vec::new();
            for holder in Roles::holders(&b.slug) {
                let user_id = &accounts[holder].id;
                let seat = seats
                    .iter()
                    .find(|s| s.holder_user_id.as_deref() == Some(user_id.as_str()))
                    .ok_or_else(|| StoreError::Invalid("demo seat holder missing".into()))?;
                out.push((seat.id.clone(), holder));
            }
            Ok(out)
        };
        let table_seats = seats_of(c, &table)?;
        let steering_seats = seats_of(c, &steering)?;
        let districts_ok = crate::models::tenant::districts(c, &id)?.len() == DISTRICTS.len();
        self.tenants[t as usize] = Some(LiveTenant {
            slug: p.tenant.slug.clone(),
            place: format!("Fictiefdorp {n:03}"),
            id,
            accounts,
            table_body: table.id,
            table_seats,
            steering_seats,
            steering_body: steering.id,
            districts_ok,
            meetings: BTreeMap::new(),
            agenda: BTreeMap::new(),
            cases: vec![None; tp.cases.len()],
            referred: Vec::new(),
            public_contacts: BTreeMap::new(),
            contacts_so_far: 0,
            signals_so_far: 0,
            reference_signals: 0,
        });
        Ok(())
    }

    fn meeting(
        &mut self,
        c: &mut DbConn,
        t: u32,
        m: u32,
        phase: MeetingPhase,
        at: i64,
    ) -> StoreResult<()> {
        let mp = &self.plan.tenants[t as usize].meetings[m as usize];
        let expert = self.plan.roles.expert;
        let lt = self.tenant(t)?;
        let (body_id, body_slug, seats) = match mp.body {
            BodyKind::Table => (
                lt.table_body.clone(),
                "partnertafel",
                lt.table_seats.clone(),
            ),
            BodyKind::Steering => (
                lt.steering_body.clone(),
                "stuurgroep",
                lt.steering_seats.clone(),
            ),
        };
        let mut entries = Vec::new();
        match phase {
            MeetingPhase::Plan => {
                let place = match mp.body {
                    BodyKind::Table => format!("Gemeentehuis {}, zaal 2 (demo)", lt.place),
                    BodyKind::Steering => {
                        format!("Gemeentehuis {}, schepenzaal (demo)", lt.place)
                    }
                };
                let row = meeting::create(
                    c,
                    &meeting::NewMeeting {
                        tenant_id: &lt.id,
                        body_id: &body_id,
                        starts_at: mp.starts_at,
                        ends_at: mp.ends_at,
                        place: &place,
                        kind: "planned",
                        requested_by_user_id: None,
                        planned_by_user_id: &lt.account(expert)?.id,
                    },
                    at,
                )?;
                entries.push(
                    lt.entry(AuditAction::MeetingPlanned, expert)?
                        .object("meeting", &row.id)
                        .detail(format!(
                            "body={body_slug} kind=planned starts_at={}",
                            mp.starts_at
                        )),
                );
                lt.meetings.insert(m, row);
            }
            MeetingPhase::Start => {
                let row = lt.meetings.get(&m).cloned().ok_or(StoreError::NotFound)?;
                let by = lt.account(expert)?.id.clone();
                for ((seat, _), presence) in seats.iter().zip(&mp.presence) {
                    meeting::record_attendance(c, &row, seat, presence, &by, at)?;
                }
                let count = |p: &str| mp.presence.iter().filter(|x| **x == p).count();
                entries.push(
                    lt.entry(AuditAction::MeetingAttendanceRecorded, expert)?
                        .object("meeting", &row.id)
                        .detail(format!(
                            "present={} excused={} absent={}",
                            count("present"),
                            count("excused"),
                            count("absent")
                        )),
                );
                for ((_, holder), presence) in seats.iter().zip(&mp.presence) {
                    if *presence != "present" {
                        continue;
                    }
                    let u = lt.account(*holder)?;
                    meeting::acknowledge(c, &row, &u.id, &u.organisation_id, at + MINUTE)?;
                    entries.push(
                        lt.entry(AuditAction::MeetingConfidentialityAcknowledged, *holder)?
                            .object("meeting", &row.id),
                    );
                }
                if mp.body == BodyKind::Table {
                    let active: Vec<String> = lt.active_cases().map(|c| c.id.clone()).collect();
                    lt.agenda.insert(m, active);
                }
            }
            MeetingPhase::End => {
                let row = lt.meetings.get(&m).cloned().ok_or(StoreError::NotFound)?;
                if let Some(mut ids) = lt.agenda.remove(&m) {
                    ids.sort();
                    ids.dedup();
                    meeting::freeze_agenda(c, &row, &ids)?;
                }
                meeting::set_status(c, &lt.id, &row.id, "planned", "held", at)?;
                entries.push(
                    lt.entry(AuditAction::MeetingHeld, expert)?
                        .object("meeting", &row.id)
                        .detail(format!("body={body_slug}")),
                );
            }
        }
        for (k, e) in entries.into_iter().enumerate() {
            self.audit(at + k as i64, e);
        }
        Ok(())
    }

    fn referral(&mut self, c: &mut DbConn, t: u32, k: u32) -> StoreResult<()> {
        let cp = &self.plan.tenants[t as usize].cases[k as usize];
        let n = self.plan.tenants[t as usize].n;
        let code_prefix = self.code_prefix;
        let keyring = self.keyring;
        let lt = self.tenant(t)?;
        let referrer = lt.account(cp.referrer)?.clone();
        let identity = Identity {
            name: format!("Fictief Persoon {n:03}-{:04} (demo)", cp.person),
            date_of_birth: Some(cp.date_of_birth.clone()),
            address: Some(format!(
                "Fictieve straat {}, {} (demo)",
                cp.address, lt.place
            )),
            national_number: None,
        };
        let year = Date::from_unix_ms_utc(cp.referred_at)
            .map(|d| i32::from(d.year()))
            .ok_or_else(|| StoreError::Invalid("demo date out of range".into()))?;
        let row = case::create(
            c,
            keyring,
            &NewCase {
                tenant_id: &lt.id,
                body_id: &lt.table_body,
                code_prefix: &code_prefix(&lt.slug),
                year,
                state: "aangemeld",
                target_group: cp.target_group,
                minor_at_referral: cp.minor,
                protective_measure: cp.minor && cp.target_group.contains('b'),
                lives_in_area: cp.lives_in_area,
                socially_active_in_area: cp.socially_active,
                referral_source: cp.source,
                referred_by_user_id: Some(&referrer.id),
                referred_by_org_id: Some(&referrer.organisation_id),
                reason: cp.reason,
                ltf_status: "pending",
                identity: &identity,
            },
            cp.referred_at,
        )?;
        let e = lt
            .entry(AuditAction::CaseReferred, cp.referrer)?
            .object("case", &row.id)
            .detail(format!("source={}", cp.source));
        lt.cases[k as usize] = Some(row);
        lt.referred.push(k);
        self.audit(cp.referred_at, e);
        Ok(())
    }

    fn case_row(lt: &LiveTenant, k: u32) -> StoreResult<CaseRow> {
        lt.cases
            .get(k as usize)
            .cloned()
            .flatten()
            .ok_or(StoreError::NotFound)
    }

    fn ltf(&mut self, c: &mut DbConn, t: u32, k: u32) -> StoreResult<()> {
        let cp = &self.plan.tenants[t as usize].cases[k as usize];
        let Some((at, status)) = cp.ltf else {
            return Ok(());
        };
        let police = self.plan.roles.police;
        let lt = self.tenant(t)?;
        let row = Self::case_row(lt, k)?;
        let by = lt.account(police)?.id.clone();
        case::record_ltf(c, &lt.id, &row.id, status, &by, at)?;
        if let Some(Some(r)) = lt.cases.get_mut(k as usize) {
            r.ltf_status = status.to_owned();
            r.ltf_recorded_by = Some(by);
            r.ltf_recorded_at = Some(at);
            r.updated_at = at;
        }
        let e = lt
            .entry(AuditAction::LtfRecorded, police)?
            .object("case", &row.id)
            .detail(format!("ltf={status}"));
        self.audit(at, e);
        Ok(())
    }

    fn step(&mut self, c: &mut DbConn, t: u32, k: u32, s: u32) -> StoreResult<()> {
        let tp = &self.plan.tenants[t as usize];
        let sp = &tp.cases[k as usize].steps[s as usize];
        let expert = self.plan.roles.expert;
        let keyring = self.keyring;
        let lt = self.tenant(t)?;
        let row = Self::case_row(lt, k)?;
        let actor = lt.account(expert)?.clone();
        let mut entries: Vec<NewEntry> = Vec::new();
        if let Some(d) = &sp.decision {
            let mp = &tp.meetings[d.meeting as usize];
            let meeting = lt
                .meetings
                .get(&d.meeting)
                .cloned()
                .ok_or(StoreError::NotFound)?;
            // The organisations present, each with the holder who votes.
            let mut present: Vec<(String, String, usize)> = Vec::new();
            for ((_, holder), presence) in lt.table_seats.iter().zip(&mp.presence) {
                let u = lt.account(*holder)?;
                if *presence == "present" && !present.iter().any(|p| p.0 == u.organisation_id) {
                    present.push((u.organisation_id.clone(), u.id.clone(), *holder));
                }
            }
            let orgs: Vec<String> = present.iter().map(|p| p.0.clone()).collect();
            let dec = decision::propose(
                c,
                keyring,
                &row,
                &decision::Proposal {
                    kind: d.kind,
                    meeting_id: &meeting.id,
                    present: &orgs,
                    reason: d.reason,
                    by_user: &actor.id,
                },
                sp.at,
            )?;
            entries.push(
                lt.entry(AuditAction::CaseDecisionProposed, expert)?
                    .object("case", &row.id)
                    .detail(format!(
                        "decision={} kind={} meeting={} present={}",
                        dec.id,
                        d.kind,
                        meeting.id,
                        orgs.len()
                    )),
            );
            for (i, (org, holder_id, holder)) in present.iter().enumerate() {
                decision::cast(c, &dec, org, holder_id, "agree", sp.at + 1 + i as i64)?;
                entries.push(
                    lt.entry(AuditAction::CaseVoteCast, *holder)?
                        .object("case", &row.id)
                        .detail(format!("decision={} kind={} vote=agree", dec.id, d.kind)),
                );
            }
            decision::mark_adopted(c, &dec, sp.at + 1 + present.len() as i64)?;
            lt.agenda.entry(d.meeting).or_default().push(row.id.clone());
        }
        let at = sp.at + 1 + entries.len() as i64;
        case::apply_move(
            c,
            keyring,
            &row,
            &Move {
                from: sp.from,
                to: sp.to,
                transition: sp.transition,
                actor_user_id: &actor.id,
                actor_org_id: &actor.organisation_id,
                note: sp.note,
            },
            at,
        )?;
        if let Some(Some(r)) = lt.cases.get_mut(k as usize) {
            r.state = sp.to.to_owned();
            r.updated_at = at;
            if matches!(sp.to, "afgesloten" | "overgedragen") {
                r.closed_at = Some(at);
            }
        }
        entries.push(
            lt.entry(AuditAction::CaseTransitioned, expert)?
                .object("case", &row.id)
                .detail(format!(
                    "transition={} from={} to={}",
                    sp.transition, sp.from, sp.to
                )),
        );
        let first = sp.at;
        for (i, e) in entries.into_iter().enumerate() {
            self.audit(first + i as i64, e);
        }
        Ok(())
    }

    fn contact(&mut self, c: &mut DbConn, t: u32, i: u32) -> StoreResult<()> {
        let cp = contact_plan(self.plan.seed, t, i, &self.plan.window);
        let n = self.plan.tenants[t as usize].n;
        let expert = self.plan.roles.expert;
        let keyring = self.keyring;
        let lt = self.tenant(t)?;
        let public = cp.channel == "public_form";
        let text = ContactText {
            message: cp.message.to_owned(),
            name: cp
                .name
                .then(|| format!("Fictieve Aanvrager {n:03}-{i} (demo)")),
            email: cp
                .email
                .then(|| format!("aanvrager.{n:03}.{i}@voorbeeld.invalid")),
            phone: None,
            notes: cp.note.map(str::to_owned),
        };
        let expert_id = lt.account(expert)?.id.clone();
        // The expert's entries carry the classification; the public form
        // leaves it to the expert (a kind and the requester only).
        let (themes, actions) = match (public, cp.status) {
            (true, _) => ("", ""),
            (false, "handled") => (cp.themes.as_str(), cp.actions.as_str()),
            (false, _) => (cp.themes.as_str(), ""),
        };
        let row = contact::create(
            c,
            keyring,
            &NewContact {
                tenant_id: &lt.id,
                contact_on: &iso(cp.at)?,
                channel: cp.channel,
                requester_kind: Some(cp.requester),
                request_kind: cp.kind,
                themes,
                actions,
                follow_up_on: None,
                status: cp.status,
                consent_livc: cp.consent,
                preferred_contact: cp.email.then_some("email"),
                text: &text,
                created_by_user_id: (!public).then_some(expert_id.as_str()),
            },
            cp.at,
        )?;
        let e = if public {
            NewEntry::new(AuditAction::ContactPointReceived, "ok")
                .tenant(&lt.id)
                .object("contact", &row.id)
                .detail(format!("kind={}", cp.kind))
        } else {
            lt.entry(AuditAction::ContactRegistered, expert)?
                .object("contact", &row.id)
                .detail(format!("channel={}", cp.channel))
        };
        lt.contacts_so_far += 1;
        if public && cp.handled_at.is_some() {
            lt.public_contacts.insert(i, row);
        }
        self.audit(cp.at, e);
        Ok(())
    }

    fn contact_handled(&mut self, c: &mut DbConn, t: u32, i: u32, at: i64) -> StoreResult<()> {
        let cp = contact_plan(self.plan.seed, t, i, &self.plan.window);
        let expert = self.plan.roles.expert;
        let keyring = self.keyring;
        let lt = self.tenant(t)?;
        let row = lt.public_contacts.remove(&i).ok_or(StoreError::NotFound)?;
        contact::classify(
            c,
            keyring,
            &row,
            &contact::Classification {
                requester_kind: Some(cp.requester),
                request_kind: cp.kind,
                themes: &cp.themes,
                actions: &cp.actions,
                follow_up_on: None,
                status: "handled",
                notes: Some(CONTACT_NOTES[1]),
                keep_notes: false,
            },
            at,
        )?;
        let e = lt
            .entry(AuditAction::ContactUpdated, expert)?
            .object("contact", &row.id)
            .detail("status=handled");
        self.audit(at, e);
        Ok(())
    }

    fn signal(&mut self, c: &mut DbConn, t: u32, i: u32) -> StoreResult<()> {
        let sp = signal_plan(self.plan.seed, t, i, &self.plan.window, &self.plan.roles);
        let reference = self.plan.roles.reference;
        let keyring = self.keyring;
        let lt = self.tenant(t)?;
        let author = lt.account(sp.author)?.clone();
        let district = sp.district.filter(|_| lt.districts_ok);
        let row = signal::create(
            c,
            keyring,
            &NewSignal {
                tenant_id: &lt.id,
                source: sp.source,
                theme: sp.theme,
                life_domain: sp.life_domain,
                district_slug: district,
                observed_on: &iso(sp.observed_on)?,
                severity: sp.severity,
                description: sp.description,
                author_user_id: &author.id,
                author_org_id: &author.organisation_id,
            },
            sp.at,
        )?;
        let e = lt
            .entry(AuditAction::SignalSubmitted, sp.author)?
            .object("signal", &row.id)
            .detail(format!("source={} theme={}", sp.source, sp.theme));
        lt.signals_so_far += 1;
        if sp.author == reference {
            lt.reference_signals += 1;
        }
        self.audit(sp.at, e);
        Ok(())
    }

    /// A session: login, reading, logout; entries 40 seconds apart. Only
    /// the audit trail records reading, so nothing else is written.
    fn session(&mut self, t: u32, s: u32, at: i64) -> StoreResult<()> {
        let sp = &self.plan.tenants[t as usize].sessions[s as usize];
        let seed = self.plan.seed;
        let roles = self.plan.roles;
        let lt = self.tenant(t)?;
        let mut rng = Rng::new(seed, &[S_SESSIONS, u64::from(t), u64::from(s), 1]);
        let year = Date::from_unix_ms_utc(at).map_or(0, |d| d.year());
        let mut entries = vec![
            lt.entry(AuditAction::LoginSucceeded, sp.account)?
                .detail("password"),
        ];
        let expert = sp.account == roles.expert;
        for v in &sp.views {
            let e = match v {
                View::Case => {
                    // The expert opens any case; a partner one at the table.
                    let pick = if expert {
                        let n = lt.referred.len() as u64;
                        (n > 0)
                            .then(|| lt.referred[rng.below(n) as usize])
                            .and_then(|k| lt.cases[k as usize].as_ref())
                    } else {
                        let active: Vec<&CaseRow> = lt.active_cases().collect();
                        let n = active.len() as u64;
                        (n > 0).then(|| active[rng.below(n) as usize])
                    };
                    match pick {
                        Some(row) => lt
                            .entry(AuditAction::CaseViewed, sp.account)?
                            .object("case", &row.id),
                        None => case_list(lt, sp.account, expert)?,
                    }
                }
                View::CaseList => case_list(lt, sp.account, expert)?,
                View::ContactList => lt
                    .entry(AuditAction::ContactListViewed, sp.account)?
                    .detail(format!(
                        "contacts={} searched=false",
                        lt.contacts_so_far.min(250)
                    )),
                View::SignalList => {
                    let (n, scope) = if expert {
                        (lt.signals_so_far, "all")
                    } else {
                        (lt.reference_signals, "own")
                    };
                    lt.entry(AuditAction::SignalListViewed, sp.account)?
                        .detail(format!("signals={} scope={scope}", n.min(250)))
                }
                View::SignalTrends => lt
                    .entry(AuditAction::SignalTrendsViewed, sp.account)?
                    .detail("months=12"),
                View::Report => lt
                    .entry(AuditAction::ReportGenerated, sp.account)?
                    .detail(format!("report=stuurgroep period={year} format=page k=5")),
                View::AuditTrail => lt
                    .entry(AuditAction::AuditTrailRead, sp.account)?
                    .detail("view=list;rows=50"),
            };
            entries.push(e);
        }
        entries.push(lt.entry(AuditAction::Logout, sp.account)?);
        entries.truncate(sp.entries as usize);
        for (k, e) in entries.into_iter().enumerate() {
            self.audit(at + 40_000 * k as i64, e);
        }
        Ok(())
    }
}

/// The case list as its reader sees it: every case for the expert, the
/// cases at the table for a partner.
fn case_list(lt: &LiveTenant, account: usize, expert: bool) -> StoreResult<NewEntry> {
    let n = if expert {
        lt.referred.len()
    } else {
        lt.active_cases().count()
    };
    Ok(lt
        .entry(AuditAction::CaseListViewed, account)?
        .detail(format!("cases={n}")))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_generator_is_fixed() {
        // SplitMix64 from 0: the published reference values.
        let mut r = Rng(0);
        assert_eq!(r.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(r.next_u64(), 0x6e78_9e6a_a1b9_65f4);
        let mut a = Rng::new(7, &[1, 2]);
        let mut b = Rng::new(7, &[1, 2]);
        let mut c = Rng::new(7, &[2, 1]);
        let (x, y, z) = (a.next_u64(), b.next_u64(), c.next_u64());
        assert_eq!(x, y);
        assert_ne!(x, z);
    }

    #[test]
    fn allocation_is_exact_and_proportional() {
        let v = allocate(1000, &[1.0, 2.0, 1.0]);
        assert_eq!(v.iter().sum::<u64>(), 1000);
        assert_eq!(v, vec![250, 500, 250]);
        assert_eq!(allocate(7, &[1.0, 1.0, 1.0]).iter().sum::<u64>(), 7);
        assert_eq!(allocate(5, &[]), Vec::<u64>::new());
    }

    #[test]
    fn weekdays_and_office_hours() {
        // 2026-11-30 is a Monday.
        let monday = Date::new(2026, 11, 30).unwrap().to_unix_days() * DAY;
        assert_eq!(weekday(monday), 0);
        let mut rng = Rng::new(1, &[]);
        for d in 0..14 {
            let at = office_on(&mut rng, monday + d * DAY);
            assert!(weekday(at) < 5);
            let hour = at.rem_euclid(DAY) / HOUR;
            assert!((7..16).contains(&hour), "{hour}");
        }
    }

    #[test]
    fn fictional_profiles_are_valid_and_fictional() {
        let sn = verbind_domain::profile::parse_profile(SINT_NIKLAAS_PROFILE).unwrap();
        let slugs = fictional_slugs(&sn);
        let p = fictional_profile(&sn, 17, &slugs).unwrap();
        assert_eq!(p.tenant.slug, "fictiefdorp-017");
        assert_eq!(p.tenant.name, "LIVC-R Fictiefdorp 017 (demo)");
        assert_eq!(p.municipalities[0].nis_code, "00017");
        let text = toml::to_string(&p).unwrap();
        for real in [
            "Sint-Niklaas",
            "Waasland",
            "Dendermonde",
            "Da Vinci",
            "Newton",
        ] {
            assert!(
                !text.contains(real),
                "{real} in the fictional profile:\n{text}"
            );
        }
        for o in &p.organisations {
            assert!(o.name.ends_with("(demo)"), "{}", o.name);
        }
    }
}
