//! Raw form input → typed answers, and back.
//!
//! [`parse_input`] reads the text of one field (format only: can it be read?); constraints
//! (lengths, ranges, territory…) are [`super::validate()`]'s. [`apply_input`] reads a whole page
//! post into the answers, groups and budget tables included. The raw text of a refused input is
//! the web layer's to keep and show again; here only the error code comes back.
//!
//! Numbers are read in French and English formats: "1 234,56", "1,234.56", "12,5 %"; a group
//! separator may be any space (no-break and narrow no-break included).

use super::answers::{Answers, Value};
use super::budget::BudgetAnswer;
use super::condition::OrgFacts;
use super::errors::{FieldError, FieldErrorCode};
use super::schema::{FieldId, FieldKind, FormSchema};
use super::validate::{check_value, resolve, ItemEnv, Scope, ValidateOptions};
use crate::email::Email;
use crate::identifiers::{CommuneCode, Rna, Siret};
use crate::money::Cents;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// A posted form: input name → values (several for multiple choices).
pub type RawInput = BTreeMap<String, Vec<String>>;

/// The one non-blank value of an input, if any. Several non-blank values: the last wins (a
/// hidden default followed by a checked box).
pub(crate) fn single(values: Option<&Vec<String>>) -> Option<&str> {
    values?
        .iter()
        .rev()
        .map(|s| s.as_str())
        .find(|s| !s.trim().is_empty())
}

