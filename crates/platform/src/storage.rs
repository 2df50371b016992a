//! Stored files, through `object_store` (a local folder by default).
//!
//! Uploads are streamed: never buffered whole, counted as they come, refused past the limit, and
//! checked by their first bytes rather than trusted by name. The stored key is generated, never
//! taken from the user. A failed upload leaves nothing behind and changes no record.

use bytes::Bytes;
use futures::{Stream, StreamExt};
use object_store::local::LocalFileSystem;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, WriteMultipart};
use sha2::{Digest, Sha256};
use std::sync::Arc;

#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// The folder of a local store, for readers that need a file path.
    root: Option<std::path::PathBuf>,
}

/// The kinds of file Essor accepts, recognised by their content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
    /// ODF and OOXML documents are ZIP files.
    OfficeZip,
    /// Data files (the SIRENE stock files): accepted only where a caller lists them.
    /// Text whose first line looks like a CSV header (see [`looks_like_csv_header`]).
    Csv,
    Gzip,
    /// Any ZIP archive (the same first bytes as [`FileType::OfficeZip`]).
    Zip,
}

/// How many first bytes may be held to find a CSV header's line end.
const CSV_HEAD_MAX: usize = 64 * 1024;

/// A first line of at least two comma-separated names (letters, digits, `_`, `-`, `.`, spaces,
/// optionally quoted), after an optional byte-order mark, in valid UTF-8 without NUL bytes.
/// `complete` says that `head` is the whole file (its last line needs no line end).
pub fn looks_like_csv_header(head: &[u8], complete: bool) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let line = match head.iter().position(|&b| b == b'\n') {
        Some(i) => &head[..i],
        None if complete => head,
        None => return false,
    };
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let Ok(line) = std::str::from_utf8(line) else {
        return false;
    };
    let names: Vec<&str> = line.split(',').collect();
    names.len() >= 2
        && names.iter().all(|n| {
            let n = n.trim();
            let n = n
                .strip_prefix('"')
                .and_then(|n| n.strip_suffix('"'))
                .unwrap_or(n);
            !n.is_empty()
                && n.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
        })
}

impl FileType {
    pub fn sniff(head: &[u8]) -> Option<FileType> {
        if head.starts_with(b"%PDF-") {
            Some(FileType::Pdf)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileType::Png)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpeg)
        } else if head.starts_with(b"PK\x03\x04") {
            Some(FileType::OfficeZip)
        } else {
            None
        }
    }

    pub fn content_type(self, original_name: &str) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Csv => "text/csv",
            FileType::Gzip => "application/gzip",
            FileType::Zip => "application/zip",
            FileType::Png => "image/png",
            FileType::Jpeg => "image/jpeg",
            FileType::OfficeZip => {
                let lower = original_name.to_ascii_lowercase();
                if lower.ends_with(".odt") {
                    "application/vnd.oasis.opendocument.text"
                } else if lower.ends_with(".ods") {
                    "application/vnd.oasis.opendocument.spreadsheet"
                } else if lower.ends_with(".xlsx") {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                } else {
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                }
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("file too large")]
    TooLarge,
    #[error("empty file")]
    Empty,
    #[error("file type not accepted")]
    BadType,
    #[error("upload interrupted: {0}")]
    Interrupted(String),
    #[error(transparent)]
    Store(#[from] object_store::Error),
}

