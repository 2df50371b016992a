//! The form staff build for a call: pages (steps) of sections of fields.
//!
//! A schema is data (stored as JSON, one per published revision). [`FormSchema::check`] is the
//! gate before publishing: ids unique and well-formed, conditions and computed fields that only
//! look back (so there is no cycle and one pass in form order settles everything), ranges
//! coherent, options present.

use super::budget::{self, Side};
use super::condition::{Condition, Var};
use super::errors::{SchemaError, SchemaErrorKind as K};
use super::LocalizedText;
use crate::identifiers::parsed_string;
use crate::money::Cents;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Why a field id was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a field id is 1 to 64 characters among a-z, 0-9 and _ (a group member: group.member)")]
pub struct InvalidFieldId;

impl InvalidFieldId {
    pub fn code(&self) -> &'static str {
        "forms-schema-bad-id"
    }
}

/// Longest id of a field, page, section or option.
pub const MAX_ID_LEN: usize = 64;

/// `[a-z0-9_]{1,64}`: the id of a field, page or section.
pub(crate) fn is_simple_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID_LEN
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// `[a-z0-9_-]{1,64}`: the id of a choice option (stored in answers, sent as HTML values).
pub(crate) fn is_option_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID_LEN
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Stable id of a field, the key of its answer across revisions: `[a-z0-9_]+`. A member of a
/// repeatable group is named `group.member` where a path is needed (conditions, computed
/// operands, [`FormSchema::field`]); the budget table's totals are named the same way
/// (`project_budget.requested`, see [`budget::BUDGET_VALUES`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FieldId(String);
parsed_string!(FieldId, InvalidFieldId);

impl std::borrow::Borrow<str> for FieldId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl FieldId {
    /// One id, or two joined by a dot (`team.name`).
    pub fn parse(input: &str) -> Result<FieldId, InvalidFieldId> {
        let s = input.trim();
        let parts: Vec<&str> = s.split('.').collect();
        if parts.len() > 2 || !parts.iter().all(|p| is_simple_id(p)) {
            return Err(InvalidFieldId);
        }
        Ok(FieldId(s.to_owned()))
    }

    /// For ids written in code (templates, tests). Panics on an invalid id: a programming
    /// error, caught by the template's tests.
    pub fn new(id: &str) -> FieldId {
        FieldId::parse(id).unwrap_or_else(|_| panic!("invalid field id {id:?}"))
    }

    /// A plain id, without a dot: what [`Field::id`] must be.
    pub fn is_simple(&self) -> bool {
        !self.0.contains('.')
    }

    /// The part before the dot (the whole id when there is none).
    pub fn head(&self) -> &str {
        self.0.split('.').next().unwrap_or("")
    }

    /// The part after the dot, if any.
    pub fn tail(&self) -> Option<&str> {
        self.0.split_once('.').map(|(_, t)| t)
    }

    /// `self.member`, the path of a member of this group.
    pub fn join(&self, member: &FieldId) -> FieldId {
        FieldId(format!("{}.{}", self.head(), member.head()))
    }
}

/// A value of the organisation's profile that prefills a field ("tell us once"). The web layer
/// reads it from the profile and passes it through [`super::parse_input`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prefill {
    OrgName,
    OrgAcronym,
    OrgSiret,
    OrgRna,
    OrgAddress,
    OrgCommune,
    OrgEmail,
    OrgPhone,
    OrgWebsite,
    OrgLegalCategory,
}

impl Prefill {
    pub const ALL: [Prefill; 10] = [
        Prefill::OrgName,
        Prefill::OrgAcronym,
        Prefill::OrgSiret,
        Prefill::OrgRna,
        Prefill::OrgAddress,
        Prefill::OrgCommune,
        Prefill::OrgEmail,
        Prefill::OrgPhone,
        Prefill::OrgWebsite,
        Prefill::OrgLegalCategory,
    ];

