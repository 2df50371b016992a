//! Kinds of organisation on the platform, and the role their members get.

use crate::identifiers::LegalFamily;
use crate::role::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Association,
    Cooperative,
    Mutual,
    Foundation,
    /// Commercial company whose statutes meet the ESS criteria (loi 2014-856 art. 1).
    EssCompany,
    /// Any other company, e.g. one hosting young people.
    CommercialCompany,
    Funder,
    School,
    /// Mission locale, youth information point, etc.
    YouthStructure,
    PublicBody,
}

impl OrgKind {
    pub const ALL: [OrgKind; 10] = [
        OrgKind::Association,
        OrgKind::Cooperative,
        OrgKind::Mutual,
        OrgKind::Foundation,
        OrgKind::EssCompany,
        OrgKind::CommercialCompany,
        OrgKind::Funder,
        OrgKind::School,
        OrgKind::YouthStructure,
        OrgKind::PublicBody,
    ];

    /// snake_case name, as stored and serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Association => "association",
            OrgKind::Cooperative => "cooperative",
            OrgKind::Mutual => "mutual",
            OrgKind::Foundation => "foundation",
            OrgKind::EssCompany => "ess_company",
            OrgKind::CommercialCompany => "commercial_company",
            OrgKind::Funder => "funder",
            OrgKind::School => "school",
            OrgKind::YouthStructure => "youth_structure",
            OrgKind::PublicBody => "public_body",
        }
    }

    /// Inverse of [`OrgKind::as_str`].
    pub fn parse(s: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Fluent message id of the kind's name, e.g. "org-kind-ess-company".
    pub fn message_id(self) -> &'static str {
        match self {
            OrgKind::Association => "org-kind-association",
            OrgKind::Cooperative => "org-kind-cooperative",
            OrgKind::Mutual => "org-kind-mutual",
            OrgKind::Foundation => "org-kind-foundation",
            OrgKind::EssCompany => "org-kind-ess-company",
            OrgKind::CommercialCompany => "org-kind-commercial-company",
            OrgKind::Funder => "org-kind-funder",
            OrgKind::School => "org-kind-school",
            OrgKind::YouthStructure => "org-kind-youth-structure",
            OrgKind::PublicBody => "org-kind-public-body",
        }
    }

    /// Kinds that may file an application. Includes commercial companies (an ESUS-approved
    /// SAS may apply); whether a given call is open to them is the call's rule, not this one.
    pub fn is_applicant_kind(self) -> bool {
        matches!(
            self,
            OrgKind::Association
                | OrgKind::Cooperative
                | OrgKind::Mutual
                | OrgKind::Foundation
                | OrgKind::EssCompany
                | OrgKind::CommercialCompany
        )
    }

    /// The role membership of such an organisation grants. A commercial company gets
    /// `Company` (host of young people), even though it may also apply: staff grant the
    /// applicant side per organisation. A public body gets none: it may fund, host or apply
    /// depending on the case, so staff decide rather than a default.
    pub fn role(self) -> Option<Role> {
        match self {
            OrgKind::Association
            | OrgKind::Cooperative
            | OrgKind::Mutual
            | OrgKind::Foundation
            | OrgKind::EssCompany => Some(Role::Applicant),
            OrgKind::CommercialCompany => Some(Role::Company),
            OrgKind::Funder => Some(Role::Funder),
            OrgKind::School | OrgKind::YouthStructure => Some(Role::SchoolStaff),
            OrgKind::PublicBody => None,
        }
    }
}

impl From<LegalFamily> for OrgKind {
    fn from(family: LegalFamily) -> OrgKind {
        match family {
            LegalFamily::Association => OrgKind::Association,
            LegalFamily::Cooperative => OrgKind::Cooperative,
            LegalFamily::Mutual => OrgKind::Mutual,
            LegalFamily::Foundation => OrgKind::Foundation,
        }
    }
}

impl std::fmt::Display for OrgKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FTL_FR: &str = include_str!("../../../locales/fr/domain.ftl");
    const FTL_EN: &str = include_str!("../../../locales/en/domain.ftl");

    fn has_message(ftl: &str, id: &str) -> bool {
        ftl.lines()
            .any(|l| l.split_once('=').is_some_and(|(k, _)| k.trim() == id))
    }

    #[test]
    fn names_round_trip() {
        for k in OrgKind::ALL {
            assert_eq!(OrgKind::parse(k.as_str()), Some(k));
            assert_eq!(k.to_string(), k.as_str());
            assert_eq!(
                k.message_id(),
                format!("org-kind-{}", k.as_str().replace('_', "-"))
            );
        }
        assert_eq!(OrgKind::parse("Association"), None);
        assert_eq!(OrgKind::parse("company"), None);
    }

    #[test]
    fn serde_names_match_as_str() {
        use serde::de::value::{Error as DeError, StrDeserializer};
        use serde::de::IntoDeserializer;
        for k in OrgKind::ALL {
            let de: StrDeserializer<'_, DeError> = k.as_str().into_deserializer();
            assert_eq!(OrgKind::deserialize(de).unwrap(), k);
        }
    }

    #[test]
    fn roles() {
        assert_eq!(OrgKind::Funder.role(), Some(Role::Funder));
        assert_eq!(OrgKind::School.role(), Some(Role::SchoolStaff));
        assert_eq!(OrgKind::YouthStructure.role(), Some(Role::SchoolStaff));
        assert_eq!(OrgKind::CommercialCompany.role(), Some(Role::Company));
        assert_eq!(OrgKind::EssCompany.role(), Some(Role::Applicant));
        assert_eq!(OrgKind::PublicBody.role(), None);
        // Membership never grants a global role.
        for k in OrgKind::ALL {
            if let Some(r) = k.role() {
                assert!(!Role::GRANTABLE.contains(&r), "{k}");
            }
        }
    }

    #[test]
    fn applicant_kinds() {
        let applicants: Vec<OrgKind> = OrgKind::ALL
            .into_iter()
            .filter(|k| k.is_applicant_kind())
            .collect();
        assert_eq!(applicants.len(), 6);
        assert!(!OrgKind::Funder.is_applicant_kind());
        assert!(!OrgKind::PublicBody.is_applicant_kind());
        for f in LegalFamily::ALL {
            assert!(OrgKind::from(f).is_applicant_kind());
            assert_eq!(OrgKind::from(f).as_str(), f.as_str());
        }
    }

    #[test]
    fn every_kind_has_messages() {
        for k in OrgKind::ALL {
            assert!(
                has_message(FTL_FR, k.message_id()),
                "fr: {}",
                k.message_id()
            );
            assert!(
                has_message(FTL_EN, k.message_id()),
                "en: {}",
                k.message_id()
            );
        }
    }
}
