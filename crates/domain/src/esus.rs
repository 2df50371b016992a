//! ESUS approval ("agrément Entreprise solidaire d'utilité sociale", code du travail
//! L3332-17-1): how long it lasts and whether it is still valid.
//!
//! Durations are configuration ([`EsusRules`]), not literals: check them against Légifrance.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Durations of the approval. Defaults: 5 years, 2 years for a company under 3 years old at
/// the decision, warning 90 days before the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EsusRules {
    pub years_default: u32,
    pub years_young_company: u32,
    pub young_company_under_years: u32,
    pub expiring_warning_days: u32,
}

impl Default for EsusRules {
    fn default() -> Self {
        EsusRules {
            years_default: 5,
            years_young_company: 2,
            young_company_under_years: 3,
            expiring_warning_days: 90,
        }
    }
}

/// One préfectoral decision granting the approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EsusApproval {
    /// Date of the préfet's decision: the approval runs from that day.
    pub decision_date: NaiveDate,
    /// Who decided, e.g. "Préfecture des Hauts-de-Seine".
    pub authority: String,
    /// Creation date of the company (SIRENE `dateCreationUniteLegale`), if known. Unknown
    /// counts as not young, i.e. the default duration.
    pub company_created: Option<NaiveDate>,
}

/// Adds whole years; a 29 February lands on 28 February in a common year (chrono clamps to
/// the end of the month, as code de procédure civile art. 641 does for deadlines).
fn add_years(date: NaiveDate, years: u32) -> NaiveDate {
    date.checked_add_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MAX)
}

impl EsusApproval {
    /// Whether the company was under `young_company_under_years` old on the decision date.
    /// The law counts the age when the company applied; the decision date is what the proof
    /// carries, and the application precedes it, so this can only err towards "not young".
    pub fn is_young_company(&self, rules: &EsusRules) -> bool {
        self.company_created.is_some_and(|created| {
            self.decision_date < add_years(created, rules.young_company_under_years)
        })
    }

    /// Last day on which the approval is valid (inclusive): the day before the anniversary of
    /// the decision, 5 (or 2) years later. Decision 15 March 2024 → valid through 14 March
    /// 2029. Decision 29 February 2024 → the anniversary is 28 February 2029, so valid through
    /// 27 February 2029.
    pub fn valid_until(&self, rules: &EsusRules) -> NaiveDate {
        let years = if self.is_young_company(rules) {
            rules.years_young_company
        } else {
            rules.years_default
        };
        let anniversary = add_years(self.decision_date, years);
        // A zero duration would end the day before it starts; keep it to the decision day.
        anniversary
            .pred_opt()
            .unwrap_or(anniversary)
            .max(self.decision_date)
    }

    /// Status on `today`: Expired after [`EsusApproval::valid_until`]; Expiring during its last
    /// `expiring_warning_days` valid days (valid_until included); Valid otherwise, including
    /// before the decision date (status is about expiry only).
    pub fn status(&self, rules: &EsusRules, today: NaiveDate) -> EsusStatus {
        let end = self.valid_until(rules);
        if today > end {
            EsusStatus::Expired
        } else if (end - today).num_days() < i64::from(rules.expiring_warning_days) {
            EsusStatus::Expiring
        } else {
            EsusStatus::Valid
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EsusStatus {
    Valid,
    Expiring,
    Expired,
}

impl EsusStatus {
    pub const ALL: [EsusStatus; 3] = [EsusStatus::Valid, EsusStatus::Expiring, EsusStatus::Expired];

    pub fn as_str(self) -> &'static str {
        match self {
            EsusStatus::Valid => "valid",
            EsusStatus::Expiring => "expiring",
            EsusStatus::Expired => "expired",
        }
    }

    /// Stable Fluent message id.
    pub fn code(self) -> &'static str {
        match self {
            EsusStatus::Valid => "esus-valid",
            EsusStatus::Expiring => "esus-expiring",
            EsusStatus::Expired => "esus-expired",
        }
    }
}

impl std::fmt::Display for EsusStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn approval(decision: NaiveDate, created: Option<NaiveDate>) -> EsusApproval {
        EsusApproval {
            decision_date: decision,
            authority: "Préfecture des Hauts-de-Seine".into(),
            company_created: created,
        }
    }

    #[test]
    fn five_years_through_the_day_before_the_anniversary() {
        let r = EsusRules::default();
        let a = approval(d(2024, 3, 15), Some(d(2010, 1, 1)));
        assert_eq!(a.valid_until(&r), d(2029, 3, 14));
        // Unknown creation date: default duration.
        assert_eq!(
            approval(d(2024, 3, 15), None).valid_until(&r),
            d(2029, 3, 14)
        );
        // First of the month: the day before is in the previous month.
        assert_eq!(
            approval(d(2024, 3, 1), None).valid_until(&r),
            d(2029, 2, 28)
        );
        assert_eq!(
            approval(d(2027, 3, 1), None).valid_until(&r),
            d(2032, 2, 29)
        );
        assert_eq!(
            approval(d(2025, 1, 1), None).valid_until(&r),
            d(2029, 12, 31)
        );
    }