    /// Whether the profile value can be an answer to a field of this kind.
    pub fn fits(self, kind: &FieldKind) -> bool {
        use FieldKind as F;
        match self {
            Prefill::OrgName
            | Prefill::OrgAcronym
            | Prefill::OrgAddress
            | Prefill::OrgLegalCategory => {
                matches!(kind, F::ShortText { .. } | F::LongText { .. })
            }
            Prefill::OrgSiret => matches!(kind, F::Siret | F::ShortText { .. }),
            Prefill::OrgRna => matches!(kind, F::Rna | F::ShortText { .. }),
            Prefill::OrgCommune => {
                matches!(kind, F::Commune { multiple: false } | F::ShortText { .. })
            }
            Prefill::OrgEmail => matches!(kind, F::Email),
            Prefill::OrgPhone => matches!(kind, F::Phone),
            Prefill::OrgWebsite => matches!(kind, F::Url),
        }
    }
}

/// One option of a choice. `id` is what answers store: keep it when relabelling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub id: String,
    pub label: LocalizedText,
}

impl ChoiceOption {
    pub fn new(id: &str, fr: &str, en: &str) -> ChoiceOption {
        ChoiceOption {
            id: id.to_owned(),
            label: LocalizedText::new(fr, en),
        }
    }
}

/// Families of files an attachment field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
    /// Word processor, spreadsheet and presentation files (Microsoft Office, OpenDocument).
    Office,
}

impl FileType {
    pub const ALL: [FileType; 4] = [
        FileType::Pdf,
        FileType::Png,
        FileType::Jpeg,
        FileType::Office,
    ];

