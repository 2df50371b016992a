//! The budget table of the association subsidy request (CERFA 12156*06, sections 5 and 6):
//! charges 60–68, income 70–78, voluntary contributions in kind 86 / 87, with the lines the
//! form details (74 by funder, 75 fees and gifts…).
//!
//! The chart is data: a line is one entry of [`BUDGET_LINES`]. Labels follow the CERFA; check
//! them against the current official form when it is revised.
//!
//! Totals (CERFA wording): "total des charges" (60–68, plus a project's indirect charges) and
//! "total des produits" (70–78); in-kind uses (86) and contributions (87) are added to reach
//! the grand totals ("TOTAL"). A budget must balance: grand totals equal, and 86 equal to 87
//! (a contribution in kind is recorded on both sides).

use super::errors::{FieldError, FieldErrorCode};
use super::input::{self, RawInput};
use crate::money::Cents;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Charge,
    Income,
    /// 86, emplois des contributions volontaires en nature.
    InKindUse,
    /// 87, contributions volontaires en nature.
    InKindContribution,
}

/// An account heading (60 Achats…), shown with its subtotal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Account {
    pub code: &'static str,
    pub side: Side,
    pub label_fr: &'static str,
    pub label_en: &'static str,
    /// Only in a project budget (indirect charges).
    pub project_only: bool,
}

/// A line where an amount is typed. `code` names the form input (`<field>.<code>`) and the key
/// of [`BudgetAnswer::lines`]: keep it stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BudgetLine {
    pub code: &'static str,
    pub account: &'static str,
    pub side: Side,
    pub label_fr: &'static str,
    pub label_en: &'static str,
    pub project_only: bool,
    /// The CERFA asks to name the funder(s) here: a text input `<field>.<code>.detail`.
    pub detail: bool,
}

impl BudgetLine {
    pub fn label(&self, lang: &str) -> &'static str {
        if lang == "en" {
            self.label_en
        } else {
            self.label_fr
        }
    }
}

impl Account {
    pub fn label(&self, lang: &str) -> &'static str {
        if lang == "en" {
            self.label_en
        } else {
            self.label_fr
        }
    }

    /// Lines of this account, in order.
    pub fn lines(&self) -> impl Iterator<Item = &'static BudgetLine> + '_ {
        BUDGET_LINES.iter().filter(move |l| l.account == self.code)
    }
}

const fn acc(
    code: &'static str,
    side: Side,
    label_fr: &'static str,
    label_en: &'static str,
) -> Account {
    Account {
        code,
        side,
        label_fr,
        label_en,
        project_only: false,
    }
}

const fn ln(
    code: &'static str,
    account: &'static str,
    side: Side,
    label_fr: &'static str,
    label_en: &'static str,
) -> BudgetLine {
    BudgetLine {
        code,
        account,
        side,
        label_fr,
        label_en,
        project_only: false,
        detail: false,
    }
}

const fn funder(code: &'static str, label_fr: &'static str, label_en: &'static str) -> BudgetLine {
    BudgetLine {
        code,
        account: "74",
        side: Side::Income,
        label_fr,
        label_en,
        project_only: false,
        detail: true,
    }
}

const fn indirect(
    code: &'static str,
    label_fr: &'static str,
    label_en: &'static str,
) -> BudgetLine {
    BudgetLine {
        code,
        account: "indirect",
        side: Side::Charge,
        label_fr,
        label_en,
        project_only: true,
        detail: false,
    }
}

use Side::{Charge as C, InKindContribution as K87, InKindUse as K86, Income as I};