impl UploadError {
    /// The Fluent id of the message shown to the user.
    pub fn message_id(&self) -> &'static str {
        match self {
            UploadError::TooLarge => "upload-too-large",
            UploadError::Empty => "upload-empty",
            UploadError::BadType => "upload-bad-type",
            UploadError::Interrupted(_) | UploadError::Store(_) => "upload-failed",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Stored {
    pub key: String,
    pub size: u64,
    pub sha256: String,
    pub file_type: FileType,
}

/// The first accepted kind `head` can be. The data kinds are only ever candidates when the
/// caller accepts them, so callers that list none of them see the same answers as before.
fn check_type(head: &[u8], complete: bool, accept: &[FileType]) -> Result<FileType, UploadError> {
    let mut candidates: Vec<FileType> = FileType::sniff(head).into_iter().collect();
    if head.starts_with(&[0x1f, 0x8b]) {
        candidates.push(FileType::Gzip);
    } else if head.starts_with(b"PK\x03\x04") {
        candidates.push(FileType::Zip);
    } else if accept.contains(&FileType::Csv) && looks_like_csv_header(head, complete) {
        candidates.push(FileType::Csv);
    }
    candidates
        .into_iter()
        .find(|t| accept.contains(t))
        .ok_or(UploadError::BadType)
}

/// Whether `head` holds enough bytes to tell its kind among `accept`: 8 bytes for the magic
/// numbers; for a CSV header, its whole first line (up to [`CSV_HEAD_MAX`]).
fn head_is_enough(head: &[u8], accept: &[FileType]) -> bool {
    if head.len() < 8 {
        return false;
    }
    !accept.contains(&FileType::Csv)
        || FileType::sniff(head).is_some()
        || head.starts_with(&[0x1f, 0x8b])
        || head.contains(&b'\n')
        || head.len() >= CSV_HEAD_MAX
}

impl Storage {
    pub fn local(dir: &std::path::Path) -> anyhow::Result<Storage> {
        std::fs::create_dir_all(dir)?;
        Ok(Storage {
            store: Arc::new(LocalFileSystem::new_with_prefix(dir)?),
            root: Some(dir.to_path_buf()),
        })
    }

    /// Where a stored object is on disk, for a local store.
    pub fn local_path(&self, key: &str) -> Option<std::path::PathBuf> {
        let root = self.root.as_ref()?;
        // Keys are generated (`prefix/uuid`); refuse anything that could leave the folder.
        let safe = key
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != ".." && !s.contains('\\'));
        safe.then(|| key.split('/').fold(root.clone(), |p, s| p.join(s)))
    }

    /// Streams `body` to a new object under `prefix`, enforcing `max_bytes` and the accepted types.
    pub async fn put_stream<S, E>(
        &self,
        prefix: &str,
        body: S,
        max_bytes: u64,
        accept: &[FileType],
    ) -> Result<Stored, UploadError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let key = format!("{prefix}/{}", uuid::Uuid::new_v4());
        let path = StorePath::from(key.as_str());
        let upload = self.store.put_multipart(&path).await?;
        let mut writer = WriteMultipart::new(upload);
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut file_type = None;
        // The first bytes are held until there are enough to recognise the type.
        let mut head: Vec<u8> = Vec::new();
        let mut body = body;
        let result: Result<(), UploadError> = async {
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(|e| UploadError::Interrupted(e.to_string()))?;
                size += chunk.len() as u64;
                if size > max_bytes {
                    return Err(UploadError::TooLarge);
                }
                hasher.update(&chunk);
                if file_type.is_some() {
                    writer.write(&chunk);
                    continue;
                }
                head.extend_from_slice(&chunk);
                if head_is_enough(&head, accept) {
                    file_type = Some(check_type(&head, false, accept)?);
                    writer.write(&head);
                }
            }
            if file_type.is_none() && !head.is_empty() {
                file_type = Some(check_type(&head, true, accept)?);
                writer.write(&head);
            }
            Ok(())
        }
        .await;
        match (result, file_type) {
            (Ok(()), Some(file_type)) => {
                writer.finish().await?;
                Ok(Stored {
                    key,
                    size,
                    sha256: hex::encode(hasher.finalize()),
                    file_type,
                })
            }
            (Ok(()), None) => {
                let _ = writer.abort().await;
                Err(UploadError::Empty)
            }
            (Err(e), _) => {
                let _ = writer.abort().await;
                Err(e)
            }
        }
    }

    /// [`Storage::put_stream`] for content already in memory (demo data, generated files).
    pub async fn put_bytes(
        &self,
        prefix: &str,
        bytes: impl Into<Bytes>,
        max_bytes: u64,
        accept: &[FileType],
    ) -> Result<Stored, UploadError> {
        let body = futures::stream::iter([Ok::<_, std::convert::Infallible>(bytes.into())]);
        self.put_stream(prefix, body, max_bytes, accept).await
    }

    pub async fn get(&self, key: &str) -> anyhow::Result<Bytes> {
        Ok(self.store.get(&StorePath::from(key)).await?.bytes().await?)
    }

    /// A stream of the object's bytes, for downloads that should not be buffered.
    pub async fn get_stream(
        &self,
        key: &str,
    ) -> anyhow::Result<impl Stream<Item = Result<Bytes, object_store::Error>>> {
        Ok(self.store.get(&StorePath::from(key)).await?.into_stream())
    }

    pub async fn delete(&self, key: &str) -> anyhow::Result<()> {
        self.store.delete(&StorePath::from(key)).await?;
        Ok(())
    }
}

/// Longest file name kept for display (the extension is kept when shortening).
pub const MAX_FILE_NAME: usize = 120;

/// The last component of the name the browser sent, without control or reserved characters,
/// at most [`MAX_FILE_NAME`] characters (keeping the extension). For display only: stored keys
/// never come from the user.
pub fn sanitise_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !"\"<>:*?|".contains(*c))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.chars().count() <= MAX_FILE_NAME {
        return cleaned.to_owned();
    }
    let ext = cleaned
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| e.chars().count() <= 10)
        .map(|e| format!(".{e}"))
        .unwrap_or_default();
    let stem: String = cleaned
        .chars()
        .take(MAX_FILE_NAME - ext.chars().count())
        .collect();
    format!("{stem}{ext}")
}

/// `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 5987).
/// Downloads are never inline, so an uploaded file cannot run in the site's origin.
pub fn content_disposition(name: &str) -> axum::http::HeaderValue {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    axum::http::HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| axum::http::HeaderValue::from_static("attachment"))
}