    /// Lowercase file-name extensions, without the dot.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileType::Pdf => &["pdf"],
            FileType::Png => &["png"],
            FileType::Jpeg => &["jpg", "jpeg"],
            FileType::Office => &[
                "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp",
            ],
        }
    }

    /// Media types, for the upload handler's content check.
    pub fn media_types(self) -> &'static [&'static str] {
        match self {
            FileType::Pdf => &["application/pdf"],
            FileType::Png => &["image/png"],
            FileType::Jpeg => &["image/jpeg"],
            FileType::Office => &[
                "application/msword",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/vnd.ms-excel",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/vnd.ms-powerpoint",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "application/vnd.oasis.opendocument.text",
                "application/vnd.oasis.opendocument.spreadsheet",
                "application/vnd.oasis.opendocument.presentation",
            ],
        }
    }

    /// Name shown to people: "PDF", "PNG", "JPEG", "Office".
    pub fn display(self) -> &'static str {
        match self {
            FileType::Pdf => "PDF",
            FileType::Png => "PNG",
            FileType::Jpeg => "JPEG",
            FileType::Office => "Office",
        }
    }

    /// The HTML `accept` attribute for these types: ".pdf,.png".
    pub fn accept_attr(types: &[FileType]) -> String {
        types
            .iter()
            .flat_map(|t| t.extensions().iter().map(|e| format!(".{e}")))
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComputedOp {
    /// Sum of the operands. An operand naming a group member (`aid.amount`) adds the whole
    /// column.
    Sum,
    /// The first operand minus the others.
    Difference,
    /// First / second, as a percentage (basis points).
    Ratio,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComputedDisplay {
    Integer,
    Decimal,
    Currency,
    Percentage,
}

/// Longest text accepted when staff set no limit: a short text is one line.
pub const DEFAULT_SHORT_MAX: u32 = 250;
/// Longest long text accepted when staff set no limit.
pub const DEFAULT_LONG_MAX: u32 = 20_000;
/// Most decimals a decimal field may ask for.
pub const MAX_DECIMALS: u8 = 6;

fn two() -> u8 {
    2
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// What a field asks for. Serialised with a `type` tag: `{"type": "integer", "min": 0}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    /// One line. Without `max_len`, [`DEFAULT_SHORT_MAX`] characters.
    ShortText {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_len: Option<u32>,
    },
    /// Several lines with a live counter. Without `max_len`, [`DEFAULT_LONG_MAX`] characters.
    LongText {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_len: Option<u32>,
    },
    Integer {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
    },
    Decimal {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        /// Decimals accepted (0–6), 2 by default.
        #[serde(default = "two")]
        decimals: u8,
    },
    /// Euros, stored in cents.
    Currency {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<Cents>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<Cents>,
    },
    /// Stored in basis points (12,5 % = 1250); bounds too.
    Percentage {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
    },
    Date {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<NaiveDate>,
    },
    /// With `must_accept`, "no" is refused: a sworn statement, the Contrat d'engagement
    /// républicain.
    YesNo {
        #[serde(default, skip_serializing_if = "is_false")]
        must_accept: bool,
    },
    SingleChoice {
        options: Vec<ChoiceOption>,
    },
    MultipleChoice {
        options: Vec<ChoiceOption>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u32>,
    },
    Email,
    /// French numbers (+33 or 0 and 10 digits) and international ones, stored as +33612345678.
    Phone,
    /// http:// or https:// only.
    Url,
    /// An INSEE commune code; with `multiple`, a list of them. The communes offered (the
    /// territory) come from the call: [`super::ValidateOptions::territory`].
    Commune {
        #[serde(default, skip_serializing_if = "is_false")]
        multiple: bool,
    },
    Siret,
    Rna,
    Attachment {
        accept: Vec<FileType>,
        max_bytes: u64,
    },
    /// A repeatable block of fields. Not nested.
    Group {
        fields: Vec<Field>,
        #[serde(default, skip_serializing_if = "is_zero")]
        min_items: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_items: Option<u32>,
    },
    /// The CERFA 12156 chart of accounts ([`budget::BUDGET_LINES`]).
    BudgetTable {
        /// The income line holding the amount requested from this call, e.g. "74-departement".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        requested_line: Option<String>,
        /// A project budget: shows the indirect-charges lines too.
        #[serde(default, skip_serializing_if = "is_false")]
        project: bool,
    },
    /// Derived from earlier numeric fields; never typed by the applicant.
    Computed {
        op: ComputedOp,
        operands: Vec<FieldId>,
        display: ComputedDisplay,
    },
    /// Text shown in the form; no answer.
    Explanation {
        text: LocalizedText,
    },
}

impl FieldKind {
    /// The most characters a text answer may have (server-side, and the `maxlength` and live
    /// counter of the input).
    pub fn max_len(&self) -> Option<u32> {
        match self {
            FieldKind::ShortText { max_len } => Some(max_len.unwrap_or(DEFAULT_SHORT_MAX)),
            FieldKind::LongText { max_len } => Some(max_len.unwrap_or(DEFAULT_LONG_MAX)),
            _ => None,
        }
    }

    /// Whether the applicant types or picks an answer (not computed, not an explanation).
    pub fn is_input(&self) -> bool {
        !matches!(
            self,
            FieldKind::Computed { .. } | FieldKind::Explanation { .. }
        )
    }

    /// Options of a choice field.
    pub fn options(&self) -> &[ChoiceOption] {
        match self {
            FieldKind::SingleChoice { options } | FieldKind::MultipleChoice { options, .. } => {
                options
            }
            _ => &[],
        }
    }

    /// The type of value an answer (or computed value) of this kind holds.
    pub(crate) fn value_type(&self) -> ValueType {
        use FieldKind as F;
        match self {
            F::ShortText { .. }
            | F::LongText { .. }
            | F::Email
            | F::Phone
            | F::Url
            | F::Siret
            | F::Rna => ValueType::Text,
            F::Integer { .. } => ValueType::Integer,
            F::Decimal { .. } => ValueType::Decimal,
            F::Currency { .. } => ValueType::Cents,
            F::Percentage { .. } => ValueType::Percent,
            F::Date { .. } => ValueType::Date,
            F::YesNo { .. } => ValueType::Bool,
            F::SingleChoice { options } => ValueType::Choice(option_ids(options)),
            F::MultipleChoice { options, .. } => ValueType::Choices(option_ids(options)),
            F::Commune { multiple: false } => ValueType::Commune,
            F::Commune { multiple: true } => ValueType::Communes,
            F::Attachment { .. } => ValueType::File,
            F::Group { .. } => ValueType::Group,
            F::BudgetTable { .. } => ValueType::Budget,
            F::Computed { display, .. } => match display {
                ComputedDisplay::Integer => ValueType::Integer,
                ComputedDisplay::Decimal => ValueType::Decimal,
                ComputedDisplay::Currency => ValueType::Cents,
                ComputedDisplay::Percentage => ValueType::Percent,
            },
            F::Explanation { .. } => ValueType::Nothing,
        }
    }
}

fn option_ids(options: &[ChoiceOption]) -> Vec<String> {
    options.iter().map(|o| o.id.clone()).collect()
}

/// The static type of a value, for checking conditions and computed fields before publishing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ValueType {
    Text,
    Commune,
    Communes,
    Integer,
    Decimal,
    Cents,
    Percent,
    Date,
    Bool,
    Choice(Vec<String>),
    Choices(Vec<String>),
    Group,
    Budget,
    File,
    /// An explanation: no value.
    Nothing,
}

/// One question of the form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub id: FieldId,
    pub label: LocalizedText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Shown (and so required, validated, counted) only when this holds. It may only name
    /// fields placed before this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    pub kind: FieldKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill: Option<Prefill>,
}

