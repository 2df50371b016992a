//! The public directory: accent-free search, filters, pagination, the structure page, partial
//! diffusion, and the link to a structure's account on Essor.

mod support;

use axum::http::StatusCode;
use chrono::Utc;
use essor_domain::role::Role;
use essor_observatory::sirene::{run, sample, store};
use essor_platform::db::Db;
use essor_platform::testing::{self, Client};
use sea_query::{Alias, Query};
use support::{login, modules, person};

async fn import(state: &essor_platform::AppState, units: &str, ests: &str) {
    let d = tempfile::tempdir().unwrap();
    let (u, e) = (d.path().join("u.csv"), d.path().join("e.csv"));
    std::fs::write(&u, units).unwrap();
    std::fs::write(&e, ests).unwrap();
    import_files(
        state,
        run::Files {
            units: u,
            establishments: e,
        },
    )
    .await;
}

async fn import_files(state: &essor_platform::AppState, files: run::Files) {
    let mut tx = state.db().begin().await.unwrap();
    let id = store::create(&mut tx, "cli", ("u", None), ("e", None), None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    run::run(
        state.db(),
        state.territory(),
        id,
        &files,
        &run::Progress::default(),
    )
    .await
    .unwrap();
}

const UNITS: &str = "siren,statutDiffusionUniteLegale,denominationUniteLegale,categorieJuridiqueUniteLegale,economieSocialeSolidaireUniteLegale,etatAdministratifUniteLegale,sigleUniteLegale\n\
100000009,O,Épicerie Solidaire du Parc,9220,O,A,ESP\n\
200000008,P,Les Ateliers Partagés,9220,O,A,\n\
300000007,P,DUPONT JEANNE,1000,O,A,\n\
400000006,O,Coopérative Énergie Verte,5458,O,A,\n";

const ESTS: &str = "siren,siret,codeCommuneEtablissement,etatAdministratifEtablissement,etablissementSiege,activitePrincipaleEtablissement,trancheEffectifsEtablissement,numeroVoieEtablissement,typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement\n\
100000009,10000000900017,92050,A,true,47.11F,02,12,RUE,DES ACACIAS,92000\n\
200000008,20000000800017,92012,A,true,90.01Z,NN,7,RUE,SECRETE,92220\n\
300000007,30000000700017,92050,A,true,88.91A,01,3,ALL,PRIVEE,92000\n\
400000006,40000000600017,92012,A,true,35.11Z,11,1,AV,DU SOLEIL,92220\n";

async fn org_with_siret(db: &Db, siret: &str) -> i64 {
    let now = Utc::now();
    let mut q = Query::insert();
    q.into_table(Alias::new("organisations"))
        .columns(
            [
                "kind",
                "name",
                "siret",
                "address",
                "commune_code",
                "contact_email",
                "created_at",
                "updated_at",
            ]
            .map(Alias::new),
        )
        .values_panic([
            "association".into(),
            "Épicerie Solidaire du Parc".into(),
            siret.into(),
            "12 rue des Acacias".into(),
            "92050".into(),
            "contact@epicerie.test".into(),
            now.into(),
            now.into(),
        ]);
    db.insert_id(q).await.unwrap()
}

#[tokio::test]
async fn search_ignores_accents_and_case_and_filters_narrow_it() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        import(&state, UNITS, ESTS).await;
        let mut c = Client::new(&router);

        for q in ["epicerie", "%C3%89PICERIE%20solidaire", "Epicerie%20parc"] {
            let res = c.get(&format!("/annuaire?q={q}")).await;
            assert_eq!(res.status, StatusCode::OK);
            assert!(
                res.body.contains("Épicerie Solidaire du Parc"),
                "{}: {q}",
                t.label
            );
            assert!(!res.body.contains("Coopérative Énergie Verte"), "{q}");
        }
        let res = c.get("/annuaire?q=cooperative%20energie").await;
        assert!(res.body.contains("Coopérative Énergie Verte"));

        let res = c.get("/annuaire?famille=cooperative").await;
        assert!(res.body.contains("Coopérative Énergie Verte"));
        assert!(!res.body.contains("Épicerie Solidaire"));
        let res = c.get("/annuaire?commune=92012&secteur=R").await;
        assert!(res.body.contains("Les Ateliers Partagés"));
        assert!(!res.body.contains("Coopérative Énergie Verte"));
        let res = c.get("/annuaire?taille=11").await;
        assert!(res.body.contains("Coopérative Énergie Verte"));
        assert!(!res.body.contains("Les Ateliers Partagés"));
        // Unknown filter values are ignored, never an error.
        let res = c
            .get("/annuaire?commune=75056&famille=x&taille=zz&secteur=%27&page=-3")
            .await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains("Coopérative Énergie Verte"));
    }
}

