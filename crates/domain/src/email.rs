//! E-mail addresses, checked loosely: the only real proof is a message that arrives.

use crate::identifiers::parsed_string;
use serde::{Deserialize, Serialize};

/// Why an address was refused. One code: the fix is always "check the address".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a valid e-mail address")]
pub struct EmailError;

impl EmailError {
    pub fn code(&self) -> &'static str {
        "email-invalid"
    }
}

/// An e-mail address, trimmed and stored fully lowercased. Lowercasing the local part is
/// technically lossy (RFC 5321 lets servers treat it case-sensitively) but no mainstream
/// provider does, and it makes "Marie@X.fr" and "marie@x.fr" one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);
parsed_string!(Email, EmailError);

impl Email {
    /// RFC 5321 limits: whole path 254 octets, local part 64.
    pub const MAX_LEN: usize = 254;
    pub const MAX_LOCAL_LEN: usize = 64;

    /// Trims and lowercases, then requires: one `@`; a non-empty local part without leading,
    /// trailing or doubled dots; a domain of at least two non-empty dot-separated labels, none
    /// starting or ending with `-`; no spaces, control characters or the punctuation of a
    /// pasted "Name <address>" (`<>()[],;:"\`); at most 254 bytes.
    pub fn parse(input: &str) -> Result<Email, EmailError> {
        let s = input.trim().to_lowercase();
        if s.is_empty() || s.len() > Self::MAX_LEN {
            return Err(EmailError);
        }
        if s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\".contains(c))
        {
            return Err(EmailError);
        }
        let (local, domain) = s.split_once('@').ok_or(EmailError)?;
        if domain.contains('@') {
            return Err(EmailError);
        }
        let local_ok = !local.is_empty()
            && local.len() <= Self::MAX_LOCAL_LEN
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..");
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels
                .iter()
                .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
        if !(local_ok && domain_ok) {
            return Err(EmailError);
        }
        Ok(Email(s))
    }

    /// The part before `@`.
    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map_or("", |(l, _)| l)
    }

    /// The part after `@`.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, d)| d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const FTL_FR: &str = include_str!("../../../locales/fr/domain.ftl");
    const FTL_EN: &str = include_str!("../../../locales/en/domain.ftl");

    fn has_message(ftl: &str, id: &str) -> bool {
        ftl.lines()
            .any(|l| l.split_once('=').is_some_and(|(k, _)| k.trim() == id))
    }

    #[test]
    fn accepts_and_normalises() {
        let e = Email::parse("  Marie.Dupont@Hauts-de-Seine.FR ").unwrap();
        assert_eq!(e.as_str(), "marie.dupont@hauts-de-seine.fr");
        assert_eq!(e.local_part(), "marie.dupont");
        assert_eq!(e.domain(), "hauts-de-seine.fr");
        assert_eq!(e, Email::parse("marie.dupont@hauts-de-seine.fr").unwrap());
        assert!(Email::parse("contact+essor@asso-92.org").is_ok());
        assert!(Email::parse("o'brien@example.co.uk").is_ok());
        assert!(Email::parse("élodie@exemple.fr").is_ok());
    }

    #[test]
    fn refuses_malformed_addresses() {
        let long_local = format!("{}@example.fr", "a".repeat(65));
        let long_total = format!("a@{}.fr", "b".repeat(250));
        for bad in [
            "",
            "   ",
            "marie",
            "marie@",
            "@example.fr",
            "marie@localhost",
            "marie@@example.fr",
            "marie@exa@mple.fr",
            "marie dupont@example.fr",
            "marie@exam ple.fr",
            "Marie <marie@example.fr>",
            "marie@example.fr;paul@example.fr",
            ".marie@example.fr",
            "marie.@example.fr",
            "ma..rie@example.fr",
            "marie@example..fr",
            "marie@.example.fr",
            "marie@example.fr.",
            "marie@-example.fr",
            "marie@example-.fr",
            "marie@exam\u{0}ple.fr",
            long_local.as_str(),
            long_total.as_str(),
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError), "{bad:?}");
        }
        assert_eq!(EmailError.code(), "email-invalid");
    }

    #[test]
    fn serde_goes_through_parse() {
        use serde::de::value::{Error as DeError, StrDeserializer};
        use serde::de::IntoDeserializer;
        let de: StrDeserializer<'_, DeError> = "A@B.FR".into_deserializer();
        assert_eq!(Email::deserialize(de).unwrap().as_str(), "a@b.fr");
        let de: StrDeserializer<'_, DeError> = "nope".into_deserializer();
        assert!(Email::deserialize(de).is_err());
    }

    #[test]
    fn error_code_has_messages() {
        assert!(has_message(FTL_FR, EmailError.code()));
        assert!(has_message(FTL_EN, EmailError.code()));
    }

    proptest! {
        #[test]
        fn round_trip(
            local in "[A-Za-z0-9_+-]{1,20}(\\.[A-Za-z0-9_+-]{1,10}){0,2}",
            domain in "[A-Za-z0-9]{1,15}(-[A-Za-z0-9]{1,5})?(\\.[A-Za-z]{2,6}){1,2}",
        ) {
            let raw = format!("{local}@{domain}");
            let e = Email::parse(&raw).unwrap();
            prop_assert_eq!(e.as_str(), raw.to_lowercase());
            prop_assert_eq!(Email::parse(&format!("{e}")).unwrap(), e.clone());
            prop_assert_eq!(Email::parse(&raw.to_uppercase()).unwrap(), e);
        }

        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            if let Ok(e) = Email::parse(&s) {
                prop_assert_eq!(Email::parse(e.as_str()).unwrap(), e);
            }
        }
    }
}
