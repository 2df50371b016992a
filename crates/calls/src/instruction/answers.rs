//! A file's answers, read only, page by page, as the form revision the file was started on
//! lays them out: only displayed fields (conditions evaluated as the applicant saw them),
//! computed values included, attachments linked when they belong to the file.

use super::{commune_label, lines, money};
use essor_domain::forms::budget::{self, BudgetAnswer};
use essor_domain::forms::input::{format_decimal, format_integer, format_percent, format_phone};
use essor_domain::forms::{resolve, Answers, Field, FieldKind, FormSchema, OrgFacts, Value};
use essor_domain::identifiers::{CommuneCode, LegalCategory};
use essor_domain::money::Cents;
use essor_platform::db::Db;
use essor_platform::web::Ctx;
use std::collections::BTreeSet;

/// One displayed value.
pub(crate) enum Leaf {
    /// Displayed but not answered.
    Empty,
    Text(String),
    /// Long text, line by line.
    Lines(Vec<String>),
    File {
        /// `None` when the reference does not match an attachment of the file.
        href: Option<String>,
        name: String,
        size: String,
    },
}

pub(crate) struct BudgetRow {
    pub label: String,
    pub amount: String,
    /// An account subtotal or a total: shown as a row header.
    pub heading: bool,
}

pub(crate) enum Shown {
    Leaf(Leaf),
    /// Items of a repeatable group, each a list of (member label, value).
    Group(Vec<Vec<(String, Leaf)>>),
    Budget(Vec<BudgetRow>),
}

pub(crate) struct Item {
    pub label: String,
    pub shown: Shown,
}

pub(crate) struct SectionView {
    pub title: String,
    pub items: Vec<Item>,
}

pub(crate) struct PageView {
    /// For the table of contents' anchors.
    pub anchor: String,
    pub title: String,
    pub sections: Vec<SectionView>,
}

/// Where attachment links point: `{base}/attachments/{id}` for the file's own attachments.
pub(crate) struct Links<'a> {
    pub base: &'a str,
    pub attachments: &'a BTreeSet<i64>,
}

/// The facts about the organisation that display conditions read.
pub(crate) async fn org_facts(
    p: &Ctx,
    org: &essor_platform::orgs::Org,
) -> anyhow::Result<OrgFacts> {
    let today = chrono::Utc::now().with_timezone(&p.state.tz()).date_naive();
    let esus = essor_platform::orgs::current_esus(p.state.db(), org.id())
        .await?
        .map(|row| row.status(&p.state.esus_rules(), today));
    Ok(OrgFacts {
        kind: org.kind(),
        commune: CommuneCode::parse(&org.commune_code).ok(),
        esus,
        has_siret: org.siret.is_some(),
        has_rna: org.rna.is_some(),
        legal_category: org
            .legal_category
            .as_deref()
            .and_then(|c| LegalCategory::parse(c).ok()),
        created_years: None,
    })
}

/// The answers of a file, page by page, or `None` when its form revision cannot be read.
pub(crate) async fn pages_of(
    p: &Ctx,
    db: &Db,
    file: &crate::model::File,
    org: &essor_platform::orgs::Org,
    links: &Links<'_>,
) -> anyhow::Result<Option<Vec<PageView>>> {
    let Some(form) = crate::model::form_by_id(db, essor_domain::ids::FormId(file.form_id)).await?
    else {
        return Ok(None);
    };
    let (Ok(schema), Ok(answers)) = (
        form.schema(),
        serde_json::from_str::<Answers>(&file.answers),
    ) else {
        return Ok(None);
    };
    let facts = org_facts(p, org).await?;
    Ok(Some(render(p, &schema, &answers, &facts, links)))
}

pub(crate) fn render(
    p: &Ctx,
    schema: &FormSchema,
    answers: &Answers,
    org: &OrgFacts,
    links: &Links<'_>,
) -> Vec<PageView> {
    let resolved = resolve(schema, answers, org);
    let lang = p.lang();
    let mut pages = vec![];
    for (n, page) in schema.pages.iter().enumerate() {
        let mut sections = vec![];
        for section in &page.sections {
            let mut items = vec![];
            for field in &section.fields {
                if resolved.is_hidden(field.id.as_str()) {
                    continue;
                }
                let label = field.label.get(lang).to_owned();
                let shown = match &field.kind {
                    FieldKind::Explanation { .. } => continue,
                    FieldKind::Computed { .. } => Shown::Leaf(
                        resolved
                            .computed
                            .get(field.id.as_str())
                            .map(|v| leaf(p, field, v, links))
                            .unwrap_or(Leaf::Empty),
                    ),
                    FieldKind::Group { fields, .. } => {
                        let items = match resolved.answers.get(field.id.as_str()) {
                            Some(Value::Group(items)) => items
                                .iter()
                                .enumerate()
                                .map(|(i, item)| {
                                    fields
                                        .iter()
                                        .filter(|m| {
                                            !matches!(m.kind, FieldKind::Explanation { .. })
                                        })
                                        .filter(|m| {
                                            !resolved
                                                .is_hidden(&format!("{}.{i}.{}", field.id, m.id))
                                        })
                                        .map(|m| {
                                            let v = item
                                                .get(m.id.as_str())
                                                .map(|v| leaf(p, m, v, links))
                                                .unwrap_or(Leaf::Empty);
                                            (m.label.get(lang).to_owned(), v)
                                        })
                                        .collect()
                                })
                                .collect(),
                            _ => vec![],
                        };
                        Shown::Group(items)
                    }
                    FieldKind::BudgetTable { project, .. } => {
                        match resolved.answers.get(field.id.as_str()) {
                            Some(Value::Budget(b)) if !b.is_empty() => {
                                Shown::Budget(budget_rows(p, b, *project))
                            }
                            _ => Shown::Leaf(Leaf::Empty),
                        }
                    }
                    _ => Shown::Leaf(
                        resolved
                            .answers
                            .get(field.id.as_str())
                            .map(|v| leaf(p, field, v, links))
                            .unwrap_or(Leaf::Empty),
                    ),
                };
                items.push(Item { label, shown });
            }
            if !items.is_empty() {
                sections.push(SectionView {
                    title: section.title.get(lang).to_owned(),
                    items,
                });
            }
        }
        if !sections.is_empty() {
            pages.push(PageView {
                anchor: format!("page-{}", n + 1),
                title: page.title.get(lang).to_owned(),
                sections,
            });
        }
    }
    pages
}

