//! Municipality profile: the data that makes Verbind fit one municipality (or a
//! group of municipalities sharing one LIVC-R).
//!
//! A profile is a TOML document (see `profiles/sint-niklaas.toml` and
//! `profiles/voorbeeldstad.toml`): the tenant, its municipalities and districts,
//! the partner organisations, the bodies (Stuurgroep, Partnertafel, Werkgroep,
//! Netwerk) with their seats, the secondary schools and the measures of the
//! action plan. Adopting Verbind elsewhere means writing another file, not
//! changing code.
//!
//! This module is pure: [`parse_profile`] takes the text, never a path. It
//! parses strictly (unknown keys are errors, so typos do not pass silently)
//! and then validates the references between the sections, reporting every
//! problem it finds with the offending slug and, where it can tell, the line.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

/// Locales a profile may choose as its default (Dutch first, then French and
/// English, as the platform speaks them).
pub const SUPPORTED_LOCALES: &[&str] = &["nl-BE", "fr-BE", "en"];

/// The chapter of the action plan for prevention measures.
pub const CHAPTER_PREVENTIE: &str = "preventie";
/// The chapter of the action plan for care and follow-up (the LIVC-R).
pub const CHAPTER_CURATIE: &str = "curatie";

/// Longest slug accepted.
pub const MAX_SLUG_LEN: usize = 64;
/// Longest measure code accepted.
pub const MAX_MEASURE_CODE_LEN: usize = 16;

/// A whole municipality profile.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub tenant: TenantProfile,
    pub municipalities: Vec<Municipality>,
    #[serde(default)]
    pub districts: Vec<District>,
    pub organisations: Vec<OrganisationProfile>,
    pub bodies: Vec<BodyProfile>,
    #[serde(default)]
    pub seats: Vec<SeatProfile>,
    #[serde(default)]
    pub schools: Vec<SchoolProfile>,
    #[serde(default)]
    pub measures: Vec<MeasureProfile>,
}

/// The tenant: one LIVC-R running Verbind.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TenantProfile {
    /// Stable identifier, e.g. `sint-niklaas`.
    pub slug: String,
    /// Display name, e.g. "LIVC-R Sint-Niklaas".
    pub name: String,
    /// One of [`SUPPORTED_LOCALES`], e.g. "nl-BE".
    pub default_locale: String,
    /// How to reach the data protection officer (functionaris voor
    /// gegevensbescherming): named in the public privacy notice (GDPR art.
    /// 13.1.b). One line, at most 300 characters.
    #[serde(default)]
    pub privacy_contact: Option<String>,
}

/// A municipality served by the tenant (a LIVC-R may serve several).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    pub name: String,
    /// The five-digit NIS code (Statbel), e.g. "46021" for Sint-Niklaas.
    pub nis_code: String,
}

/// A district (deelgemeente, wijk) of a municipality.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct District {
    pub slug: String,
    pub name: String,
    /// NIS code of the municipality it belongs to.
    pub municipality: String,
}

/// A partner organisation (or a city service) that can hold seats, own
/// measures or be the home of a school.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct OrganisationProfile {
    pub slug: String,
    pub name: String,
    pub kind: OrganisationKind,
}

/// What kind of organisation a partner is.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    CityService,
    Police,
    Welfare,
    Education,
    Justice,
    Employment,
    Prosecutor,
    CivilSociety,
    Youth,
    School,
    Other,
}

impl OrganisationKind {
    /// Every kind, in declaration order.
    pub const ALL: [OrganisationKind; 11] = [
        OrganisationKind::CityService,
        OrganisationKind::Police,
        OrganisationKind::Welfare,
        OrganisationKind::Education,
        OrganisationKind::Justice,
        OrganisationKind::Employment,
        OrganisationKind::Prosecutor,
        OrganisationKind::CivilSociety,
        OrganisationKind::Youth,
        OrganisationKind::School,
        OrganisationKind::Other,
    ];

    /// The TOML spelling, e.g. `city_service`.
    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationKind::CityService => "city_service",
            OrganisationKind::Police => "police",
            OrganisationKind::Welfare => "welfare",
            OrganisationKind::Education => "education",
            OrganisationKind::Justice => "justice",
            OrganisationKind::Employment => "employment",
            OrganisationKind::Prosecutor => "prosecutor",
            OrganisationKind::CivilSociety => "civil_society",
            OrganisationKind::Youth => "youth",
            OrganisationKind::School => "school",
            OrganisationKind::Other => "other",
        }
    }
}

impl fmt::Display for OrganisationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A body of the LIVC-R or of the prevention programme.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct BodyProfile {
    pub slug: String,
    pub name: String,
    pub kind: BodyKind,
    /// Minimum number of meetings a year (Stuurgroep 2, Partnertafel 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_meetings_per_year: Option<u32>,
    /// Whether any member can have the body convened ad hoc.
    #[serde(default)]
    pub ad_hoc_on_member_request: bool,
}

/// The kinds of body the plan knows.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// Strategic level of the LIVC-R.
    Stuurgroep,
    /// Operational level of the LIVC-R: the case consultation.
    Partnertafel,
    /// A working group (e.g. werkgroep polarisering).
    Werkgroep,
    /// A network (e.g. netwerk referentiepersonen).
    Netwerk,
}

impl BodyKind {
    /// Every kind, in declaration order.
    pub const ALL: [BodyKind; 4] = [
        BodyKind::Stuurgroep,
        BodyKind::Partnertafel,
        BodyKind::Werkgroep,
        BodyKind::Netwerk,
    ];

    /// The TOML spelling, e.g. `partnertafel`.
    pub fn as_str(self) -> &'static str {
        match self {
            BodyKind::Stuurgroep => "stuurgroep",
            BodyKind::Partnertafel => "partnertafel",
            BodyKind::Werkgroep => "werkgroep",
            BodyKind::Netwerk => "netwerk",
        }
    }
}

impl fmt::Display for BodyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A seat in a body, held on behalf of an organisation.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SeatProfile {
    /// Slug of the body.
    pub body: String,
    /// Slug of the seat, unique across the whole profile.
    pub slug: String,
    pub title: String,
    /// Slug of the organisation the seat is held for.
    pub organisation: String,
    /// "Eventueel aangevuld met": a seat filled only when needed.
    #[serde(default)]
    pub optional: bool,
}

/// A (secondary) school in the territory.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SchoolProfile {
    pub slug: String,
    pub name: String,
    /// Educational network, e.g. "GO!" or "Katholiek Onderwijs Vlaanderen".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Slug of the district the school is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// Slug of the organisation (of kind `school`) that represents it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Whether the school has a second grade (target of the resilience workshops).
    #[serde(default)]
    pub has_second_grade: bool,
    /// Whether the school was in the first wave of workshops (spring 2022).
    #[serde(default)]
    pub first_wave_2022: bool,
}

