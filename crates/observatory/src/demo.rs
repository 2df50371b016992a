//! Demo data for `essor demo` (called after the accounts and calls demo): a synthetic SIRENE
//! sample for the territory's communes (a few thousand establishment lines, some malformed),
//! written to the import folder (so staff can run it again from `/staff/observatory/imports`)
//! and imported, which fills the directory and the observatory. The organisations of the demo
//! that have a SIRET in the territory are in the sample too, so the directory links to them.
//! Running it again changes nothing: same files, same directory.

use crate::imports::import_dir;
use crate::sirene::{run, sample, store};
use essor_platform::AppState;
use sea_query::{Alias, Expr, Query};
use std::io::Write;

pub const UNITS_FILE: &str = "StockUniteLegale_utf8.csv";
pub const ESTABLISHMENTS_FILE: &str = "StockEtablissement_utf8.csv";

fn spec(state: &AppState) -> sample::Spec {
    sample::Spec {
        seed: 2026,
        units: 1_500,
        max_establishments: 3,
        communes: sample::communes_of(state.territory()),
        territory_percent: 85,
        malformed_every: 997,
        version: 0,
        ess_percent: 100,
    }
}

/// Writes the demo files (the same bytes every time) and returns their paths.
pub async fn write_files(state: &AppState) -> anyhow::Result<run::Files> {
    let dir = import_dir(state);
    std::fs::create_dir_all(&dir)?;
    let (units, establishments) = sample::write(&dir, &spec(state), false)?;
    // The demo's organisations with an ESS form or the ESUS approval, as SIRENE would list them.
    let orgs: Vec<(String, String, Option<String>, String)> = state
        .db()
        .fetch_all(
            Query::select()
                .columns(["siret", "name", "legal_category", "commune_code"].map(Alias::new))
                .from(Alias::new("organisations"))
                .and_where(Expr::col(Alias::new("siret")).is_not_null())
                .order_by(Alias::new("id"), sea_query::Order::Asc),
        )
        .await?;
    let mut u = std::fs::OpenOptions::new().append(true).open(&units)?;
    let mut e = std::fs::OpenOptions::new()
        .append(true)
        .open(&establishments)?;
    for (siret, name, category, commune) in orgs {
        let category = category.unwrap_or_default();
        let ess = category.starts_with("92") || category == "5710";
        if !ess || siret.len() != 14 || !state.territory().contains(&commune) {
            continue;
        }
        let row = |header: &[&str], values: &[(&str, &str)]| -> Vec<String> {
            header
                .iter()
                .map(|h| {
                    values
                        .iter()
                        .find(|(k, _)| k == h)
                        .map(|(_, v)| v.to_string())
                        .unwrap_or_default()
                })
                .collect()
        };
        let urow = row(
            sample::UNIT_HEADER,
            &[
                ("siren", &siret[..9]),
                ("statutDiffusionUniteLegale", "O"),
                ("denominationUniteLegale", &name),
                ("categorieJuridiqueUniteLegale", &category),
                ("economieSocialeSolidaireUniteLegale", "O"),
                ("etatAdministratifUniteLegale", "A"),
            ],
        );
        let erow = row(
            sample::ESTABLISHMENT_HEADER,
            &[
                ("siren", &siret[..9]),
                ("nic", &siret[9..]),
                ("siret", &siret),
                ("statutDiffusionEtablissement", "O"),
                ("etablissementSiege", "true"),
                ("etatAdministratifEtablissement", "A"),
                ("activitePrincipaleEtablissement", "88.99B"),
                ("trancheEffectifsEtablissement", "02"),
                ("codeCommuneEtablissement", &commune),
            ],
        );
        let mut uw = csv::Writer::from_writer(vec![]);
        uw.write_record(&urow)?;
        u.write_all(&uw.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?;
        let mut ew = csv::Writer::from_writer(vec![]);
        ew.write_record(&erow)?;
        e.write_all(&ew.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?;
    }
    Ok(run::Files {
        units,
        establishments,
    })
}

pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let files = write_files(state).await?;
    let mut tx = state.db().begin().await?;
    let id = store::create(
        &mut tx,
        "demo",
        (UNITS_FILE, Some(&files.units.display().to_string())),
        (
            ESTABLISHMENTS_FILE,
            Some(&files.establishments.display().to_string()),
        ),
        None,
    )
    .await?;
    tx.commit().await?;
    run::run(
        state.db(),
        state.territory(),
        id,
        &files,
        &run::Progress::default(),
    )
    .await?;
    Ok(())
}
