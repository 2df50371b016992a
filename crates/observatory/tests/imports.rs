//! The import from the staff page: upload or import folder, background job, progress page.

mod support;

use axum::http::StatusCode;
use essor_domain::role::Role;
use essor_observatory::imports::UPLOADS;
use essor_observatory::sirene::{sample, store};
use essor_platform::{jobs, testing};
use support::{login, modules, person};

fn small(version: u64) -> sample::Spec {
    sample::Spec {
        seed: 11,
        units: 120,
        max_establishments: 2,
        communes: sample::communes_of(
            &essor_platform::territory::Territory::new("Hauts-de-Seine", &[], "92").unwrap(),
        ),
        territory_percent: 80,
        malformed_every: 50,
        version,
        ess_percent: 100,
    }
}

#[tokio::test]
async fn staff_upload_files_and_follow_the_import_to_its_end() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        person(&state, "agent@test.fr", &[Role::Staff]).await;
        person(&state, "asso@test.fr", &[]).await;
        let mut staff = login(&router, "agent@test.fr").await;
        let mut asso = login(&router, "asso@test.fr").await;

        let d = tempfile::tempdir().unwrap();
        let (u, e) = sample::write(d.path(), &small(0), true).unwrap();
        let (ub, eb) = (std::fs::read(&u).unwrap(), std::fs::read(&e).unwrap());
        let parts: [(&str, Option<&str>, &[u8]); 2] = [
            ("unites_legales_file", Some("StockUniteLegale.csv.gz"), &ub),
            (
                "etablissements_file",
                Some("StockEtablissement.csv.gz"),
                &eb,
            ),
        ];

        // Not staff: refused, nothing recorded.
        let res = asso
            .post_multipart("/staff/observatory/imports/upload", &parts)
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert!(store::latest(&state.db().clone(), 5)
            .await
            .unwrap()
            .is_empty());

        // A file that is neither CSV nor gzip nor ZIP is refused with the form.
        let bad: [(&str, Option<&str>, &[u8]); 2] = [
            (
                "unites_legales_file",
                Some("x.exe"),
                b"MZ\x90\x00\x00\x00binary",
            ),
            ("etablissements_file", Some("e.csv.gz"), &eb),
        ];
        let res = staff
            .post_multipart("/staff/observatory/imports/upload", &bad)
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        assert!(res.body.contains("error-summary"));

        let res = staff
            .post_multipart("/staff/observatory/imports/upload", &parts)
            .await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label,
            res.body
        );
        let page = res.location().unwrap().to_owned();
        let queued = staff.get(&page).await;
        assert_eq!(queued.status, StatusCode::OK);
        assert!(
            queued.body.contains("data-refresh"),
            "a running import reloads itself"
        );
        assert!(queued.body.contains("/observatory/static/imports.js"));

        jobs::drain(&state).await.unwrap();
        let done = staff.get(&page).await;
        assert!(!done.body.contains("data-refresh"));
        assert!(done.body.contains("Terminé"), "{}", done.body);
        let row = &store::latest(state.db(), 1).await.unwrap()[0];
        assert_eq!(row.state, "done");
        assert!(row.added > 0 && row.malformed > 0);
        assert!(done.body.contains(&format!("<td>{}</td>", row.added)));
        assert!(done.body.contains("fields instead of 54"));
        // The uploads went through the platform's storage, and are gone once read.
        let uploads = state.storage().local_path(UPLOADS).unwrap();
        assert!(uploads.starts_with(state.config().files_dir()));
        assert_eq!(std::fs::read_dir(uploads).unwrap().count(), 0);

        // Non-staff cannot read it either.
        assert_eq!(asso.get(&page).await.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_file_that_is_no_stock_file_is_refused_and_nothing_is_kept() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        person(&state, "agent@test.fr", &[Role::Staff]).await;
        let mut staff = login(&router, "agent@test.fr").await;
        let d = tempfile::tempdir().unwrap();
        let (_, e) = sample::write(d.path(), &small(0), true).unwrap();
        let eb = std::fs::read(&e).unwrap();
        // The good file comes first and is stored before the bad one is read: it must go too.
        // Text without a CSV header line, and a PNG image (accepted elsewhere, not here).
        for bad in [
            &b"Bonjour,\nceci n'est pas un fichier SIRENE\n"[..],
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        ] {
            let parts: [(&str, Option<&str>, &[u8]); 2] = [
                ("etablissements_file", Some("e.csv.gz"), &eb),
                ("unites_legales_file", Some("u.csv"), bad),
            ];
            let res = staff
                .post_multipart("/staff/observatory/imports/upload", &parts)
                .await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
            assert!(res.body.contains("ni un CSV"), "{}: {}", t.label, res.body);
            assert!(store::latest(state.db(), 5).await.unwrap().is_empty());
            let uploads = state.storage().local_path(UPLOADS).unwrap();
            let left = std::fs::read_dir(&uploads).map_or(0, |d| d.count());
            assert_eq!(left, 0, "{}: {uploads:?}", t.label);
        }
    }
}

#[tokio::test]
async fn staff_import_from_the_folder_and_only_from_the_folder() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        person(&state, "agent@test.fr", &[Role::Staff]).await;
        let mut staff = login(&router, "agent@test.fr").await;
        let dir = state.config().data_dir.join("sirene");
        std::fs::create_dir_all(&dir).unwrap();
        sample::write(&dir, &small(0), false).unwrap();

        let list = staff.get("/staff/observatory/imports").await;
        assert!(list.body.contains("StockEtablissement_utf8.csv"));

        // A path that is not a file of the folder is refused.
        let res = staff
            .post(
                "/staff/observatory/imports",
                &[
                    ("unites_legales", "../../etc/passwd"),
                    ("etablissements", "StockEtablissement_utf8.csv"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(store::latest(state.db(), 5).await.unwrap().is_empty());

        let res = staff
            .post(
                "/staff/observatory/imports",
                &[
                    ("unites_legales", "StockUniteLegale_utf8.csv"),
                    ("etablissements", "StockEtablissement_utf8.csv"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        jobs::drain(&state).await.unwrap();
        let row = &store::latest(state.db(), 1).await.unwrap()[0];
        assert_eq!(row.state, "done", "{:?}", row.error);
        // The folder's files stay.
        assert!(dir.join("StockUniteLegale_utf8.csv").exists());
        let list = staff.get("/staff/observatory/imports").await;
        assert!(list
            .body
            .contains(&format!("/staff/observatory/imports/{}", row.id)));
    }
}

#[tokio::test]
async fn the_command_line_import_runs_twice_without_changing_anything() {
    let d = tempfile::tempdir().unwrap();
    let mut cfg = testing::test_config(d.path());
    cfg.database_url = Some(format!("sqlite://{}", d.path().join("cli.db").display()));
    let (u, e) = sample::write(d.path(), &small(0), true).unwrap();
    for _ in 0..2 {
        let code = essor_observatory::imports::cli::import_sirene(cfg.clone(), &u, &e)
            .await
            .unwrap();
        assert_eq!(code, std::process::ExitCode::SUCCESS);
    }
    let db = essor_platform::db::Db::connect(&cfg.database_url())
        .await
        .unwrap();
    let rows = store::latest(&db, 2).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].origin, "cli");
    assert!(rows[1].added > 0);
    assert_eq!((rows[0].added, rows[0].updated, rows[0].closed), (0, 0, 0));
    assert_eq!(rows[0].unchanged, rows[1].kept);
}