/// Collapses line breaks and tabs into spaces and trims: a short text is one line.
pub(crate) fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Browsers post line breaks as CRLF but count them as one character in `maxlength`: store LF
/// so the server counts as the live counter does. Other control characters (but tabs) go.
fn multi_line(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Reads the raw values of one field. `Ok(None)`: no answer (blank). Groups, budget tables
/// and attachments are not single inputs: see [`apply_input`] and the upload handler (which
/// checks files with [`super::validate::check_file`]).
pub fn parse_input<S: AsRef<str>>(
    kind: &FieldKind,
    raw: &[S],
) -> Result<Option<Value>, FieldErrorCode> {
    use FieldKind as F;
    let values: Vec<&str> = raw
        .iter()
        .map(|s| s.as_ref())
        .filter(|s| !s.trim().is_empty())
        .collect();

    // Kinds with several values.
    match kind {
        F::MultipleChoice { options, .. } => {
            if values.is_empty() {
                return Ok(None);
            }
            let picked: Vec<&str> = values.iter().map(|v| v.trim()).collect();
            if !picked.iter().all(|p| options.iter().any(|o| o.id == *p)) {
                return Err(FieldErrorCode::InvalidChoice);
            }
            let ids = options
                .iter()
                .filter(|o| picked.contains(&o.id.as_str()))
                .map(|o| o.id.clone())
                .collect();
            return Ok(Some(Value::Choices(ids)));
        }
        F::Commune { multiple: true } => {
            let mut codes: Vec<String> = vec![];
            for part in values
                .iter()
                .flat_map(|v| v.split(|c: char| c == ',' || c == ';' || c.is_whitespace()))
                .filter(|p| !p.is_empty())
            {
                let code = CommuneCode::parse(part)?.to_string();
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
            return Ok((!codes.is_empty()).then_some(Value::Choices(codes)));
        }
        F::Group { .. }
        | F::BudgetTable { .. }
        | F::Attachment { .. }
        | F::Computed { .. }
        | F::Explanation { .. } => return Err(FieldErrorCode::WrongValue),
        _ => {}
    }

    let text = match values.as_slice() {
        [] => return Ok(None),
        [one] => *one,
        _ => return Err(FieldErrorCode::WrongValue),
    };
    let value = match kind {
        F::ShortText { .. } | F::LongText { .. } => {
            let clean = if matches!(kind, F::ShortText { .. }) {
                one_line(text)
            } else {
                multi_line(text)
            };
            if clean.is_empty() {
                return Ok(None);
            }
            Value::Text(clean)
        }
        F::Integer { .. } => Value::Integer(parse_integer(text)?),
        F::Decimal { decimals, .. } => Value::Decimal(parse_decimal(text, *decimals)?),
        F::Currency { .. } => Value::Cents(Cents::parse_eur(text)?),
        F::Percentage { .. } => Value::Percent(parse_percent(text)?),
        F::Date { .. } => Value::Date(parse_date(text)?),
        F::YesNo { .. } => Value::Bool(parse_yes_no(text)?),
        F::SingleChoice { options } => {
            let id = text.trim();
            if !options.iter().any(|o| o.id == id) {
                return Err(FieldErrorCode::InvalidChoice);
            }
            Value::Choice(id.to_owned())
        }
        F::Email => Value::Text(Email::parse(text)?.to_string()),
        F::Phone => Value::Text(parse_phone(text)?),
        F::Url => Value::Text(parse_url(text)?),
        F::Commune { .. } => Value::Text(CommuneCode::parse(text)?.to_string()),
        F::Siret => Value::Text(Siret::parse(text)?.to_string()),
        F::Rna => Value::Text(Rna::parse(text)?.to_string()),
        // Handled above.
        F::MultipleChoice { .. }
        | F::Group { .. }
        | F::BudgetTable { .. }
        | F::Attachment { .. }
        | F::Computed { .. }
        | F::Explanation { .. } => return Err(FieldErrorCode::WrongValue),
    };
    Ok(Some(value))
}

// ---------------------------------------------------------------------------------------------
// Numbers

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumError {
    Format,
    Decimals,
    Overflow,
}

/// An exact decimal read from text: `mantissa / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Exact {
    mantissa: i128,
    scale: u32,
}

const MINUS: [char; 2] = ['-', '\u{2212}'];

/// Reads "1 234,56", "1234.56", "1,234.56", "1.234,56", "-3,5" with at most `max_decimals`.
/// One `,` or `.` is the decimal mark, except (with `thousands`) when it is followed by exactly
/// 3 digits, the part before has 1–3 digits not starting with 0 and the field takes fewer than
/// 3 decimals: then "1,234" and "1.234" can only mean a thousand and some, and are read so.
fn parse_exact(input: &str, max_decimals: u32, thousands: bool) -> Result<Exact, NumError> {
    let mut s = input.trim();
    let negative = match s.strip_prefix(MINUS) {
        Some(rest) => {
            s = rest.trim_start();
            true
        }
        None => {
            s = s.strip_prefix('+').map_or(s, str::trim_start);
            false
        }
    };
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.' || c.is_whitespace())
    {
        return Err(NumError::Format);
    }
    let commas = s.matches(',').count();
    let dots = s.matches('.').count();
    let (decimal, group) = match (commas, dots) {
        (0, 0) => (None, None),
        (1, 0) | (0, 1) => {
            let mark = if commas == 1 { ',' } else { '.' };
            let (int, frac) = s.split_once(mark).unwrap_or((s, ""));
            let thousands = thousands
                && max_decimals < 3
                && frac.len() == 3
                && frac.bytes().all(|b| b.is_ascii_digit())
                && (1..=3).contains(&int.len())
                && !int.starts_with('0')
                && int.bytes().all(|b| b.is_ascii_digit());
            if thousands {
                (None, Some(mark))
            } else {
                (Some(mark), None)
            }
        }
        (_, 0) => (None, Some(',')),
        (0, _) => (None, Some('.')),
        _ => {
            let (dec, grp, count) = if s.rfind(',') > s.rfind('.') {
                (',', '.', commas)
            } else {
                ('.', ',', dots)
            };
            if count != 1 {
                return Err(NumError::Format);
            }
            (Some(dec), Some(grp))
        }
    };
    let (int_part, frac_part) = match decimal.and_then(|d| s.split_once(d)) {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if decimal.is_some() && (frac_part.is_empty() || !frac_part.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(NumError::Format);
    }
    let groups: Vec<&str> = int_part
        .split(|c: char| c.is_whitespace() || Some(c) == group)
        .collect();
    let groups_ok = groups
        .iter()
        .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        && (groups.len() == 1
            || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)));
    if !groups_ok {
        return Err(NumError::Format);
    }
    if frac_part.len() > max_decimals as usize {
        return Err(NumError::Decimals);
    }
    let digits = groups
        .iter()
        .flat_map(|g| g.bytes())
        .chain(frac_part.bytes());
    let mut mantissa: i128 = 0;
    for b in digits {
        mantissa = mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(i128::from(b - b'0')))
            .ok_or(NumError::Overflow)?;
    }
    Ok(Exact {
        mantissa: if negative { -mantissa } else { mantissa },
        scale: frac_part.len() as u32,
    })
}