/// A measure of the action plan.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MeasureProfile {
    /// Code, e.g. "P1", "P3.2", "C2". A dotted code needs its parent ("P3").
    pub code: String,
    pub title: String,
    /// [`CHAPTER_PREVENTIE`] or [`CHAPTER_CURATIE`].
    pub chapter: String,
    /// Slug of the organisation that carries the measure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Slug of the body through which the measure runs, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Slugs of partner organisations that carry it out with the owner.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<String>,
    /// A short description, for help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl MeasureProfile {
    /// The code of the parent measure ("P3" for "P3.2"), if the code is dotted.
    pub fn parent_code(&self) -> Option<&str> {
        self.code.rsplit_once('.').map(|(parent, _)| parent)
    }
}

impl Profile {
    /// The organisation with this slug.
    pub fn organisation(&self, slug: &str) -> Option<&OrganisationProfile> {
        self.organisations.iter().find(|o| o.slug == slug)
    }

    /// The body with this slug.
    pub fn body(&self, slug: &str) -> Option<&BodyProfile> {
        self.bodies.iter().find(|b| b.slug == slug)
    }

    /// The bodies of one kind, in profile order.
    pub fn bodies_of_kind(&self, kind: BodyKind) -> impl Iterator<Item = &BodyProfile> {
        self.bodies.iter().filter(move |b| b.kind == kind)
    }

    /// The seats of one body, in profile order.
    pub fn seats_of<'a>(&'a self, body: &'a str) -> impl Iterator<Item = &'a SeatProfile> {
        self.seats.iter().filter(move |s| s.body == body)
    }

    /// The seat with this slug.
    pub fn seat(&self, slug: &str) -> Option<&SeatProfile> {
        self.seats.iter().find(|s| s.slug == slug)
    }

    /// The district with this slug.
    pub fn district(&self, slug: &str) -> Option<&District> {
        self.districts.iter().find(|d| d.slug == slug)
    }

    /// The school with this slug.
    pub fn school(&self, slug: &str) -> Option<&SchoolProfile> {
        self.schools.iter().find(|s| s.slug == slug)
    }

    /// The schools of the first wave of resilience workshops (spring 2022).
    pub fn first_wave_schools(&self) -> impl Iterator<Item = &SchoolProfile> {
        self.schools.iter().filter(|s| s.first_wave_2022)
    }

    /// The measure with this code.
    pub fn measure(&self, code: &str) -> Option<&MeasureProfile> {
        self.measures.iter().find(|m| m.code == code)
    }

    /// The municipality with this NIS code.
    pub fn municipality(&self, nis_code: &str) -> Option<&Municipality> {
        self.municipalities.iter().find(|m| m.nis_code == nis_code)
    }
}

/// Why a profile was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileError {
    /// Not TOML, or TOML that does not have the profile's shape: a syntax
    /// error, an unknown key (typo), a missing key, a wrong type or an unknown
    /// kind.
    Syntax {
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column (in characters), when known.
        column: Option<usize>,
        message: String,
    },
    /// Well-formed, but inconsistent: every problem found, in file order of
    /// the sections.
    Invalid(Vec<ProfileIssue>),
}

impl ProfileError {
    /// The validation issues (empty for a syntax error).
    pub fn issues(&self) -> &[ProfileIssue] {
        match self {
            ProfileError::Syntax { .. } => &[],
            ProfileError::Invalid(issues) => issues,
        }
    }
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::Syntax {
                line,
                column,
                message,
            } => {
                f.write_str("invalid profile")?;
                match (line, column) {
                    (Some(l), Some(c)) => write!(f, " at line {l}, column {c}")?,
                    (Some(l), None) => write!(f, " at line {l}")?,
                    _ => {}
                }
                write!(f, ": {message}")
            }
            ProfileError::Invalid(issues) => {
                let n = issues.len();
                write!(
                    f,
                    "invalid profile: {n} problem{}",
                    if n == 1 { "" } else { "s" }
                )?;
                for issue in issues {
                    write!(f, "\n  - {issue}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ProfileError {}

/// One validation problem, with the line it was found on when that can be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileIssue {
    /// 1-based line of the offending key, when it could be located.
    pub line: Option<usize>,
    pub problem: Problem,
}

impl fmt::Display for ProfileIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.problem),
            None => write!(f, "{}", self.problem),
        }
    }
}

