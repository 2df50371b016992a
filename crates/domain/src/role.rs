//! The roles a person can hold, several at once.

use serde::{Deserialize, Serialize};

/// A role. Global roles (administrator, staff, jury, young person) are granted to a person;
/// the others follow from membership of an organisation of the matching kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Staff,
    Jury,
    Applicant,
    Funder,
    SchoolStaff,
    Company,
    Young,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Admin,
        Role::Staff,
        Role::Jury,
        Role::Applicant,
        Role::Funder,
        Role::SchoolStaff,
        Role::Company,
        Role::Young,
    ];

    /// Roles staff grant directly to a person (the others come from organisation membership).
    pub const GRANTABLE: [Role; 4] = [Role::Admin, Role::Staff, Role::Jury, Role::Young];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Staff => "staff",
            Role::Jury => "jury",
            Role::Applicant => "applicant",
            Role::Funder => "funder",
            Role::SchoolStaff => "school_staff",
            Role::Company => "company",
            Role::Young => "young",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