/// A whole number: "1234", "1 234", "-5", "1,234" / "1.234" (thousands).
pub fn parse_integer(s: &str) -> Result<i64, FieldErrorCode> {
    let e = parse_exact(s, 0, true).map_err(|_| FieldErrorCode::IntegerFormat)?;
    i64::try_from(e.mantissa).map_err(|_| FieldErrorCode::IntegerFormat)
}

/// A decimal number with at most `decimals` decimals, as the nearest `f64`.
pub fn parse_decimal(s: &str, decimals: u8) -> Result<f64, FieldErrorCode> {
    let e = parse_exact(s, u32::from(decimals), true).map_err(|err| match err {
        NumError::Decimals => FieldErrorCode::TooManyDecimals { max: decimals },
        NumError::Format | NumError::Overflow => FieldErrorCode::NumberFormat,
    })?;
    Ok(exact_to_f64(e))
}

fn exact_to_f64(e: Exact) -> f64 {
    let sign = if e.mantissa < 0 { "-" } else { "" };
    let digits = format!(
        "{:0>width$}",
        e.mantissa.unsigned_abs(),
        width = e.scale as usize + 1
    );
    let (int, frac) = digits.split_at(digits.len() - e.scale as usize);
    // Decimal text → nearest f64: exact rounding, so parse(format(x)) gives x back.
    format!("{sign}{int}.{frac}0").parse().unwrap_or(0.0)
}

/// A percentage with at most 2 decimals, "%" optional: "12,5 %", "12.5%", "100" → basis
/// points (1250, 1250, 10000). A single `,` or `.` is always the decimal mark: "12,555 %" has
/// too many decimals, it is not twelve thousand per cent.
pub fn parse_percent(s: &str) -> Result<i64, FieldErrorCode> {
    let t = s.trim();
    let t = t.strip_suffix('%').map_or(t, str::trim_end);
    let e = parse_exact(t, 2, false).map_err(|err| match err {
        NumError::Decimals => FieldErrorCode::TooManyDecimals { max: 2 },
        NumError::Format | NumError::Overflow => FieldErrorCode::PercentFormat,
    })?;
    e.mantissa
        .checked_mul(10i128.pow(2 - e.scale))
        .and_then(|bp| i64::try_from(bp).ok())
        .ok_or(FieldErrorCode::PercentFormat)
}

#[allow(clippy::manual_is_multiple_of)] // `is_multiple_of` needs Rust 1.87; MSRV is 1.85.
fn group_digits(digits: &str, sep: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(ch);
    }
    out
}

/// French groups with a narrow no-break space (U+202F), English with a comma.
fn seps(lang: &str) -> (&'static str, char) {
    if lang == "en" {
        (",", '.')
    } else {
        ("\u{202f}", ',')
    }
}

/// "1 234 567" (fr, narrow no-break spaces) or "1,234,567" (en).
pub fn format_integer(n: i64, lang: &str) -> String {
    let (group, _) = seps(lang);
    let sign = if n < 0 { "-" } else { "" };
    format!(
        "{sign}{}",
        group_digits(&n.unsigned_abs().to_string(), group)
    )
}

/// With exactly `decimals` decimals: "1 234,50" (fr), "1,234.50" (en).
pub fn format_decimal(x: f64, decimals: u8, lang: &str) -> String {
    let (group, mark) = seps(lang);
    let text = format!("{:.*}", decimals as usize, x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let negative = x < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0');
    let sign = if negative { "-" } else { "" };
    let int = group_digits(int, group);
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}{mark}{frac}")
    }
}