/// What is wrong. `section` names the TOML section (`seats`, `bodies`, ...),
/// `from` names the entry holding a bad reference (e.g. "seat `x`").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A slug (or NIS code, or measure code) used twice in one section.
    Duplicate {
        section: &'static str,
        key: &'static str,
        value: String,
    },
    /// A slug that is not lowercase letters, digits and single hyphens.
    InvalidSlug { section: &'static str, slug: String },
    /// A required text that is empty or only whitespace.
    EmptyField {
        section: &'static str,
        entry: String,
        field: &'static str,
    },
    /// A reference to something the profile does not define.
    UnknownReference {
        from: String,
        field: &'static str,
        target_section: &'static str,
        value: String,
    },
    /// A NIS code that is not five digits.
    InvalidNisCode {
        municipality: String,
        nis_code: String,
    },
    /// A default locale Verbind does not speak.
    UnsupportedLocale { locale: String },
    /// A measure code that is not letters/digits separated by dots.
    InvalidMeasureCode { code: String },
    /// A measure chapter other than `preventie` or `curatie`.
    InvalidChapter { code: String, chapter: String },
    /// A school linked to an organisation that is not of kind `school`.
    SchoolOrganisationNotSchool {
        school: String,
        organisation: String,
        kind: OrganisationKind,
    },
    /// `min_meetings_per_year` of 0 or more than 365.
    ImplausibleMeetingCount { body: String, count: u32 },
    /// The profile names no municipality.
    NoMunicipality,
    /// The profile has no body of kind `partnertafel`: the LIVC-R needs one.
    NoPartnertafel,
    /// The DPO's contact is empty, longer than 300 characters or spans lines.
    InvalidPrivacyContact,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Duplicate {
                section,
                key,
                value,
            } => write!(f, "duplicate {key} `{value}` in [[{section}]]"),
            Problem::InvalidSlug { section, slug } => write!(
                f,
                "invalid slug `{slug}` in [[{section}]]: use 1 to {MAX_SLUG_LEN} lowercase letters \
                 a-z, digits and single hyphens, not starting or ending with a hyphen"
            ),
            Problem::EmptyField {
                section,
                entry,
                field,
            } => write!(f, "{entry} in [{section}] has an empty `{field}`"),
            Problem::UnknownReference {
                from,
                field,
                target_section,
                value,
            } => write!(
                f,
                "{from} refers in `{field}` to `{value}`, which is not defined in [[{target_section}]]"
            ),
            Problem::InvalidNisCode {
                municipality,
                nis_code,
            } => write!(
                f,
                "municipality `{municipality}` has NIS code `{nis_code}`; a NIS code is five digits"
            ),
            Problem::UnsupportedLocale { locale } => write!(
                f,
                "default_locale `{locale}` is not supported; use one of {}",
                SUPPORTED_LOCALES.join(", ")
            ),
            Problem::InvalidMeasureCode { code } => write!(
                f,
                "invalid measure code `{code}`: use a letter followed by letters or digits, \
                 with dots between levels (e.g. `P3.2`), at most {MAX_MEASURE_CODE_LEN} characters"
            ),
            Problem::InvalidChapter { code, chapter } => write!(
                f,
                "measure `{code}` has chapter `{chapter}`; use `{CHAPTER_PREVENTIE}` or `{CHAPTER_CURATIE}`"
            ),
            Problem::SchoolOrganisationNotSchool {
                school,
                organisation,
                kind,
            } => write!(
                f,
                "school `{school}` is linked to organisation `{organisation}` of kind `{kind}`; \
                 it must be of kind `school`"
            ),
            Problem::ImplausibleMeetingCount { body, count } => write!(
                f,
                "body `{body}` has min_meetings_per_year = {count}; use 1 to 365, or leave it out"
            ),
            Problem::NoMunicipality => {
                f.write_str("the profile names no municipality; add at least one [[municipalities]]")
            }
            Problem::NoPartnertafel => f.write_str(
                "the profile has no body of kind `partnertafel`; the LIVC-R needs one to handle cases",
            ),
            Problem::InvalidPrivacyContact => f.write_str(
                "privacy_contact must be one line of at most 300 characters (how to reach the data protection officer), or left out",
            ),
        }
    }
}

/// Parses and validates a profile from TOML text.
pub fn parse_profile(text: &str) -> Result<Profile, ProfileError> {
    let profile: Profile = toml::from_str(text).map_err(|e| syntax_error(text, &e))?;
    let issues = validate(&profile, &LineFinder::new(text));
    if issues.is_empty() {
        Ok(profile)
    } else {
        Err(ProfileError::Invalid(issues))
    }
}

/// Validates an already-built profile (e.g. one assembled in code); the issues
/// carry no line numbers.
pub fn validate_profile(profile: &Profile) -> Result<(), ProfileError> {
    let issues = validate(profile, &LineFinder::new(""));
    if issues.is_empty() {
        Ok(())
    } else {
        Err(ProfileError::Invalid(issues))
    }
}

/// Whether `s` is a valid slug: 1 to [`MAX_SLUG_LEN`] characters of `a-z`,
/// `0-9` and `-`, no leading, trailing or double hyphen.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SLUG_LEN
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

fn is_valid_measure_code(s: &str) -> bool {
    s.len() <= MAX_MEASURE_CODE_LEN
        && s.split('.').enumerate().all(|(i, part)| {
            let mut bytes = part.bytes();
            match bytes.next() {
                None => false,
                Some(first) => {
                    (if i == 0 {
                        first.is_ascii_alphabetic()
                    } else {
                        first.is_ascii_alphanumeric()
                    }) && bytes.all(|b| b.is_ascii_alphanumeric())
                }
            }
        })
}

fn is_valid_nis_code(s: &str) -> bool {
    s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit())
}

fn syntax_error(text: &str, err: &toml::de::Error) -> ProfileError {
    let (line, column) = match err.span() {
        Some(span) => {
            let (l, c) = line_col(text, span.start);
            (Some(l), Some(c))
        }
        None => (None, None),
    };
    ProfileError::Syntax {
        line,
        column,
        message: err.message().trim().to_owned(),
    }
}

/// 1-based line and column (in characters) of a byte offset; offsets past the
/// end or inside a character are clamped, never a panic.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut column = 1;
    for (i, ch) in text.char_indices() {
        if i >= offset {
            break;
        }
        if ch == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

/// Puts line numbers on validation issues: finds the line of a key inside the
/// n-th `[[section]]` entry. Best effort: `None` when the layout is unusual
/// (inline tables, dotted keys), never a panic.
struct LineFinder<'a> {
    lines: Vec<Line<'a>>,
    /// Number of `[[section]]` (or `[section]`) headers seen per section.
    headers: HashMap<&'a str, usize>,
}

struct Line<'a> {
    number: usize,
    section: &'a str,
    entry: usize,
    text: &'a str,
}

impl<'a> LineFinder<'a> {
    fn new(text: &'a str) -> Self {
        let mut section = "";
        let mut entry = 0;
        let mut lines = Vec::new();
        let mut headers: HashMap<&'a str, usize> = HashMap::new();
        for (i, raw) in text.lines().enumerate() {
            let trimmed = raw.trim_start();
            let header = if let Some(rest) = trimmed.strip_prefix("[[") {
                rest.split_once("]]").map(|(name, _)| name.trim())
            } else if let Some(rest) = trimmed.strip_prefix('[') {
                rest.split_once(']').map(|(name, _)| name.trim())
            } else {
                None
            };
            if let Some(name) = header {
                let seen = headers.entry(name).or_insert(0);
                section = name;
                entry = *seen;
                *seen += 1;
            }
            lines.push(Line {
                number: i + 1,
                section,
                entry,
                text: raw,
            });
        }
        LineFinder { lines, headers }
    }

