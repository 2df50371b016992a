//! CSV of a call's files, streamed while it is read.
//!
//! Made for French Excel, which most staff open it with: UTF-8 with a byte-order mark (without
//! it Excel reads the file as Windows-1252), `;` between values (Excel in French splits on the
//! list separator, which is `;` because `,` is the decimal separator), decimal commas, CRLF line
//! ends. Values are quoted as RFC 4180 says (a value holding the separator, `"`, CR or LF is
//! quoted, inner quotes doubled). Text typed by people that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return gets a leading `'`, so a spreadsheet shows it instead of running it as a
//! formula (CSV injection).

use super::columns::{self, Cell, Params, Spec};
use super::{keyset_body, staff_call, BATCH};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use essor_platform::audit::{self, Entry};
use essor_platform::storage::content_disposition;
use essor_platform::web::{AppResult, Ctx};
use serde_json::json;
use std::sync::Arc;

pub const BOM: &str = "\u{feff}";

/// Whether a spreadsheet could take this text for a formula.
fn looks_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Appends one value: defused when `typed_by_people`, then quoted if it must be.
pub fn push_value(out: &mut String, value: &str, sep: char, typed_by_people: bool) {
    let defuse = typed_by_people && looks_like_formula(value);
    let quote = value.contains([sep, '"', '\n', '\r']);
    if quote {
        out.push('"');
    }
    if defuse {
        out.push('\'');
    }
    if quote {
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// Appends one record (values separated by `sep`, CRLF at the end).
pub fn push_record<'a>(
    out: &mut String,
    values: impl IntoIterator<Item = (&'a str, bool)>,
    sep: char,
) {
    for (i, (v, typed)) in values.into_iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        push_value(out, v, sep, typed);
    }
    out.push_str("\r\n");
}

fn push_cells(out: &mut String, cells: &[Cell]) {
    let texts: Vec<(String, bool)> = cells.iter().map(|c| (c.text(), c.is_text())).collect();
    push_record(
        out,
        texts.iter().map(|(t, typed)| (t.as_str(), *typed)),
        ';',
    );
}

/// GET /staff/calls/{id}/export.csv?col=…&state=…
pub(super) async fn download(
    p: Ctx,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let query = query.unwrap_or_default();
    let params = Params::from_pairs(url::form_urlencoded::parse(query.as_bytes()));
    let db = p.state.db().clone();
    let schema = columns::current_schema(&db, &call).await?;
    let spec = Spec::new(
        schema,
        p.t.clone(),
        call.tz(),
        p.state.territory().clone(),
        &params.columns,
    );
    let states = params.states();
    // Personal data leaving the platform: who took which files is on record.
    let mut tx = db.begin().await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "export.csv",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({
                "columns": spec.len(),
                "states": states.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            }),
        },
    )
    .await?;
    tx.commit().await?;

    let mut head = String::from(BOM);
    let header = spec.header();
    push_record(&mut head, header.iter().map(|h| (h.as_str(), true)), ';');
    let spec = Arc::new(spec);
    let states = Arc::new(states);
    let call_id = call.id;
    let body = keyset_body(Bytes::from(head), move |after| {
        let (db, spec, states) = (db.clone(), spec.clone(), states.clone());
        async move {
            let rows = columns::fetch_page(&db, call_id, &states, after, BATCH).await?;
            let Some(last) = rows.last().map(|r| r.id) else {
                return Ok(None);
            };
            let mut out = String::with_capacity(rows.len() * 64 * spec.len().max(1));
            for row in &rows {
                push_cells(&mut out, &spec.cells(row));
            }
            Ok(Some((Bytes::from(out), last)))
        }
    });
    let name = format!(
        "{}-{}.csv",
        call.slug,
        chrono::Utc::now().format("%Y%m%d-%H%M")
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, content_disposition(&name)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(v: &str, typed: bool) -> String {
        let mut s = String::new();
        push_value(&mut s, v, ';', typed);
        s
    }

    #[test]
    fn values_are_quoted_as_rfc_4180_says() {
        assert_eq!(one("plain", true), "plain");
        assert_eq!(one("a;b", true), "\"a;b\"");
        assert_eq!(one("a,b", true), "a,b");
        assert_eq!(one("say \"hi\"", true), "\"say \"\"hi\"\"\"");
        assert_eq!(one("two\nlines", true), "\"two\nlines\"");
        assert_eq!(one("cr\rhere", true), "\"cr\rhere\"");
        assert_eq!(one("", true), "");
    }

    #[test]
    fn formulas_typed_by_people_are_defused() {
        assert_eq!(one("=1+1", true), "'=1+1");
        assert_eq!(one("+33 1 23", true), "'+33 1 23");
        assert_eq!(one("-x", true), "'-x");
        assert_eq!(one("@SUM(A1)", true), "'@SUM(A1)");
        assert_eq!(one("\tx", true), "'\tx");
        assert_eq!(
            one("=HYPERLINK(\"http://x\";\"y\")", true),
            "\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\""
        );
        // Numbers we write ourselves stay numbers.
        assert_eq!(one("-12,50", false), "-12,50");
        assert_eq!(one("a=b", true), "a=b");
    }

    #[test]
    fn records_end_with_crlf() {
        let mut s = String::new();
        push_record(&mut s, [("a", true), ("b;c", true)], ';');
        assert_eq!(s, "a;\"b;c\"\r\n");
    }
}
