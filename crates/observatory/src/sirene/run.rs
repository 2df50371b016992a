//! One import from start to end: the two passes run on blocking threads (they are CPU and disk
//! work), kept establishments travel in batches through a small bounded channel (so memory
//! stays bounded whatever the file's size) to the async side, which writes them.

use super::input::with_csv;
use super::parse::{self, Malformed, Report};
use super::store::{self, Counts, Directory};
use essor_platform::db::Db;
use essor_platform::territory::Territory;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;

/// Establishments per batch (one transaction each).
const BATCH: usize = 1_000;

/// Shared progress: bytes read from both files, and the phase (0 units, 1 establishments,
/// 2 writing the end, 3 finished). Read by the terminal bar and the staff page's updater.
#[derive(Clone, Default)]
pub struct Progress {
    pub bytes: Arc<AtomicU64>,
    pub phase: Arc<AtomicU8>,
    pub total: Arc<AtomicU64>,
}

impl Progress {
    pub fn phase_name(&self) -> &'static str {
        match self.phase.load(Ordering::Relaxed) {
            0 => "units",
            1 => "establishments",
            2 => "closing",
            _ => "done",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub counts: Counts,
    pub examples: Vec<Malformed>,
}

pub struct Files {
    pub units: PathBuf,
    pub establishments: PathBuf,
}

fn size(p: &Path) -> anyhow::Result<u64> {
    use anyhow::Context;
    Ok(std::fs::metadata(p)
        .with_context(|| format!("reading {}", p.display()))?
        .len())
}

/// Runs the import recorded as `import_id`, keeps its record up to date (progress every half
/// second, counts at the end, or the error).
pub async fn run(
    db: &Db,
    territory: &Territory,
    import_id: i64,
    files: &Files,
    progress: &Progress,
) -> anyhow::Result<Outcome> {
    let result = run_inner(db, territory, import_id, files, progress).await;
    if let Err(e) = &result {
        store::fail(db, import_id, &format!("{e:#}")).await?;
    }
    progress.phase.store(3, Ordering::Relaxed);
    result
}

async fn run_inner(
    db: &Db,
    territory: &Territory,
    import_id: i64,
    files: &Files,
    progress: &Progress,
) -> anyhow::Result<Outcome> {
    let total = size(&files.units)? + size(&files.establishments)?;
    progress.total.store(total, Ordering::Relaxed);
    store::start(db, import_id, total as i64).await?;

    // Progress written to the record while the passes run.
    let updater = {
        let (db, p) = (db.clone(), progress.clone());
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_millis(500));
            loop {
                tick.tick().await;
                let bytes = p.bytes.load(Ordering::Relaxed) as i64;
                let _ = store::progress(&db, import_id, p.phase_name(), bytes).await;
            }
        })
    };
    let result = passes(db, territory, import_id, files, progress).await;
    updater.abort();
    let (mut counts, report) = result?;
    counts.malformed = report.count as i64;
    store::finish(db, import_id, &counts, &report.examples, total as i64).await?;
    Ok(Outcome {
        counts,
        examples: report.examples,
    })
}

async fn passes(
    db: &Db,
    territory: &Territory,
    import_id: i64,
    files: &Files,
    progress: &Progress,
) -> anyhow::Result<(Counts, Report)> {
    let mut counts = Counts::default();
    progress.phase.store(0, Ordering::Relaxed);
    let (units, report) = {
        let path = files.units.clone();
        let bytes = progress.bytes.clone();
        tokio::task::spawn_blocking(move || {
            let mut report = Report::default();
            let units = with_csv(&path, bytes, |r| parse::read_units(r, &mut report))?;
            anyhow::Ok((units, report))
        })
        .await??
    };
    counts.units_read = units.read as i64;
    counts.units_kept = units.map.len() as i64;

    progress.phase.store(1, Ordering::Relaxed);
    let communes: HashSet<Vec<u8>> = territory
        .communes
        .iter()
        .map(|c| c.code.as_bytes().to_vec())
        .collect();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<parse::Establishment>>(4);
    let reader = {
        let path = files.establishments.clone();
        let bytes = progress.bytes.clone();
        tokio::task::spawn_blocking(move || {
            let mut report = report;
            let mut batch = Vec::with_capacity(BATCH);
            let read = with_csv(&path, bytes, |r| {
                parse::read_establishments(r, &units, &communes, &mut report, |e| {
                    batch.push(e);
                    if batch.len() >= BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        tx.blocking_send(full)
                            .map_err(|_| anyhow::anyhow!("the import's writer stopped"))?;
                    }
                    Ok(())
                })
            })?;
            if !batch.is_empty() {
                tx.blocking_send(batch)
                    .map_err(|_| anyhow::anyhow!("the import's writer stopped"))?;
            }
            anyhow::Ok((read, report))
        })
    };
    let mut directory = Directory::load(db).await?;
    let mut write_error = None;
    while let Some(batch) = rx.recv().await {
        if let Err(e) = directory.apply(db, import_id, batch, &mut counts).await {
            write_error = Some(e);
            break;
        }
    }
    drop(rx);
    let read = reader.await?;
    if let Some(e) = write_error {
        return Err(e);
    }
    let (lines, report) = read?;
    counts.lines_read = lines as i64;
    progress.phase.store(2, Ordering::Relaxed);
    directory.mark_absent(db, import_id, &mut counts).await?;
    Ok((counts, report))
}