    /// Line of `key` in entry `index` of `section` (which has `len` entries),
    /// or else of the first `key = "value"` in that section, or in the text.
    fn find(
        &self,
        section: &str,
        index: usize,
        len: usize,
        key: &str,
        value: &str,
    ) -> Option<usize> {
        let by_entry = || {
            if self.headers.get(section).copied() != Some(len) {
                return None;
            }
            self.lines
                .iter()
                .filter(|l| l.section == section && l.entry == index)
                .find(|l| line_has_key(l.text, key))
                .map(|l| l.number)
        };
        let by_pair = |in_section: bool| {
            self.lines
                .iter()
                .filter(|l| !in_section || l.section == section)
                .find(|l| line_has_pair(l.text, key, value))
                .map(|l| l.number)
        };
        by_entry()
            .or_else(|| by_pair(true))
            .or_else(|| by_pair(false))
    }
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn line_has_key(line: &str, key: &str) -> bool {
    let compact = compact(line);
    compact
        .strip_prefix(key)
        .is_some_and(|rest| rest.starts_with('='))
}

fn line_has_pair(line: &str, key: &str, value: &str) -> bool {
    let value = compact(value);
    let compact = compact(line);
    [format!("{key}=\"{value}\""), format!("{key}='{value}'")]
        .iter()
        .any(|needle| {
            compact.match_indices(needle.as_str()).any(|(at, _)| {
                // The key starts the line or follows `{` or `,` (inline tables).
                compact
                    .get(..at)
                    .is_some_and(|before| before.is_empty() || before.ends_with(['{', ',']))
            })
        })
}

/// Where an entry sits: its section, its index and the section's length.
#[derive(Clone, Copy)]
struct At {
    section: &'static str,
    index: usize,
    len: usize,
}

impl At {
    fn new(section: &'static str, index: usize, len: usize) -> Self {
        At {
            section,
            index,
            len,
        }
    }
}

struct Validator<'a, 'f> {
    lines: &'f LineFinder<'a>,
    issues: Vec<ProfileIssue>,
}

impl Validator<'_, '_> {
    fn push(&mut self, at: At, key: &str, value: &str, problem: Problem) {
        let line = self.lines.find(at.section, at.index, at.len, key, value);
        self.issues.push(ProfileIssue { line, problem });
    }

    fn push_no_line(&mut self, problem: Problem) {
        self.issues.push(ProfileIssue {
            line: None,
            problem,
        });
    }

    /// Checks that the values of `key` in one section are unique (and, with
    /// `check`, well-formed); returns the set of values.
    fn unique<'p>(
        &mut self,
        section: &'static str,
        key: &'static str,
        values: &[&'p str],
        check: impl Fn(&str) -> Option<Problem>,
    ) -> HashSet<&'p str> {
        let mut seen: HashSet<&'p str> = HashSet::new();
        let mut reported: HashSet<&'p str> = HashSet::new();
        for (index, value) in values.iter().copied().enumerate() {
            let at = At::new(section, index, values.len());
            if seen.insert(value) {
                if let Some(problem) = check(value) {
                    self.push(at, key, value, problem);
                }
            } else if reported.insert(value) {
                self.push(
                    at,
                    key,
                    value,
                    Problem::Duplicate {
                        section,
                        key,
                        value: value.to_owned(),
                    },
                );
            }
        }
        seen
    }

