//! Answers to a form: typed values keyed by stable field ids.

use super::budget::BudgetAnswer;
use super::condition::{Env, OrgFact};
use super::schema::FieldId;
use crate::money::Cents;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An uploaded file, stored elsewhere (the platform's object storage) under `id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    pub id: i64,
    /// The name the applicant gave, for display only (never a path).
    pub name: String,
    /// Bytes.
    pub size: u64,
}

impl FileRef {
    /// The lowercase extension of the name, without the dot.
    pub fn extension(&self) -> Option<String> {
        let (stem, ext) = self.name.rsplit_once('.')?;
        (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_ascii_lowercase())
    }
}

/// One answer. JSON is tagged by type: `{"text": "…"}`, `{"cents": 150000}`,
/// `{"percent": 1250}`, `{"date": "2026-11-28"}`, `{"choices": ["youth", "seniors"]}`…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    /// Short and long text, e-mail, phone (+33…), URL, SIRET, RNA, a commune code.
    Text(String),
    Integer(i64),
    Decimal(f64),
    Cents(Cents),
    /// Basis points: 1250 is 12.5 %.
    Percent(i64),
    Date(NaiveDate),
    Bool(bool),
    /// The id of the chosen option.
    Choice(String),
    /// Ids of the chosen options (in the options' order), or commune codes.
    Choices(Vec<String>),
    /// Items of a repeatable group, each keyed by member ids.
    Group(Vec<Answers>),
    Budget(BudgetAnswer),
    File(FileRef),
}

impl Value {
    /// Blank text, no choice, no item, a budget without amounts.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Text(s) | Value::Choice(s) => s.trim().is_empty(),
            Value::Choices(l) => l.is_empty(),
            Value::Group(items) => items.is_empty(),
            Value::Budget(b) => b.is_empty(),
            _ => false,
        }
    }
}

/// Answers keyed by field id. Answers to fields a revision removed stay here, ignored.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(pub BTreeMap<FieldId, Value>);

impl Answers {
    pub fn new() -> Answers {
        Answers::default()
    }

    pub fn get(&self, id: &str) -> Option<&Value> {
        self.0.get(id)
    }

    pub fn insert(&mut self, id: FieldId, value: Value) -> Option<Value> {
        self.0.insert(id, value)
    }

    pub fn remove(&mut self, id: &str) -> Option<Value> {
        self.0.remove(id)
    }

    /// Builder for ids written in code. Panics on an invalid id (see [`FieldId::new`]).
    pub fn with(mut self, id: &str, value: Value) -> Answers {
        self.0.insert(FieldId::new(id), value);
        self
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Answers alone: fields by exact id, no organisation facts, no budget totals (see
/// [`super::FormEnv`] for those).
impl Env for Answers {
    fn field(&self, id: &FieldId) -> Option<Value> {
        self.0.get(id).cloned()
    }

    fn org(&self, _fact: OrgFact) -> Option<Value> {
        None
    }
}