impl Field {
    /// A field with a French and English label. Panics on an invalid id (see [`FieldId::new`]).
    pub fn new(id: &str, fr: &str, en: &str, kind: FieldKind) -> Field {
        Field {
            id: FieldId::new(id),
            label: LocalizedText::new(fr, en),
            help: None,
            required: false,
            condition: None,
            kind,
            prefill: None,
        }
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub fn help(mut self, fr: &str, en: &str) -> Field {
        self.help = Some(LocalizedText::new(fr, en));
        self
    }

    pub fn when(mut self, condition: Condition) -> Field {
        self.condition = Some(condition);
        self
    }

    pub fn prefill(mut self, prefill: Prefill) -> Field {
        self.prefill = Some(prefill);
        self
    }

    /// Members of a repeatable group (empty for other kinds).
    pub fn members(&self) -> &[Field] {
        match &self.kind {
            FieldKind::Group { fields, .. } => fields,
            _ => &[],
        }
    }
}

/// A section of a page: a title, an optional introduction, fields. Its condition hides the
/// whole section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: LocalizedText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    pub fields: Vec<Field>,
}

/// A page (step) of the form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormPage {
    pub id: String,
    pub title: LocalizedText,
    pub sections: Vec<Section>,
}

/// A form: its pages in order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FormSchema {
    pub pages: Vec<FormPage>,
}

/// A field with where it sits, as listed by [`FormSchema::field_refs`].
#[derive(Debug, Clone, Copy)]
pub struct FieldRef<'a> {
    pub field: &'a Field,
    pub page: &'a FormPage,
    pub section: &'a Section,
    /// The repeatable group this field is a member of.
    pub group: Option<&'a Field>,
}

impl FieldRef<'_> {
    /// `id`, or `group.id` for a group member.
    pub fn path(&self) -> FieldId {
        match self.group {
            Some(g) => g.id.join(&self.field.id),
            None => self.field.id.clone(),
        }
    }
}