/// Account headings in CERFA order: charges, income, then in kind.
pub const BUDGET_ACCOUNTS: &[Account] = &[
    acc("60", C, "60 – Achats", "60 – Purchases"),
    acc(
        "61",
        C,
        "61 – Services extérieurs",
        "61 – External services",
    ),
    acc(
        "62",
        C,
        "62 – Autres services extérieurs",
        "62 – Other external services",
    ),
    acc("63", C, "63 – Impôts et taxes", "63 – Taxes"),
    acc("64", C, "64 – Charges de personnel", "64 – Staff costs"),
    acc(
        "65",
        C,
        "65 – Autres charges de gestion courante",
        "65 – Other operating expenses",
    ),
    acc(
        "66",
        C,
        "66 – Charges financières",
        "66 – Financial expenses",
    ),
    acc(
        "67",
        C,
        "67 – Charges exceptionnelles",
        "67 – Exceptional expenses",
    ),
    acc(
        "68",
        C,
        "68 – Dotation aux amortissements",
        "68 – Depreciation and provisions",
    ),
    Account {
        code: "indirect",
        side: C,
        label_fr: "Charges indirectes réparties affectées au projet",
        label_en: "Indirect costs allocated to the project",
        project_only: true,
    },
    acc(
        "70",
        I,
        "70 – Vente de produits finis, de marchandises, prestations de services",
        "70 – Sales of goods and services",
    ),
    acc(
        "73",
        I,
        "73 – Dotations et produits de tarification",
        "73 – Allocations and pricing income",
    ),
    acc(
        "74",
        I,
        "74 – Subventions d’exploitation",
        "74 – Operating subsidies",
    ),
    acc(
        "75",
        I,
        "75 – Autres produits de gestion courante",
        "75 – Other operating income",
    ),
    acc("76", I, "76 – Produits financiers", "76 – Financial income"),
    acc(
        "77",
        I,
        "77 – Produits exceptionnels",
        "77 – Exceptional income",
    ),
    acc(
        "78",
        I,
        "78 – Reprises sur amortissements et provisions",
        "78 – Write-backs of depreciation and provisions",
    ),
    acc(
        "86",
        K86,
        "86 – Emplois des contributions volontaires en nature",
        "86 – Use of voluntary contributions in kind",
    ),
    acc(
        "87",
        K87,
        "87 – Contributions volontaires en nature",
        "87 – Voluntary contributions in kind",
    ),
];

/// Every line of the chart, in CERFA order.
pub const BUDGET_LINES: &[BudgetLine] = &[
    ln(
        "60-prestations",
        "60",
        C,
        "Prestations de services",
        "Services bought in",
    ),
    ln(
        "60-matieres",
        "60",
        C,
        "Achats matières et fournitures",
        "Materials and supplies",
    ),
    ln("60-autres", "60", C, "Autres fournitures", "Other supplies"),
    ln("61-locations", "61", C, "Locations", "Rentals"),
    ln(
        "61-entretien",
        "61",
        C,
        "Entretien et réparation",
        "Maintenance and repairs",
    ),
    ln("61-assurance", "61", C, "Assurance", "Insurance"),
    ln(
        "61-documentation",
        "61",
        C,
        "Documentation",
        "Documentation",
    ),
    ln(
        "62-honoraires",
        "62",
        C,
        "Rémunérations intermédiaires et honoraires",
        "Intermediaries and professional fees",
    ),
    ln(
        "62-publicite",
        "62",
        C,
        "Publicité, publication",
        "Advertising, publications",
    ),
    ln(
        "62-deplacements",
        "62",
        C,
        "Déplacements, missions",
        "Travel and assignments",
    ),
    ln(
        "62-services-bancaires",
        "62",
        C,
        "Services bancaires, autres",
        "Bank charges, other",
    ),
    ln(
        "63-remunerations",
        "63",
        C,
        "Impôts et taxes sur rémunération",
        "Payroll taxes",
    ),
    ln(
        "63-autres",
        "63",
        C,
        "Autres impôts et taxes",
        "Other taxes",
    ),
    ln(
        "64-remunerations",
        "64",
        C,
        "Rémunération des personnels",
        "Salaries",
    ),
    ln(
        "64-charges-sociales",
        "64",
        C,
        "Charges sociales",
        "Social security contributions",
    ),
    ln(
        "64-autres",
        "64",
        C,
        "Autres charges de personnel",
        "Other staff costs",
    ),
    ln(
        "65",
        "65",
        C,
        "Autres charges de gestion courante",
        "Other operating expenses",
    ),
    ln("66", "66", C, "Charges financières", "Financial expenses"),
    ln(
        "67",
        "67",
        C,
        "Charges exceptionnelles",
        "Exceptional expenses",
    ),
    ln(
        "68",
        "68",
        C,
        "Dotation aux amortissements",
        "Depreciation and provisions",
    ),
    indirect(
        "indirect-fixes",
        "Charges fixes de fonctionnement",
        "Fixed running costs",
    ),
    indirect("indirect-financiers", "Frais financiers", "Financial costs"),
    indirect("indirect-autres", "Autres", "Other"),
    ln(
        "70",
        "70",
        I,
        "Vente de produits finis, de marchandises, prestations de services",
        "Sales of goods and services",
    ),
    ln(
        "73",
        "73",
        I,
        "Dotations et produits de tarification",
        "Allocations and pricing income",
    ),
    funder(
        "74-etat",
        "État : préciser le(s) ministère(s), directions ou services déconcentrés sollicités",
        "State: name the ministries, directorates or local services applied to",
    ),
    funder("74-region", "Région(s)", "Region(s)"),
    funder("74-departement", "Département(s)", "Département(s)"),
    funder(
        "74-intercommunalite",
        "Intercommunalité(s) : EPCI",
        "Inter-municipal bodies (EPCI)",
    ),
    funder("74-commune", "Commune(s)", "Municipality(ies)"),
    funder(
        "74-organismes-sociaux",
        "Organismes sociaux (CAF, etc. : préciser)",
        "Social security bodies (CAF, etc.: specify)",
    ),
    funder(
        "74-fonds-europeens",
        "Fonds européens (FSE, FEDER, etc.)",
        "European funds (ESF, ERDF, etc.)",
    ),
    funder(
        "74-asp",
        "Agence de services et de paiement (emplois aidés)",
        "Services and Payment Agency (subsidised jobs)",
    ),
    funder(
        "74-autres-publics",
        "Autres établissements publics",
        "Other public bodies",
    ),
    funder(
        "74-aides-privees",
        "Aides privées (fondations)",
        "Private grants (foundations)",
    ),
    ln("75-cotisations", "75", I, "Cotisations", "Membership fees"),
    ln(
        "75-dons",
        "75",
        I,
        "Dons manuels, mécénat",
        "Donations, sponsorship",
    ),
    ln(
        "75-autres",
        "75",
        I,
        "Autres produits de gestion courante",
        "Other operating income",
    ),
    ln("76", "76", I, "Produits financiers", "Financial income"),
    ln(
        "77",
        "77",
        I,
        "Produits exceptionnels",
        "Exceptional income",
    ),
    ln(
        "78",
        "78",
        I,
        "Reprises sur amortissements et provisions",
        "Write-backs of depreciation and provisions",
    ),
    ln(
        "86-secours",
        "86",
        K86,
        "Secours en nature",
        "Relief in kind",
    ),
    ln(
        "86-mise-a-disposition",
        "86",
        K86,
        "Mise à disposition gratuite de biens et services",
        "Goods and services provided free of charge",
    ),
    ln("86-prestations", "86", K86, "Prestations", "Services"),
    ln(
        "86-benevoles",
        "86",
        K86,
        "Personnel bénévole",
        "Volunteer staff",
    ),
    ln("87-benevolat", "87", K87, "Bénévolat", "Volunteering"),
    ln(
        "87-prestations",
        "87",
        K87,
        "Prestations en nature",
        "Services in kind",
    ),
    ln("87-dons", "87", K87, "Dons en nature", "Donations in kind"),
];

