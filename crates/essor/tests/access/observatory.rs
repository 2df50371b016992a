//! Access rows of the observatory module, and the records they need.

use super::{r, Answer, Persona::Anonymous, Row, World, PUBLIC, STAFF};

/// Records the rows refer to, created once per world; returns the placeholders to fill in
/// (e.g. `("{observatory_thing}", id.to_string())`).
pub async fn setup(w: &World) -> Vec<(&'static str, String)> {
    let mut tx = w.state.db().begin().await.unwrap();
    let import = essor_observatory::sirene::store::create(
        &mut tx,
        "cli",
        ("u.csv", None),
        ("e.csv", None),
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // One establishment in the directory, imported from a two-line sample.
    let d = std::env::temp_dir().join(format!("essor-access-obs-{import}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let (u, e) = (d.join("u.csv"), d.join("e.csv"));
    std::fs::write(
        &u,
        "siren,statutDiffusionUniteLegale,denominationUniteLegale,categorieJuridiqueUniteLegale,economieSocialeSolidaireUniteLegale,etatAdministratifUniteLegale\n100000009,O,Association Accès,9220,O,A\n",
    )
    .unwrap();
    std::fs::write(
        &e,
        "siren,siret,codeCommuneEtablissement,etatAdministratifEtablissement,etablissementSiege,activitePrincipaleEtablissement,trancheEffectifsEtablissement\n100000009,10000000900017,92050,A,true,94.99Z,NN\n",
    )
    .unwrap();
    let mut tx = w.state.db().begin().await.unwrap();
    let run_id =
        essor_observatory::sirene::store::create(&mut tx, "cli", ("u", None), ("e", None), None)
            .await
            .unwrap();
    tx.commit().await.unwrap();
    essor_observatory::sirene::run::run(
        w.state.db(),
        w.state.territory(),
        run_id,
        &essor_observatory::sirene::run::Files {
            units: u,
            establishments: e,
        },
        &essor_observatory::sirene::run::Progress::default(),
    )
    .await
    .unwrap();
    std::fs::remove_dir_all(&d).ok();
    vec![
        ("{observatory_import}", import.to_string()),
        ("{observatory_siret}", "10000000900017".to_owned()),
        ("{observatory_figure}", "communes.csv".to_owned()),
    ]
}

pub fn rows() -> Vec<Row> {
    vec![
        r(
            "GET",
            "/staff/observatory/imports",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/observatory/imports",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/observatory/imports/upload",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "GET",
            "/staff/observatory/imports/{observatory_import}",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "GET",
            "/observatory/static/imports.js",
            PUBLIC,
            Answer::Ok,
            &[],
        ),
        // Public pages and open data.
        r("GET", "/annuaire", PUBLIC, Answer::Ok, &[]),
        r(
            "GET",
            "/annuaire/{observatory_siret}",
            PUBLIC,
            Answer::Ok,
            &[],
        ),
        // An unknown or malformed SIRET is not found, whoever asks.
        r(
            "GET",
            "/annuaire/12345678901234",
            &[],
            Answer::NotFound,
            &[Anonymous],
        ),
        r("GET", "/observatoire", PUBLIC, Answer::Ok, &[]),
        r(
            "GET",
            "/observatoire/{observatory_figure}",
            PUBLIC,
            Answer::Ok,
            &[],
        ),
        r(
            "GET",
            "/observatoire/appels-communes.json",
            PUBLIC,
            Answer::Ok,
            &[],
        ),
        r(
            "GET",
            "/observatoire/nothing.csv",
            &[],
            Answer::NotFound,
            &[Anonymous],
        ),
        r("GET", "/donnees-ouvertes", PUBLIC, Answer::Ok, &[]),
        r(
            "GET",
            "/donnees-ouvertes/annuaire.csv",
            PUBLIC,
            Answer::Ok,
            &[],
        ),
        r(
            "GET",
            "/donnees-ouvertes/annuaire.schema.json",
            PUBLIC,
            Answer::Ok,
            &[],
        ),
    ]
}