impl FormSchema {
    /// Every field in form order, each group just before its members.
    pub fn field_refs(&self) -> Vec<FieldRef<'_>> {
        let mut out = vec![];
        for page in &self.pages {
            for section in &page.sections {
                for field in &section.fields {
                    out.push(FieldRef {
                        field,
                        page,
                        section,
                        group: None,
                    });
                    for member in field.members() {
                        out.push(FieldRef {
                            field: member,
                            page,
                            section,
                            group: Some(field),
                        });
                    }
                }
            }
        }
        out
    }

    /// Top-level fields in form order (group members are inside their group).
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.pages
            .iter()
            .flat_map(|p| &p.sections)
            .flat_map(|s| &s.fields)
    }

    /// A field by path: `id`, or `group.member`.
    pub fn field(&self, path: &str) -> Option<&Field> {
        let (head, tail) = match path.split_once('.') {
            Some((h, t)) => (h, Some(t)),
            None => (path, None),
        };
        let top = self.fields().find(|f| f.id.as_str() == head)?;
        match tail {
            None => Some(top),
            Some(t) => top.members().iter().find(|m| m.id.as_str() == t),
        }
    }

    pub fn page(&self, id: &str) -> Option<&FormPage> {
        self.pages.iter().find(|p| p.id == id)
    }

    /// The page holding a field (or group member, or budget line path).
    pub fn page_of(&self, path: &str) -> Option<&FormPage> {
        let head = path.split('.').next().unwrap_or(path);
        self.pages.iter().find(|p| {
            p.sections
                .iter()
                .any(|s| s.fields.iter().any(|f| f.id.as_str() == head))
        })
    }

    /// Checks the schema before publishing; every problem found, not only the first.
    pub fn check(&self) -> Result<(), Vec<SchemaError>> {
        let mut errs = vec![];
        let refs = self.field_refs();
        if refs.is_empty() {
            errs.push(SchemaError::new("form", K::EmptyForm));
        }

        let mut page_ids = BTreeSet::new();
        let mut section_ids = BTreeSet::new();
        for page in &self.pages {
            let at = format!("page:{}", page.id);
            if !is_simple_id(&page.id) {
                errs.push(SchemaError::new(
                    &at,
                    K::BadId {
                        id: page.id.clone(),
                    },
                ));
            }
            if !page_ids.insert(page.id.as_str()) {
                errs.push(SchemaError::new(
                    &at,
                    K::DuplicateId {
                        id: page.id.clone(),
                    },
                ));
            }
            for section in &page.sections {
                let at = format!("section:{}", section.id);
                if !is_simple_id(&section.id) {
                    errs.push(SchemaError::new(
                        &at,
                        K::BadId {
                            id: section.id.clone(),
                        },
                    ));
                }
                if !section_ids.insert(section.id.as_str()) {
                    errs.push(SchemaError::new(
                        &at,
                        K::DuplicateId {
                            id: section.id.clone(),
                        },
                    ));
                }
            }
        }

        // Positions in form order; the first of duplicate ids wins.
        let mut index: BTreeMap<String, (usize, FieldRef<'_>)> = BTreeMap::new();
        for (pos, r) in refs.iter().enumerate() {
            let path = r.path();
            if !r.field.id.is_simple() {
                errs.push(SchemaError::new(
                    path.as_str(),
                    K::BadId {
                        id: r.field.id.to_string(),
                    },
                ));
            }
            if index.contains_key(path.as_str()) {
                errs.push(SchemaError::new(
                    path.as_str(),
                    K::DuplicateId {
                        id: path.to_string(),
                    },
                ));
            } else {
                index.insert(path.to_string(), (pos, *r));
            }
        }

        let ctx = Ctx { index: &index };
        let mut pos = 0;
        for page in &self.pages {
            for section in &page.sections {
                if let Some(c) = &section.condition {
                    let at = format!("section:{}", section.id);
                    c.check_with(&|v| ctx.resolve(v, pos, None, false), &at, &mut errs);
                }
                for field in &section.fields {
                    check_field(&ctx, field, None, pos, &mut errs);
                    pos += 1;
                    for member in field.members() {
                        check_field(&ctx, member, Some(field), pos, &mut errs);
                        pos += 1;
                    }
                }
            }
        }

        if errs.is_empty() {
            Ok(())
        } else {
            Err(errs)
        }
    }

    /// The static type of a path anywhere in the form (a field, a group member, a budget
    /// total), ignoring order: for conditions used outside the form (eligibility, routing).
    pub(crate) fn resolve_anywhere(&self, var: &Var) -> Result<ValueType, K> {
        let refs = self.field_refs();
        let mut index = BTreeMap::new();
        for (pos, r) in refs.iter().enumerate() {
            index.entry(r.path().to_string()).or_insert((pos, *r));
        }
        Ctx { index: &index }.resolve(var, usize::MAX, None, false)
    }
}

struct Ctx<'s, 'a> {
    index: &'s BTreeMap<String, (usize, FieldRef<'a>)>,
}

