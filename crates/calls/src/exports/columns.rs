//! What a row of an export holds: the fixed columns every call has, and the fields of the
//! call's current form revision flattened to one cell each (a budget table gives its requested
//! amount and its totals; a repeatable group gives its items joined, one per line).
//!
//! Answers are keyed by stable field ids, so files started on an older revision fill the columns
//! of the fields they share with the current one. Answers are exported as stored.

use super::{FileAttachments, Orgs};
use crate::model::{Call, CallForms, Files};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use essor_domain::forms::{compute, Answers, Field, FieldId, FieldKind, FormSchema, Value};
use essor_domain::lifecycle::FileState;
use essor_domain::money::Cents;
use essor_platform::db::Db;
use essor_platform::i18n::Tr;
use essor_platform::session::Users;
use essor_platform::territory::Territory;
use sea_query::{Alias, Expr, Order, Query, SelectStatement};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The columns every call has, in the order offered and exported.
pub const FIXED: [&str; 11] = [
    "number",
    "state",
    "title",
    "org_name",
    "siret",
    "rna",
    "commune",
    "requested",
    "submitted_at",
    "decided_at",
    "assignee",
];

/// Totals of a budget table offered as columns (`requested` only when the form names the line).
const BUDGET_COLUMNS: [&str; 3] = ["requested", "total_charges", "total_income"];

/// What staff asked for: columns (keys of [`Choice`]) and file states. Stored with a background
/// export so the job produces what was asked.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Params {
    pub columns: Vec<String>,
    pub states: Vec<String>,
    /// Language of the labels (the requester's).
    #[serde(default)]
    pub lang: String,
}

impl Params {
    /// From form or query pairs (`col=…&state=…` repeated). Unknown values are dropped later,
    /// against the call's own columns and the known states.
    pub fn from_pairs<'a>(
        pairs: impl Iterator<Item = (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>)>,
    ) -> Params {
        let mut p = Params::default();
        for (k, v) in pairs {
            match k.as_ref() {
                "col" => p.columns.push(v.into_owned()),
                "state" => p.states.push(v.into_owned()),
                _ => {}
            }
        }
        p
    }

    /// The states asked for; none means every state but drafts.
    pub fn states(&self) -> Vec<FileState> {
        let asked: Vec<FileState> = FileState::ALL
            .iter()
            .copied()
            .filter(|s| self.states.iter().any(|a| a == s.as_str()))
            .collect();
        if asked.is_empty() {
            FileState::ALL
                .iter()
                .copied()
                .filter(|s| *s != FileState::Draft)
                .collect()
        } else {
            asked
        }
    }
}

/// A column staff may tick on the export page.
#[derive(Debug, Clone)]
pub struct Choice {
    /// `number`… for fixed columns, `f:<field>` for a field, `b:<field>:<total>` for a budget.
    pub key: String,
    pub label: String,
    pub fixed: bool,
}

#[derive(Debug, Clone)]
enum Column {
    Fixed(&'static str),
    Answer(Field),
    Budget {
        field: FieldId,
        value: &'static str,
        requested_line: Option<String>,
    },
}

/// Every column of a call's export, in order.
pub fn choices(schema: &FormSchema, tr: &Tr) -> Vec<Choice> {
    columns_of(schema, tr)
        .into_iter()
        .map(|(key, label, col)| Choice {
            key,
            label,
            fixed: matches!(col, Column::Fixed(_)),
        })
        .collect()
}

fn columns_of(schema: &FormSchema, tr: &Tr) -> Vec<(String, String, Column)> {
    let lang = tr.lang();
    let mut out: Vec<(String, String, Column)> = FIXED
        .iter()
        .map(|k| {
            (
                k.to_string(),
                tr.t(&format!("exports-col-{k}")),
                Column::Fixed(k),
            )
        })
        .collect();
    for field in schema.fields() {
        let label = field.label.get(lang).to_owned();
        match &field.kind {
            FieldKind::Explanation { .. } => {}
            FieldKind::BudgetTable { requested_line, .. } => {
                for value in BUDGET_COLUMNS {
                    if value == "requested" && requested_line.is_none() {
                        continue;
                    }
                    out.push((
                        format!("b:{}:{value}", field.id),
                        format!("{label} – {}", tr.t(&format!("exports-budget-{value}"))),
                        Column::Budget {
                            field: field.id.clone(),
                            value,
                            requested_line: requested_line.clone(),
                        },
                    ));
                }
            }
            _ => out.push((
                format!("f:{}", field.id),
                label,
                Column::Answer(field.clone()),
            )),
        }
    }
    out
}

/// One cell, typed so that XLSX gets numbers and dates; CSV writes [`Cell::text`].
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Decimal(f64),
    Money(Cents),
    Date(NaiveDate),
    /// In the call's time zone.
    DateTime(NaiveDateTime),
}