#[derive(Debug, thiserror::Error)]
#[error("request body too large")]
struct BodyTooLarge;

/// Caps a request body at `limit` bytes as it streams; `tripped` tells afterwards that the cap,
/// not the client, cut it short. (`DefaultBodyLimit` is fixed when routes are built, before the
/// configuration is known, so upload routes apply the configured limit with this.)
pub fn limit_body(
    req: axum::extract::Request,
    limit: u64,
    tripped: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> axum::extract::Request {
    let (parts, body) = req.into_parts();
    let mut seen = 0u64;
    let stream = body.into_data_stream().map(move |chunk| {
        let chunk = chunk?;
        seen += chunk.len() as u64;
        if seen > limit {
            tripped.store(true, std::sync::atomic::Ordering::Relaxed);
            return Err(axum::Error::new(BodyTooLarge));
        }
        Ok(chunk)
    });
    axum::extract::Request::from_parts(parts, axum::body::Body::from_stream(stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(parts: Vec<&'static [u8]>) -> impl Stream<Item = Result<Bytes, String>> + Unpin {
        futures::stream::iter(parts.into_iter().map(|p| Ok(Bytes::from_static(p))))
    }

    #[tokio::test]
    async fn streams_checks_type_and_size() {
        let dir = std::env::temp_dir().join(format!("essor-storage-{}", uuid::Uuid::new_v4()));
        let s = Storage::local(&dir).unwrap();
        let ok = s
            .put_stream(
                "t",
                chunks(vec![b"%P", b"DF-1.7 hello", b" world"]),
                100,
                &[FileType::Pdf],
            )
            .await
            .unwrap();
        assert_eq!(ok.size, 20);
        assert_eq!(&s.get(&ok.key).await.unwrap()[..], b"%PDF-1.7 hello world");

        let too_big = s
            .put_stream(
                "t",
                chunks(vec![b"%PDF-1.7 hello", b" world"]),
                10,
                &[FileType::Pdf],
            )
            .await;
        assert!(matches!(too_big, Err(UploadError::TooLarge)));
        let exe = s
            .put_stream(
                "t",
                chunks(vec![b"MZ\x90\x00binary"]),
                100,
                &[FileType::Pdf],
            )
            .await;
        assert!(matches!(exe, Err(UploadError::BadType)));
        let png_not_allowed = s
            .put_stream(
                "t",
                chunks(vec![b"\x89PNG\r\n\x1a\nxx"]),
                100,
                &[FileType::Pdf],
            )
            .await;
        assert!(matches!(png_not_allowed, Err(UploadError::BadType)));
        let empty = s
            .put_stream("t", chunks(vec![]), 100, &[FileType::Pdf])
            .await;
        assert!(matches!(empty, Err(UploadError::Empty)));
        // Data kinds only where they are listed: a ZIP is an office file or a ZIP as asked, a
        // gzip or a CSV nothing unless asked.
        let data = [FileType::Csv, FileType::Gzip, FileType::Zip];
        let zip = s
            .put_stream("t", chunks(vec![b"PK\x03\x04rest"]), 100, &data)
            .await
            .unwrap();
        assert_eq!(zip.file_type, FileType::Zip);
        s.delete(&zip.key).await.unwrap();
        let office = s
            .put_stream(
                "t",
                chunks(vec![b"PK\x03\x04rest"]),
                100,
                &[FileType::OfficeZip],
            )
            .await
            .unwrap();
        assert_eq!(office.file_type, FileType::OfficeZip);
        s.delete(&office.key).await.unwrap();
        for (body, accept) in [
            (
                &b"\x1f\x8b\x08\x00gzipped"[..],
                &[FileType::Pdf, FileType::OfficeZip][..],
            ),
            (
                b"siren,nic,siret\n1,2,3\n",
                &[FileType::Pdf, FileType::OfficeZip],
            ),
            (b"just some text\nsecond line\n", &data),
            (b"MZ\x90\x00binary", &data),
        ] {
            let r = s.put_stream("t", chunks(vec![body]), 100, accept).await;
            assert!(matches!(r, Err(UploadError::BadType)), "{body:?}");
        }
        // A header line cut across chunks and longer than 8 bytes is still recognised.
        let csv = s
            .put_stream(
                "t",
                chunks(vec![b"\xef\xbb\xbfsiren,statutDiff", b"usion\r\n1,O\n"]),
                100,
                &data,
            )
            .await
            .unwrap();
        assert_eq!(csv.file_type, FileType::Csv);
        let path = s.local_path(&csv.key).unwrap();
        assert!(std::fs::read(&path).unwrap().ends_with(b"1,O\n"));
        s.delete(&csv.key).await.unwrap();
        assert_eq!(s.local_path("t/../../etc"), None);
        // Only the successful upload left a file behind.
        let files: Vec<_> = std::fs::read_dir(dir.join("t")).unwrap().collect();
        assert_eq!(files.len(), 1);
        std::fs::remove_dir_all(dir).ok();
    }
}