/// Totals of a budget table that conditions and computed fields may name as
/// `<field>.<value>`: `project_budget.requested`, `project_budget.total_income`…
pub const BUDGET_VALUES: [&str; 7] = [
    "total_charges",
    "total_income",
    "in_kind_uses",
    "in_kind_contributions",
    "grand_total_charges",
    "grand_total_income",
    "requested",
];

/// Largest amount of one line: 100 billion euros, so totals never overflow.
pub const MAX_LINE: Cents = Cents(10_000_000_000_000);
/// Longest funder detail.
pub const MAX_DETAIL_LEN: u32 = 200;

/// The line with this code.
pub fn line(code: &str) -> Option<&'static BudgetLine> {
    BUDGET_LINES.iter().find(|l| l.code == code)
}

/// The lines of an association budget, or of a project budget (with indirect charges).
pub fn lines_for(project: bool) -> impl Iterator<Item = &'static BudgetLine> {
    BUDGET_LINES
        .iter()
        .filter(move |l| project || !l.project_only)
}

/// Accounts of an association budget, or of a project budget.
pub fn accounts_for(project: bool) -> impl Iterator<Item = &'static Account> {
    BUDGET_ACCOUNTS
        .iter()
        .filter(move |a| project || !a.project_only)
}

/// The four sums of a budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct BudgetTotals {
    /// "Total des charges": 60–68 and indirect charges.
    pub charges: Cents,
    /// "Total des produits": 70–78.
    pub income: Cents,
    pub in_kind_uses: Cents,
    pub in_kind_contributions: Cents,
}

impl BudgetTotals {
    pub fn grand_total_charges(&self) -> Cents {
        saturate(i128::from(self.charges.0) + i128::from(self.in_kind_uses.0))
    }

    pub fn grand_total_income(&self) -> Cents {
        saturate(i128::from(self.income.0) + i128::from(self.in_kind_contributions.0))
    }
}

fn saturate(x: i128) -> Cents {
    Cents(i64::try_from(x).unwrap_or(if x < 0 { i64::MIN } else { i64::MAX }))
}

/// The amounts typed in a budget table, by line code, and the funders named on detailed lines.
/// Zero lines are not stored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BudgetAnswer {
    #[serde(default)]
    pub lines: BTreeMap<String, Cents>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub details: BTreeMap<String, String>,
}

