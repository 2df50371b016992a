//! Form schemas in words, for staff: kinds of fields, conditions read as sentences, schema
//! errors with their arguments.

use super::{money, tr};
use essor_domain::forms::{
    ArgValue, CmpOp, Condition, Field, FieldKind, FileType, FormSchema, Literal, OrgFact,
    SchemaError, Var,
};
use essor_platform::web::Ctx;

/// Every kind of field staff may add, by its JSON name (the `type` tag).
pub(crate) const KINDS: [&str; 21] = [
    "short_text",
    "long_text",
    "integer",
    "decimal",
    "currency",
    "percentage",
    "date",
    "yes_no",
    "single_choice",
    "multiple_choice",
    "email",
    "phone",
    "url",
    "commune",
    "siret",
    "rna",
    "attachment",
    "group",
    "budget_table",
    "computed",
    "explanation",
];

/// The JSON name of a kind.
pub(crate) fn kind_name(kind: &FieldKind) -> &'static str {
    use FieldKind as F;
    match kind {
        F::ShortText { .. } => "short_text",
        F::LongText { .. } => "long_text",
        F::Integer { .. } => "integer",
        F::Decimal { .. } => "decimal",
        F::Currency { .. } => "currency",
        F::Percentage { .. } => "percentage",
        F::Date { .. } => "date",
        F::YesNo { .. } => "yes_no",
        F::SingleChoice { .. } => "single_choice",
        F::MultipleChoice { .. } => "multiple_choice",
        F::Email => "email",
        F::Phone => "phone",
        F::Url => "url",
        F::Commune { .. } => "commune",
        F::Siret => "siret",
        F::Rna => "rna",
        F::Attachment { .. } => "attachment",
        F::Group { .. } => "group",
        F::BudgetTable { .. } => "budget_table",
        F::Computed { .. } => "computed",
        F::Explanation { .. } => "explanation",
    }
}

/// Fluent id of a kind's name.
pub(crate) fn kind_message(name: &str) -> String {
    format!("admin-kind-{}", name.replace('_', "-"))
}

/// A new field of this kind, with settings that staff then adjust. Choice fields start without
/// options and groups without members: the form's check lists them until they are filled in.
pub(crate) fn new_kind(name: &str, label: &str) -> Option<FieldKind> {
    use essor_domain::forms::{cerfa, ComputedDisplay, ComputedOp, LocalizedText};
    use FieldKind as F;
    Some(match name {
        "short_text" => F::ShortText { max_len: None },
        "long_text" => F::LongText { max_len: None },
        "integer" => F::Integer {
            min: None,
            max: None,
        },
        "decimal" => F::Decimal {
            min: None,
            max: None,
            decimals: 2,
        },
        "currency" => F::Currency {
            min: None,
            max: None,
        },
        "percentage" => F::Percentage {
            min: None,
            max: None,
        },
        "date" => F::Date {
            min: None,
            max: None,
        },
        "yes_no" => F::YesNo { must_accept: false },
        "single_choice" => F::SingleChoice { options: vec![] },
        "multiple_choice" => F::MultipleChoice {
            options: vec![],
            min: None,
            max: None,
        },
        "email" => F::Email,
        "phone" => F::Phone,
        "url" => F::Url,
        "commune" => F::Commune { multiple: false },
        "siret" => F::Siret,
        "rna" => F::Rna,
        "attachment" => F::Attachment {
            accept: vec![FileType::Pdf],
            max_bytes: cerfa::ATTACHMENT_MAX_BYTES,
        },
        "group" => F::Group {
            fields: vec![],
            min_items: 0,
            max_items: None,
        },
        "budget_table" => F::BudgetTable {
            requested_line: Some(cerfa::REQUESTED_LINE.to_owned()),
            project: true,
        },
        "computed" => F::Computed {
            op: ComputedOp::Sum,
            operands: vec![],
            display: ComputedDisplay::Currency,
        },
        "explanation" => F::Explanation {
            text: LocalizedText::fr(label),
        },
        _ => return None,
    })
}