    #[test]
    fn two_years_for_a_young_company() {
        let r = EsusRules::default();
        let a = approval(d(2024, 3, 15), Some(d(2022, 6, 1)));
        assert!(a.is_young_company(&r));
        assert_eq!(a.valid_until(&r), d(2026, 3, 14));
        // Exactly 3 years old on the decision day: no longer young.
        let a = approval(d(2024, 3, 15), Some(d(2021, 3, 15)));
        assert!(!a.is_young_company(&r));
        assert_eq!(a.valid_until(&r), d(2029, 3, 14));
        // One day short of 3 years: young.
        let a = approval(d(2024, 3, 15), Some(d(2021, 3, 16)));
        assert!(a.is_young_company(&r));
    }

    #[test]
    fn leap_days() {
        let r = EsusRules::default();
        assert_eq!(
            approval(d(2024, 2, 29), None).valid_until(&r),
            d(2029, 2, 27)
        );
        // Four years later is a leap year again.
        let four = EsusRules {
            years_default: 4,
            ..r
        };
        assert_eq!(
            approval(d(2024, 2, 29), None).valid_until(&four),
            d(2028, 2, 28)
        );
        let young = approval(d(2024, 2, 29), Some(d(2023, 1, 1)));
        assert_eq!(young.valid_until(&r), d(2026, 2, 27));
        // Created on 29 February 2020: 3 years old on 28 February 2023.
        assert!(!approval(d(2023, 2, 28), Some(d(2020, 2, 29))).is_young_company(&r));
        assert!(approval(d(2023, 2, 27), Some(d(2020, 2, 29))).is_young_company(&r));
    }

    #[test]
    fn status_over_time() {
        let r = EsusRules::default();
        let a = approval(d(2024, 3, 15), None);
        let end = d(2029, 3, 14);
        assert_eq!(a.status(&r, d(2024, 3, 15)), EsusStatus::Valid);
        assert_eq!(a.status(&r, d(2020, 1, 1)), EsusStatus::Valid);
        // The last 90 valid days warn.
        assert_eq!(a.status(&r, end - chrono::Days::new(90)), EsusStatus::Valid);
        assert_eq!(
            a.status(&r, end - chrono::Days::new(89)),
            EsusStatus::Expiring
        );
        assert_eq!(a.status(&r, end), EsusStatus::Expiring);
        assert_eq!(a.status(&r, d(2029, 3, 15)), EsusStatus::Expired);
        let no_warning = EsusRules {
            expiring_warning_days: 0,
            ..r
        };
        assert_eq!(a.status(&no_warning, end), EsusStatus::Valid);
    }

    #[test]
    fn degenerate_rules_do_not_panic() {
        let zero = EsusRules {
            years_default: 0,
            years_young_company: 0,
            young_company_under_years: 0,
            expiring_warning_days: u32::MAX,
        };
        let a = approval(d(2024, 3, 15), Some(d(2024, 1, 1)));
        assert_eq!(a.valid_until(&zero), d(2024, 3, 15));
        assert_eq!(a.status(&zero, d(2024, 3, 15)), EsusStatus::Expiring);
        let huge = EsusRules {
            years_default: u32::MAX,
            ..EsusRules::default()
        };
        assert!(approval(d(2024, 3, 15), None).valid_until(&huge) > d(9999, 1, 1));
    }

    #[test]
    fn status_codes_have_messages() {
        for s in EsusStatus::ALL {
            assert!(has_message(FTL_FR, s.code()), "fr: {}", s.code());
            assert!(has_message(FTL_EN, s.code()), "en: {}", s.code());
        }
    }

    proptest! {
        #[test]
        fn validity_is_about_n_years(days in 0i64..40_000, young in any::<bool>()) {
            let r = EsusRules::default();
            let decision = d(2000, 1, 1) + chrono::Days::new(days as u64);
            let created = if young { decision - chrono::Days::new(30) } else { d(1990, 1, 1) };
            let a = approval(decision, Some(created));
            let years = if young { 2 } else { 5 };
            let span = (a.valid_until(&r) - decision).num_days() + 1;
            // N years of 365 or 366 days, one day fewer when a 29 February start is clamped.
            prop_assert!(span >= 365 * years - 1 && span <= 365 * years + 2, "{span}");
            prop_assert_eq!(a.status(&r, a.valid_until(&r) + chrono::Days::new(1)), EsusStatus::Expired);
            prop_assert_ne!(a.status(&r, decision), EsusStatus::Expired);
        }

        #[test]
        fn valid_until_is_monotonic(days in 0i64..40_000) {
            let r = EsusRules::default();
            let a = d(2000, 1, 1) + chrono::Days::new(days as u64);
            let b = a + chrono::Days::new(1);
            prop_assert!(approval(a, None).valid_until(&r) <= approval(b, None).valid_until(&r));
        }
    }
}
