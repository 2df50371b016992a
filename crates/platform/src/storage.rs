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
}

/// The kinds of file Essor accepts, recognised by their content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
    /// ODF and OOXML documents are ZIP files.
    OfficeZip,
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

fn check_type(head: &[u8], accept: &[FileType]) -> Result<FileType, UploadError> {
    match FileType::sniff(head) {
        Some(t) if accept.contains(&t) => Ok(t),
        _ => Err(UploadError::BadType),
    }
}

impl Storage {
    pub fn local(dir: &std::path::Path) -> anyhow::Result<Storage> {
        std::fs::create_dir_all(dir)?;
        Ok(Storage {
            store: Arc::new(LocalFileSystem::new_with_prefix(dir)?),
        })
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
                if head.len() >= 8 {
                    file_type = Some(check_type(&head, accept)?);
                    writer.write(&head);
                }
            }
            if file_type.is_none() && !head.is_empty() {
                file_type = Some(check_type(&head, accept)?);
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
        // Only the successful upload left a file behind.
        let files: Vec<_> = std::fs::read_dir(dir.join("t")).unwrap().collect();
        assert_eq!(files.len(), 1);
        std::fs::remove_dir_all(dir).ok();
    }
}