    fn slugs<'p>(&mut self, section: &'static str, slugs: &[&'p str]) -> HashSet<&'p str> {
        self.unique(section, "slug", slugs, |slug| {
            (!is_valid_slug(slug)).then(|| Problem::InvalidSlug {
                section,
                slug: slug.to_owned(),
            })
        })
    }

    fn non_empty(&mut self, at: At, entry: &str, field: &'static str, value: &str) {
        if value.trim().is_empty() {
            let label = if entry.trim().is_empty() {
                format!("entry {} of [[{}]]", at.index + 1, at.section)
            } else {
                format!("`{entry}`")
            };
            self.push(
                at,
                field,
                value,
                Problem::EmptyField {
                    section: at.section,
                    entry: label,
                    field,
                },
            );
        }
    }

    fn reference(
        &mut self,
        at: At,
        known: &HashSet<&str>,
        from: &str,
        field: &'static str,
        target_section: &'static str,
        value: &str,
    ) {
        if !known.contains(value) {
            self.push(
                at,
                field,
                value,
                Problem::UnknownReference {
                    from: from.to_owned(),
                    field,
                    target_section,
                    value: value.to_owned(),
                },
            );
        }
    }
}

fn validate(p: &Profile, lines: &LineFinder<'_>) -> Vec<ProfileIssue> {
    let mut v = Validator {
        lines,
        issues: Vec::new(),
    };

    // [tenant]
    let tenant = At::new("tenant", 0, 1);
    if !is_valid_slug(&p.tenant.slug) {
        v.push(
            tenant,
            "slug",
            &p.tenant.slug,
            Problem::InvalidSlug {
                section: "tenant",
                slug: p.tenant.slug.clone(),
            },
        );
    }
    v.non_empty(tenant, &p.tenant.slug, "name", &p.tenant.name);
    if !SUPPORTED_LOCALES.contains(&p.tenant.default_locale.as_str()) {
        v.push(
            tenant,
            "default_locale",
            &p.tenant.default_locale,
            Problem::UnsupportedLocale {
                locale: p.tenant.default_locale.clone(),
            },
        );
    }

    if let Some(contact) = &p.tenant.privacy_contact {
        let t = contact.trim();
        if t.is_empty() || t.chars().count() > 300 || t.chars().any(char::is_control) {
            v.push(
                tenant,
                "privacy_contact",
                contact,
                Problem::InvalidPrivacyContact,
            );
        }
    }

    // [[municipalities]]
    if p.municipalities.is_empty() {
        v.push_no_line(Problem::NoMunicipality);
    }
    let nis: Vec<&str> = p
        .municipalities
        .iter()
        .map(|m| m.nis_code.as_str())
        .collect();
    let nis_codes = v.unique("municipalities", "nis_code", &nis, |code| {
        (!is_valid_nis_code(code)).then(|| Problem::InvalidNisCode {
            municipality: p
                .municipalities
                .iter()
                .find(|m| m.nis_code == code)
                .map(|m| m.name.clone())
                .unwrap_or_default(),
            nis_code: code.to_owned(),
        })
    });
    for (i, m) in p.municipalities.iter().enumerate() {
        let at = At::new("municipalities", i, p.municipalities.len());
        v.non_empty(at, &m.nis_code, "name", &m.name);
    }

    // [[districts]]
    let slugs: Vec<&str> = p.districts.iter().map(|d| d.slug.as_str()).collect();
    let districts = v.slugs("districts", &slugs);
    for (i, d) in p.districts.iter().enumerate() {
        let at = At::new("districts", i, p.districts.len());
        v.non_empty(at, &d.slug, "name", &d.name);
        let from = format!("district `{}`", d.slug);
        v.reference(
            at,
            &nis_codes,
            &from,
            "municipality",
            "municipalities",
            &d.municipality,
        );
    }

    // [[organisations]]
    let slugs: Vec<&str> = p.organisations.iter().map(|o| o.slug.as_str()).collect();
    let organisations = v.slugs("organisations", &slugs);
    for (i, o) in p.organisations.iter().enumerate() {
        let at = At::new("organisations", i, p.organisations.len());
        v.non_empty(at, &o.slug, "name", &o.name);
    }

    // [[bodies]]
    let slugs: Vec<&str> = p.bodies.iter().map(|b| b.slug.as_str()).collect();
    let bodies = v.slugs("bodies", &slugs);
    for (i, b) in p.bodies.iter().enumerate() {
        let at = At::new("bodies", i, p.bodies.len());
        v.non_empty(at, &b.slug, "name", &b.name);
        if let Some(count) = b.min_meetings_per_year.filter(|c| *c == 0 || *c > 365) {
            v.push(
                at,
                "min_meetings_per_year",
                &count.to_string(),
                Problem::ImplausibleMeetingCount {
                    body: b.slug.clone(),
                    count,
                },
            );
        }
    }
    if !p.bodies.iter().any(|b| b.kind == BodyKind::Partnertafel) {
        v.push_no_line(Problem::NoPartnertafel);
    }

    // [[seats]]
    let slugs: Vec<&str> = p.seats.iter().map(|s| s.slug.as_str()).collect();
    v.slugs("seats", &slugs);
    for (i, s) in p.seats.iter().enumerate() {
        let at = At::new("seats", i, p.seats.len());
        let from = format!("seat `{}`", s.slug);
        v.non_empty(at, &s.slug, "title", &s.title);
        v.reference(at, &bodies, &from, "body", "bodies", &s.body);
        v.reference(
            at,
            &organisations,
            &from,
            "organisation",
            "organisations",
            &s.organisation,
        );
    }

    // [[schools]]
    let slugs: Vec<&str> = p.schools.iter().map(|s| s.slug.as_str()).collect();
    v.slugs("schools", &slugs);
    for (i, s) in p.schools.iter().enumerate() {
        let at = At::new("schools", i, p.schools.len());
        let from = format!("school `{}`", s.slug);
        v.non_empty(at, &s.slug, "name", &s.name);
        if let Some(network) = &s.network {
            v.non_empty(at, &s.slug, "network", network);
        }
        if let Some(district) = &s.district {
            v.reference(at, &districts, &from, "district", "districts", district);
        }
        if let Some(org) = &s.organisation {
            match p.organisation(org) {
                None => v.reference(
                    at,
                    &organisations,
                    &from,
                    "organisation",
                    "organisations",
                    org,
                ),
                Some(o) if o.kind != OrganisationKind::School => v.push(
                    at,
                    "organisation",
                    org,
                    Problem::SchoolOrganisationNotSchool {
                        school: s.slug.clone(),
                        organisation: org.clone(),
                        kind: o.kind,
                    },
                ),
                Some(_) => {}
            }
        }
    }

    // [[measures]]
    let codes: Vec<&str> = p.measures.iter().map(|m| m.code.as_str()).collect();
    let codes = v.unique("measures", "code", &codes, |code| {
        (!is_valid_measure_code(code)).then(|| Problem::InvalidMeasureCode {
            code: code.to_owned(),
        })
    });
    for (i, m) in p.measures.iter().enumerate() {
        let at = At::new("measures", i, p.measures.len());
        let from = format!("measure `{}`", m.code);
        v.non_empty(at, &m.code, "title", &m.title);
        if m.chapter != CHAPTER_PREVENTIE && m.chapter != CHAPTER_CURATIE {
            v.push(
                at,
                "chapter",
                &m.chapter,
                Problem::InvalidChapter {
                    code: m.code.clone(),
                    chapter: m.chapter.clone(),
                },
            );
        }
        let missing_parent = m
            .parent_code()
            .filter(|parent| is_valid_measure_code(&m.code) && !codes.contains(parent));
        if let Some(parent) = missing_parent {
            v.push(
                at,
                "code",
                &m.code,
                Problem::UnknownReference {
                    from: from.clone(),
                    field: "code",
                    target_section: "measures",
                    value: parent.to_owned(),
                },
            );
        }
        if let Some(owner) = &m.owner {
            v.reference(at, &organisations, &from, "owner", "organisations", owner);
        }
        if let Some(body) = &m.body {
            v.reference(at, &bodies, &from, "body", "bodies", body);
        }
        for partner in &m.partners {
            v.reference(
                at,
                &organisations,
                &from,
                "partners",
                "organisations",
                partner,
            );
        }
    }

    v.issues
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SINT_NIKLAAS: &str = include_str!("../../../profiles/sint-niklaas.toml");
    const VOORBEELDSTAD: &str = include_str!("../../../profiles/voorbeeldstad.toml");

    fn sint_niklaas() -> Profile {
        match parse_profile(SINT_NIKLAAS) {
            Ok(p) => p,
            Err(e) => panic!("sint-niklaas.toml must parse:\n{e}"),
        }
    }

    /// A small valid profile to break in the negative tests.
    const MINIMAL: &str = r#"
[tenant]
slug = "testgem"
name = "LIVC-R Testgem"
default_locale = "nl-BE"

[[municipalities]]
name = "Testgem"
nis_code = "99998"

[[organisations]]
slug = "stad"
name = "Stad Testgem"
kind = "city_service"

[[organisations]]
slug = "politie"
name = "Lokale politie"
kind = "police"

[[bodies]]
slug = "partnertafel"
name = "Partnertafel"
kind = "partnertafel"
min_meetings_per_year = 6

[[seats]]
body = "partnertafel"
slug = "pt-deskundige"
title = "Deskundige"
organisation = "stad"
"#;

    fn issues_of(text: &str) -> Vec<ProfileIssue> {
        match parse_profile(text) {
            Err(ProfileError::Invalid(issues)) => issues,
            other => panic!("expected validation issues, got {other:?}"),
        }
    }

    fn syntax_of(text: &str) -> (Option<usize>, String) {
        match parse_profile(text) {
            Err(ProfileError::Syntax { line, message, .. }) => (line, message),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn minimal_profile_parses() {
        let p = parse_profile(MINIMAL).expect("minimal profile");
        assert_eq!(p.tenant.slug, "testgem");
        assert!(p.districts.is_empty());
        assert!(!p.seats[0].optional);
    }

    #[test]
    fn sint_niklaas_tenant_and_territory() {
        let p = sint_niklaas();
        assert_eq!(p.tenant.slug, "sint-niklaas");
        assert_eq!(p.tenant.name, "LIVC-R Sint-Niklaas");
        assert_eq!(p.tenant.default_locale, "nl-BE");
        assert_eq!(p.municipalities.len(), 1);
        assert_eq!(p.municipalities[0].name, "Sint-Niklaas");
        assert_eq!(p.municipalities[0].nis_code, "46021");
        let districts: Vec<&str> = p.districts.iter().map(|d| d.name.as_str()).collect();
        for name in [
            "Sint-Niklaas centrum",
            "Belsele",
            "Nieuwkerken-Waas",
            "Sinaai",
        ] {
            assert!(districts.contains(&name), "missing district {name}");
        }
        assert!(p.districts.iter().all(|d| d.municipality == "46021"));
    }

    #[test]
    fn sint_niklaas_bodies() {
        let p = sint_niklaas();
        let stuurgroep: Vec<_> = p.bodies_of_kind(BodyKind::Stuurgroep).collect();
        assert_eq!(stuurgroep.len(), 1);
        assert_eq!(stuurgroep[0].min_meetings_per_year, Some(2));
        assert!(stuurgroep[0].ad_hoc_on_member_request);
        let partnertafel: Vec<_> = p.bodies_of_kind(BodyKind::Partnertafel).collect();
        assert_eq!(partnertafel.len(), 1);
        assert_eq!(partnertafel[0].min_meetings_per_year, Some(6));
        assert!(partnertafel[0].ad_hoc_on_member_request);
        let werkgroep: Vec<_> = p.bodies_of_kind(BodyKind::Werkgroep).collect();
        assert!(
            werkgroep
                .iter()
                .any(|b| b.name.to_lowercase().contains("polarisering"))
        );
        let netwerk: Vec<_> = p.bodies_of_kind(BodyKind::Netwerk).collect();
        assert!(
            netwerk
                .iter()
                .any(|b| b.name.to_lowercase().contains("referentiepersonen"))
        );
    }

    fn seat_titles(p: &Profile, kind: BodyKind, optional: bool) -> Vec<String> {
        let body = p.bodies_of_kind(kind).next().expect("body of kind");
        let mut titles: Vec<String> = p
            .seats_of(&body.slug)
            .filter(|s| s.optional == optional)
            .map(|s| s.title.to_lowercase())
            .collect();
        titles.sort();
        titles
    }

    #[test]
    fn sint_niklaas_stuurgroep_seats_follow_the_plan() {
        let p = sint_niklaas();
        let mut expected = vec![
            "burgemeester",
            "betrokken schepenen",
            "clustermanager welzijn",
            "diensthoofd diversiteit, samenleving en preventie",
            "deskundige extremisme en polarisering",
            "korpschef",
            "information officer van de lokale politie",
        ];
        expected.sort_unstable();
        assert_eq!(seat_titles(&p, BodyKind::Stuurgroep, false), expected);
        let mut optional = vec![
            "projectmedewerker radicalisering vvsg",
            "parketmagistraat radicalisme",
        ];
        optional.sort_unstable();
        assert_eq!(seat_titles(&p, BodyKind::Stuurgroep, true), optional);

        // Seats are held for the right organisations.
        let org_kind = |seat: &str| {
            let s = p.seat(seat).expect("seat");
            p.organisation(&s.organisation).expect("org").kind
        };
        assert_eq!(org_kind("stuurgroep-korpschef"), OrganisationKind::Police);
        assert_eq!(
            org_kind("stuurgroep-parketmagistraat"),
            OrganisationKind::Prosecutor
        );
    }

    #[test]
    fn sint_niklaas_partnertafel_seats_follow_the_plan() {
        let p = sint_niklaas();
        let body = p
            .bodies_of_kind(BodyKind::Partnertafel)
            .next()
            .expect("partnertafel");
        let seats: Vec<&SeatProfile> = p.seats_of(&body.slug).collect();
        assert_eq!(seats.len(), 8);
        assert!(seats.iter().all(|s| !s.optional));
        let titles: Vec<String> = seats.iter().map(|s| s.title.to_lowercase()).collect();
        for t in [
            "deskundige extremisme en polarisering",
            "information officer van de lokale politie",
            "vertegenwoordiger van de afdeling mens en samenleving",
        ] {
            assert!(titles.iter().any(|x| x == t), "missing seat {t}");
        }
        let orgs: Vec<String> = seats
            .iter()
            .map(|s| p.organisation(&s.organisation).expect("org").name.clone())
            .collect();
        for partner in ["VCLB", "CLB GO", "CAW", "Justitiehuis Dendermonde", "VDAB"] {
            assert!(
                orgs.iter().any(|o| o.contains(partner)),
                "missing welfare partner {partner} at the Partnertafel: {orgs:?}"
            );
        }
    }

    #[test]
    fn sint_niklaas_werkgroep_has_schools_and_youth() {
        let p = sint_niklaas();
        let body = p
            .bodies_of_kind(BodyKind::Werkgroep)
            .next()
            .expect("werkgroep");
        let kinds: HashSet<OrganisationKind> = p
            .seats_of(&body.slug)
            .map(|s| p.organisation(&s.organisation).expect("org").kind)
            .collect();
        assert!(kinds.contains(&OrganisationKind::School));
        assert!(kinds.contains(&OrganisationKind::Youth));
    }

    #[test]
    fn sint_niklaas_first_wave_schools() {
        let p = sint_niklaas();
        let mut first: Vec<&str> = p.first_wave_schools().map(|s| s.name.as_str()).collect();
        first.sort_unstable();
        let mut expected = vec![
            "CDO Newton",
            "Forum Da Vinci",
            "Sint-Jozef-Klein-Seminarie",
            "VTS3/4",
            "WeTech Academy",
        ];
        expected.sort_unstable();
        assert_eq!(first, expected);
        assert!(
            p.schools.len() > 5,
            "the other secondary schools are listed too"
        );
        assert!(p.schools.iter().all(|s| s.has_second_grade));
        // Every school is also an organisation of kind school.
        for s in &p.schools {
            let org = s.organisation.as_deref().expect("school organisation");
            assert_eq!(
                p.organisation(org).expect("org").kind,
                OrganisationKind::School
            );
        }
    }

    #[test]
    fn sint_niklaas_organisations() {
        let p = sint_niklaas();
        let names: Vec<&str> = p.organisations.iter().map(|o| o.name.as_str()).collect();
        for needle in [
            "Dienst Diversiteit, Samenleving en Preventie",
            "Afdeling Mens en Samenleving",
            "Cluster Welzijn",
            "Lokale politie Sint-Niklaas",
            "VCLB Waasland",
            "CLB GO",
            "CAW Oost-Vlaanderen",
            "Justitiehuis Dendermonde",
            "VDAB",
            "StampMedia",
            "VVSG",
            "Parket Oost-Vlaanderen",
        ] {
            assert!(
                names.iter().any(|n| n.contains(needle)),
                "missing organisation {needle}"
            );
        }
    }

    #[test]
    fn sint_niklaas_measures() {
        let p = sint_niklaas();
        for code in [
            "P1", "P2", "P3", "P3.1", "P3.2", "P3.3", "P4", "C1", "C2", "C3",
        ] {
            let m = p
                .measure(code)
                .unwrap_or_else(|| panic!("missing measure {code}"));
            let expected = if code.starts_with('P') {
                CHAPTER_PREVENTIE
            } else {
                CHAPTER_CURATIE
            };
            assert_eq!(m.chapter, expected, "chapter of {code}");
            assert!(m.owner.is_some(), "owner of {code}");
        }
        assert_eq!(
            p.measure("P3.2").and_then(|m| m.body.as_deref()),
            p.bodies_of_kind(BodyKind::Werkgroep)
                .next()
                .map(|b| b.slug.as_str())
        );
        let p4 = p.measure("P4").expect("P4");
        assert!(p4.partners.iter().any(|s| s == "stampmedia"));
        assert_eq!(p.measure("P3.2").and_then(|m| m.parent_code()), Some("P3"));
    }

    #[test]
    fn voorbeeldstad_parses_and_is_another_tenant() {
        let p = match parse_profile(VOORBEELDSTAD) {
            Ok(p) => p,
            Err(e) => panic!("voorbeeldstad.toml must parse:\n{e}"),
        };
        assert_eq!(p.tenant.name, "LIVC-R Voorbeeldstad");
        assert_eq!(p.municipalities[0].nis_code, "99999");
        assert_ne!(p.tenant.slug, sint_niklaas().tenant.slug);
        assert!(p.bodies_of_kind(BodyKind::Partnertafel).next().is_some());
    }

    #[test]
    fn profiles_round_trip_through_toml() {
        for text in [SINT_NIKLAAS, VOORBEELDSTAD, MINIMAL] {
            let p = parse_profile(text).expect("parses");
            let again = toml::to_string(&p).expect("serialises");
            assert_eq!(parse_profile(&again).expect("re-parses"), p);
        }
    }

    #[test]
    fn duplicate_slug_is_reported_with_slug_and_line() {
        let text = format!(
            "{MINIMAL}\n[[organisations]]\nslug = \"politie\"\nname = \"Nog een politie\"\nkind = \"police\"\n"
        );
        let issues = issues_of(&text);
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(
            issues[0].problem,
            Problem::Duplicate {
                section: "organisations",
                key: "slug",
                value: "politie".into()
            }
        );
        let expected_line = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains("slug = \"politie\""))
            .nth(1)
            .map(|(i, _)| i + 1);
        assert_eq!(issues[0].line, expected_line);
        let msg = ProfileError::Invalid(issues).to_string();
        assert!(msg.contains("duplicate slug `politie`"), "{msg}");
        assert!(msg.contains("line "), "{msg}");
    }

    #[test]
    fn seat_with_unknown_body_is_reported() {
        let text = MINIMAL.replace(
            "body = \"partnertafel\"\nslug = \"pt-deskundige\"",
            "body = \"partnertafle\"\nslug = \"pt-deskundige\"",
        );
        let issues = issues_of(&text);
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(
            issues[0].problem,
            Problem::UnknownReference {
                from: "seat `pt-deskundige`".into(),
                field: "body",
                target_section: "bodies",
                value: "partnertafle".into()
            }
        );
        let line = text
            .lines()
            .position(|l| l.contains("partnertafle"))
            .map(|i| i + 1);
        assert_eq!(issues[0].line, line);
        let msg = issues[0].to_string();
        assert!(msg.contains("seat `pt-deskundige`"), "{msg}");
        assert!(msg.contains("`partnertafle`"), "{msg}");
    }

    #[test]
    fn each_issue_points_at_its_own_entry() {
        let text = format!(
            "{MINIMAL}\n[[seats]]\nbody = \"nergens\"\nslug = \"pt-tweede\"\ntitle = \"Tweede\"\norganisation = \"stad\"\n"
        )
        .replace(
            "body = \"partnertafel\"\nslug = \"pt-deskundige\"",
            "body = \"nergens\"\nslug = \"pt-deskundige\"",
        );
        let expected: Vec<Option<usize>> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains("\"nergens\""))
            .map(|(i, _)| Some(i + 1))
            .collect();
        let issues = issues_of(&text);
        let lines: Vec<Option<usize>> = issues.iter().map(|i| i.line).collect();
        assert_eq!(lines, expected);
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn seat_with_unknown_organisation_is_reported() {
        let text = MINIMAL.replace("organisation = \"stad\"", "organisation = \"gemeente\"");
        let issues = issues_of(&text);
        assert!(issues.iter().any(|i| i.problem
            == Problem::UnknownReference {
                from: "seat `pt-deskundige`".into(),
                field: "organisation",
                target_section: "organisations",
                value: "gemeente".into()
            }));
    }

    #[test]
    fn unknown_field_is_a_syntax_error_naming_the_field_and_line() {
        let text = MINIMAL.replace("title = \"Deskundige\"", "titel = \"Deskundige\"");
        let (line, message) = syntax_of(&text);
        assert!(message.contains("unknown field `titel`"), "{message}");
        let expected = text
            .lines()
            .position(|l| l.starts_with("titel"))
            .map(|i| i + 1);
        assert_eq!(line, expected);
        let err = parse_profile(&text).expect_err("invalid");
        assert!(err.to_string().contains("line "), "{err}");
    }

    #[test]
    fn unknown_body_kind_is_a_syntax_error() {
        let text = MINIMAL.replace("kind = \"partnertafel\"", "kind = \"commissie\"");
        let (_, message) = syntax_of(&text);
        assert!(message.contains("commissie"), "{message}");
        assert!(message.contains("partnertafel"), "{message}");
    }

    #[test]
    fn bad_toml_is_a_syntax_error() {
        let (line, _) = syntax_of("[tenant\nslug = 1");
        assert_eq!(line, Some(1));
        assert!(matches!(
            parse_profile(""),
            Err(ProfileError::Syntax { .. })
        ));
    }

    #[test]
    fn several_problems_are_all_reported() {
        let text = MINIMAL
            .replace("slug = \"testgem\"", "slug = \"Test Gem\"")
            .replace("default_locale = \"nl-BE\"", "default_locale = \"xx\"")
            .replace("nis_code = \"99998\"", "nis_code = \"9999\"")
            .replace("name = \"Stad Testgem\"", "name = \"  \"")
            .replace("min_meetings_per_year = 6", "min_meetings_per_year = 0");
        let issues = issues_of(&text);
        let problems: Vec<&Problem> = issues.iter().map(|i| &i.problem).collect();
        assert!(problems.contains(&&Problem::InvalidSlug {
            section: "tenant",
            slug: "Test Gem".into()
        }));
        assert!(problems.contains(&&Problem::UnsupportedLocale {
            locale: "xx".into()
        }));
        assert!(problems.contains(&&Problem::InvalidNisCode {
            municipality: "Testgem".into(),
            nis_code: "9999".into()
        }));
        assert!(problems.contains(&&Problem::EmptyField {
            section: "organisations",
            entry: "`stad`".into(),
            field: "name"
        }));
        assert!(problems.contains(&&Problem::ImplausibleMeetingCount {
            body: "partnertafel".into(),
            count: 0
        }));
        assert!(issues.iter().all(|i| i.line.is_some()), "{issues:?}");
    }

    #[test]
    fn measures_are_checked() {
        let text = format!(
            "{MINIMAL}
[[measures]]
code = \"P3.2\"
title = \"Werkgroep\"
chapter = \"preventie\"
owner = \"stad\"

[[measures]]
code = \"C1\"
title = \"Stuurgroep\"
chapter = \"repressie\"
owner = \"parket\"
body = \"stuurgroep\"

[[measures]]
code = \"C1\"
title = \"Nog eens\"
chapter = \"curatie\"

[[measures]]
code = \"3 bis\"
title = \"Slecht\"
chapter = \"curatie\"
"
        );
        let issues = issues_of(&text);
        let problems: Vec<&Problem> = issues.iter().map(|i| &i.problem).collect();
        assert!(problems.contains(&&Problem::UnknownReference {
            from: "measure `P3.2`".into(),
            field: "code",
            target_section: "measures",
            value: "P3".into()
        }));
        assert!(problems.contains(&&Problem::InvalidChapter {
            code: "C1".into(),
            chapter: "repressie".into()
        }));
        assert!(problems.contains(&&Problem::UnknownReference {
            from: "measure `C1`".into(),
            field: "owner",
            target_section: "organisations",
            value: "parket".into()
        }));
        assert!(problems.contains(&&Problem::UnknownReference {
            from: "measure `C1`".into(),
            field: "body",
            target_section: "bodies",
            value: "stuurgroep".into()
        }));
        assert!(problems.contains(&&Problem::Duplicate {
            section: "measures",
            key: "code",
            value: "C1".into()
        }));
        assert!(problems.contains(&&Problem::InvalidMeasureCode {
            code: "3 bis".into()
        }));
    }

    #[test]
    fn school_checks() {
        let text = format!(
            "{MINIMAL}
[[districts]]
slug = \"centrum\"
name = \"Centrum\"
municipality = \"99998\"

[[schools]]
slug = \"school-a\"
name = \"School A\"
district = \"noord\"
organisation = \"politie\"
has_second_grade = true
"
        );
        let issues = issues_of(&text);
        let problems: Vec<&Problem> = issues.iter().map(|i| &i.problem).collect();
        assert!(problems.contains(&&Problem::UnknownReference {
            from: "school `school-a`".into(),
            field: "district",
            target_section: "districts",
            value: "noord".into()
        }));
        assert!(problems.contains(&&Problem::SchoolOrganisationNotSchool {
            school: "school-a".into(),
            organisation: "politie".into(),
            kind: OrganisationKind::Police
        }));
    }

    #[test]
    fn a_partnertafel_is_required() {
        let text = MINIMAL.replace("kind = \"partnertafel\"", "kind = \"werkgroep\"");
        let issues = issues_of(&text);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].problem, Problem::NoPartnertafel);
    }

