//! `essor import sirene`: the import from the terminal, with a progress bar over the bytes of
//! both files and the counts printed at the end.

use crate::sirene::{run, store};
use essor_platform::config::Config;
use essor_platform::db::Db;
use essor_platform::territory::Territory;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::Ordering;

pub async fn import_sirene(
    cfg: Config,
    units: &Path,
    establishments: &Path,
) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&cfg.database_url()).await?;
    db.migrate().await?;
    let territory = Territory::new(
        &cfg.territory_name,
        &cfg.territory_communes,
        &cfg.territory_departement,
    )?;
    let name = |p: &Path| p.display().to_string();
    let mut tx = db.begin().await?;
    let id = store::create(
        &mut tx,
        "cli",
        (&name(units), None),
        (&name(establishments), None),
        None,
    )
    .await?;
    tx.commit().await?;

    let progress = run::Progress::default();
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{msg:16} [{bar:40}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}",
        )?
        .progress_chars("=> "),
    );
    let ticker = {
        let (bar, p) = (bar.clone(), progress.clone());
        tokio::spawn(async move {
            loop {
                bar.set_length(p.total.load(Ordering::Relaxed));
                bar.set_position(p.bytes.load(Ordering::Relaxed));
                bar.set_message(match p.phase_name() {
                    "units" => "unités légales",
                    "establishments" => "établissements",
                    _ => "fin",
                });
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        })
    };
    let files = run::Files {
        units: units.to_path_buf(),
        establishments: establishments.to_path_buf(),
    };
    let result = run::run(&db, &territory, id, &files, &progress).await;
    ticker.abort();
    bar.finish_and_clear();
    let out = result?;
    let c = &out.counts;
    println!("SIRENE import #{id} done ({}):", territory.name);
    println!("  legal units read       {:>12}", c.units_read);
    println!("  ESS legal units kept   {:>12}", c.units_kept);
    println!("  establishment lines    {:>12}", c.lines_read);
    println!("  establishments kept    {:>12}", c.kept);
    println!("    added                {:>12}", c.added);
    println!("    updated              {:>12}", c.updated);
    println!("    closed               {:>12}", c.closed);
    println!("    unchanged            {:>12}", c.unchanged);
    println!("  no longer in the files {:>12}", c.absent);
    println!("  malformed lines        {:>12}", c.malformed);
    for m in &out.examples {
        println!("    {} line {}: {}", m.file, m.line, m.reason);
    }
    db.close().await;
    Ok(ExitCode::SUCCESS)
}
