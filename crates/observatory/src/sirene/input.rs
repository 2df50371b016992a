//! Opening a stock file whatever its packaging: plain CSV, gzip or ZIP, recognised by its first
//! bytes (never by its name), with a counter of the bytes read from disk for progress.

use anyhow::{bail, Context};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Packaging {
    Plain,
    Gzip,
    Zip,
}

impl Packaging {
    pub fn sniff(head: &[u8]) -> Packaging {
        if head.starts_with(&[0x1f, 0x8b]) {
            Packaging::Gzip
        } else if head.starts_with(b"PK\x03\x04") {
            Packaging::Zip
        } else {
            Packaging::Plain
        }
    }
}

/// Counts the bytes read from the file (compressed bytes for gzip and ZIP), which is what a
/// progress bar over the file's size needs.
pub struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R> Counting<R> {
    pub fn new(inner: R, count: Arc<AtomicU64>) -> Self {
        Counting { inner, count }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// Large buffers: the decoders and the CSV reader work on big slices, far fewer system calls.
const BUF: usize = 1 << 20;

/// Opens `path`, recognises its packaging and runs `f` on a reader of the CSV bytes. A ZIP is
/// read from its first `.csv` entry (INSEE's archives hold exactly one).
pub fn with_csv<T>(
    path: &Path,
    count: Arc<AtomicU64>,
    f: impl FnOnce(&mut dyn Read) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let mut file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut head = [0u8; 4];
    let n = read_up_to(&mut file, &mut head)?;
    file.seek(SeekFrom::Start(0))?;
    let counted = Counting::new(file, count);
    match Packaging::sniff(&head[..n]) {
        Packaging::Plain => f(&mut BufReader::with_capacity(BUF, counted)),
        Packaging::Gzip => {
            let gz = flate2::read::MultiGzDecoder::new(BufReader::with_capacity(BUF, counted));
            f(&mut BufReader::with_capacity(BUF, gz))
        }
        Packaging::Zip => {
            let mut archive = zip::ZipArchive::new(BufReader::with_capacity(BUF, counted))
                .with_context(|| format!("reading the ZIP archive {}", path.display()))?;
            let index = (0..archive.len())
                .find(|&i| {
                    archive
                        .name_for_index(i)
                        .is_some_and(|n| n.to_ascii_lowercase().ends_with(".csv"))
                })
                .or((!archive.is_empty()).then_some(0));
            let Some(index) = index else {
                bail!("the ZIP archive {} is empty", path.display());
            };
            let mut entry = archive.by_index(index)?;
            f(&mut BufReader::with_capacity(BUF, &mut entry))
        }
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}
