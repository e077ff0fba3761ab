//! Typed identifiers. Every row id is a random UUID (v4), so ids in URLs reveal
//! nothing and cannot be guessed; the newtypes stop a user id being passed
//! where a tenant id is expected.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// A fresh random id.
            pub fn new() -> Self {
                Self(Uuid::new_v4().to_string())
            }
            /// Parses an id from outside (URL, form, JSON): only a canonical UUID is accepted.
            pub fn parse(s: &str) -> Option<Self> {
                Uuid::try_parse(s).ok().map(|u| Self(u.to_string()))
            }
            /// Wraps an id read from our own database.
            pub fn from_db(s: String) -> Self {
                Self(s)
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// An LIVC-R (tenant): one deployment can host several.
    TenantId
);
id_type!(
    /// A user account.
    UserId
);
id_type!(
    /// An organisation (city service, police, welfare partner, school, ...).
    OrganisationId
);
id_type!(
    /// A body: Stuurgroep, Partnertafel, Werkgroep polarisering, Netwerk referentiepersonen.
    BodyId
);
id_type!(
    /// A seat in a body, held by a user.
    SeatId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_only_uuids() {
        let id = UserId::new();
        assert_eq!(UserId::parse(id.as_str()), Some(id));
        assert_eq!(UserId::parse("1"), None);
        assert_eq!(UserId::parse("../etc/passwd"), None);
        assert_eq!(UserId::parse(""), None);
    }

    #[test]
    fn parse_canonicalises_case() {
        let id = TenantId::new();
        let upper = id.as_str().to_uppercase();
        assert_eq!(TenantId::parse(&upper), Some(id));
    }
}
