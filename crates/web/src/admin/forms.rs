//! The "new account" form, parsed into domain types (parse, don't validate).
//!
//! Pure: no I/O. The caller passes the tenant's organisations, so an
//! organisation id of another tenant is refused here like an unknown one.
//! Errors are translation keys, shown next to their field.

use serde::Deserialize;
use verbind_domain::username::{Username, UsernameError};
use verbind_domain::{OrganisationId, Role};

/// Longest display name accepted (characters).
pub const MAX_NAME_CHARS: usize = 200;
/// Longest e-mail address accepted (RFC 5321 path limit).
pub const MAX_EMAIL_CHARS: usize = 254;

/// The fields as posted. Every field defaults to empty, so a missing or extra
/// field is a validation message, never a rejected request.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct NewAccountForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub role: String,
}

/// A valid new account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub username: Username,
    pub display_name: String,
    pub email: Option<String>,
    pub organisation: OrganisationId,
    pub role: Role,
}

/// The translation key of the message for each field that is wrong.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors {
    pub username: Option<&'static str>,
    pub display_name: Option<&'static str>,
    pub email: Option<&'static str>,
    pub organisation: Option<&'static str>,
    pub role: Option<&'static str>,
}

impl FieldErrors {
    pub fn is_empty(&self) -> bool {
        self.username.is_none()
            && self.display_name.is_none()
            && self.email.is_none()
            && self.organisation.is_none()
            && self.role.is_none()
    }
}

/// Parses the form; `organisations` are the ids of the admin's own tenant.
pub fn parse_new_account(
    form: &NewAccountForm,
    organisations: &[OrganisationId],
) -> Result<NewAccount, FieldErrors> {
    let mut errors = FieldErrors::default();

    let username = match Username::parse(&form.username) {
        Ok(u) => Some(u),
        Err(UsernameError::Length) => {
            errors.username = Some("admin-error-username-length");
            None
        }
        Err(UsernameError::Characters) => {
            errors.username = Some("admin-error-username-characters");
            None
        }
    };

    let name = form.display_name.trim();
    let display_name = if name.is_empty() {
        errors.display_name = Some("admin-error-name-required");
        None
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.display_name = Some("admin-error-name-too-long");
        None
    } else if name.chars().any(is_unsafe_char) {
        errors.display_name = Some("admin-error-name-characters");
        None
    } else {
        Some(name.to_owned())
    };

    let email = match parse_email(&form.email) {
        Ok(e) => e,
        Err(()) => {
            errors.email = Some("admin-error-email");
            None
        }
    };

    let organisation =
        OrganisationId::parse(form.organisation.trim()).filter(|id| organisations.contains(id));
    if organisation.is_none() {
        errors.organisation = Some("admin-error-organisation");
    }

    let role = Role::parse(form.role.trim());
    if role.is_none() {
        errors.role = Some("admin-error-role");
    }

    match (username, display_name, organisation, role) {
        (Some(username), Some(display_name), Some(organisation), Some(role))
            if errors.is_empty() =>
        {
            Ok(NewAccount {
                username,
                display_name,
                email,
                organisation,
                role,
            })
        }
        _ => Err(errors),
    }
}

/// Control characters and the bidirectional overrides that could make a name
/// display as something else in the admin's screens.
fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// An optional e-mail address: empty is `None`; otherwise one `@` with a
/// non-empty local part and a dotted domain, no spaces or control characters.
/// Deliverability is not ours to check; this catches typing slips.
fn parse_email(input: &str) -> Result<Option<String>, ()> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.chars().count() > MAX_EMAIL_CHARS
        || s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'))
    {
        return Err(());
    }
    let Some((local, domain)) = s.split_once('@') else {
        return Err(());
    };
    let domain_ok = !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..");
    if local.is_empty() || !domain_ok {
        return Err(());
    }
    Ok(Some(s.to_owned()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn form(username: &str, name: &str, email: &str, org: &str, role: &str) -> NewAccountForm {
        NewAccountForm {
            username: username.into(),
            display_name: name.into(),
            email: email.into(),
            organisation: org.into(),
            role: role.into(),
        }
    }

    #[test]
    fn a_good_form_parses() {
        let org = OrganisationId::new();
        let a = parse_new_account(
            &form(
                " Nieuw.Lid ",
                "  Nina Nieuw ",
                "nina@example.be",
                org.as_str(),
                "partner",
            ),
            std::slice::from_ref(&org),
        )
        .unwrap();
        assert_eq!(a.username.as_str(), "nieuw.lid");
        assert_eq!(a.display_name, "Nina Nieuw");
        assert_eq!(a.email.as_deref(), Some("nina@example.be"));
        assert_eq!(a.organisation, org);
        assert_eq!(a.role, Role::Partner);
    }

    #[test]
    fn every_field_gets_its_own_message() {
        let org = OrganisationId::new();
        let other_tenant_org = OrganisationId::new();
        let e = parse_new_account(
            &form("a b", "", "geen-adres", other_tenant_org.as_str(), "root"),
            &[org],
        )
        .unwrap_err();
        assert_eq!(e.username, Some("admin-error-username-characters"));
        assert_eq!(e.display_name, Some("admin-error-name-required"));
        assert_eq!(e.email, Some("admin-error-email"));
        assert_eq!(e.organisation, Some("admin-error-organisation"));
        assert_eq!(e.role, Some("admin-error-role"));
        let e = parse_new_account(&form(&"x".repeat(10_240), "N", "", "", ""), &[]).unwrap_err();
        assert_eq!(e.username, Some("admin-error-username-length"));
        let e = parse_new_account(&form("abc", &"n".repeat(201), "", "", ""), &[]).unwrap_err();
        assert_eq!(e.display_name, Some("admin-error-name-too-long"));
        for bad in ["a\u{0}b", "a\nb", "evil\u{202e}txt.exe"] {
            let e = parse_new_account(&form("abc", bad, "", "", ""), &[]).unwrap_err();
            assert_eq!(
                e.display_name,
                Some("admin-error-name-characters"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn emails() {
        assert_eq!(parse_email(""), Ok(None));
        assert_eq!(parse_email(" a@b.be "), Ok(Some("a@b.be".into())));
        for bad in [
            "a", "@b.be", "a@b", "a@.be", "a@b.", "a@@b.be", "a b@c.be", "a@b..be",
        ] {
            assert_eq!(parse_email(bad), Err(()), "{bad}");
        }
        assert_eq!(parse_email(&format!("{}@b.be", "a".repeat(300))), Err(()));
    }

    /// Whatever is posted, parsing answers (no panic), and anything accepted is clean.
    /// (Random inputs from a seeded generator: the web crate has no proptest.)
    #[test]
    fn never_panics_on_random_input() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(20_261_128);
        let alphabet: Vec<char> = "aZ09 .-_@\u{0}\t\n\u{7f}é€<>;,'\"=+\u{202e}"
            .chars()
            .collect();
        let mut random = |max: usize| -> String {
            let n = rng.gen_range(0..=max);
            (0..n)
                .map(|_| alphabet[rng.gen_range(0..alphabet.len())])
                .collect()
        };
        let org = OrganisationId::new();
        for _ in 0..5_000 {
            let f = form(
                &random(70),
                &random(220),
                &random(60),
                &random(40),
                &random(10),
            );
            if let Ok(a) = parse_new_account(&f, std::slice::from_ref(&org)) {
                assert!(!a.display_name.is_empty());
                assert!(!a.display_name.chars().any(is_unsafe_char));
                assert!(a.display_name.chars().count() <= MAX_NAME_CHARS);
            }
        }
    }
}