#[tokio::test]
async fn partial_diffusion_shows_the_commune_only_and_no_natural_person() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        import(&state, UNITS, ESTS).await;
        let mut c = Client::new(&router);

        let full = c.get("/annuaire/10000000900017").await;
        assert!(full.body.contains("12 RUE DES ACACIAS"));
        assert!(full.body.contains("92000"));

        let asso = c.get("/annuaire/20000000800017").await;
        assert_eq!(asso.status, StatusCode::OK);
        assert!(asso.body.contains("Les Ateliers Partagés"));
        assert!(asso.body.contains("Boulogne-Billancourt"));
        assert!(!asso.body.contains("SECRETE"), "{}", t.label);
        assert!(!asso.body.contains("92220"));

        let person_page = c.get("/annuaire/30000000700017").await;
        assert_eq!(person_page.status, StatusCode::OK);
        assert!(!person_page.body.contains("DUPONT"), "{}", t.label);
        assert!(!person_page.body.contains("PRIVEE"));
        assert!(person_page.body.contains("diffusion partielle"));
        // Nor found by the name, nor shown in the list.
        let res = c.get("/annuaire?q=dupont").await;
        assert!(!res.body.contains("/annuaire/30000000700017"));
        let res = c.get("/annuaire").await;
        assert!(!res.body.contains("DUPONT"));

        assert_eq!(
            c.get("/annuaire/12345678901234").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            c.get("/annuaire/not-a-siret").await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn a_structure_on_essor_is_marked_and_linked_for_those_who_may_open_it() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        import(&state, UNITS, ESTS).await;
        let org = org_with_siret(state.db(), "10000000900017").await;
        person(&state, "agent@test.fr", &[Role::Staff]).await;

        let mut anon = Client::new(&router);
        let list = anon.get("/annuaire").await;
        assert!(list.body.contains("inscrite sur Essor"));
        let page = anon.get("/annuaire/10000000900017").await;
        assert!(page.body.contains("compte sur Essor"));
        assert!(!page.body.contains(&format!("/orgs/{org}")));
        let other = anon.get("/annuaire/40000000600017").await;
        assert!(!other.body.contains("compte sur Essor"));

        let mut staff = login(&router, "agent@test.fr").await;
        let page = staff.get("/annuaire/10000000900017").await;
        assert!(
            page.body.contains(&format!("/staff/orgs/{org}")),
            "{}",
            t.label
        );
    }
}

#[tokio::test]
async fn results_are_paginated() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let d = tempfile::tempdir().unwrap();
        let spec = sample::Spec {
            seed: 3,
            units: 60,
            max_establishments: 2,
            communes: sample::communes_of(state.territory()),
            territory_percent: 100,
            malformed_every: 0,
            version: 0,
            ess_percent: 100,
        };
        let (u, e) = sample::write(d.path(), &spec, false).unwrap();
        import_files(
            &state,
            run::Files {
                units: u,
                establishments: e,
            },
        )
        .await;
        let mut c = Client::new(&router);
        let p1 = c.get("/annuaire").await;
        assert!(p1.body.contains("rel=\"next\""), "{}", t.label);
        assert!(p1.body.contains("page=2"));
        let p2 = c.get("/annuaire?page=2").await;
        assert!(p2.body.contains("rel=\"prev\""));
        let rows = |b: &str| b.matches("<a href=\"/annuaire/").count();
        assert_eq!(rows(&p1.body), 25);
        assert!(rows(&p2.body) > 0);
    }
}
