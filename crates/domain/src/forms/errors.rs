//! Errors of forms: on an answer ([`FieldErrorCode`], placed by [`FieldError`]) and on a
//! schema ([`SchemaError`]). Each has a stable Fluent id (`code()`) and typed arguments
//! (`args()`), named as in `locales/*/forms.ftl`.

use crate::email::EmailError;
use crate::identifiers::IdError;
use crate::money::{Cents, MoneyError};
use chrono::NaiveDate;
use serde::Serialize;

/// A message argument, typed so the web layer formats it for the reader's language
/// (`Cents::format_fr` / `format_en`, dates, sizes in MB…).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArgValue {
    Integer(i64),
    Decimal(f64),
    Cents(Cents),
    /// Basis points: 1250 is 12.5 %.
    Percent(i64),
    Date(NaiveDate),
    /// A file size in bytes.
    Bytes(u64),
    Text(String),
}

/// Why an answer was refused. Format errors come from [`crate::forms::parse_input`],
/// constraint errors from [`crate::forms::validate()`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FieldErrorCode {
    #[error("this field is required")]
    Required,
    #[error("at most {max} characters")]
    TooLong { max: u32 },
    #[error("not a whole number")]
    IntegerFormat,
    #[error("not a number")]
    NumberFormat,
    #[error("at most {max} decimals")]
    TooManyDecimals { max: u8 },
    #[error("not a percentage")]
    PercentFormat,
    #[error("below the minimum")]
    TooSmall { min: ArgValue },
    #[error("above the maximum")]
    TooLarge { max: ArgValue },
    #[error("not a date")]
    DateFormat,
    #[error("date before {min}")]
    DateTooEarly { min: NaiveDate },
    #[error("date after {max}")]
    DateTooLate { max: NaiveDate },
    #[error("not one of the options")]
    InvalidChoice,
    #[error("at least {min} choices")]
    TooFewChoices { min: u32 },
    #[error("at most {max} choices")]
    TooManyChoices { max: u32 },
    /// A statement that must be accepted (sworn statement, Contrat d'engagement républicain).
    #[error("this statement must be accepted")]
    MustAccept,
    #[error("not a phone number")]
    PhoneFormat,
    #[error("not a web address")]
    UrlFormat,
    #[error("commune outside the territory")]
    CommuneOutside,
    /// `accept` lists the allowed types for the message ("PDF, PNG, JPEG").
    #[error("file type not allowed")]
    FileType { accept: String },
    #[error("file larger than {max_bytes} bytes")]
    FileTooLarge { max_bytes: u64 },
    #[error("at least {min} items")]
    TooFewItems { min: u32 },
    #[error("at most {max} items")]
    TooManyItems { max: u32 },
    /// Total charges (with in-kind uses, 86) differ from total income (with in-kind
    /// contributions, 87).
    #[error("charges and income differ")]
    BudgetUnbalanced { charges: Cents, income: Cents },
    #[error("in-kind uses and contributions differ")]
    BudgetInKindUnbalanced { uses: Cents, contributions: Cents },
    #[error("a budget line is negative")]
    BudgetNegative,
    #[error("not a line of this budget")]
    BudgetUnknownLine,
    #[error("no amount requested")]
    RequestMissing,
    #[error("requested amount above {max}")]
    RequestOverCap { max: Cents },
    /// `max` in basis points.
    #[error("requested share above the maximum")]
    RequestShare { max: i64 },
    /// The stored value does not fit the field (kind changed by a revision, bad API input).
    #[error("value does not fit the field")]
    WrongValue,
    #[error(transparent)]
    Id(#[from] IdError),
    #[error(transparent)]
    Money(#[from] MoneyError),
    #[error(transparent)]
    Email(#[from] EmailError),
}

impl FieldErrorCode {
    /// Stable Fluent message id.
    pub fn code(&self) -> &'static str {
        use FieldErrorCode as E;
        match self {
            E::Required => "forms-required",
            E::TooLong { .. } => "forms-too-long",
            E::IntegerFormat => "forms-integer-format",
            E::NumberFormat => "forms-number-format",
            E::TooManyDecimals { .. } => "forms-number-decimals",
            E::PercentFormat => "forms-percent-format",
            E::TooSmall { .. } => "forms-too-small",
            E::TooLarge { .. } => "forms-too-large",
            E::DateFormat => "forms-date-format",
            E::DateTooEarly { .. } => "forms-date-too-early",
            E::DateTooLate { .. } => "forms-date-too-late",
            E::InvalidChoice => "forms-choice-invalid",
            E::TooFewChoices { .. } => "forms-choices-too-few",
            E::TooManyChoices { .. } => "forms-choices-too-many",
            E::MustAccept => "forms-must-accept",
            E::PhoneFormat => "forms-phone-format",
            E::UrlFormat => "forms-url-format",
            E::CommuneOutside => "forms-commune-outside",
            E::FileType { .. } => "forms-file-type",
            E::FileTooLarge { .. } => "forms-file-too-large",
            E::TooFewItems { .. } => "forms-group-too-few",
            E::TooManyItems { .. } => "forms-group-too-many",
            E::BudgetUnbalanced { .. } => "forms-budget-unbalanced",
            E::BudgetInKindUnbalanced { .. } => "forms-budget-in-kind-unbalanced",
            E::BudgetNegative => "forms-budget-negative",
            E::BudgetUnknownLine => "forms-budget-unknown-line",
            E::RequestMissing => "forms-budget-request-missing",
            E::RequestOverCap { .. } => "forms-budget-request-over-cap",
            E::RequestShare { .. } => "forms-budget-request-share",
            E::WrongValue => "forms-value-invalid",
            E::Id(e) => e.code(),
            E::Money(e) => e.code(),
            E::Email(e) => e.code(),
        }
    }

    /// Fluent arguments, by the names used in `forms.ftl`.
    pub fn args(&self) -> Vec<(&'static str, ArgValue)> {
        use FieldErrorCode as E;
        match self {
            E::TooLong { max } => vec![("max", ArgValue::Integer(i64::from(*max)))],
            E::TooManyDecimals { max } => vec![("max", ArgValue::Integer(i64::from(*max)))],
            E::TooSmall { min } => vec![("min", min.clone())],
            E::TooLarge { max } => vec![("max", max.clone())],
            E::DateTooEarly { min } => vec![("min", ArgValue::Date(*min))],
            E::DateTooLate { max } => vec![("max", ArgValue::Date(*max))],
            E::TooFewChoices { min } | E::TooFewItems { min } => {
                vec![("min", ArgValue::Integer(i64::from(*min)))]
            }
            E::TooManyChoices { max } | E::TooManyItems { max } => {
                vec![("max", ArgValue::Integer(i64::from(*max)))]
            }
            E::FileType { accept } => vec![("accept", ArgValue::Text(accept.clone()))],
            E::FileTooLarge { max_bytes } => vec![("max", ArgValue::Bytes(*max_bytes))],
            E::BudgetUnbalanced { charges, income } => vec![
                ("charges", ArgValue::Cents(*charges)),
                ("income", ArgValue::Cents(*income)),
            ],
            E::BudgetInKindUnbalanced {
                uses,
                contributions,
            } => vec![
                ("uses", ArgValue::Cents(*uses)),
                ("contributions", ArgValue::Cents(*contributions)),
            ],
            E::RequestOverCap { max } => vec![("max", ArgValue::Cents(*max))],
            E::RequestShare { max } => vec![("max", ArgValue::Percent(*max))],
            _ => vec![],
        }
    }
}

/// An error placed on a field: `path` is the field id (`"budget"`), a group member in an item
/// (`"team.2.name"`, items counted from 0) or a budget line (`"project_budget.74-departement"`),
/// matching the names of the form inputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    pub path: String,
    pub code: &'static str,
    pub args: Vec<(&'static str, ArgValue)>,
}

impl FieldError {
    pub fn new(path: impl Into<String>, error: &FieldErrorCode) -> FieldError {
        FieldError {
            path: path.into(),
            code: error.code(),
            args: error.args(),
        }
    }
}

/// What is wrong in a schema, for staff building a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaErrorKind {
    /// Ids are 1–64 characters among `a-z`, `0-9`, `_` (options may also use `-`).
    BadId {
        id: String,
    },
    DuplicateId {
        id: String,
    },
    /// The form has no field at all.
    EmptyForm,
    /// A repeatable group inside a repeatable group.
    NestedGroup,
    /// A repeatable group without fields.
    EmptyGroup,
    /// A budget table or a computed field inside a repeatable group.
    NotInGroup,
    NoOptions,
    DuplicateOption {
        id: String,
    },
    /// A minimum above its maximum, a zero maximum length or size, too many decimals…
    BadRange,
    /// A condition or computed field names a field that does not exist.
    UnknownReference {
        id: String,
    },
    /// A condition or computed field names the field itself or a later one.
    ForwardReference {
        id: String,
    },
    /// A group member named outside its own group (only computed sums may do that).
    MemberReference {
        id: String,
    },
    /// A comparison that can never hold: wrong type of value, unknown option, ordering on
    /// text, invalid commune code…
    ConditionType {
        id: String,
    },
    /// A computed operand that is not numeric, or numbers of different units (euros and
    /// integers…).
    ComputedOperand {
        id: String,
    },
    /// Ratio takes exactly 2 operands, difference at least 2, sum at least 1.
    ComputedArity,
    /// The display does not fit the result (a sum of euros shown as a percentage…).
    ComputedDisplay,
    NoFileTypes,
    /// `requested_line` is not an income line of the chart.
    BudgetLine {
        line: String,
    },
    /// The prefilled profile value does not fit the kind of field.
    Prefill,
}

