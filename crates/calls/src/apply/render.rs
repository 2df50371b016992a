//! What the templates show of a form: every kind of field as an accessible widget (a page being
//! filled in) or as label–value rows (the read-only view, the PDF).
//!
//! A widget shows, in order of precedence: the input being shown back (a refused or stale
//! post), the raw text kept from an earlier save that could not be read, the stored answer.
//! Hidden fields (conditions that do not hold) are not shown at all: the page is rendered again
//! after each save, so fields that became relevant appear.

use super::text::{self, value_text};
use super::{Arg, Lang};
use essor_domain::forms::budget::{accounts_for, BudgetAnswer, Side};
use essor_domain::forms::{
    to_input, Answers, Field, FieldKind, FileType, FormPage, FormSchema, RawInput, Resolved, Value,
};
use essor_platform::orgs::Document;
use std::collections::BTreeMap;

/// One option of a choice, a select or a list of checkboxes.
pub(crate) struct Opt {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

pub(crate) struct FieldView {
    /// The input name: `id`, `group.n.member`; the element id is `f-{path}`.
    pub path: String,
    pub label: String,
    /// Staff's help text.
    pub help: String,
    /// How to write the answer ("1 500,50", "28/11/2026"…).
    pub format: String,
    pub required: bool,
    pub error: Option<String>,
    pub widget: Widget,
}

impl FieldView {
    /// `aria-describedby` of the input: hint, error, and any extra element.
    pub fn described_by(&self, extra: &str) -> String {
        let mut ids = vec![];
        if !self.help.is_empty() || !self.format.is_empty() {
            ids.push(format!("h-{}", self.path));
        }
        if self.error.is_some() {
            ids.push(format!("e-{}", self.path));
        }
        if !extra.is_empty() {
            ids.push(extra.to_owned());
        }
        ids.join(" ")
    }

    pub fn has_hint(&self) -> bool {
        !self.help.is_empty() || !self.format.is_empty()
    }
}

pub(crate) enum Widget {
    Input(InputW),
    LongText(LongW),
    /// Yes / no, a single choice: radio buttons in a fieldset.
    Radios(Vec<Opt>),
    /// A single choice among many (communes of the territory): a select.
    Select(Vec<Opt>),
    /// A multiple choice: checkboxes in a fieldset.
    Checkboxes(Vec<Opt>),
    /// Computed by the server: shown, never typed.
    Computed(String),
    Explanation(String),
    Attachment(AttachW),
    Group(GroupW),
    Budget(BudgetW),
}

pub(crate) struct InputW {
    pub value: String,
    pub input_type: &'static str,
    pub inputmode: &'static str,
    pub autocomplete: &'static str,
    /// Unit after the input ("€", "%").
    pub suffix: &'static str,
}

pub(crate) struct LongW {
    pub value: String,
    pub max: u32,
}

pub(crate) struct AttachW {
    pub current: Option<CurrentFile>,
    /// The `accept` attribute: ".pdf,.png".
    pub accept: String,
    /// "PDF, PNG", for people.
    pub types: String,
    pub max: String,
    /// Documents of the organisation's vault that fit, to use instead of an upload.
    pub vault: Vec<Opt>,
}

pub(crate) struct CurrentFile {
    pub name: String,
    pub size: String,
    pub href: String,
}

pub(crate) struct GroupW {
    pub items: Vec<ItemW>,
    pub can_add: bool,
    pub limits: String,
}

pub(crate) struct ItemW {
    pub legend: String,
    pub fields: Vec<FieldView>,
    /// The button value that removes this item: `remove:group.n`.
    pub remove: String,
    pub remove_label: String,
}

pub(crate) struct BudgetW {
    pub tables: Vec<BudgetTableW>,
    pub charges: String,
    pub income: String,
    pub difference: String,
    pub balanced: bool,
    /// The amount requested from this call, when the form designates its line.
    pub requested: Option<String>,
}

pub(crate) struct BudgetTableW {
    pub id: String,
    pub caption: String,
    pub accounts: Vec<AccountW>,
    pub total_label: String,
    pub total: String,
}

pub(crate) struct AccountW {
    pub label: String,
    pub subtotal: String,
    pub lines: Vec<LineW>,
}

pub(crate) struct LineW {
    /// Input name and element id suffix: `field.code`.
    pub name: String,
    pub label: String,
    pub value: String,
    pub error: Option<String>,
    pub requested: bool,
    pub detail: Option<DetailW>,
}

pub(crate) struct DetailW {
    pub name: String,
    pub label: String,
    pub value: String,
    pub error: Option<String>,
}

pub(crate) struct SectionView {
    pub id: String,
    pub title: String,
    pub intro: String,
    pub fields: Vec<FieldView>,
}

/// What building widgets needs.
pub(crate) struct Build<'a> {
    pub resolved: &'a Resolved,
    /// Raw inputs to show back, by input name.
    pub raw: &'a RawInput,
    /// Error messages by path.
    pub errors: &'a BTreeMap<String, String>,
    pub lang: &'a Lang,
    pub file_id: i64,
    /// The organisation's vault, for attachment fields.
    pub vault: &'a [Document],
    /// Communes offered by commune fields when the call is limited to its territory.
    pub communes: Option<&'a [(String, String)]>,
    /// Most bytes an upload may have (the platform's cap).
    pub max_upload: u64,
}