/// "12,5 %" (fr, narrow no-break space before %), "12.5%" (en); no trailing zeros. English
/// thousands are not grouped ("1234%"), as a comma there would read as a decimal mark.
pub fn format_percent(bp: i64, lang: &str) -> String {
    let (_, mark) = seps(lang);
    let sign = if bp < 0 { "-" } else { "" };
    let abs = bp.unsigned_abs();
    let int = if lang == "en" {
        (abs / 100).to_string()
    } else {
        group_digits(&(abs / 100).to_string(), "\u{202f}")
    };
    let frac = format!("{:02}", abs % 100);
    let frac = frac.trim_end_matches('0');
    let number = if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}{mark}{frac}")
    };
    if lang == "en" {
        format!("{number}%")
    } else {
        format!("{number}\u{202f}%")
    }
}

/// An amount for an input, without the currency sign: "1 234,56" (fr), "1,234.56" (en).
pub(crate) fn cents_input(c: Cents, lang: &str) -> String {
    let (group, mark) = seps(lang);
    let sign = if c.is_negative() { "-" } else { "" };
    let abs = c.0.unsigned_abs();
    format!(
        "{sign}{}{mark}{:02}",
        group_digits(&(abs / 100).to_string(), group),
        abs % 100
    )
}

// ---------------------------------------------------------------------------------------------
// Dates, yes/no, phone, URL

/// "2026-11-28" (HTML date input) or "28/11/2026" (typed where the browser has no date
/// picker). Years 1000–9999.
pub fn parse_date(s: &str) -> Result<NaiveDate, FieldErrorCode> {
    let t = s.trim();
    let d = if t.contains('/') {
        NaiveDate::parse_from_str(t, "%d/%m/%Y")
    } else {
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
    }
    .map_err(|_| FieldErrorCode::DateFormat)?;
    if !(1000..=9999).contains(&d.year()) {
        return Err(FieldErrorCode::DateFormat);
    }
    Ok(d)
}

/// "yes"/"no", "oui"/"non", "true"/"false", "1"/"0", "on" (a checked box).
pub fn parse_yes_no(s: &str) -> Result<bool, FieldErrorCode> {
    match s.trim().to_lowercase().as_str() {
        "yes" | "oui" | "true" | "1" | "on" => Ok(true),
        "no" | "non" | "false" | "0" => Ok(false),
        _ => Err(FieldErrorCode::InvalidChoice),
    }
}

/// French numbers: "06 12 34 56 78", "+33 6 12 34 56 78", "0033 6…", "+33 (0)6…" → "+33612345678".
/// Other countries: "+" or "00", then 8 to 15 digits → `+<digits>`. Spaces, dots, dashes and
/// parentheses are ignored.
pub fn parse_phone(s: &str) -> Result<String, FieldErrorCode> {
    let compact: String = s
        .trim()
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '.' | '-' | '(' | ')' | '/')))
        .collect();
    let (international, digits) = if let Some(rest) = compact.strip_prefix('+') {
        (true, rest)
    } else if let Some(rest) = compact.strip_prefix("00") {
        (true, rest)
    } else {
        (false, compact.as_str())
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldErrorCode::PhoneFormat);
    }
    let national = |n: &str| n.len() == 9 && !n.starts_with('0');
    if !international {
        return match digits.strip_prefix('0') {
            Some(n) if national(n) => Ok(format!("+33{n}")),
            _ => Err(FieldErrorCode::PhoneFormat),
        };
    }
    if let Some(rest) = digits.strip_prefix("33") {
        // "+33 (0)6…" leaves a trunk 0 after the country code.
        let n = if rest.len() == 10 {
            rest.strip_prefix('0').unwrap_or(rest)
        } else {
            rest
        };
        return if national(n) {
            Ok(format!("+33{n}"))
        } else {
            Err(FieldErrorCode::PhoneFormat)
        };
    }
    if (8..=15).contains(&digits.len()) && !digits.starts_with('0') {
        Ok(format!("+{digits}"))
    } else {
        Err(FieldErrorCode::PhoneFormat)
    }
}

/// A stored phone for display: "+33612345678" → "06 12 34 56 78" (no-break spaces); others
/// unchanged.
pub fn format_phone(stored: &str) -> String {
    match stored.strip_prefix("+33") {
        Some(n) if n.len() == 9 && n.bytes().all(|b| b.is_ascii_digit()) => {
            let national = format!("0{n}");
            national
                .as_bytes()
                .chunks(2)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join("\u{a0}")
        }
        _ => stored.to_owned(),
    }
}