/// A schema error and where: a field path (`"team.name"`), `"page:<id>"` or `"section:<id>"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    pub at: String,
    pub kind: SchemaErrorKind,
}

impl SchemaError {
    pub(crate) fn new(at: impl Into<String>, kind: SchemaErrorKind) -> SchemaError {
        SchemaError {
            at: at.into(),
            kind,
        }
    }

    /// Stable Fluent message id.
    pub fn code(&self) -> &'static str {
        use SchemaErrorKind as K;
        match &self.kind {
            K::BadId { .. } => "forms-schema-bad-id",
            K::DuplicateId { .. } => "forms-schema-duplicate-id",
            K::EmptyForm => "forms-schema-empty-form",
            K::NestedGroup => "forms-schema-nested-group",
            K::EmptyGroup => "forms-schema-empty-group",
            K::NotInGroup => "forms-schema-not-in-group",
            K::NoOptions => "forms-schema-no-options",
            K::DuplicateOption { .. } => "forms-schema-duplicate-option",
            K::BadRange => "forms-schema-bad-range",
            K::UnknownReference { .. } => "forms-schema-unknown-reference",
            K::ForwardReference { .. } => "forms-schema-forward-reference",
            K::MemberReference { .. } => "forms-schema-member-reference",
            K::ConditionType { .. } => "forms-schema-condition-type",
            K::ComputedOperand { .. } => "forms-schema-computed-operand",
            K::ComputedArity => "forms-schema-computed-arity",
            K::ComputedDisplay => "forms-schema-computed-display",
            K::NoFileTypes => "forms-schema-no-file-types",
            K::BudgetLine { .. } => "forms-schema-budget-line",
            K::Prefill => "forms-schema-prefill",
        }
    }

    /// Fluent arguments: always `$at` (where), plus `$id` or `$line` when the kind names one.
    pub fn args(&self) -> Vec<(&'static str, ArgValue)> {
        use SchemaErrorKind as K;
        let mut args = vec![("at", ArgValue::Text(self.at.clone()))];
        match &self.kind {
            K::BadId { id }
            | K::DuplicateId { id }
            | K::DuplicateOption { id }
            | K::UnknownReference { id }
            | K::ForwardReference { id }
            | K::MemberReference { id }
            | K::ConditionType { id }
            | K::ComputedOperand { id } => args.push(("id", ArgValue::Text(id.clone()))),
            K::BudgetLine { line } => args.push(("line", ArgValue::Text(line.clone()))),
            _ => {}
        }
        args
    }
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at {}: {:?}", self.code(), self.at, self.kind)
    }
}