impl Ctx<'_, '_> {
    /// The type of `var` seen from position `at` (inside `group`, if any). Fields must come
    /// before `at`; members of a group may be named from inside that group only, except by
    /// computed sums (`column`), which add the whole column.
    fn resolve(
        &self,
        var: &Var,
        at: usize,
        group: Option<&FieldId>,
        column: bool,
    ) -> Result<ValueType, K> {
        let id = match var {
            Var::Org(fact) => return Ok(fact.value_type()),
            Var::Field(id) => id,
        };
        let not_before = || K::ForwardReference { id: id.to_string() };
        if let Some((pos, r)) = self.index.get(id.as_str()) {
            match r.group {
                Some(g) if group == Some(&g.id) => {
                    if *pos >= at {
                        return Err(not_before());
                    }
                }
                Some(g) => {
                    if !column {
                        return Err(K::MemberReference { id: id.to_string() });
                    }
                    let group_pos = self.index.get(g.id.as_str()).map_or(usize::MAX, |e| e.0);
                    if group_pos >= at {
                        return Err(not_before());
                    }
                }
                None => {
                    if *pos >= at || group == Some(id) {
                        return Err(not_before());
                    }
                }
            }
            return Ok(r.field.kind.value_type());
        }
        // A budget table's total: `budget.total_income`.
        if let Some(tail) = id.tail() {
            if let Some((pos, r)) = self.index.get(id.head()) {
                if matches!(r.field.kind, FieldKind::BudgetTable { .. })
                    && budget::BUDGET_VALUES.contains(&tail)
                {
                    return if *pos >= at {
                        Err(not_before())
                    } else {
                        Ok(ValueType::Cents)
                    };
                }
            }
        }
        Err(K::UnknownReference { id: id.to_string() })
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Int,
    Dec,
    Cents,
    Pct,
}

impl Unit {
    fn of(t: &ValueType) -> Option<Unit> {
        match t {
            ValueType::Integer => Some(Unit::Int),
            ValueType::Decimal => Some(Unit::Dec),
            ValueType::Cents => Some(Unit::Cents),
            ValueType::Percent => Some(Unit::Pct),
            _ => None,
        }
    }