impl Build<'_> {
    fn raw_text(&self, path: &str) -> Option<String> {
        self.raw.get(path).map(|v| v.join(", "))
    }

    fn error(&self, path: &str) -> Option<String> {
        self.errors.get(path).cloned()
    }

    /// The sections of a page with their displayed fields.
    pub fn page(&self, page: &FormPage) -> Vec<SectionView> {
        page.sections
            .iter()
            .filter_map(|s| {
                let fields: Vec<FieldView> = s
                    .fields
                    .iter()
                    .filter(|f| !self.resolved.is_hidden(f.id.as_str()))
                    .map(|f| {
                        let value = self.resolved.answers.get(f.id.as_str());
                        let computed = self.resolved.computed.get(f.id.as_str());
                        self.field(f, f.id.as_str(), value.or(computed))
                    })
                    .collect();
                (!fields.is_empty()).then(|| SectionView {
                    id: s.id.clone(),
                    title: s.title.get(self.lang.code()).to_owned(),
                    intro: s
                        .intro
                        .as_ref()
                        .map(|t| t.get(self.lang.code()).to_owned())
                        .unwrap_or_default(),
                    fields,
                })
            })
            .collect()
    }

    /// One field at `path` with its stored value.
    pub fn field(&self, field: &Field, path: &str, value: Option<&Value>) -> FieldView {
        let lang = self.lang;
        let code = lang.code();
        let shown = |value: Option<&Value>| -> String {
            self.raw_text(path).unwrap_or_else(|| {
                value
                    .map(|v| to_input(&field.kind, v, code).join(", "))
                    .unwrap_or_default()
            })
        };
        let input = |input_type, inputmode, autocomplete, suffix| {
            Widget::Input(InputW {
                value: shown(value),
                input_type,
                inputmode,
                autocomplete,
                suffix,
            })
        };
        let mut format = String::new();
        use FieldKind as F;
        let widget = match &field.kind {
            F::ShortText { .. } => {
                let max = field.kind.max_len().unwrap_or(0);
                format = lang.ta("apply-hint-max-chars", &[("max", Arg::N(i64::from(max)))]);
                input("text", "", "off", "")
            }
            F::LongText { .. } => Widget::LongText(LongW {
                value: shown(value),
                max: field.kind.max_len().unwrap_or(0),
            }),
            F::Integer { .. } => {
                format = lang.t("apply-hint-integer");
                input("text", "numeric", "off", "")
            }
            F::Decimal { .. } => {
                format = lang.t("apply-hint-decimal");
                input("text", "decimal", "off", "")
            }
            F::Currency { .. } => {
                format = lang.t("apply-hint-currency");
                input("text", "decimal", "off", "€")
            }
            F::Percentage { .. } => {
                format = lang.t("apply-hint-percent");
                input("text", "decimal", "off", "%")
            }
            F::Date { .. } => {
                format = lang.t("apply-hint-date");
                input("date", "", "off", "")
            }
            F::Email => input("email", "email", "email", ""),
            F::Phone => {
                format = lang.t("apply-hint-phone");
                input("tel", "tel", "tel", "")
            }
            F::Url => {
                format = lang.t("apply-hint-url");
                input("url", "url", "url", "")
            }
            F::Siret => {
                format = lang.t("apply-hint-siret");
                input("text", "numeric", "off", "")
            }
            F::Rna => {
                format = lang.t("apply-hint-rna");
                input("text", "", "off", "")
            }
            F::Commune { multiple } => match (self.communes, multiple) {
                (Some(list), false) => {
                    let current = shown(value);
                    let mut opts = vec![Opt {
                        value: String::new(),
                        label: lang.t("apply-choose"),
                        checked: current.is_empty(),
                    }];
                    opts.extend(list.iter().map(|(c, name)| Opt {
                        value: c.clone(),
                        label: name.clone(),
                        checked: *c == current,
                    }));
                    Widget::Select(opts)
                }
                (Some(list), true) => {
                    let picked = self.picked(path, value);
                    Widget::Checkboxes(
                        list.iter()
                            .map(|(c, name)| Opt {
                                value: c.clone(),
                                label: name.clone(),
                                checked: picked.contains(c),
                            })
                            .collect(),
                    )
                }
                (None, false) => {
                    format = lang.t("apply-hint-commune");
                    input("text", "", "off", "")
                }
                (None, true) => {
                    format = lang.t("apply-hint-communes");
                    input("text", "", "off", "")
                }
            },
            F::YesNo { .. } => {
                let current = shown(value);
                Widget::Radios(
                    [("yes", "apply-yes"), ("no", "apply-no")]
                        .iter()
                        .map(|(v, id)| Opt {
                            value: (*v).to_owned(),
                            label: lang.t(id),
                            checked: current == *v,
                        })
                        .collect(),
                )
            }
            F::SingleChoice { options } => {
                let current = shown(value);
                Widget::Radios(
                    options
                        .iter()
                        .map(|o| Opt {
                            value: o.id.clone(),
                            label: o.label.get(code).to_owned(),
                            checked: current == o.id,
                        })
                        .collect(),
                )
            }
            F::MultipleChoice { options, .. } => {
                let picked = self.picked(path, value);
                Widget::Checkboxes(
                    options
                        .iter()
                        .map(|o| Opt {
                            value: o.id.clone(),
                            label: o.label.get(code).to_owned(),
                            checked: picked.contains(&o.id),
                        })
                        .collect(),
                )
            }
            F::Computed { .. } => Widget::Computed(
                value
                    .map(|v| value_text(field, v, lang))
                    .unwrap_or_else(|| lang.t("apply-computed-none")),
            ),
            F::Explanation { text } => Widget::Explanation(text.get(code).to_owned()),
            F::Attachment { accept, max_bytes } => {
                Widget::Attachment(self.attachment(path, accept, *max_bytes, value))
            }
            F::Group {
                fields,
                min_items,
                max_items,
            } => {
                let g = self.group(field, fields, *min_items, *max_items, value);
                format = g.limits.clone();
                Widget::Group(g)
            }
            F::BudgetTable {
                requested_line,
                project,
            } => {
                format = lang.t("apply-budget-hint");
                Widget::Budget(self.budget(path, requested_line.as_deref(), *project, value))
            }
        };
        FieldView {
            path: path.to_owned(),
            label: field.label.get(code).to_owned(),
            help: field
                .help
                .as_ref()
                .map(|h| h.get(code).to_owned())
                .unwrap_or_default(),
            format,
            required: field.required && field.kind.is_input(),
            error: self.error(path),
            widget,
        }
    }

    /// The options picked in a multiple choice: as posted, or as stored.
    fn picked(&self, path: &str, value: Option<&Value>) -> Vec<String> {
        match (self.raw.get(path), value) {
            (Some(raw), _) => raw.clone(),
            (None, Some(Value::Choices(list))) => list.clone(),
            _ => vec![],
        }
    }

    fn attachment(
        &self,
        path: &str,
        accept: &[FileType],
        max_bytes: u64,
        value: Option<&Value>,
    ) -> AttachW {
        let lang = self.lang;
        let current = match value {
            Some(Value::File(f)) => Some(CurrentFile {
                name: f.name.clone(),
                size: text::bytes(f.size, lang),
                href: format!("/files/{}/attachments/{}", self.file_id, f.id),
            }),
            _ => None,
        };
        let exts: Vec<&str> = accept
            .iter()
            .flat_map(|t| t.extensions().iter().copied())
            .collect();
        let mut vault = vec![Opt {
            value: String::new(),
            label: lang.t(if current.is_some() {
                "apply-vault-keep"
            } else {
                "apply-vault-none"
            }),
            checked: true,
        }];
        let chosen = self.raw_text(&format!("{path}.vault")).unwrap_or_default();
        for d in self.vault {
            let ext = d
                .original_name
                .rsplit_once('.')
                .map(|(_, e)| e.to_ascii_lowercase())
                .unwrap_or_default();
            if !exts.contains(&ext.as_str()) {
                continue;
            }
            let checked = chosen == d.id.to_string();
            if checked {
                vault[0].checked = false;
            }
            vault.push(Opt {
                value: d.id.to_string(),
                label: format!("{} — {}", lang.t(&d.kind_message_id()), d.original_name),
                checked,
            });
        }
        AttachW {
            current,
            accept: FileType::accept_attr(accept),
            types: accept
                .iter()
                .map(|t| t.display())
                .collect::<Vec<_>>()
                .join(", "),
            max: text::bytes(max_bytes.min(self.max_upload), lang),
            vault,
        }
    }

    fn group(
        &self,
        group: &Field,
        members: &[Field],
        min_items: u32,
        max_items: Option<u32>,
        value: Option<&Value>,
    ) -> GroupW {
        let lang = self.lang;
        let label = group.label.get(lang.code()).to_owned();
        let items: &[Answers] = match value {
            Some(Value::Group(items)) => items,
            _ => &[],
        };
        let items = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let number = i + 1;
                let fields = members
                    .iter()
                    .filter_map(|m| {
                        let path = format!("{}.{i}.{}", group.id, m.id);
                        (!self.resolved.is_hidden(&path))
                            .then(|| self.field(m, &path, item.get(m.id.as_str())))
                    })
                    .collect();
                let n = Arg::N(number as i64);
                ItemW {
                    legend: lang.ta(
                        "apply-group-item",
                        &[("label", Arg::S(label.clone())), ("n", n)],
                    ),
                    fields,
                    remove: format!("remove:{}.{i}", group.id),
                    remove_label: lang.ta(
                        "apply-group-remove",
                        &[
                            ("label", Arg::S(label.clone())),
                            ("n", Arg::N(number as i64)),
                        ],
                    ),
                }
            })
            .collect::<Vec<_>>();
        let can_add = max_items.is_none_or(|m| items.len() < m as usize);
        let limits = match (min_items, max_items) {
            (0, None) => String::new(),
            (min, None) => lang.ta("apply-group-min", &[("min", Arg::N(i64::from(min)))]),
            (0, Some(max)) => lang.ta("apply-group-max", &[("max", Arg::N(i64::from(max)))]),
            (min, Some(max)) => lang.ta(
                "apply-group-min-max",
                &[
                    ("min", Arg::N(i64::from(min))),
                    ("max", Arg::N(i64::from(max))),
                ],
            ),
        };
        GroupW {
            items,
            can_add,
            limits,
        }
    }

    fn budget(
        &self,
        path: &str,
        requested_line: Option<&str>,
        project: bool,
        value: Option<&Value>,
    ) -> BudgetW {
        let lang = self.lang;
        let code = lang.code();
        let empty = BudgetAnswer::default();
        let b = match value {
            Some(Value::Budget(b)) => b,
            _ => &empty,
        };
        let stored: BTreeMap<String, String> = b.to_inputs(path, code).into_iter().collect();
        let shown = |name: &str| -> String {
            self.raw_text(name)
                .or_else(|| stored.get(name).cloned())
                .unwrap_or_default()
        };
        let totals = b.totals();
        let table = |id: &str, caption: &str, sides: &[Side], total_label: &str, total| {
            let accounts = accounts_for(project)
                .filter(|a| sides.contains(&a.side))
                .map(|a| AccountW {
                    label: a.label(code).to_owned(),
                    subtotal: text::cents(b.account_total(a.code), lang),
                    lines: a
                        .lines()
                        .filter(|l| project || !l.project_only)
                        .map(|l| {
                            let name = format!("{path}.{}", l.code);
                            let detail = l.detail.then(|| {
                                let dname = format!("{name}.detail");
                                DetailW {
                                    label: lang.ta(
                                        "apply-budget-detail",
                                        &[("line", Arg::S(l.label(code).to_owned()))],
                                    ),
                                    value: shown(&dname),
                                    error: self.error(&dname),
                                    name: dname,
                                }
                            });
                            LineW {
                                label: l.label(code).to_owned(),
                                value: shown(&name),
                                error: self.error(&name),
                                requested: requested_line == Some(l.code),
                                detail,
                                name,
                            }
                        })
                        .collect(),
                })
                .collect();
            BudgetTableW {
                id: format!("{path}-{id}"),
                caption: lang.t(caption),
                accounts,
                total_label: lang.t(total_label),
                total: text::cents(total, lang),
            }
        };
        let tables = vec![
            table(
                "charges",
                "apply-budget-charges",
                &[Side::Charge],
                "apply-budget-total-charges",
                totals.charges,
            ),
            table(
                "income",
                "apply-budget-income",
                &[Side::Income],
                "apply-budget-total-income",
                totals.income,
            ),
            table(
                "in-kind",
                "apply-budget-in-kind",
                &[Side::InKindUse, Side::InKindContribution],
                "apply-budget-total-in-kind",
                totals.in_kind_contributions,
            ),
        ];
        let charges = totals.grand_total_charges();
        let income = totals.grand_total_income();
        let difference = essor_domain::money::Cents(income.0.saturating_sub(charges.0));
        BudgetW {
            tables,
            charges: text::cents(charges, lang),
            income: text::cents(income, lang),
            difference: text::cents(difference, lang),
            balanced: b.is_balanced(),
            requested: requested_line.map(|l| text::cents(b.requested(l), lang)),
        }
    }
}

