//! Benchmark of the SIRENE import's two passes (not a test): synthetic stock files with INSEE's
//! real headers, plain, gzip and ZIP, at two sizes; throughput in MB/s beside a raw read of the same
//! bytes without parsing, in the same run, and peak heap memory of each pass (a counting global
//! allocator, reset between phases) and the process's VmHWM.
//!
//! `cargo bench -p essor-observatory --bench sirene_import` (SIRENE_BENCH_LINES=5000000 by
//! default for the large size; the small size is a fifth of it).

use essor_observatory::sirene::parse::{self, Report};
use essor_observatory::sirene::{input, sample};
use essor_platform::territory::Territory;
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

struct Counting;
static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = System.alloc(l);
        if !p.is_null() {
            let now = CURRENT.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l);
        CURRENT.fetch_sub(l.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static A: Counting = Counting;

fn reset_peak() -> usize {
    let now = CURRENT.load(Ordering::Relaxed);
    PEAK.store(now, Ordering::Relaxed);
    now
}

fn mib(b: usize) -> f64 {
    b as f64 / (1024.0 * 1024.0)
}

fn vm_hwm() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "?".into())
}

/// Reads every byte the parser would see (decompressed), without parsing; returns the count.
fn raw_read(path: &Path) -> u64 {
    input::with_csv(path, Arc::new(AtomicU64::new(0)), |r| {
        let mut buf = vec![0u8; 1 << 20];
        let mut n = 0u64;
        loop {
            match r.read(&mut buf)? {
                0 => return Ok(n),
                k => n += k as u64,
            }
        }
    })
    .unwrap()
}

struct Measure {
    secs: f64,
    /// CPU time of the calling thread (the parser's), whatever other threads and processes do.
    cpu: f64,
    peak: usize,
}

/// User + system CPU seconds of this thread (`/proc/thread-self/stat`, in 1/100 s).
fn thread_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) / 100.0
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Measure) {
    let base = reset_peak();
    let cpu = thread_cpu();
    let t = Instant::now();
    let out = f();
    let secs = t.elapsed().as_secs_f64();
    (
        out,
        Measure {
            secs,
            cpu: thread_cpu() - cpu,
            peak: PEAK.load(Ordering::Relaxed).saturating_sub(base),
        },
    )
}

/// The file gzip-compressed beside it (fast level, as the generator did before).
fn gzip(src: &Path) -> PathBuf {
    let out = src.with_extension("csv.gz");
    let mut w = flate2::write::GzEncoder::new(
        std::io::BufWriter::new(std::fs::File::create(&out).unwrap()),
        flate2::Compression::fast(),
    );
    std::io::copy(&mut std::fs::File::open(src).unwrap(), &mut w).unwrap();
    w.finish().unwrap();
    out
}

/// The file in a ZIP archive beside it, deflated at the fast level, as INSEE ships them.
fn zip(src: &Path) -> PathBuf {
    let out = src.with_extension("zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&out).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    let name = src.file_name().unwrap().to_string_lossy().into_owned();
    w.start_file(name, options).unwrap();
    std::io::copy(&mut std::fs::File::open(src).unwrap(), &mut w).unwrap();
    w.finish().unwrap();
    out
}

struct Passes {
    secs: f64,
    cpu: f64,
    read: u64,
    kept: u64,
    malformed: u64,
    units_peak: usize,
    establishments_peak: usize,
}

/// Both passes of the import without the database, with the scanner or with the `csv` crate.
fn passes(u: &Path, e: &Path, communes: &HashSet<Vec<u8>>, csv_crate: bool) -> Passes {
    let mut report = Report::default();
    let (units, mu) = timed(|| {
        input::with_csv(u, Arc::new(AtomicU64::new(0)), |r| {
            if csv_crate {
                parse::reference::read_units(r, &mut report)
            } else {
                parse::read_units(r, &mut report)
            }
        })
        .unwrap()
    });
    let mut kept = 0u64;
    let (read, me) = timed(|| {
        input::with_csv(e, Arc::new(AtomicU64::new(0)), |r| {
            let keep = |_| {
                kept += 1;
                Ok(())
            };
            if csv_crate {
                parse::reference::read_establishments(r, &units, communes, &mut report, keep)
            } else {
                parse::read_establishments(r, &units, communes, &mut report, keep)
            }
        })
        .unwrap()
    });
    Passes {
        secs: mu.secs + me.secs,
        cpu: mu.cpu + me.cpu,
        read: units.read + read,
        kept,
        malformed: report.count,
        units_peak: mu.peak,
        establishments_peak: me.peak,
    }
}

fn main() {
    let big: u64 = std::env::var("SIRENE_BENCH_LINES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000_000);
    let territory = Territory::new("Hauts-de-Seine", &[], "92").unwrap();
    let communes: HashSet<Vec<u8>> = territory
        .communes
        .iter()
        .map(|c| c.code.as_bytes().to_vec())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    println!("| size | file | reader | MB (as read) | raw read MB/s | parse MB/s | parse / raw | parser thread, MB per CPU second | lines | kept | peak heap, units pass | peak heap, establishments pass |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for lines in [big / 5, big] {
        let sub = dir.path().join(lines.to_string());
        std::fs::create_dir_all(&sub).unwrap();
        // About two establishments per unit; 5 % of units ESS and 3 % of establishments in the
        // 92, as in the national files.
        let spec = sample::Spec {
            seed: 1,
            units: lines / 2,
            max_establishments: 3,
            communes: sample::communes_of(&territory),
            territory_percent: 3,
            malformed_every: 0,
            version: 0,
            ess_percent: 5,
        };
        let (plain_u, plain_e) = sample::write(&sub, &spec, false).unwrap();
        for packaging in ["plain CSV", "gzip", "zip"] {
            let (u, e) = match packaging {
                "gzip" => (gzip(&plain_u), gzip(&plain_e)),
                "zip" => (zip(&plain_u), zip(&plain_e)),
                _ => (plain_u.clone(), plain_e.clone()),
            };
            let size = |p: &Path| std::fs::metadata(p).unwrap().len() as f64 / 1e6;
            // Warm the page cache, then time the raw read of the same files.
            raw_read(&u);
            raw_read(&e);
            let (raw_bytes, raw) = timed(|| raw_read(&u) + raw_read(&e));
            let fast = passes(&u, &e, &communes, false);
            let peer = passes(&u, &e, &communes, true);
            // Both readers must agree, or the speed means nothing.
            assert_eq!(
                (fast.read, fast.kept, fast.malformed),
                (peer.read, peer.kept, peer.malformed)
            );
            let on_disk = size(&u) + size(&e);
            let mb = raw_bytes as f64 / 1e6;
            let raw_speed = mb / raw.secs;
            for (name, m) in [("scanner", &fast), ("csv crate", &peer)] {
                let speed = mb / m.secs;
                println!(
                    "| {lines} establishment lines | {} | {name} | {:.0} on disk, {:.0} decoded | {:.0} | {:.0} | {:.2} | {:.0} | {} | {} | {:.1} MiB | {:.1} MiB |",
                    packaging,
                    on_disk,
                    mb,
                    raw_speed,
                    speed,
                    speed / raw_speed,
                    mb / m.cpu,
                    m.read,
                    m.kept,
                    mib(m.units_peak),
                    mib(m.establishments_peak),
                );
            }
            if packaging != "plain CSV" {
                std::fs::remove_file(&u).ok();
                std::fs::remove_file(&e).ok();
            }
        }
        std::fs::remove_dir_all(&sub).ok();
    }
    println!(
        "\nProcess VmHWM (whole run, including file generation): {}",
        vm_hwm()
    );
}