/// Longest URL accepted.
pub const MAX_URL_LEN: usize = 2000;

/// "http://" or "https://" (any case), then a host with a dot; no spaces. The scheme is
/// lowercased, the rest kept.
pub fn parse_url(s: &str) -> Result<String, FieldErrorCode> {
    let t = s.trim();
    if t.len() > MAX_URL_LEN || t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(FieldErrorCode::UrlFormat);
    }
    let lower = t.to_ascii_lowercase();
    let (scheme, rest) = if lower.starts_with("https://") {
        ("https://", &t[8..])
    } else if lower.starts_with("http://") {
        ("http://", &t[7..])
    } else {
        return Err(FieldErrorCode::UrlFormat);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    let labels: Vec<&str> = host.split('.').collect();
    let host_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if !host_ok {
        return Err(FieldErrorCode::UrlFormat);
    }
    Ok(format!("{scheme}{rest}"))
}

// ---------------------------------------------------------------------------------------------
// Back to input text

/// The text of the input(s) that [`parse_input`] reads back to `value`, for showing a saved
/// answer: numbers in the reader's format, dates as the HTML date input wants them
/// ("2026-11-28"), yes/no as "yes"/"no", options by id. Empty for groups, budgets and files
/// (see [`BudgetAnswer::to_inputs`]).
pub fn to_input(kind: &FieldKind, value: &Value, lang: &str) -> Vec<String> {
    let one = match (kind, value) {
        (FieldKind::Phone, Value::Text(s)) => format_phone(s),
        (_, Value::Text(s) | Value::Choice(s)) => s.clone(),
        (_, Value::Choices(list)) => return list.clone(),
        (_, Value::Integer(n)) => format_integer(*n, lang),
        (FieldKind::Decimal { decimals, .. }, Value::Decimal(x)) => {
            format_decimal(*x, *decimals, lang)
        }
        (_, Value::Decimal(x)) => format_decimal(*x, super::schema::MAX_DECIMALS, lang),
        (_, Value::Cents(c)) => cents_input(*c, lang),
        (_, Value::Percent(bp)) => format_percent(*bp, lang),
        (_, Value::Date(d)) => d.format("%Y-%m-%d").to_string(),
        (_, Value::Bool(b)) => (if *b { "yes" } else { "no" }).to_owned(),
        (_, Value::Group(_) | Value::Budget(_) | Value::File(_)) => return vec![],
    };
    vec![one]
}

// ---------------------------------------------------------------------------------------------
// A whole page

/// Most items of a repeatable group read from one post.
pub const MAX_GROUP_ITEMS: usize = 500;

/// Reads a posted page (or the whole form) into `answers` and returns the errors to show.
///
/// Fields are read in form order; a field (or section) whose condition does not hold, given
/// the answers read so far, is left untouched: its stored answer is kept (and ignored while
/// hidden), so toggling a question back does not lose what was typed. A displayed field with
/// no input is cleared. A value that cannot be read is cleared and reported; a value that
/// reads but breaks a constraint (too long, out of range…) is stored and reported, so a draft
/// never loses text. Groups come from `<group>.<n>.<member>` inputs, items in the order of
/// `n` and renumbered from 0 (uploaded files of an item are kept by its `n`); budget tables
/// from `<field>.<line>`. Attachments are set by the upload handler, computed fields by
/// [`super::compute()`], never here.
pub fn apply_input(
    schema: &FormSchema,
    answers: &mut Answers,
    scope: Scope<'_>,
    raw: &RawInput,
    org: &OrgFacts,
    opts: &ValidateOptions<'_>,
) -> Vec<FieldError> {
    let mut errors = vec![];
    for page in schema.pages.iter().filter(|p| scope.includes(p)) {
        for section in &page.sections {
            if let Some(c) = &section.condition {
                let r = resolve(schema, answers, org);
                if !c.eval(&r.env(schema, org)) {
                    continue;
                }
            }
            for field in &section.fields {
                if !field.kind.is_input() || matches!(field.kind, FieldKind::Attachment { .. }) {
                    continue;
                }
                if let Some(c) = &field.condition {
                    let r = resolve(schema, answers, org);
                    if !c.eval(&r.env(schema, org)) {
                        continue;
                    }
                }
                let id = field.id.as_str();
                match &field.kind {
                    FieldKind::BudgetTable { project, .. } => {
                        let (b, errs) = BudgetAnswer::parse_inputs(id, raw, *project);
                        errors.extend(errs);
                        if b.lines.is_empty() && b.details.is_empty() {
                            answers.remove(id);
                        } else {
                            answers.insert(field.id.clone(), Value::Budget(b));
                        }
                    }
                    FieldKind::Group { fields, .. } => {
                        let items = apply_group(
                            schema,
                            answers,
                            &field.id,
                            fields,
                            raw,
                            org,
                            opts,
                            &mut errors,
                        );
                        if items.is_empty() {
                            answers.remove(id);
                        } else {
                            answers.insert(field.id.clone(), Value::Group(items));
                        }
                    }
                    kind => {
                        let values = raw.get(id).map_or(&[][..], |v| v.as_slice());
                        apply_one(kind, values, answers, &field.id, id, opts, &mut errors);
                    }
                }
            }
        }
    }
    errors
}

