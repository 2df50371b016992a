//! Opening a stock file whatever its packaging: plain CSV, gzip or ZIP, recognised by its first
//! bytes (never by its name), with a counter of the bytes read from disk for progress.

use anyhow::{bail, Context};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
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
///
/// Compressed files are decompressed on a thread of their own, ahead of the parser, through a
/// bounded queue of 1 MiB blocks ([`Pumped`]): decompression and parsing overlap, and memory stays
/// bounded.
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
        Packaging::Gzip => f(&mut Pumped::spawn(move |tx, spent| {
            let mut gz = flate2::read::MultiGzDecoder::new(BufReader::with_capacity(BUF, counted));
            pump(&mut gz, &tx, &spent);
        })),
        Packaging::Zip => {
            let shown = path.display().to_string();
            f(&mut Pumped::spawn(move |tx, spent| {
                let opened = (|| -> anyhow::Result<()> {
                    let mut archive = zip::ZipArchive::new(BufReader::with_capacity(BUF, counted))
                        .with_context(|| format!("reading the ZIP archive {shown}"))?;
                    let index = (0..archive.len())
                        .find(|&i| {
                            archive
                                .name_for_index(i)
                                .is_some_and(|n| n.to_ascii_lowercase().ends_with(".csv"))
                        })
                        .or((!archive.is_empty()).then_some(0));
                    let Some(index) = index else {
                        bail!("the ZIP archive {shown} is empty");
                    };
                    let mut entry = archive.by_index(index)?;
                    pump(&mut entry, &tx, &spent);
                    Ok(())
                })();
                if let Err(e) = opened {
                    let _ = tx.send(Err(std::io::Error::other(format!("{e:#}"))));
                }
            }))
        }
    }
}

type Block = std::io::Result<Vec<u8>>;

/// Reads `r` to its end in 1 MiB blocks into the queue; an empty block marks the end. Blocks
/// the reader has emptied come back through `spent` and are filled again: no allocation, no
/// page faults on fresh memory for every block.
fn pump(r: &mut dyn Read, tx: &SyncSender<Block>, spent: &Receiver<Vec<u8>>) {
    loop {
        let mut buf = spent.try_recv().unwrap_or_default();
        buf.resize(BUF, 0);
        match read_up_to(r, &mut buf) {
            Ok(0) => {
                let _ = tx.send(Ok(Vec::new()));
                return;
            }
            Ok(n) => {
                buf.truncate(n);
                // The reader is gone (the parser stopped): stop too.
                if tx.send(Ok(buf)).is_err() {
                    return;
                }
            }
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        }
    }
}

/// The reading end of a producer thread's queue of blocks.
pub struct Pumped {
    rx: Receiver<Block>,
    spent: Sender<Vec<u8>>,
    block: Vec<u8>,
    pos: usize,
    done: bool,
}

impl Pumped {
    /// At most 4 blocks wait in the queue: the producer runs ahead by 4 MiB, no more.
    fn spawn(
        produce: impl FnOnce(SyncSender<Block>, Receiver<Vec<u8>>) + Send + 'static,
    ) -> Pumped {
        let (tx, rx) = sync_channel(4);
        let (spent, spent_rx) = channel();
        std::thread::spawn(move || produce(tx, spent_rx));
        Pumped {
            rx,
            spent,
            block: Vec::new(),
            pos: 0,
            done: false,
        }
    }
}

impl Read for Pumped {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.pos < self.block.len() {
                let n = buf.len().min(self.block.len() - self.pos);
                buf[..n].copy_from_slice(&self.block[self.pos..self.pos + n]);
                self.pos += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            match self.rx.recv() {
                Ok(Ok(block)) => {
                    self.done = block.is_empty();
                    let old = std::mem::replace(&mut self.block, block);
                    if old.capacity() > 0 {
                        // The producer may be gone; then the block is simply dropped.
                        let _ = self.spent.send(old);
                    }
                    self.pos = 0;
                }
                Ok(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                Err(_) => {
                    self.done = true;
                    return Err(std::io::Error::other("the decompressing thread stopped"));
                }
            }
        }
    }
}

fn read_up_to(r: &mut (impl Read + ?Sized), buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}