/// A page of answers, read only.
pub(crate) struct ReadPage {
    pub id: String,
    pub title: String,
    pub sections: Vec<ReadSection>,
}

pub(crate) struct ReadSection {
    pub title: String,
    pub rows: Vec<ReadRow>,
}

pub(crate) struct ReadRow {
    pub label: String,
    pub value: String,
    /// A download link for attachments.
    pub href: Option<String>,
}

/// Every displayed answer of the form, page by page, as people read them. Unanswered fields
/// say so; explanations are left out.
pub(crate) fn read_pages(
    schema: &FormSchema,
    resolved: &Resolved,
    lang: &Lang,
    file_id: i64,
) -> Vec<ReadPage> {
    let code = lang.code();
    schema
        .pages
        .iter()
        .map(|page| ReadPage {
            id: page.id.clone(),
            title: page.title.get(code).to_owned(),
            sections: page
                .sections
                .iter()
                .filter_map(|s| {
                    let mut rows = vec![];
                    for f in &s.fields {
                        if resolved.is_hidden(f.id.as_str()) {
                            continue;
                        }
                        let value = resolved
                            .answers
                            .get(f.id.as_str())
                            .or_else(|| resolved.computed.get(f.id.as_str()));
                        read_rows(
                            f,
                            f.id.as_str(),
                            value,
                            "",
                            resolved,
                            lang,
                            file_id,
                            &mut rows,
                        );
                    }
                    (!rows.is_empty()).then(|| ReadSection {
                        title: s.title.get(code).to_owned(),
                        rows,
                    })
                })
                .collect(),
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn read_rows(
    f: &Field,
    path: &str,
    value: Option<&Value>,
    prefix: &str,
    resolved: &Resolved,
    lang: &Lang,
    file_id: i64,
    rows: &mut Vec<ReadRow>,
) {
    let code = lang.code();
    let label = format!("{prefix}{}", f.label.get(code));
    let none = || lang.t("apply-not-answered");
    match (&f.kind, value) {
        (FieldKind::Explanation { .. }, _) => {}
        (FieldKind::Group { fields, .. }, Some(Value::Group(items))) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                let prefix = format!(
                    "{} — {} ",
                    label,
                    lang.ta("apply-item-number", &[("n", Arg::N(i as i64 + 1))])
                );
                for m in fields {
                    let mpath = format!("{path}.{i}.{}", m.id);
                    if !resolved.is_hidden(&mpath) {
                        let prefix = format!("{prefix}— ");
                        read_rows(
                            m,
                            &mpath,
                            item.get(m.id.as_str()),
                            &prefix,
                            resolved,
                            lang,
                            file_id,
                            rows,
                        );
                    }
                }
            }
        }
        (FieldKind::BudgetTable { requested_line, .. }, Some(Value::Budget(b)))
            if !b.is_empty() =>
        {
            for (code_line, amount) in &b.lines {
                let Some(l) = essor_domain::forms::budget::line(code_line) else {
                    continue;
                };
                let mut line_label = format!("{label} — {}", l.label(code));
                if let Some(detail) = b.details.get(code_line) {
                    line_label = format!("{line_label} ({detail})");
                }
                rows.push(ReadRow {
                    label: line_label,
                    value: text::cents(*amount, lang),
                    href: None,
                });
            }
            let t = b.totals();
            for (id, amount) in [
                ("apply-budget-total-charges", t.grand_total_charges()),
                ("apply-budget-total-income", t.grand_total_income()),
            ] {
                rows.push(ReadRow {
                    label: format!("{label} — {}", lang.t(id)),
                    value: text::cents(amount, lang),
                    href: None,
                });
            }
            if let Some(line) = requested_line {
                rows.push(ReadRow {
                    label: format!("{label} — {}", lang.t("apply-budget-requested")),
                    value: text::cents(b.requested(line), lang),
                    href: None,
                });
            }
        }
        (FieldKind::Attachment { .. }, Some(Value::File(file))) => rows.push(ReadRow {
            label,
            value: value_text(f, &Value::File(file.clone()), lang),
            href: Some(format!("/files/{file_id}/attachments/{}", file.id)),
        }),
        (_, Some(v)) if !v.is_empty() => rows.push(ReadRow {
            label,
            value: value_text(f, v, lang),
            href: None,
        }),
        _ => rows.push(ReadRow {
            label,
            value: none(),
            href: None,
        }),
    }
}