    fn combine(self, other: Unit) -> Option<Unit> {
        match (self, other) {
            (a, b) if a == b => Some(a),
            (Unit::Int, Unit::Dec) | (Unit::Dec, Unit::Int) => Some(Unit::Dec),
            _ => None,
        }
    }
}

fn check_field(
    ctx: &Ctx<'_, '_>,
    field: &Field,
    group: Option<&Field>,
    pos: usize,
    errs: &mut Vec<SchemaError>,
) {
    let path = match group {
        Some(g) => g.id.join(&field.id),
        None => field.id.clone(),
    };
    let at = path.as_str();
    let group_id = group.map(|g| &g.id);
    let mut err = |kind: K| errs.push(SchemaError::new(at, kind));

    if let Some(p) = field.prefill {
        if !p.fits(&field.kind) {
            err(K::Prefill);
        }
    }

    use FieldKind as F;
    match &field.kind {
        F::ShortText { max_len } | F::LongText { max_len } => {
            if *max_len == Some(0) {
                err(K::BadRange);
            }
        }
        F::Integer { min, max } | F::Percentage { min, max } => {
            if matches!((min, max), (Some(a), Some(b)) if a > b) {
                err(K::BadRange);
            }
        }
        F::Decimal { min, max, decimals } => {
            let finite = min.is_none_or(f64::is_finite) && max.is_none_or(f64::is_finite);
            let ordered = !matches!((min, max), (Some(a), Some(b)) if a > b);
            if !finite || !ordered || *decimals > MAX_DECIMALS {
                err(K::BadRange);
            }
        }
        F::Currency { min, max } => {
            if matches!((min, max), (Some(a), Some(b)) if a > b) {
                err(K::BadRange);
            }
        }
        F::Date { min, max } => {
            if matches!((min, max), (Some(a), Some(b)) if a > b) {
                err(K::BadRange);
            }
        }
        F::SingleChoice { options } => check_options(options, &mut err),
        F::MultipleChoice { options, min, max } => {
            check_options(options, &mut err);
            let n = u32::try_from(options.len()).unwrap_or(u32::MAX);
            let bad = matches!((min, max), (Some(a), Some(b)) if a > b)
                || *max == Some(0)
                || min.is_some_and(|m| m > n);
            if bad {
                err(K::BadRange);
            }
        }
        F::Attachment { accept, max_bytes } => {
            if accept.is_empty() {
                err(K::NoFileTypes);
            }
            if *max_bytes == 0 {
                err(K::BadRange);
            }
        }
        F::Group {
            fields,
            min_items,
            max_items,
        } => {
            if group.is_some() {
                err(K::NestedGroup);
            }
            if fields.is_empty() {
                err(K::EmptyGroup);
            }
            if *max_items == Some(0) || max_items.is_some_and(|m| m < *min_items) {
                err(K::BadRange);
            }
        }
        F::BudgetTable {
            requested_line,
            project,
        } => {
            if group.is_some() {
                err(K::NotInGroup);
            }
            if let Some(line) = requested_line {
                let ok = budget::line(line)
                    .is_some_and(|l| l.side == Side::Income && (*project || !l.project_only));
                if !ok {
                    err(K::BudgetLine { line: line.clone() });
                }
            }
        }
        F::Computed {
            op,
            operands,
            display,
        } => {
            if group.is_some() {
                err(K::NotInGroup);
            } else {
                let arity_ok = match op {
                    ComputedOp::Sum => !operands.is_empty(),
                    ComputedOp::Difference => operands.len() >= 2,
                    ComputedOp::Ratio => operands.len() == 2,
                };
                if !arity_ok {
                    err(K::ComputedArity);
                }
                let mut unit: Option<Unit> = None;
                let mut all_ok = true;
                for operand in operands {
                    let var = Var::Field(operand.clone());
                    match ctx.resolve(&var, pos, None, true) {
                        Err(k) => {
                            all_ok = false;
                            err(k);
                        }
                        Ok(t) => match Unit::of(&t) {
                            None => {
                                all_ok = false;
                                err(K::ComputedOperand {
                                    id: operand.to_string(),
                                });
                            }
                            Some(u) => match unit.map_or(Some(u), |prev| prev.combine(u)) {
                                Some(c) => unit = Some(c),
                                None => {
                                    all_ok = false;
                                    err(K::ComputedOperand {
                                        id: operand.to_string(),
                                    });
                                }
                            },
                        },
                    }
                }
                if let (true, Some(u)) = (all_ok, unit) {
                    let result = if *op == ComputedOp::Ratio {
                        Unit::Pct
                    } else {
                        u
                    };
                    let fits = match display {
                        ComputedDisplay::Integer | ComputedDisplay::Decimal => {
                            matches!(result, Unit::Int | Unit::Dec)
                        }
                        ComputedDisplay::Currency => result == Unit::Cents,
                        ComputedDisplay::Percentage => result == Unit::Pct,
                    };
                    if !fits {
                        err(K::ComputedDisplay);
                    }
                }
            }
        }
        F::Email
        | F::Phone
        | F::Url
        | F::Commune { .. }
        | F::Siret
        | F::Rna
        | F::YesNo { .. }
        | F::Explanation { .. } => {}
    }

    if let Some(c) = &field.condition {
        c.check_with(&|v| ctx.resolve(v, pos, group_id, false), at, errs);
    }
}

fn check_options(options: &[ChoiceOption], err: &mut impl FnMut(K)) {
    if options.is_empty() {
        err(K::NoOptions);
    }
    let mut seen = BTreeSet::new();
    for o in options {
        if !is_option_id(&o.id) {
            err(K::BadId { id: o.id.clone() });
        }
        if !seen.insert(o.id.as_str()) {
            err(K::DuplicateOption { id: o.id.clone() });
        }
    }
}

/// Fields present in both revisions whose answers no longer fit (paths, in the new form's
/// order): a kind changed (text → integer, single → multiple choice…) or a choice lost an
/// option. Short and long text are interchangeable; tightened limits are not conflicts
/// (validation reports the answers that exceed them). Fields that store nothing (computed,
/// explanations) never conflict.
pub fn revision_conflicts(old: &FormSchema, new: &FormSchema) -> Vec<FieldId> {
    new.field_refs()
        .iter()
        .filter_map(|r| {
            let path = r.path();
            let before = old.field(path.as_str())?;
            (!kinds_compatible(&before.kind, &r.field.kind)).then_some(path)
        })
        .collect()
}

fn kinds_compatible(old: &FieldKind, new: &FieldKind) -> bool {
    use FieldKind as F;
    if !old.is_input() || !new.is_input() {
        return true;
    }
    match (old, new) {
        (F::ShortText { .. } | F::LongText { .. }, F::ShortText { .. } | F::LongText { .. }) => {
            true
        }
        (F::SingleChoice { options: a }, F::SingleChoice { options: b })
        | (F::MultipleChoice { options: a, .. }, F::MultipleChoice { options: b, .. }) => {
            a.iter().all(|o| b.iter().any(|n| n.id == o.id))
        }
        (F::Commune { multiple: a }, F::Commune { multiple: b }) => a == b,
        (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}