fn apply_one(
    kind: &FieldKind,
    values: &[String],
    answers: &mut Answers,
    key: &FieldId,
    path: &str,
    opts: &ValidateOptions<'_>,
    errors: &mut Vec<FieldError>,
) {
    match parse_input(kind, values) {
        Ok(Some(v)) => {
            if let Err(e) = check_value(kind, &v, opts) {
                errors.push(FieldError::new(path, &e));
            }
            answers.insert(key.clone(), v);
        }
        Ok(None) => {
            answers.remove(key.as_str());
        }
        Err(e) => {
            errors.push(FieldError::new(path, &e));
            answers.remove(key.as_str());
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn apply_group(
    schema: &FormSchema,
    answers: &Answers,
    group: &FieldId,
    members: &[super::schema::Field],
    raw: &RawInput,
    org: &OrgFacts,
    opts: &ValidateOptions<'_>,
    errors: &mut Vec<FieldError>,
) -> Vec<Answers> {
    // Inputs by item number: "team.3.name" → 3 → "name" → values.
    let prefix = format!("{group}.");
    let mut by_item: BTreeMap<usize, BTreeMap<&str, &Vec<String>>> = BTreeMap::new();
    for (name, values) in raw {
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        let Some((n, member)) = rest.split_once('.') else {
            continue;
        };
        let Ok(n) = n.parse::<usize>() else {
            continue;
        };
        if members.iter().any(|m| m.id.as_str() == member) {
            by_item.entry(n).or_default().insert(member, values);
        }
    }
    let old: &[Answers] = match answers.get(group.as_str()) {
        Some(Value::Group(items)) => items,
        _ => &[],
    };
    let resolved = resolve(schema, answers, org);
    let outer = resolved.env(schema, org);
    let mut items = vec![];
    for (k, (n, inputs)) in by_item.into_iter().take(MAX_GROUP_ITEMS).enumerate() {
        let previous = old.get(n);
        let mut item = Answers::new();
        for member in members {
            let path = format!("{group}.{k}.{}", member.id);
            let keep = |item: &mut Answers| {
                if let Some(v) = previous.and_then(|p| p.get(member.id.as_str())) {
                    item.insert(member.id.clone(), v.clone());
                }
            };
            if !member.kind.is_input() {
                continue;
            }
            if let Some(c) = &member.condition {
                let env = ItemEnv {
                    outer: &outer,
                    group,
                    item: &item,
                };
                if !c.eval(&env) {
                    keep(&mut item);
                    continue;
                }
            }
            if matches!(member.kind, FieldKind::Attachment { .. }) {
                keep(&mut item);
                continue;
            }
            let values = inputs
                .get(member.id.as_str())
                .map_or(&[][..], |v| v.as_slice());
            apply_one(
                &member.kind,
                values,
                &mut item,
                &member.id,
                &path,
                opts,
                errors,
            );
        }
        items.push(item);
    }
    items
}
