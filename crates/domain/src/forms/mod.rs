//! Forms of calls for projects: the schema staff build, the answers applicants give, and the
//! one condition language that drives eligibility, conditional display and routing.
//!
//! Everything here is pure and serde-serialisable: the web layer stores a [`FormSchema`] and
//! [`Answers`] as JSON, renders them, and asks this module to parse raw input
//! ([`parse_input`], [`apply_input`]), evaluate conditions ([`Condition::eval`]), compute
//! derived values ([`compute`]) and validate ([`validate()`]).
//!
//! # Revisions
//!
//! A published form is never edited in place: editing creates a new revision (a new
//! `FormSchema` stored beside the old one). Answers are keyed by stable [`FieldId`]s, so a file
//! started on revision 1 keeps working on revision 2:
//! - fields may be added, removed and reordered freely;
//! - answers to removed fields are kept in [`Answers`] but ignored by validation, computation
//!   and conditions (they reappear if a later revision brings the field back);
//! - a field whose kind changed incompatibly (text → integer, an option removed from a
//!   choice…) is reported by [`revision_conflicts`] so staff are warned before publishing;
//!   the stored answers of such a field then fail validation with `forms-value-invalid` or
//!   `forms-choice-invalid` and the applicant is asked to answer again.
//!
//! # Error codes
//!
//! Every error carries a stable Fluent id (`locales/*/forms.ftl`, plus the `id-*`,
//! `money-*` and `email-invalid` codes of `domain.ftl`, reused for SIRET, RNA, commune,
//! amounts and e-mail addresses) and typed arguments ([`ArgValue`]) that the web layer formats
//! for the reader's language.

pub mod answers;
pub mod budget;
pub mod cerfa;
pub mod computed;
pub mod condition;
pub mod errors;
pub mod input;
pub mod schema;
pub mod validate;

#[cfg(test)]
mod tests;

pub use answers::{Answers, FileRef, Value};
pub use budget::{
    Account, BudgetAnswer, BudgetLine, BudgetTotals, Side, BUDGET_ACCOUNTS, BUDGET_LINES,
};
pub use cerfa::cerfa_12156_template;
pub use computed::compute;
pub use condition::{
    check_eligibility, CmpOp, Condition, EligibilityRule, Env, FailedRule, Literal, OrgFact,
    OrgFacts, RuleFailure, Var,
};
pub use errors::{ArgValue, FieldError, FieldErrorCode, SchemaError, SchemaErrorKind};
pub use input::{apply_input, parse_input, to_input, RawInput};
pub use schema::{
    revision_conflicts, ChoiceOption, ComputedDisplay, ComputedOp, Field, FieldId, FieldKind,
    FieldRef, FileType, FormPage, FormSchema, Prefill, Section,
};
pub use validate::{
    check_file, check_value, prune_hidden, resolve, validate, FormEnv, Resolved, Scope,
    ValidateOptions,
};

use serde::{Deserialize, Serialize};

/// Text written by staff (labels, help, options, messages): French always, English when
/// staff gave it. Not a Fluent message: form content is data, not code.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LocalizedText {
    pub fr: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl LocalizedText {
    pub fn new(fr: impl Into<String>, en: impl Into<String>) -> LocalizedText {
        LocalizedText {
            fr: fr.into(),
            en: Some(en.into()),
        }
    }

    /// French only: English readers see the French text.
    pub fn fr(fr: impl Into<String>) -> LocalizedText {
        LocalizedText {
            fr: fr.into(),
            en: None,
        }
    }

    /// The text in `lang` ("fr", "en"), falling back to French when there is no (or an empty)
    /// translation.
    pub fn get(&self, lang: &str) -> &str {
        match (&self.en, lang) {
            (Some(en), "en") if !en.trim().is_empty() => en,
            _ => &self.fr,
        }
    }
}