/// The JSON name of an organisation fact.
pub(crate) fn fact_name(fact: OrgFact) -> &'static str {
    match fact {
        OrgFact::Kind => "kind",
        OrgFact::CommuneCode => "commune_code",
        OrgFact::EsusStatus => "esus_status",
        OrgFact::HasSiret => "has_siret",
        OrgFact::HasRna => "has_rna",
        OrgFact::LegalCategory => "legal_category",
        OrgFact::CreatedYears => "created_years",
    }
}

pub(crate) fn fact_message(fact: OrgFact) -> String {
    format!("admin-fact-{}", fact_name(fact).replace('_', "-"))
}

/// A field's label in the reader's language, or its id when it has none.
pub(crate) fn label(p: &Ctx, field: &Field) -> String {
    let l = field.label.get(p.lang());
    if l.trim().is_empty() {
        field.id.to_string()
    } else {
        l.to_owned()
    }
}

fn var_words(p: &Ctx, schema: Option<&FormSchema>, var: &Var) -> String {
    match var {
        Var::Org(fact) => p.t(fact_message(*fact)),
        Var::Field(id) => match schema.and_then(|s| s.field(id.as_str())) {
            Some(f) => tr(p, "admin-cond-field", &[("label", label(p, f))]),
            None => id.to_string(),
        },
    }
}