impl Cell {
    /// French spreadsheet conventions (the CSV is for French Excel): decimal comma, no
    /// thousands separator, ISO dates, which every spreadsheet reads as numbers and dates.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Decimal(x) => x.to_string().replace('.', ","),
            Cell::Money(c) => money_plain(*c, ','),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::DateTime(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        }
    }

    /// Text typed by applicants or staff (not produced by us): the only cells whose content
    /// could start a formula.
    pub fn is_text(&self) -> bool {
        matches!(self, Cell::Text(_))
    }
}

/// "1234,56" or "1234.56": euros with two decimals, no grouping.
pub fn money_plain(c: Cents, decimal: char) -> String {
    let sign = if c.0 < 0 { "-" } else { "" };
    let abs = c.0.unsigned_abs();
    format!("{sign}{}{decimal}{:02}", abs / 100, abs % 100)
}

/// A file as exports read it, with its organisation and assignee.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FileRow {
    pub id: i64,
    pub number: String,
    pub state: String,
    pub title: String,
    pub answers: String,
    pub requested_amount: Option<i64>,
    pub commune_code: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub org_id: i64,
    pub org_name: String,
    pub org_siret: Option<String>,
    pub org_rna: Option<String>,
    pub assignee_name: Option<String>,
}

/// Files of a call with their organisation and assignee, without filter or order.
pub fn file_rows_query(call_id: i64) -> SelectStatement {
    Query::select()
        .columns([
            (Files::Table, Files::Id),
            (Files::Table, Files::Number),
            (Files::Table, Files::State),
            (Files::Table, Files::Title),
            (Files::Table, Files::Answers),
            (Files::Table, Files::RequestedAmount),
            (Files::Table, Files::CommuneCode),
            (Files::Table, Files::SubmittedAt),
            (Files::Table, Files::DecidedAt),
            (Files::Table, Files::UpdatedAt),
            (Files::Table, Files::OrgId),
        ])
        .expr_as(Expr::col((Orgs::Table, Orgs::Name)), Alias::new("org_name"))
        .expr_as(
            Expr::col((Orgs::Table, Orgs::Siret)),
            Alias::new("org_siret"),
        )
        .expr_as(Expr::col((Orgs::Table, Orgs::Rna)), Alias::new("org_rna"))
        .expr_as(
            Expr::col((Users::Table, Users::DisplayName)),
            Alias::new("assignee_name"),
        )
        .from(Files::Table)
        .inner_join(
            Orgs::Table,
            Expr::col((Orgs::Table, Orgs::Id)).equals((Files::Table, Files::OrgId)),
        )
        .left_join(
            Users::Table,
            Expr::col((Users::Table, Users::Id)).equals((Files::Table, Files::AssigneeId)),
        )
        .and_where(Expr::col((Files::Table, Files::CallId)).eq(call_id))
        .to_owned()
}

/// The next keyset page: files of `call_id` in `states` with an id above `after`, by id.
pub async fn fetch_page(
    db: &Db,
    call_id: i64,
    states: &[FileState],
    after: i64,
    limit: u64,
) -> anyhow::Result<Vec<FileRow>> {
    let mut q = file_rows_query(call_id);
    q.and_where(Expr::col((Files::Table, Files::State)).is_in(states.iter().map(|s| s.as_str())))
        .and_where(Expr::col((Files::Table, Files::Id)).gt(after))
        .order_by((Files::Table, Files::Id), Order::Asc)
        .limit(limit);
    db.fetch_all(&q).await
}

