//! Exports of a call's files (CSV, XLSX, ZIP), its open-data file and its statistics, through
//! HTTP, on every database engine available.

mod exports_support;

use axum::http::{header, StatusCode};
use chrono::{Duration, Utc};
use essor_domain::lifecycle::FileEvent;
use essor_domain::role::Role;
use essor_platform::jobs;
use essor_platform::testing::{self, Client};
use exports_support::*;
use std::io::Read;

const BOM: &str = "\u{feff}";

#[tokio::test]
async fn csv_has_the_chosen_columns_escaped_for_french_excel() {
    for t in testing::databases().await {
        let w = world(&t).await;
        let mut f = NewFile::numbered(1);
        f.title = "=HYPERLINK(\"http://evil.example\";\"clic\")";
        f.answers = answers("Ligne 1\nLigne 2; avec \"guillemets\"", 250_000);
        let a = draft(&w, f).await;
        let mut f = NewFile::numbered(2);
        f.title = "-10 % de déchets";
        f.amount = Some(123_456);
        f.answers = answers("+33 1 23 45 67 89", 100_000);
        let b = draft(&w, f).await;
        let mut f = NewFile::numbered(3);
        f.title = "Brouillon caché";
        let c = draft(&w, f).await;
        moves(&w, a, &[FileEvent::Submit]).await;
        moves(&w, b, &[FileEvent::Submit, FileEvent::StartInstruction]).await;
        let _ = c;

        let mut staff = login(&w.router, "agent@cd92.example").await;
        let page = staff.get(&format!("/staff/calls/{}/export", w.call)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        for key in [
            "number",
            "f:summary",
            "b:budget:requested",
            "b:budget:total_charges",
            "f:team",
        ] {
            assert!(
                page.body.contains(&format!("value=\"{key}\"")),
                "{} offered",
                key
            );
        }
        // Attachments are files, not columns of the spreadsheet; still offered as their name.
        assert!(page.body.contains("value=\"f:statutes\""));

        let r = staff
            .get(&format!(
                "/staff/calls/{}/export.csv?col=number&col=title&col=requested&col=f:summary&col=f:audience&col=f:team&col=b:budget:requested&col=b:budget:total_charges&col=unknown",
                w.call
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", t.label, r.body);
        assert_eq!(r.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        assert!(r.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"progress-2026-"));
        assert!(r.body.starts_with(BOM), "{}: BOM first", t.label);
        let rows = parse_csv(&r.body[BOM.len()..], ';');
        assert_eq!(
            rows[0],
            [
                "Numéro",
                "Titre du projet",
                "Montant demandé",
                "Résumé",
                "Public",
                "Équipe",
                "Budget du projet – montant demandé",
                "Budget du projet – total des charges",
            ]
        );
        // The draft is left out by default; files come in id order.
        assert_eq!(rows.len(), 3, "{}: {rows:?}", t.label);
        assert_eq!(rows[1][0], "PROG-2026-00001");
        assert_eq!(rows[1][1], "'=HYPERLINK(\"http://evil.example\";\"clic\")");
        assert_eq!(rows[1][2], "1000,00");
        assert_eq!(rows[1][3], "Ligne 1\nLigne 2; avec \"guillemets\"");
        assert_eq!(rows[1][4], "Jeunes");
        assert_eq!(rows[1][5], "Nom: Ada, Rôle: Présidente\nNom: Bob");
        assert_eq!(rows[1][6], "2500,00");
        assert_eq!(rows[1][7], "5000,00");
        assert_eq!(rows[2][1], "'-10 % de déchets");
        assert_eq!(rows[2][2], "1234,56");
        assert_eq!(rows[2][3], "'+33 1 23 45 67 89");
        // The raw text: quoted where it must be, CRLF line ends.
        assert!(r
            .body
            .contains("\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"clic\"\")\""));
        assert!(r.body.contains("\r\n"));

        // A state filter; no column asked means the fixed columns.
        let r = staff
            .get(&format!("/staff/calls/{}/export.csv?state=draft", w.call))
            .await;
        let rows = parse_csv(&r.body[BOM.len()..], ';');
        assert_eq!(rows[0].len(), 11);
        assert_eq!(rows[0][0], "Numéro");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1][0], "PROG-2026-00003");
        assert_eq!(rows[1][1], "Brouillon");
        assert_eq!(rows[1][3], "Les Petits Débrouillards");
        assert_eq!(rows[1][4], siret(1));
        assert_eq!(rows[1][5], "W921000123");
        assert_eq!(rows[1][6], "Nanterre");
    }
}

#[tokio::test]
async fn csv_streams_every_file_exactly_once_across_batches() {
    for t in testing::databases().await {
        let w = world(&t).await;
        bulk_submitted(&w, 1, 1_200).await;
        let (status, headers, body) = get_bytes(
            &w,
            w.staff,
            &format!(
                "/staff/calls/{}/export.csv?col=number&col=requested",
                w.call
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        // Streamed: no length known in advance.
        assert!(headers.get(header::CONTENT_LENGTH).is_none());
        let text = String::from_utf8(body).unwrap();
        let rows = parse_csv(&text[BOM.len()..], ';');
        assert_eq!(rows.len(), 1 + 1_200, "{}", t.label);
        for (i, row) in rows[1..].iter().enumerate() {
            let n = i + 1;
            assert_eq!(row[0], format!("PROG-2026-{n:05}"), "{}: row {n}", t.label);
            let cents = 100_000 + n as i64;
            assert_eq!(row[1], format!("{},{:02}", cents / 100, cents % 100));
        }
    }
}

/// Runs the background jobs, then returns the export's page and download.
async fn finish_export(w: &exports_support::World, staff: &mut Client, location: &str) -> Vec<u8> {
    jobs::drain(&w.state).await.unwrap();
    let page = staff.get(location).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("/download"), "ready: {}", page.body);
    let (status, headers, bytes) = get_bytes(w, w.staff, &format!("{location}/download")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_LENGTH].to_str().unwrap(),
        bytes.len().to_string()
    );
    bytes
}

#[tokio::test]
async fn xlsx_is_prepared_in_the_background_and_readable() {
    for t in testing::databases().await {
        let w = world(&t).await;
        bulk_submitted(&w, 1, 1_100).await;
        let mut f = NewFile::numbered(5_000);
        f.title = "=1+1";
        f.answers = answers("texte", 300_000);
        let id = draft(&w, f).await;
        moves(&w, id, &[FileEvent::Submit]).await;
        let mut staff = login(&w.router, "agent@cd92.example").await;
        let r = staff
            .post(
                &format!("/staff/calls/{}/export", w.call),
                &[
                    ("format", "xlsx"),
                    ("col", "number"),
                    ("col", "title"),
                    ("col", "requested"),
                    ("col", "submitted_at"),
                    ("col", "b:budget:requested"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let location = r.location().unwrap().to_owned();
        let waiting = staff.get(&location).await;
        assert!(!waiting.body.contains("/download"));
        let bytes = finish_export(&w, &mut staff, &location).await;
        assert!(
            bytes.starts_with(b"PK\x03\x04"),
            "{}: a ZIP container",
            t.label
        );
        let mut book = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut sheet = String::new();
        book.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut sheet)
            .unwrap();
        assert_eq!(sheet.matches("<row ").count(), 1 + 1_101, "{}", t.label);
        assert!(sheet.contains("PROG-2026-01100"));
        // Text stays text in a workbook: no formula cell.
        assert!(sheet.contains("=1+1"));
        assert!(!sheet.contains("<f>"));
        // Amounts are numbers (euros), not text.
        assert!(
            sheet.contains("<v>3000</v>"),
            "requested amount as a number"
        );
        // The export is listed on the call's page.
        let page = staff.get(&format!("/staff/calls/{}/export", w.call)).await;
        assert!(page.body.contains(&format!("{location}/download")));
    }
}

#[tokio::test]
async fn zip_holds_current_attachments_of_submitted_files() {
    for t in testing::databases().await {
        let w = world(&t).await;
        let a = draft(&w, NewFile::numbered(1)).await;
        let b = draft(&w, NewFile::numbered(2)).await;
        let hidden = draft(&w, NewFile::numbered(3)).await;
        moves(&w, a, &[FileEvent::Submit]).await;
        moves(
            &w,
            b,
            &[
                FileEvent::Submit,
                FileEvent::StartInstruction,
                FileEvent::Accept,
            ],
        )
        .await;
        let (old, _) = attach(&w, a, "statutes", "vieux.pdf", b"%PDF-1.4 old").await;
        replace_attachment(&w, old).await;
        attach(
            &w,
            a,
            "statutes",
            "Statuts signés.pdf",
            b"%PDF-1.4 statuts A",
        )
        .await;
        attach(&w, a, "team.cv", "../cv.pdf", b"%PDF-1.4 cv").await;
        attach(&w, a, "team.cv", "../cv.pdf", b"%PDF-1.4 cv bis").await;
        attach(&w, b, "statutes", "statuts.pdf", b"%PDF-1.4 statuts B").await;
        let (_, lost) = attach(&w, b, "statutes", "perdu.pdf", b"%PDF-1.4 lost").await;
        w.state.storage().delete(&lost).await.unwrap();
        attach(&w, hidden, "statutes", "brouillon.pdf", b"%PDF-1.4 draft").await;

        let mut staff = login(&w.router, "agent@cd92.example").await;
        let r = staff
            .post(
                &format!("/staff/calls/{}/export", w.call),
                &[("format", "zip")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let bytes = finish_export(&w, &mut staff, r.location().unwrap()).await;
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut names: Vec<String> = archive.file_names().map(str::to_owned).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "PROG-2026-00001/statutes-Statuts signés.pdf",
                "PROG-2026-00001/team.cv-cv-2.pdf",
                "PROG-2026-00001/team.cv-cv.pdf",
                "PROG-2026-00002/statutes-statuts.pdf",
                "_missing.txt",
            ],
            "{}",
            t.label
        );
        let mut content = String::new();
        archive
            .by_name("PROG-2026-00001/statutes-Statuts signés.pdf")
            .unwrap()
            .read_to_string(&mut content)
            .unwrap();
        assert_eq!(content, "%PDF-1.4 statuts A");
        let mut missing = String::new();
        archive
            .by_name("_missing.txt")
            .unwrap()
            .read_to_string(&mut missing)
            .unwrap();
        assert!(missing.contains("PROG-2026-00002/statutes-perdu.pdf"));
    }
}

#[tokio::test]
async fn a_zip_without_attachments_says_so() {
    let t = testing::sqlite().await;
    let w = world(&t).await;
    let mut staff = login(&w.router, "agent@cd92.example").await;
    let r = staff
        .post(
            &format!("/staff/calls/{}/export", w.call),
            &[("format", "zip")],
        )
        .await;
    let location = r.location().unwrap().to_owned();
    jobs::drain(&w.state).await.unwrap();
    let page = staff.get(&location).await;
    assert!(!page.body.contains("/download"));
    assert!(page.body.contains("Aucune pièce jointe"));
    let (status, _, _) = get_bytes(&w, w.staff, &format!("{location}/download")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Unknown formats are refused.
    let r = staff
        .post(
            &format!("/staff/calls/{}/export", w.call),
            &[("format", "exe")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

const SCDL_HEADER: &str = "nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,rnaBeneficiaire,objet,montant,nature,conditionsVersement,datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention,dispositifAide";

#[tokio::test]
async fn scdl_open_data_lists_only_accepted_files_in_the_schema_format() {
    for t in testing::databases().await {
        let w = world(&t).await;
        let public = format!("/open-data/calls/{}/subventions.csv", w.slug);
        let mut anonymous = Client::new(&w.router);
        // Not public until staff name the attributing body.
        assert_eq!(anonymous.get(&public).await.status, StatusCode::NOT_FOUND);

        let other = org(&w.state, "Régie, \"de quartier\"", 2, None).await;
        let mut f = NewFile::numbered(1);
        f.title = "Jardins partagés";
        f.amount = Some(1_250_050);
        let accepted = draft(&w, f).await;
        let mut f = NewFile::numbered(2);
        f.org = Some(other);
        f.title = "=cmd|' /C calc'!A0";
        f.amount = Some(500_000);
        let accepted_2 = draft(&w, f).await;
        let refused = draft(&w, NewFile::numbered(3)).await;
        let pending = draft(&w, NewFile::numbered(4)).await;
        let accept = [
            FileEvent::Submit,
            FileEvent::StartInstruction,
            FileEvent::Accept,
        ];
        moves(&w, accepted, &accept).await;
        moves(&w, accepted_2, &accept).await;
        moves(
            &w,
            refused,
            &[
                FileEvent::Submit,
                FileEvent::StartInstruction,
                FileEvent::Refuse,
            ],
        )
        .await;
        moves(&w, pending, &[FileEvent::Submit]).await;

        let mut staff = login(&w.router, "agent@cd92.example").await;
        let form = format!("/staff/calls/{}/open-data", w.call);
        let bad = staff
            .post(
                &form,
                &[
                    ("od_name", "Département des Hauts-de-Seine"),
                    ("od_siret", "12345678901234"),
                    ("od_terms", "staggered"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("href=\"#f-od_siret\""));
        assert!(
            bad.body.contains("href=\"#f-od_start\""),
            "staggered needs a period"
        );
        assert!(
            bad.body
                .contains("value=\"Département des Hauts-de-Seine\""),
            "form kept"
        );
        let attributing = siret(9);
        let ok = staff
            .post(
                &form,
                &[
                    ("od_name", "Département des Hauts-de-Seine"),
                    ("od_siret", &attributing),
                    ("od_terms", "unique"),
                ],
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);

        let r = anonymous.get(&public).await;
        assert_eq!(r.status, StatusCode::OK, "{}", t.label);
        assert_eq!(r.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        assert!(!r.body.starts_with(BOM), "validators read plain UTF-8");
        let first_line = r.body.split("\r\n").next().unwrap();
        assert_eq!(first_line, SCDL_HEADER);
        let rows = parse_csv(&r.body, ',');
        assert_eq!(
            rows.len(),
            3,
            "{}: only the accepted files: {rows:?}",
            t.label
        );
        let today = Utc::now()
            .with_timezone(&chrono_tz::Europe::Paris)
            .format("%Y-%m-%d")
            .to_string();
        assert_eq!(
            rows[1],
            [
                "Département des Hauts-de-Seine",
                attributing.as_str(),
                today.as_str(),
                "PROG-2026-00001",
                "Les Petits Débrouillards",
                siret(1).as_str(),
                "W921000123",
                "Jardins partagés",
                "12500.50",
                "aide en numéraire",
                "unique",
                today.as_str(),
                "",
                "non",
                "1.00",
                "",
            ]
        );
        assert_eq!(rows[2][4], "Régie, \"de quartier\"");
        assert_eq!(rows[2][6], "");
        assert_eq!(rows[2][7], "'=cmd|' /C calc'!A0");
        assert_eq!(rows[2][8], "5000.00");
        // No personal data: no e-mail, no person's name.
        assert!(!r.body.contains('@') && !r.body.contains("porteur"));

        // A staggered payment with its period.
        staff
            .post(
                &form,
                &[
                    ("od_name", "Département des Hauts-de-Seine"),
                    ("od_siret", &attributing),
                    ("od_terms", "staggered"),
                    ("od_start", "2026-01-15"),
                    ("od_end", "2026-12-15"),
                    ("od_notified_eu", "yes"),
                ],
            )
            .await;
        let (status, _, body) = get_bytes(
            &w,
            w.staff,
            &format!("/staff/calls/{}/subventions.csv", w.call),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let rows = parse_csv(std::str::from_utf8(&body).unwrap(), ',');
        assert_eq!(rows[1][10], "échelonné");
        assert_eq!(rows[1][11], "2026-01-15/2026-12-15");
        assert_eq!(rows[1][13], "oui");
    }
}

#[tokio::test]
async fn statistics_give_exact_median_and_90th_percentile() {
    for t in testing::databases().await {
        let w = world(&t).await;
        let t0 = Utc::now() - Duration::days(60);
        // Ten accepted files decided 1 to 10 days after their first submission.
        for d in 1..=10 {
            decided_at_days(
                &w,
                d,
                t0,
                &[
                    ("draft", "submitted", 0.0),
                    ("submitted", "under_instruction", 0.5),
                    ("under_instruction", "accepted", d as f64),
                ],
            )
            .await;
        }
        // Sent back for 20 days of corrections: 30 days in total, 10 with the department.
        decided_at_days(
            &w,
            11,
            t0,
            &[
                ("draft", "submitted", 0.0),
                ("submitted", "under_instruction", 1.0),
                ("under_instruction", "correction_requested", 5.0),
                ("correction_requested", "submitted", 25.0),
                ("submitted", "under_instruction", 26.0),
                ("under_instruction", "refused", 30.0),
            ],
        )
        .await;
        draft(&w, NewFile::numbered(20)).await;
        let mut staff = login(&w.router, "agent@cd92.example").await;
        let r = staff.get(&format!("/staff/calls/{}/stats", w.call)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let body = &r.body;
        // Totals: 1…10 and 30 → median 6, 90th percentile (rank 10 of 11) 10.
        assert!(
            body.contains("<td>11</td><td>6,0\u{a0}j</td><td>10,0\u{a0}j</td>"),
            "{}: {body}",
            t.label
        );
        // With the department: 1…10 and 10 → median 6, 90th percentile 10.
        assert!(body.contains(
            "Délai de l’administration</th><td>11</td><td>6,0\u{a0}j</td><td>10,0\u{a0}j</td>"
        ));
        // Funnel: 12 started, 11 submitted (100 %… of those).
        assert!(body.contains("Commencés (brouillons compris)</th><td>12</td>"));
        assert!(body.contains("Déposés</th><td>11</td>"));
        assert!(body.contains("Acceptés</th><td>10</td>"));
        // Envelope 50,000 €; accepted files requested 10 × 1,000 €: 20 %.
        assert!(body.contains("20,0\u{202f}%"), "{body}");
        assert!(body.contains("<caption>"));
        assert!(body.contains("<th scope=\"row\">Nanterre</th><td>92050</td><td>11</td>"));
    }
}

#[tokio::test]
async fn exports_are_for_staff_only_and_open_data_for_everyone() {
    let t = testing::sqlite().await;
    let w = world(&t).await;
    person(&w.state, "jury@cd92.example", &[Role::Jury]).await;
    let mut applicant = login(&w.router, "porteur@asso.example").await;
    let mut jury = login(&w.router, "jury@cd92.example").await;
    let mut anonymous = Client::new(&w.router);
    let c = w.call;
    let pages = [
        format!("/staff/calls/{c}/export"),
        format!("/staff/calls/{c}/export.csv"),
        format!("/staff/calls/{c}/stats"),
        format!("/staff/calls/{c}/subventions.csv"),
        format!("/staff/calls/{c}/exports/1"),
        format!("/staff/calls/{c}/exports/1/download"),
        "/staff/api-tokens".to_owned(),
    ];
    for path in &pages {
        assert_eq!(
            applicant.get(path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
        assert_eq!(jury.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
        let r = anonymous.get(path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert!(r.location().unwrap().starts_with("/login"));
    }
    for (path, fields) in [
        (format!("/staff/calls/{c}/export"), vec![("format", "xlsx")]),
        (
            format!("/staff/calls/{c}/open-data"),
            vec![("od_name", "x")],
        ),
        ("/staff/api-tokens".to_owned(), vec![("name", "x")]),
    ] {
        assert_eq!(
            applicant.post(&path, &fields).await.status,
            StatusCode::FORBIDDEN
        );
    }
    assert!(
        jobs::list(w.state.db()).await.unwrap().is_empty(),
        "nothing was queued"
    );
    // Staff asking for a call that does not exist get 404, not an empty export.
    let mut staff = login(&w.router, "agent@cd92.example").await;
    assert_eq!(
        staff.get("/staff/calls/999999/export.csv").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        staff.get("/staff/calls/abc/stats").await.status,
        StatusCode::NOT_FOUND
    );
    // An export of one call is not reachable through another call's address.
    let (other, _) = call(&w.state, w.staff, "autre-appel", &schema(), None).await;
    let r = staff
        .post(&format!("/staff/calls/{c}/export"), &[("format", "zip")])
        .await;
    let location = r.location().unwrap().to_owned();
    let crossed = location.replace(&format!("/calls/{c}/"), &format!("/calls/{other}/"));
    assert_eq!(staff.get(&crossed).await.status, StatusCode::NOT_FOUND);
    assert_eq!(staff.get(&location).await.status, StatusCode::OK);
}
