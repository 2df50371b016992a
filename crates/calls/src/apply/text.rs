//! Values written for people, in their language: amounts, times in the call's zone, sizes,
//! communes, answers, and the messages of answer errors.

use super::{Arg, Lang};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use essor_domain::forms::input::{format_decimal, format_integer, format_percent, format_phone};
use essor_domain::forms::{ArgValue, ComputedDisplay, Field, FieldError, FieldKind, Value};
use essor_domain::money::Cents;
use essor_platform::i18n::Locale;
use std::collections::HashMap;
use std::sync::OnceLock;

pub(crate) fn cents(c: Cents, lang: &Lang) -> String {
    match lang.locale {
        Locale::Fr => c.format_fr(),
        Locale::En => c.format_en(),
    }
}

/// "28/11/2026 17:00" (fr) or "2026-11-28 17:00" (en), in `tz`.
pub(crate) fn datetime(at: DateTime<Utc>, tz: Tz, lang: &Lang) -> String {
    let local = at.with_timezone(&tz);
    match lang.locale {
        Locale::Fr => local.format("%d/%m/%Y %H:%M").to_string(),
        Locale::En => local.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// To the second, for the submission instant on a receipt.
pub(crate) fn datetime_secs(at: DateTime<Utc>, tz: Tz, lang: &Lang) -> String {
    let local = at.with_timezone(&tz);
    match lang.locale {
        Locale::Fr => local.format("%d/%m/%Y %H:%M:%S").to_string(),
        Locale::En => local.format("%Y-%m-%d %H:%M:%S").to_string(),
    }
}

/// "14:32", in `tz`.
pub(crate) fn time(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%H:%M").to_string()
}

pub(crate) fn date(d: NaiveDate, lang: &Lang) -> String {
    match lang.locale {
        Locale::Fr => d.format("%d/%m/%Y").to_string(),
        Locale::En => d.format("%Y-%m-%d").to_string(),
    }
}

/// "120 Ko", "2,4 Mo".
pub(crate) fn bytes(n: u64, lang: &Lang) -> String {
    let n = n as f64;
    if n < 1024.0 * 1024.0 {
        let kb = (n / 1024.0).ceil() as i64;
        lang.ta("apply-size-kb", &[("n", Arg::N(kb))])
    } else {
        let mb = format!("{:.1}", n / (1024.0 * 1024.0));
        let mb = match lang.locale {
            Locale::Fr => mb.replace('.', ","),
            Locale::En => mb,
        };
        lang.ta("apply-size-mb", &[("n", Arg::S(mb))])
    }
}

/// The time left before `end`: "2 jours et 3 heures", "45 minutes"; empty when past.
pub(crate) fn time_left(now: DateTime<Utc>, end: DateTime<Utc>, lang: &Lang) -> String {
    let left = end - now;
    if left <= chrono::Duration::zero() {
        return String::new();
    }
    let days = left.num_days();
    let hours = left.num_hours() % 24;
    let minutes = left.num_minutes() % 60;
    if days > 0 {
        lang.ta(
            "apply-time-left-days",
            &[("days", Arg::N(days)), ("hours", Arg::N(hours))],
        )
    } else if hours > 0 {
        lang.ta(
            "apply-time-left-hours",
            &[("hours", Arg::N(hours)), ("minutes", Arg::N(minutes))],
        )
    } else {
        // Under a minute still reads "1 min": the call is open.
        lang.ta(
            "apply-time-left-minutes",
            &[("minutes", Arg::N(minutes.max(1)))],
        )
    }
}

/// The commune's name with its code, "Nanterre (92050)", or the code alone when unknown.
pub(crate) fn commune(code: &str) -> String {
    static NAMES: OnceLock<HashMap<String, String>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        essor_platform::territory::all_communes()
            .map(|c| (c.code, c.name))
            .collect()
    });
    match names.get(code) {
        Some(name) => format!("{name} ({code})"),
        None => code.to_owned(),
    }
}

fn arg(lang: &Lang, v: &ArgValue) -> Arg {
    match v {
        ArgValue::Integer(n) => Arg::N(*n),
        ArgValue::Decimal(x) => Arg::S(format_decimal(*x, 2, lang.code())),
        ArgValue::Cents(c) => Arg::S(cents(*c, lang)),
        ArgValue::Percent(p) => Arg::S(format_percent(*p, lang.code())),
        ArgValue::Date(d) => Arg::S(date(*d, lang)),
        ArgValue::Bytes(b) => Arg::S(bytes(*b, lang)),
        ArgValue::Text(s) => Arg::S(s.clone()),
    }
}

/// The message of an answer error, with its arguments formatted for the reader.
pub(crate) fn error_text(lang: &Lang, e: &FieldError) -> String {
    let args: Vec<(&str, Arg)> = e.args.iter().map(|(k, v)| (*k, arg(lang, v))).collect();
    lang.ta(e.code, &args)
}

/// An answer as people read it: amounts and numbers in their format, options by their label,
/// communes by name, yes / no in words, a file by its name and size.
pub(crate) fn value_text(field: &Field, value: &Value, lang: &Lang) -> String {
    let code = lang.code();
    match (&field.kind, value) {
        (FieldKind::Phone, Value::Text(s)) => format_phone(s),
        (FieldKind::Commune { .. }, Value::Text(s)) => commune(s),
        (FieldKind::Commune { .. }, Value::Choices(list)) => list
            .iter()
            .map(|c| commune(c))
            .collect::<Vec<_>>()
            .join(", "),
        (kind, Value::Choice(id)) => option_label(kind, id, code),
        (kind, Value::Choices(ids)) => ids
            .iter()
            .map(|id| option_label(kind, id, code))
            .collect::<Vec<_>>()
            .join(", "),
        (_, Value::Text(s)) => s.clone(),
        (_, Value::Integer(n)) => format_integer(*n, code),
        (FieldKind::Decimal { decimals, .. }, Value::Decimal(x)) => {
            format_decimal(*x, *decimals, code)
        }
        (FieldKind::Computed { display, .. }, Value::Decimal(x)) => {
            let decimals = if *display == ComputedDisplay::Integer {
                0
            } else {
                2
            };
            format_decimal(*x, decimals, code)
        }
        (_, Value::Decimal(x)) => format_decimal(*x, 2, code),
        (_, Value::Cents(c)) => cents(*c, lang),
        (_, Value::Percent(p)) => format_percent(*p, code),
        (_, Value::Date(d)) => date(*d, lang),
        (_, Value::Bool(b)) => lang.t(if *b { "apply-yes" } else { "apply-no" }),
        (_, Value::File(f)) => format!("{} ({})", f.name, bytes(f.size, lang)),
        (_, Value::Group(items)) => lang.ta("apply-items", &[("n", Arg::N(items.len() as i64))]),
        (_, Value::Budget(_)) => String::new(),
    }
}

fn option_label(kind: &FieldKind, id: &str, lang: &str) -> String {
    kind.options()
        .iter()
        .find(|o| o.id == id)
        .map(|o| o.label.get(lang).to_owned())
        .unwrap_or_else(|| id.to_owned())
}

/// A time zone as people say it: "Europe/Paris" → "Paris", "America/Cayenne" → "Cayenne".
pub(crate) fn zone(tz: &str) -> String {
    tz.rsplit('/').next().unwrap_or(tz).replace('_', " ")
}