/// The current form revision of a call (an empty form when it has none yet).
pub async fn current_schema(db: &Db, call: &Call) -> anyhow::Result<FormSchema> {
    let Some(form_id) = call.current_form_id else {
        return Ok(FormSchema::default());
    };
    let row: Option<(String,)> = db
        .fetch_optional(
            Query::select()
                .column(CallForms::Schema)
                .from(CallForms::Table)
                .and_where(Expr::col(CallForms::Id).eq(form_id)),
        )
        .await?;
    Ok(match row {
        Some((s,)) => serde_json::from_str(&s)?,
        None => FormSchema::default(),
    })
}

/// The chosen columns of one export, with what is needed to fill them.
pub struct Spec {
    columns: Vec<(String, Column)>,
    schema: FormSchema,
    tr: Tr,
    tz: Tz,
    territory: Territory,
    needs_answers: bool,
}

impl Spec {
    /// The columns asked for, in the page's order; unknown keys are ignored. No column asked
    /// means the fixed ones.
    pub fn new(schema: FormSchema, tr: Tr, tz: Tz, territory: Territory, asked: &[String]) -> Spec {
        let all = columns_of(&schema, &tr);
        let asked: BTreeSet<&str> = asked.iter().map(String::as_str).collect();
        let columns: Vec<(String, Column)> = all
            .into_iter()
            .filter(|(key, _, col)| {
                if asked.is_empty() {
                    matches!(col, Column::Fixed(_))
                } else {
                    asked.contains(key.as_str())
                }
            })
            .map(|(_, label, col)| (label, col))
            .collect();
        let needs_answers = columns.iter().any(|(_, c)| !matches!(c, Column::Fixed(_)));
        Spec {
            columns,
            schema,
            tr,
            tz,
            territory,
            needs_answers,
        }
    }

    pub fn header(&self) -> Vec<String> {
        self.columns
            .iter()
            .map(|(label, _)| label.clone())
            .collect()
    }

    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn cells(&self, row: &FileRow) -> Vec<Cell> {
        let (answers, computed) = if self.needs_answers {
            let answers: Answers = serde_json::from_str(&row.answers).unwrap_or_default();
            let computed = compute(&self.schema, &answers);
            (answers, computed)
        } else {
            (Answers::default(), BTreeMap::new())
        };
        self.columns
            .iter()
            .map(|(_, col)| match col {
                Column::Fixed(key) => self.fixed(key, row),
                Column::Answer(field) => {
                    let value = computed
                        .get(field.id.as_str())
                        .or_else(|| answers.get(field.id.as_str()));
                    value.map_or(Cell::Empty, |v| self.value(field, v))
                }
                Column::Budget {
                    field,
                    value,
                    requested_line,
                } => match answers.get(field.as_str()) {
                    Some(Value::Budget(b)) => b
                        .value(value, requested_line.as_deref())
                        .map_or(Cell::Empty, Cell::Money),
                    _ => Cell::Empty,
                },
            })
            .collect()
    }

    fn local(&self, at: &DateTime<Utc>) -> Cell {
        Cell::DateTime(at.with_timezone(&self.tz).naive_local())
    }

    fn fixed(&self, key: &str, row: &FileRow) -> Cell {
        let text = |s: &Option<String>| s.clone().map_or(Cell::Empty, Cell::Text);
        match key {
            "number" => Cell::Text(row.number.clone()),
            "state" => Cell::Text(match FileState::parse(&row.state) {
                Some(s) => self.tr.t(&s.message_id()),
                None => row.state.clone(),
            }),
            "title" => Cell::Text(row.title.clone()),
            "org_name" => Cell::Text(row.org_name.clone()),
            "siret" => text(&row.org_siret),
            "rna" => text(&row.org_rna),
            "commune" => row
                .commune_code
                .as_deref()
                .map_or(Cell::Empty, |c| Cell::Text(self.commune(c))),
            "requested" => row
                .requested_amount
                .map_or(Cell::Empty, |c| Cell::Money(Cents(c))),
            "submitted_at" => row
                .submitted_at
                .as_ref()
                .map_or(Cell::Empty, |t| self.local(t)),
            "decided_at" => row
                .decided_at
                .as_ref()
                .map_or(Cell::Empty, |t| self.local(t)),
            "assignee" => text(&row.assignee_name),
            _ => Cell::Empty,
        }
    }

    /// A commune's name from the territory, or its code when it is outside.
    fn commune(&self, code: &str) -> String {
        self.territory
            .commune(code)
            .map_or_else(|| code.to_owned(), |c| c.name.clone())
    }