impl BudgetAnswer {
    /// Builder for code and tests: sets a line.
    pub fn with(mut self, code: &str, amount: Cents) -> BudgetAnswer {
        self.lines.insert(code.to_owned(), amount);
        self
    }

    /// The amount of a line (zero when absent).
    pub fn amount(&self, code: &str) -> Cents {
        self.lines.get(code).copied().unwrap_or(Cents::ZERO)
    }

    /// Subtotal of an account ("60", "74"…).
    pub fn account_total(&self, account: &str) -> Cents {
        saturate(
            self.known_lines()
                .filter(|(l, _)| l.account == account)
                .map(|(_, c)| i128::from(c.0))
                .sum(),
        )
    }

    fn known_lines(&self) -> impl Iterator<Item = (&'static BudgetLine, Cents)> + '_ {
        self.lines
            .iter()
            .filter_map(|(code, c)| line(code).map(|l| (l, *c)))
    }

    /// Totals by side. Lines unknown to the chart are left out (validation reports them).
    pub fn totals(&self) -> BudgetTotals {
        let mut sums = [0i128; 4];
        for (l, c) in self.known_lines() {
            let i = match l.side {
                Side::Charge => 0,
                Side::Income => 1,
                Side::InKindUse => 2,
                Side::InKindContribution => 3,
            };
            sums[i] += i128::from(c.0);
        }
        BudgetTotals {
            charges: saturate(sums[0]),
            income: saturate(sums[1]),
            in_kind_uses: saturate(sums[2]),
            in_kind_contributions: saturate(sums[3]),
        }
    }

    /// Charges equal income, in-kind included on both sides (and so 86 equals 87 exactly when
    /// 60–68 equals 70–78).
    pub fn is_balanced(&self) -> bool {
        let t = self.totals();
        t.grand_total_charges() == t.grand_total_income()
    }

    /// The amount requested from this call: the line the form designates.
    pub fn requested(&self, requested_line: &str) -> Cents {
        self.amount(requested_line)
    }

    /// A named total ([`BUDGET_VALUES`]); `requested` needs the designated line.
    pub fn value(&self, name: &str, requested_line: Option<&str>) -> Option<Cents> {
        let t = self.totals();
        Some(match name {
            "total_charges" => t.charges,
            "total_income" => t.income,
            "in_kind_uses" => t.in_kind_uses,
            "in_kind_contributions" => t.in_kind_contributions,
            "grand_total_charges" => t.grand_total_charges(),
            "grand_total_income" => t.grand_total_income(),
            "requested" => self.requested(requested_line?),
            _ => return None,
        })
    }

    /// No amount other than zero.
    pub fn is_empty(&self) -> bool {
        self.lines.values().all(|c| *c == Cents::ZERO)
    }

    /// Reads the inputs of a budget table named `field`: `<field>.<line>` amounts (French or
    /// English format, see [`Cents::parse_eur`]) and `<field>.<line>.detail` funder names.
    /// Blank and zero amounts are left out. Errors are placed on `<field>.<line>`.
    pub fn parse_inputs(
        field: &str,
        raw: &RawInput,
        project: bool,
    ) -> (BudgetAnswer, Vec<FieldError>) {
        let mut answer = BudgetAnswer::default();
        let mut errors = vec![];
        for l in lines_for(project) {
            let name = format!("{field}.{}", l.code);
            if let Some(text) = input::single(raw.get(&name)) {
                match Cents::parse_eur(text) {
                    Ok(c) if c == Cents::ZERO => {}
                    Ok(c) => {
                        answer.lines.insert(l.code.to_owned(), c);
                    }
                    Err(e) => errors.push(FieldError::new(&name, &FieldErrorCode::Money(e))),
                }
            }
            if l.detail {
                if let Some(text) = input::single(raw.get(&format!("{name}.detail"))) {
                    let clean = input::one_line(text);
                    if !clean.is_empty() {
                        answer.details.insert(l.code.to_owned(), clean);
                    }
                }
            }
        }
        (answer, errors)
    }

    /// The inputs that [`BudgetAnswer::parse_inputs`] reads back to this answer, for showing a
    /// saved budget: (name, text) pairs.
    pub fn to_inputs(&self, field: &str, lang: &str) -> Vec<(String, String)> {
        let mut out = vec![];
        for (code, amount) in &self.lines {
            out.push((format!("{field}.{code}"), input::cents_input(*amount, lang)));
        }
        for (code, detail) in &self.details {
            out.push((format!("{field}.{code}.detail"), detail.clone()));
        }
        out
    }
}
