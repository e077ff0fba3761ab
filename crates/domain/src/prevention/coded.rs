//! Closed lists with a stable stored code (channels, themes, life domains,
//! ...): one macro so every list parses, prints and enumerates the same way,
//! and sets of them stored as `a,b` in the list's own order.

/// A closed list whose values have a stable code (stored, and used in forms,
/// the API and translation keys).
pub trait Coded: Copy + Eq + 'static {
    /// Every value, in the order the plan names them.
    const ALL: &'static [Self];

    /// The stable code, e.g. `walk_in`.
    fn code(self) -> &'static str;

    /// The value of a code; `None` for anything else.
    fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }

    /// The translation key of the value's label: `prefix-walk-in`.
    fn label_key(self, prefix: &str) -> String {
        format!("{prefix}-{}", self.code().replace('_', "-"))
    }
}

/// Declares a closed list with its codes: `coded_enum!(Name { Variant => "code", .. })`.
macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vm])* $variant),+
        }

        impl $crate::prevention::coded::Coded for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }
        }
    };
}
pub(crate) use coded_enum;

/// The stored form of a set: codes in the list's order, each once, joined by `,`.
pub fn set_code<T: Coded>(items: &[T]) -> String {
    T::ALL
        .iter()
        .filter(|v| items.contains(v))
        .map(|v| v.code())
        .collect::<Vec<_>>()
        .join(",")
}

/// Parses codes (stored as `a,b`, or given one by one): the empty string is
/// the empty set; an unknown code is `None`; repeats count once.
pub fn parse_set<'a, T: Coded>(codes: impl IntoIterator<Item = &'a str>) -> Option<Vec<T>> {
    let mut out: Vec<T> = Vec::new();
    for c in codes {
        let c = c.trim();
        if c.is_empty() {
            continue;
        }
        let v = T::parse(c)?;
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Some(T::ALL.iter().copied().filter(|v| out.contains(v)).collect())
}

/// Parses the stored form `a,b`.
pub fn parse_stored_set<T: Coded>(stored: &str) -> Option<Vec<T>> {
    parse_set(stored.split(','))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    coded_enum!(
        /// A test list.
        Fruit {
            Apple => "apple",
            /// A pear.
            Pear => "pear",
            BloodOrange => "blood_orange",
        }
    );

    #[test]
    fn codes_round_trip_and_sets_keep_the_list_order() {
        for f in Fruit::ALL {
            assert_eq!(Fruit::parse(f.code()), Some(*f));
        }
        assert_eq!(Fruit::parse("Apple"), None);
        assert_eq!(Fruit::BloodOrange.label_key("fruit"), "fruit-blood-orange");
        assert_eq!(
            set_code(&[Fruit::BloodOrange, Fruit::Apple]),
            "apple,blood_orange"
        );
        assert_eq!(
            parse_stored_set::<Fruit>("blood_orange,apple,apple"),
            Some(vec![Fruit::Apple, Fruit::BloodOrange])
        );
        assert_eq!(parse_stored_set::<Fruit>(""), Some(vec![]));
        assert_eq!(parse_stored_set::<Fruit>("apple,kiwi"), None);
    }
}