fn leaf(p: &Ctx, field: &Field, value: &Value, links: &Links<'_>) -> Leaf {
    let lang = p.lang();
    if value.is_empty() {
        return Leaf::Empty;
    }
    let option = |id: &str| {
        field
            .kind
            .options()
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.label.get(lang).to_owned())
            .unwrap_or_else(|| id.to_owned())
    };
    let text = match (&field.kind, value) {
        (FieldKind::LongText { .. }, Value::Text(s)) => return Leaf::Lines(lines(s)),
        (FieldKind::Phone, Value::Text(s)) => format_phone(s),
        (FieldKind::Commune { .. }, Value::Text(s)) => commune_label(p, s),
        (FieldKind::Commune { .. }, Value::Choices(codes)) => codes
            .iter()
            .map(|c| commune_label(p, c))
            .collect::<Vec<_>>()
            .join(", "),
        (_, Value::Text(s)) => s.clone(),
        (_, Value::Choice(id)) => option(id),
        (_, Value::Choices(ids)) => ids
            .iter()
            .map(|id| option(id))
            .collect::<Vec<_>>()
            .join(", "),
        (_, Value::Integer(n)) => format_integer(*n, lang),
        (FieldKind::Decimal { decimals, .. }, Value::Decimal(x)) => {
            format_decimal(*x, *decimals, lang)
        }
        (_, Value::Decimal(x)) => format_decimal(*x, 2, lang),
        (_, Value::Cents(c)) => money(lang, *c),
        (_, Value::Percent(bp)) => format_percent(*bp, lang),
        (_, Value::Date(d)) => p.date(d),
        (_, Value::Bool(b)) => p.t(if *b {
            "instruction-yes"
        } else {
            "instruction-no"
        }),
        (_, Value::File(f)) => {
            return Leaf::File {
                href: links
                    .attachments
                    .contains(&f.id)
                    .then(|| format!("{}/attachments/{}", links.base, f.id)),
                name: f.name.clone(),
                size: super::human_size(p, i64::try_from(f.size).unwrap_or(i64::MAX)),
            }
        }
        // A group or budget where a plain value was expected (a revision changed the kind).
        (_, Value::Group(_) | Value::Budget(_)) => return Leaf::Empty,
    };
    Leaf::Text(text)
}

/// The budget's accounts with an amount, each with its lines, then the totals.
fn budget_rows(p: &Ctx, b: &BudgetAnswer, project: bool) -> Vec<BudgetRow> {
    let lang = p.lang();
    let mut rows = vec![];
    for account in budget::accounts_for(project) {
        let lines: Vec<_> = account
            .lines()
            .filter(|l| (project || !l.project_only) && b.amount(l.code) != Cents::ZERO)
            .collect();
        if lines.is_empty() {
            continue;
        }
        rows.push(BudgetRow {
            label: account.label(lang).to_owned(),
            amount: money(lang, b.account_total(account.code)),
            heading: true,
        });
        for l in lines {
            let label = match b.details.get(l.code).filter(|d| !d.trim().is_empty()) {
                Some(d) => format!("{} — {d}", l.label(lang)),
                None => l.label(lang).to_owned(),
            };
            rows.push(BudgetRow {
                label,
                amount: money(lang, b.amount(l.code)),
                heading: false,
            });
        }
    }
    let t = b.totals();
    for (id, amount) in [
        ("instruction-budget-total-charges", t.charges),
        ("instruction-budget-total-income", t.income),
        ("instruction-budget-in-kind-uses", t.in_kind_uses),
        (
            "instruction-budget-in-kind-contributions",
            t.in_kind_contributions,
        ),
        (
            "instruction-budget-grand-total-charges",
            t.grand_total_charges(),
        ),
        (
            "instruction-budget-grand-total-income",
            t.grand_total_income(),
        ),
    ] {
        rows.push(BudgetRow {
            label: p.t(id),
            amount: money(lang, amount),
            heading: true,
        });
    }
    rows
}
