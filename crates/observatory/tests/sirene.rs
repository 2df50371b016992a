//! The SIRENE import without the web: packaging, columns by name, malformed lines, and the
//! directory it leaves on every database engine (idempotence, updates, closures, absences).

use essor_observatory::sirene::parse::{self, Report};
use essor_observatory::sirene::store::{self, Counts};
use essor_observatory::sirene::{input, run, sample};
use essor_platform::db::Db;
use essor_platform::territory::Territory;
use essor_platform::testing;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

fn territory() -> Territory {
    Territory::new("Hauts-de-Seine", &[], "92").unwrap()
}

fn spec(version: u64) -> sample::Spec {
    sample::Spec {
        seed: 7,
        units: 400,
        max_establishments: 3,
        communes: sample::communes_of(&territory()),
        territory_percent: 60,
        malformed_every: 97,
        version,
        ess_percent: 100,
    }
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Every establishment kept from a pair of files, in order, with the report.
fn parse_all(units: &Path, ests: &Path) -> (Vec<parse::Establishment>, Report, u64) {
    let mut report = Report::default();
    let count = Arc::new(AtomicU64::new(0));
    let units =
        input::with_csv(units, count.clone(), |r| parse::read_units(r, &mut report)).unwrap();
    let communes: HashSet<Vec<u8>> = territory()
        .communes
        .iter()
        .map(|c| c.code.as_bytes().to_vec())
        .collect();
    let mut kept = vec![];
    let read = input::with_csv(ests, count, |r| {
        parse::read_establishments(r, &units, &communes, &mut report, |e| {
            kept.push(e);
            Ok(())
        })
    })
    .unwrap();
    (kept, report, read)
}

fn zip_of(src: &Path, dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(format!("{name}.zip"));
    let mut w = zip::ZipWriter::new(std::fs::File::create(&out).unwrap());
    w.start_file(
        format!("{name}.csv"),
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    w.write_all(&std::fs::read(src).unwrap()).unwrap();
    w.finish().unwrap();
    out
}

#[test]
fn plain_gzip_and_zip_give_the_same_establishments() {
    let d = tmp();
    let plain = d.path().join("plain");
    let gz = d.path().join("gz");
    std::fs::create_dir_all(&plain).unwrap();
    std::fs::create_dir_all(&gz).unwrap();
    let (u, e) = sample::write(&plain, &spec(0), false).unwrap();
    let (ugz, egz) = sample::write(&gz, &spec(0), true).unwrap();
    assert_eq!(&std::fs::read(&ugz).unwrap()[..2], &[0x1f, 0x8b]);
    let uz = zip_of(&u, d.path(), "StockUniteLegale");
    let ez = zip_of(&e, d.path(), "StockEtablissement");

    let (a, ra, read) = parse_all(&u, &e);
    let (b, rb, _) = parse_all(&ugz, &egz);
    let (c, rc, _) = parse_all(&uz, &ez);
    assert!(!a.is_empty());
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert_eq!(ra.count, rb.count);
    assert_eq!(ra.count, rc.count);
    // Only the territory's establishments of ESS units are kept.
    let t = territory();
    assert!(a.iter().all(|e| t.contains(&e.commune_code)));
    assert!(a
        .iter()
        .all(|e| e.legal_category != "5499" && e.legal_category != "1000"));
    assert!((a.len() as u64) < read);
    // Malformed lines are counted with their line and reason, and the pass went on.
    assert!(ra.count > 0);
    assert!(ra.examples[0].line > 1);
    assert!(
        ra.examples[0].reason.contains("fields instead of 54"),
        "{:?}",
        ra.examples[0]
    );
}

#[test]
fn columns_are_found_by_name_whatever_their_order() {
    let d = tmp();
    let units = d.path().join("u.csv");
    let ests = d.path().join("e.csv");
    // Columns shuffled and a byte-order mark, a unit flagged ESS in SAS form (a SCIC), one
    // association, one ordinary company; establishments in and out of the territory.
    std::fs::write(
        &units,
        "\u{feff}categorieJuridiqueUniteLegale,economieSocialeSolidaireUniteLegale,denominationUniteLegale,siren,statutDiffusionUniteLegale,etatAdministratifUniteLegale,sigleUniteLegale\n\
         5710,O,\"SCIC Énergies, Citoyennes\",100000009,O,A,SEC\n\
         9220,N,Théâtre des Mots,200000008,O,A,\n\
         5499,N,Négoce SARL,300000007,O,A,\n\
         9220,O,Bad,12345,O,A,\n",
    )
    .unwrap();
    std::fs::write(
        &ests,
        "codeCommuneEtablissement,siret,siren,trancheEffectifsEtablissement,activitePrincipaleEtablissement,etablissementSiege,etatAdministratifEtablissement\n\
         92050,10000000900011,100000009,12,35.11Z,true,A\n\
         92012,20000000800012,200000008,NN,90.01Z,true,F\n\
         92050,30000000700013,300000007,01,46.90Z,true,A\n\
         75056,20000000800020,200000008,NN,90.01Z,false,A\n",
    )
    .unwrap();
    let (kept, report, read) = parse_all(&units, &ests);
    assert_eq!(read, 4);
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[0].name, "SCIC Énergies, Citoyennes");
    assert_eq!(kept[0].family.code(), "ess_company");
    assert_eq!(kept[0].naf_section, Some('D'));
    assert_eq!(kept[0].size_band.as_deref(), Some("12"));
    assert_eq!(kept[0].acronym.as_deref(), Some("SEC"));
    assert!(kept[0].head_office && !kept[0].closed);
    assert_eq!(kept[1].family.code(), "association");
    assert!(kept[1].closed);
    assert_eq!(report.count, 1);
    assert_eq!(report.examples[0].line, 5);
    assert!(report.examples[0].reason.contains("SIREN"));
}

#[test]
fn a_file_without_the_needed_columns_is_refused_with_its_name() {
    let d = tmp();
    let units = d.path().join("u.csv");
    std::fs::write(&units, "siren,nom\n100000009,X\n").unwrap();
    let mut report = Report::default();
    let err = input::with_csv(&units, Arc::new(AtomicU64::new(0)), |r| {
        parse::read_units(r, &mut report)
    })
    .unwrap_err();
    assert!(format!("{err:#}").contains("statutDiffusionUniteLegale"));
}

async fn import(db: &Db, files: &run::Files) -> Counts {
    let mut tx = db.begin().await.unwrap();
    let id = store::create(&mut tx, "cli", ("u", None), ("e", None), None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let out = run::run(db, &territory(), id, files, &run::Progress::default())
        .await
        .unwrap();
    let row = store::get(db, id).await.unwrap().unwrap();
    assert_eq!(row.state, "done");
    assert_eq!(row.added, out.counts.added);
    assert_eq!(row.malformed, out.counts.malformed);
    assert_eq!(row.examples(), out.examples);
    out.counts
}

#[derive(sqlx::FromRow, Debug, PartialEq)]
struct Line {
    siret: String,
    name: String,
    status: String,
    updated_at: chrono::DateTime<chrono::Utc>,
}

async fn directory(db: &Db) -> Vec<Line> {
    db.fetch_all(&essor_platform::db::Raw(
        "SELECT siret, name, status, updated_at FROM directory_establishments ORDER BY siret"
            .into(),
        sea_query_binder::SqlxValues(sea_query::Values(vec![])),
    ))
    .await
    .unwrap()
}

#[tokio::test]
async fn importing_twice_changes_nothing_and_a_new_release_updates_closes_and_marks_absent() {
    for t in testing::databases().await {
        let d = tmp();
        let v0 = d.path().join("v0");
        let v1 = d.path().join("v1");
        std::fs::create_dir_all(&v0).unwrap();
        std::fs::create_dir_all(&v1).unwrap();
        let (u0, e0) = sample::write(&v0, &spec(0), true).unwrap();
        let (u1, e1) = sample::write(&v1, &spec(1), false).unwrap();
        let first = run::Files {
            units: u0.clone(),
            establishments: e0.clone(),
        };

        let c1 = import(&t.db, &first).await;
        assert!(c1.added > 50, "{}: {c1:?}", t.label);
        assert_eq!(c1.kept, c1.added);
        assert_eq!((c1.updated, c1.closed, c1.absent), (0, 0, 0));
        assert!(c1.malformed > 0);
        let before = directory(&t.db).await;
        assert_eq!(before.len() as i64, c1.added);
        let unique: HashSet<_> = before.iter().map(|l| &l.siret).collect();
        assert_eq!(unique.len(), before.len());

        // The same files again: nothing added, nothing written.
        let c2 = import(&t.db, &first).await;
        assert_eq!(
            (c2.added, c2.updated, c2.closed, c2.absent),
            (0, 0, 0, 0),
            "{}",
            t.label
        );
        assert_eq!(c2.unchanged, c1.kept);
        assert_eq!(directory(&t.db).await, before, "{}", t.label);

        // A later release: some renamed, some closed; rows never deleted.
        let c3 = import(
            &t.db,
            &run::Files {
                units: u1,
                establishments: e1,
            },
        )
        .await;
        assert!(c3.updated > 0, "{}: {c3:?}", t.label);
        assert!(c3.closed > 0, "{}: {c3:?}", t.label);
        let after = directory(&t.db).await;
        assert!(after.len() >= before.len());
        assert!(after.iter().any(|l| l.name.ends_with("(nouveau nom)")));

        // The old release is a shrunk population for an empty establishments file: all absent.
        let empty = d.path().join("empty.csv");
        std::fs::write(&empty, sample::ESTABLISHMENT_HEADER.join(",") + "\n").unwrap();
        let c4 = import(
            &t.db,
            &run::Files {
                units: u0,
                establishments: empty,
            },
        )
        .await;
        assert_eq!(c4.kept, 0);
        let live = after.iter().filter(|l| l.status != "absent").count() as i64;
        assert_eq!(c4.absent, live, "{}", t.label);
        assert_eq!(directory(&t.db).await.len(), after.len());
        assert!(directory(&t.db).await.iter().all(|l| l.status == "absent"));
    }
}

#[tokio::test]
async fn a_missing_file_fails_the_import_and_records_why() {
    for t in testing::databases().await {
        let mut tx = t.db.begin().await.unwrap();
        let id = store::create(&mut tx, "cli", ("u", None), ("e", None), None)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let files = run::Files {
            units: "/nonexistent/u.csv".into(),
            establishments: "/nonexistent/e.csv".into(),
        };
        assert!(
            run::run(&t.db, &territory(), id, &files, &run::Progress::default())
                .await
                .is_err()
        );
        let row = store::get(&t.db, id).await.unwrap().unwrap();
        assert_eq!(row.state, "failed");
        assert!(row.error.unwrap().contains("/nonexistent/u.csv"));
    }
}

#[test]
fn a_corrupt_archive_is_an_error_not_a_hang() {
    let d = tmp();
    for (name, bytes) in [
        (
            "u.csv.gz",
            b"\x1f\x8b\x08\x00garbage that is not deflate".to_vec(),
        ),
        ("u.zip", b"PK\x03\x04 not really a zip archive".to_vec()),
    ] {
        let p = d.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let mut report = Report::default();
        let r = input::with_csv(&p, Arc::new(AtomicU64::new(0)), |r| {
            parse::read_units(r, &mut report)
        });
        assert!(r.is_err(), "{name}");
    }
}