/// A constant of a condition; option ids are shown with their labels.
pub(crate) fn literal_words(p: &Ctx, field: Option<&Field>, lit: &Literal) -> String {
    let option = |id: &str| -> String {
        field
            .and_then(|f| f.kind.options().iter().find(|o| o.id == id))
            .map_or_else(|| id.to_owned(), |o| o.label.get(p.lang()).to_owned())
    };
    match lit {
        Literal::Text(s) => option(s),
        Literal::Integer(n) => n.to_string(),
        Literal::Decimal(d) => decimal(p, *d),
        Literal::Cents(c) => money(p, *c),
        Literal::Percent(bp) => percent(p, *bp),
        Literal::Bool(true) => p.t("admin-yes"),
        Literal::Bool(false) => p.t("admin-no"),
        Literal::Date(d) => p.date(d),
        Literal::List(items) => items
            .iter()
            .map(|i| option(i))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

pub(crate) fn decimal(p: &Ctx, d: f64) -> String {
    let s = d.to_string();
    if p.lang() == "fr" {
        s.replace('.', ",")
    } else {
        s
    }
}

/// Basis points as a percentage: 1250 → "12,5 %".
pub(crate) fn percent(p: &Ctx, bp: i64) -> String {
    let whole = bp / 100;
    let frac = (bp % 100).abs();
    let sign = if bp < 0 && whole == 0 { "-" } else { "" };
    let num = if frac == 0 {
        format!("{sign}{whole}")
    } else {
        let sep = if p.lang() == "fr" { ',' } else { '.' };
        format!(
            "{sign}{whole}{sep}{}",
            format!("{frac:02}").trim_end_matches('0')
        )
    };
    if p.lang() == "fr" {
        format!("{num}\u{a0}%")
    } else {
        format!("{num}%")
    }
}

fn op_message(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "admin-cond-eq",
        CmpOp::Ne => "admin-cond-ne",
        CmpOp::Lt => "admin-cond-lt",
        CmpOp::Le => "admin-cond-le",
        CmpOp::Gt => "admin-cond-gt",
        CmpOp::Ge => "admin-cond-ge",
    }
}

/// A condition as a sentence: « Salariés » est supérieur ou égal à 1 et …
pub(crate) fn condition(p: &Ctx, schema: Option<&FormSchema>, c: &Condition) -> String {
    let nested = |c: &Condition| {
        let s = condition(p, schema, c);
        match c {
            Condition::All(cs) | Condition::Any(cs) if cs.len() > 1 => format!("({s})"),
            _ => s,
        }
    };
    let field_of = |var: &Var| match var {
        Var::Field(id) => schema.and_then(|s| s.field(id.as_str())),
        Var::Org(_) => None,
    };
    match c {
        Condition::All(cs) if cs.is_empty() => p.t("admin-cond-always"),
        Condition::Any(cs) if cs.is_empty() => p.t("admin-cond-never"),
        Condition::All(cs) => cs
            .iter()
            .map(nested)
            .collect::<Vec<_>>()
            .join(&format!(" {} ", p.t("admin-cond-and"))),
        Condition::Any(cs) => cs
            .iter()
            .map(nested)
            .collect::<Vec<_>>()
            .join(&format!(" {} ", p.t("admin-cond-or"))),
        Condition::Not(inner) => tr(p, "admin-cond-not", &[("condition", nested(inner))]),
        Condition::Compare { var, op, value } => tr(
            p,
            op_message(*op),
            &[
                ("var", var_words(p, schema, var)),
                ("value", literal_words(p, field_of(var), value)),
            ],
        ),
        Condition::Includes { var, value } => tr(
            p,
            "admin-cond-includes",
            &[
                ("var", var_words(p, schema, var)),
                ("value", literal_words(p, field_of(var), value)),
            ],
        ),
        Condition::Empty { var } => {
            tr(p, "admin-cond-empty", &[("var", var_words(p, schema, var))])
        }
        Condition::InCommunes { var, codes } => tr(
            p,
            "admin-cond-in-communes",
            &[
                ("var", var_words(p, schema, var)),
                ("codes", codes.join(", ")),
            ],
        ),
    }
}

/// A typed message argument in the reader's language.
pub(crate) fn arg(p: &Ctx, v: &ArgValue) -> String {
    match v {
        ArgValue::Integer(n) => n.to_string(),
        ArgValue::Decimal(d) => decimal(p, *d),
        ArgValue::Cents(c) => money(p, *c),
        ArgValue::Percent(bp) => percent(p, *bp),
        ArgValue::Date(d) => p.date(d),
        ArgValue::Bytes(b) => megabytes(p, *b),
        ArgValue::Text(s) => s.clone(),
    }
}

/// A size in MB, one decimal at most.
pub(crate) fn megabytes(p: &Ctx, bytes: u64) -> String {
    let tenths = (bytes * 10).div_ceil(1024 * 1024);
    let s = if tenths.is_multiple_of(10) {
        (tenths / 10).to_string()
    } else if p.lang() == "fr" {
        format!("{},{}", tenths / 10, tenths % 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    };
    tr(p, "admin-megabytes", &[("size", s)])
}

/// Where a schema error sits, in words: « Label » (path), a page or a section title.
fn place(p: &Ctx, schema: &FormSchema, at: &str) -> String {
    if let Some(id) = at.strip_prefix("page:") {
        return schema.page(id).map_or_else(
            || id.to_owned(),
            |pg| {
                tr(
                    p,
                    "admin-place-page",
                    &[("title", pg.title.get(p.lang()).to_owned())],
                )
            },
        );
    }
    if let Some(id) = at.strip_prefix("section:") {
        let title = schema
            .pages
            .iter()
            .flat_map(|pg| &pg.sections)
            .find(|s| s.id == id)
            .map(|s| s.title.get(p.lang()).to_owned());
        return title.map_or_else(
            || id.to_owned(),
            |t| tr(p, "admin-place-section", &[("title", t)]),
        );
    }
    match schema.field(at) {
        Some(f) => tr(
            p,
            "admin-place-field",
            &[("label", label(p, f)), ("path", at.to_owned())],
        ),
        None => at.to_owned(),
    }
}

/// A schema error as a sentence, placed in words.
pub(crate) fn schema_error(p: &Ctx, schema: &FormSchema, e: &SchemaError) -> String {
    let args: Vec<(&str, String)> = e
        .args()
        .iter()
        .map(|(k, v)| {
            if *k == "at" {
                (*k, place(p, schema, &e.at))
            } else {
                (*k, arg(p, v))
            }
        })
        .collect();
    tr(p, e.code(), &args)
}

/// The JSON name of a prefill source.
pub(crate) fn prefill_name(p: essor_domain::forms::Prefill) -> String {
    serde_json::to_value(p)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub(crate) fn prefill_message(p: essor_domain::forms::Prefill) -> String {
    format!("admin-prefill-{}", prefill_name(p).replace('_', "-"))
}

/// A field's settings in words: limits, options, accepted files… joined by " · ".
pub(crate) fn settings(p: &Ctx, field: &Field) -> String {
    use essor_domain::forms::{ComputedDisplay, ComputedOp};
    use FieldKind as F;
    let mut out: Vec<String> = vec![];
    let range = |out: &mut Vec<String>, min: Option<String>, max: Option<String>| {
        if let Some(m) = min {
            out.push(tr(p, "admin-set-min", &[("min", m)]));
        }
        if let Some(m) = max {
            out.push(tr(p, "admin-set-max", &[("max", m)]));
        }
    };
    match &field.kind {
        F::ShortText { .. } | F::LongText { .. } => {
            let max = field.kind.max_len().unwrap_or_default();
            out.push(tr(p, "admin-set-max-len", &[("max", max.to_string())]));
        }
        F::Integer { min, max } => range(
            &mut out,
            min.map(|n| n.to_string()),
            max.map(|n| n.to_string()),
        ),
        F::Decimal { min, max, decimals } => {
            range(
                &mut out,
                min.map(|d| decimal(p, d)),
                max.map(|d| decimal(p, d)),
            );
            out.push(tr(
                p,
                "admin-set-decimals",
                &[("decimals", decimals.to_string())],
            ));
        }
        F::Currency { min, max } => {
            range(&mut out, min.map(|c| money(p, c)), max.map(|c| money(p, c)))
        }
        F::Percentage { min, max } => range(
            &mut out,
            min.map(|b| percent(p, b)),
            max.map(|b| percent(p, b)),
        ),
        F::Date { min, max } => range(&mut out, min.map(|d| p.date(&d)), max.map(|d| p.date(&d))),
        F::YesNo { must_accept } => {
            if *must_accept {
                out.push(p.t("admin-set-must-accept"));
            }
        }
        F::SingleChoice { options } | F::MultipleChoice { options, .. } => {
            let labels: Vec<&str> = options.iter().map(|o| o.label.get(p.lang())).collect();
            out.push(tr(
                p,
                "admin-set-options",
                &[("options", labels.join(", "))],
            ));
            if let F::MultipleChoice { min, max, .. } = &field.kind {
                range(
                    &mut out,
                    min.map(|n| n.to_string()),
                    max.map(|n| n.to_string()),
                );
            }
        }
        F::Commune { multiple } => {
            if *multiple {
                out.push(p.t("admin-set-communes-multiple"));
            }
        }
        F::Attachment { accept, max_bytes } => {
            let types: Vec<&str> = accept.iter().map(|t| t.display()).collect();
            out.push(tr(
                p,
                "admin-set-attachment",
                &[
                    ("types", types.join(", ")),
                    ("size", megabytes(p, *max_bytes)),
                ],
            ));
        }
        F::Group {
            min_items,
            max_items,
            ..
        } => {
            let min = (*min_items > 0).then(|| min_items.to_string());
            range(&mut out, min, max_items.map(|n| n.to_string()));
        }
        F::BudgetTable {
            requested_line,
            project,
        } => {
            out.push(p.t(if *project {
                "admin-set-budget-project"
            } else {
                "admin-set-budget-association"
            }));
            if let Some(line) = requested_line {
                out.push(tr(p, "admin-set-requested-line", &[("line", line.clone())]));
            }
        }
        F::Computed {
            op,
            operands,
            display,
        } => {
            let op = match op {
                ComputedOp::Sum => "sum",
                ComputedOp::Difference => "difference",
                ComputedOp::Ratio => "ratio",
            };
            let display = match display {
                ComputedDisplay::Integer => "integer",
                ComputedDisplay::Decimal => "decimal",
                ComputedDisplay::Currency => "currency",
                ComputedDisplay::Percentage => "percentage",
            };
            let names: Vec<String> = operands.iter().map(|o| o.to_string()).collect();
            out.push(tr(
                p,
                &format!("admin-op-{op}"),
                &[("operands", names.join(", "))],
            ));
            out.push(p.t(format!("admin-display-{display}")));
        }
        F::Explanation { text } => out.push(text.get(p.lang()).to_owned()),
        F::Email | F::Phone | F::Url | F::Siret | F::Rna => {}
    }
    if let Some(src) = field.prefill {
        out.push(tr(
            p,
            "admin-set-prefill",
            &[("source", p.t(prefill_message(src)))],
        ));
    }
    out.join(" · ")
}
