//! ZIP of a call's attachments: every current attachment (not replaced) of the chosen files,
//! named `{file number}/{field id}-{original name, cleaned}`.
//!
//! Attachments are copied chunk by chunk from storage into the archive, which a blocking thread
//! writes to a temporary file (the ZIP format needs to seek back to each entry's header); no
//! attachment is ever held whole in memory. An attachment missing from storage does not stop
//! the export: it is listed in a last entry, `_missing.txt`.

use super::columns::{current_attachments, AttachmentRow};
use super::BATCH;
use crate::model::Files;
use bytes::Bytes;
use chrono::{Datelike, Timelike};
use chrono_tz::Tz;
use essor_domain::lifecycle::FileState;
use essor_platform::i18n::Tr;
use essor_platform::storage::sanitise_file_name;
use essor_platform::AppState;
use futures::channel::mpsc::Sender;
use futures::{SinkExt, StreamExt};
use sea_query::{Expr, Order, Query};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// What the async side sends to the archive writer.
pub enum Msg {
    Entry {
        name: String,
        size: u64,
        modified: Option<chrono::NaiveDateTime>,
    },
    Chunk(Bytes),
}

/// Writes the entries received until the channel closes; returns how many there were.
pub fn write(path: &Path, msgs: impl Iterator<Item = Msg>) -> anyhow::Result<u64> {
    let file = std::fs::File::create(path)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::with_capacity(1 << 16, file));
    let mut entries = 0u64;
    for msg in msgs {
        match msg {
            Msg::Entry {
                name,
                size,
                modified,
            } => {
                let mut opts = SimpleFileOptions::default()
                    .compression_method(CompressionMethod::Deflated)
                    .large_file(size >= u64::from(u32::MAX));
                if let Some(t) = modified.and_then(zip_time) {
                    opts = opts.last_modified_time(t);
                }
                zip.start_file(name, opts)?;
                entries += 1;
            }
            Msg::Chunk(bytes) => zip.write_all(&bytes)?,
        }
    }
    zip.finish()?.flush()?;
    Ok(entries)
}

fn zip_time(t: chrono::NaiveDateTime) -> Option<zip::DateTime> {
    zip::DateTime::from_date_and_time(
        u16::try_from(t.year()).ok()?,
        u8::try_from(t.month()).ok()?,
        u8::try_from(t.day()).ok()?,
        u8::try_from(t.hour()).ok()?,
        u8::try_from(t.minute()).ok()?,
        u8::try_from(t.second()).ok()?,
    )
    .ok()
}

/// A name part for the archive: the shared file-name cleaning (last path component, no
/// control or reserved characters, no leading dot, 120 characters at most), never empty.
fn part(raw: &str) -> String {
    let clean = sanitise_file_name(raw);
    if clean.is_empty() {
        "file".to_owned()
    } else {
        clean
    }
}

/// `{number}/{field}-{name}`, made unique within the file's folder (`-2`, `-3`… before the
/// extension).
fn entry_name(number: &str, a: &AttachmentRow, taken: &mut HashSet<String>) -> String {
    let base = format!("{}-{}", part(&a.field_id), part(&a.original_name));
    let mut name = base.clone();
    let mut n = 1;
    while !taken.insert(name.clone()) {
        n += 1;
        name = match base.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}-{n}.{ext}"),
            None => format!("{base}-{n}"),
        };
    }
    format!("{}/{name}", part(number))
}

/// Sends every current attachment of the call's files in `states` (drafts never), file by file
/// in id order. Returns the number of attachments missing from storage.
pub async fn produce(
    state: &AppState,
    call_id: i64,
    states: &[FileState],
    tr: &Tr,
    tz: Tz,
    mut out: Sender<Msg>,
) -> anyhow::Result<usize> {
    let db = state.db();
    let states: Vec<&str> = states
        .iter()
        .filter(|s| **s != FileState::Draft)
        .map(|s| s.as_str())
        .collect();
    let mut missing: Vec<String> = vec![];
    let mut after = 0i64;
    let closed = || anyhow::anyhow!("the archive writer stopped");
    loop {
        let files: Vec<(i64, String)> = db
            .fetch_all(
                Query::select()
                    .columns([Files::Id, Files::Number])
                    .from(Files::Table)
                    .and_where(Expr::col(Files::CallId).eq(call_id))
                    .and_where(Expr::col(Files::State).is_in(states.iter().copied()))
                    .and_where(Expr::col(Files::Id).gt(after))
                    .order_by(Files::Id, Order::Asc)
                    .limit(BATCH),
            )
            .await?;
        let Some((last, _)) = files.last() else { break };
        after = *last;
        let numbers: HashMap<i64, &str> = files.iter().map(|(id, n)| (*id, n.as_str())).collect();
        let ids: Vec<i64> = files.iter().map(|(id, _)| *id).collect();
        let mut taken: HashMap<i64, HashSet<String>> = HashMap::new();
        for a in current_attachments(db, &ids).await? {
            let number = numbers.get(&a.file_id).copied().unwrap_or("file");
            let name = entry_name(number, &a, taken.entry(a.file_id).or_default());
            let stream = match state.storage().get_stream(&a.storage_key).await {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!(attachment = a.id, error = %format!("{e:#}"), "attachment missing from storage");
                    missing.push(name);
                    continue;
                }
            };
            out.send(Msg::Entry {
                name,
                size: u64::try_from(a.size_bytes).unwrap_or(0),
                modified: Some(a.uploaded_at.with_timezone(&tz).naive_local()),
            })
            .await
            .map_err(|_| closed())?;
            let mut stream = Box::pin(stream);
            while let Some(chunk) = stream.next().await {
                out.send(Msg::Chunk(chunk?)).await.map_err(|_| closed())?;
            }
        }
    }
    if !missing.is_empty() {
        let mut text = tr.t("exports-zip-missing-intro");
        text.push_str("\r\n\r\n");
        for m in &missing {
            text.push_str(m);
            text.push_str("\r\n");
        }
        out.send(Msg::Entry {
            name: "_missing.txt".to_owned(),
            size: text.len() as u64,
            modified: None,
        })
        .await
        .map_err(|_| closed())?;
        out.send(Msg::Chunk(Bytes::from(text)))
            .await
            .map_err(|_| closed())?;
    }
    Ok(missing.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_never_leave_their_folder() {
        assert_eq!(part("Statuts signés.pdf"), "Statuts signés.pdf");
        assert_eq!(part("../../etc/passwd"), "passwd");
        assert_eq!(part("C:\\a\\b.pdf"), "b.pdf");
        assert_eq!(part(".."), "file");
        assert_eq!(part(""), "file");
    }

    #[test]
    fn names_are_unique_within_a_file() {
        let a = AttachmentRow {
            id: 1,
            file_id: 1,
            field_id: "budget_doc".into(),
            storage_key: "k".into(),
            original_name: "budget.pdf".into(),
            size_bytes: 1,
            uploaded_at: chrono::Utc::now(),
        };
        let mut taken = HashSet::new();
        assert_eq!(
            entry_name("P-2026-00001", &a, &mut taken),
            "P-2026-00001/budget_doc-budget.pdf"
        );
        assert_eq!(
            entry_name("P-2026-00001", &a, &mut taken),
            "P-2026-00001/budget_doc-budget-2.pdf"
        );
    }
}