    #[test]
    fn validate_profile_accepts_the_real_profile_and_rejects_a_broken_one() {
        let mut p = sint_niklaas();
        assert_eq!(validate_profile(&p), Ok(()));
        p.seats[0].organisation = "nergens".into();
        let err = validate_profile(&p).expect_err("broken");
        assert_eq!(err.issues().len(), 1);
        assert_eq!(err.issues()[0].line, None);
    }

    #[test]
    fn slug_rules() {
        for ok in ["a", "sint-niklaas", "p3", "a-b-c"] {
            assert!(is_valid_slug(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "a--b", "A", "sint niklaas", "é", "a_b"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
        assert!(!is_valid_slug(&"a".repeat(MAX_SLUG_LEN + 1)));
        for ok in ["P1", "P3.2", "C2", "P3.2.1", "X10"] {
            assert!(is_valid_measure_code(ok), "{ok}");
        }
        for bad in ["", "3", "P.", ".P", "P 1", "P3..2", "P-1"] {
            assert!(!is_valid_measure_code(bad), "{bad}");
        }
    }

    #[test]
    fn kind_spellings_match_serde() {
        for kind in BodyKind::ALL {
            let text = MINIMAL.replace(
                "kind = \"partnertafel\"\nmin",
                &format!("kind = \"{}\"\nmin", kind.as_str()),
            );
            let text = format!(
                "{text}\n[[bodies]]\nslug = \"extra\"\nname = \"Extra\"\nkind = \"partnertafel\"\n"
            );
            let p = parse_profile(&text).expect("parses");
            assert_eq!(p.bodies[0].kind, kind);
        }
        for kind in OrganisationKind::ALL {
            let text = MINIMAL.replace(
                "kind = \"city_service\"",
                &format!("kind = \"{}\"", kind.as_str()),
            );
            let p = parse_profile(&text).expect("parses");
            assert_eq!(p.organisations[0].kind, kind);
        }
    }

    #[test]
    fn line_col_never_panics_on_odd_offsets() {
        assert_eq!(line_col("", 10), (1, 1));
        assert_eq!(line_col("é\nx", 1), (1, 2));
        assert_eq!(line_col("a\nb", 2), (2, 1));
    }

    proptest! {
        #[test]
        fn parse_profile_never_panics(text in ".{0,400}") {
            let _ = parse_profile(&text);
        }

        #[test]
        fn parse_profile_never_panics_on_mangled_real_profile(
            start in 0usize..SINT_NIKLAAS.len(),
            cut in 0usize..64,
            insert in "[\\[\\]\"'=#a-z0-9 \n.,{}-]{0,12}",
        ) {
            let mut text = String::new();
            let chars: Vec<char> = SINT_NIKLAAS.chars().collect();
            let start = start.min(chars.len());
            let end = (start + cut).min(chars.len());
            text.extend(&chars[..start]);
            text.push_str(&insert);
            text.extend(&chars[end..]);
            match parse_profile(&text) {
                Ok(p) => prop_assert!(validate_profile(&p).is_ok()),
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }
    }
}