    fn option_label(&self, field: &Field, id: &str) -> String {
        field
            .kind
            .options()
            .iter()
            .find(|o| o.id == id)
            .map_or_else(|| id.to_owned(), |o| o.label.get(self.tr.lang()).to_owned())
    }

    fn value(&self, field: &Field, v: &Value) -> Cell {
        let is_commune = matches!(field.kind, FieldKind::Commune { .. });
        match v {
            Value::Text(s) if is_commune => Cell::Text(self.commune(s)),
            Value::Text(s) => Cell::Text(s.clone()),
            Value::Integer(n) => Cell::Int(*n),
            Value::Decimal(x) => Cell::Decimal(*x),
            Value::Cents(c) => Cell::Money(*c),
            Value::Percent(bp) => Cell::Decimal(*bp as f64 / 100.0),
            Value::Date(d) => Cell::Date(*d),
            Value::Bool(b) => Cell::Text(self.tr.t(if *b { "exports-yes" } else { "exports-no" })),
            Value::Choice(id) => Cell::Text(self.option_label(field, id)),
            Value::Choices(ids) => Cell::Text(
                ids.iter()
                    .map(|id| {
                        if is_commune {
                            self.commune(id)
                        } else {
                            self.option_label(field, id)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Value::Group(items) => Cell::Text(
                items
                    .iter()
                    .map(|item| {
                        field
                            .members()
                            .iter()
                            .filter_map(|m| {
                                let v = item.get(m.id.as_str())?;
                                let text = self.value(m, v).text();
                                (!text.is_empty())
                                    .then(|| format!("{}: {text}", m.label.get(self.tr.lang())))
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Value::Budget(b) => Cell::Money(b.totals().charges),
            Value::File(f) => Cell::Text(f.name.clone()),
        }
    }
}

/// Current attachments (not replaced) of some files, by file then upload order.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttachmentRow {
    pub id: i64,
    pub file_id: i64,
    pub field_id: String,
    pub storage_key: String,
    pub original_name: String,
    pub size_bytes: i64,
    pub uploaded_at: DateTime<Utc>,
}

pub async fn current_attachments(db: &Db, file_ids: &[i64]) -> anyhow::Result<Vec<AttachmentRow>> {
    if file_ids.is_empty() {
        return Ok(vec![]);
    }
    let a = FileAttachments::Table;
    db.fetch_all(
        Query::select()
            .columns([
                (a, FileAttachments::Id),
                (a, FileAttachments::FileId),
                (a, FileAttachments::FieldId),
                (a, FileAttachments::StorageKey),
                (a, FileAttachments::OriginalName),
                (a, FileAttachments::SizeBytes),
                (a, FileAttachments::UploadedAt),
            ])
            .from(a)
            .and_where(Expr::col((a, FileAttachments::FileId)).is_in(file_ids.iter().copied()))
            .and_where(Expr::col((a, FileAttachments::ReplacedAt)).is_null())
            .order_by((a, FileAttachments::FileId), Order::Asc)
            .order_by((a, FileAttachments::UploadedAt), Order::Asc)
            .order_by((a, FileAttachments::Id), Order::Asc),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_plain_with_two_decimals() {
        assert_eq!(money_plain(Cents(123456), ','), "1234,56");
        assert_eq!(money_plain(Cents(-5), '.'), "-0.05");
        assert_eq!(money_plain(Cents(0), '.'), "0.00");
    }

    #[test]
    fn cells_read_as_french_spreadsheet_values() {
        assert_eq!(Cell::Decimal(12.5).text(), "12,5");
        assert_eq!(Cell::Money(Cents(150000)).text(), "1500,00");
        let d = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        assert_eq!(Cell::Date(d).text(), "2026-03-09");
        assert_eq!(
            Cell::DateTime(d.and_hms_opt(17, 5, 0).unwrap()).text(),
            "2026-03-09 17:05"
        );
    }

    #[test]
    fn no_state_asked_means_every_state_but_drafts() {
        let p = Params::default();
        assert!(!p.states().contains(&FileState::Draft));
        assert_eq!(p.states().len(), FileState::ALL.len() - 1);
        let p = Params {
            states: vec!["accepted".into(), "nonsense".into()],
            ..Params::default()
        };
        assert_eq!(p.states(), vec![FileState::Accepted]);
    }
}
