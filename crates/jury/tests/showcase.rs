//! The laureates' showcase through HTTP, on every database engine available: the laureate's page
//! (story, figures, goals, pictures, updates), who may write and see it, staff moderation, and
//! the public list's filters and pages.

mod commission_support;

use axum::http::{header, StatusCode};
use commission_support::*;
use essor_platform::{jobs, testing};
use sea_query::{Expr, Func, Query};

const PNG: &[u8] = include_bytes!("../assets/demo-garden.png");

/// Accepts file `file` of the world with `amount` cents and returns its award.
async fn laureate(w: &World, file: i64, org: i64, amount: i64, consent: bool) -> i64 {
    let now = chrono::Utc::now();
    w.state
        .db()
        .execute(
            Query::update()
                .table(col("files"))
                .values([(col("state"), "accepted".into())])
                .and_where(Expr::col(col("id")).eq(file)),
        )
        .await
        .unwrap();
    insert(
        &w.state,
        "jury_awards",
        &[
            "call_id",
            "file_id",
            "org_id",
            "amount",
            "convention_required",
            "report_due_on",
            "showcase_consent",
            "decided_at",
            "updated_at",
        ],
        vec![
            w.call.into(),
            file.into(),
            org.into(),
            amount.into(),
            false.into(),
            now.date_naive().into(),
            consent.into(),
            now.into(),
            now.into(),
        ],
    )
    .await
}

async fn count(w: &World, table: &str) -> i64 {
    let (n,): (i64,) = w
        .state
        .db()
        .fetch_one(
            Query::select()
                .expr(Func::count(Expr::col(col("id"))))
                .from(col(table)),
        )
        .await
        .unwrap();
    n
}

fn stored_files(w: &World, award: i64) -> usize {
    let dir = w
        .state
        .config()
        .data_dir
        .join("files")
        .join("showcase")
        .join(award.to_string());
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

#[tokio::test]
async fn the_laureate_writes_its_page_and_the_public_reads_it() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        let a = laureate(&w, w.files[0], w.org_a, 1_500_000, true).await;
        let manage = format!("/awards/{a}/showcase");

        // Only the laureate's members and staff see the editor; only members write.
        assert_eq!(w.applicant.get(&manage).await.status, StatusCode::OK);
        let staff_view = w.staff.get(&manage).await;
        assert_eq!(staff_view.status, StatusCode::OK);
        assert!(staff_view.body.contains("moderation"), "staff moderate");
        assert!(
            !staff_view.body.contains("name=\"story\""),
            "staff do not write"
        );
        assert_eq!(w.other.get(&manage).await.status, StatusCode::NOT_FOUND);
        assert_eq!(w.reviewer.get(&manage).await.status, StatusCode::NOT_FOUND);
        let fields = [
            ("story", "Un **potager** partagé <script>alert(1)</script>"),
            ("beneficiaries", "1 200"),
            ("jobs", "3"),
            ("goals", "2"),
            ("goals", "11"),
            ("goals", "99"),
        ];
        assert_eq!(
            w.staff.post(&manage, &fields).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            w.other.post(&manage, &fields).await.status,
            StatusCode::NOT_FOUND
        );

        // A refused form comes back filled, nothing saved.
        let bad = w
            .applicant
            .post(
                &manage,
                &[("story", "Mon récit gardé"), ("beneficiaries", "beaucoup")],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("Mon récit gardé"), "{}", bad.body);
        assert!(bad.body.contains("value=\"beaucoup\""));
        assert!(
            bad.body.contains("Enter a whole positive number"),
            "English"
        );

        let res = w.applicant.post(&manage, &fields).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

        // Pictures: JPEG or PNG with an alternative text; anything else leaves nothing behind.
        let pictures = format!("/awards/{a}/showcase/pictures");
        let pdf = w
            .applicant
            .post_multipart(
                &pictures,
                &[
                    ("alt", None, "Un document".as_bytes()),
                    ("photo", Some("x.pdf"), b"%PDF-1.7 not a picture"),
                ],
            )
            .await;
        assert_eq!(pdf.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(pdf.body.contains("JPEG or PNG"), "{}", pdf.body);
        assert!(pdf.body.contains("value=\"Un document\""), "alt kept");
        let no_alt = w
            .applicant
            .post_multipart(
                &pictures,
                &[("photo", Some("p.png"), PNG), ("alt", None, b"  ")],
            )
            .await;
        assert_eq!(no_alt.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(count(&w, "showcase_pictures").await, 0);
        assert_eq!(stored_files(&w, a), 0, "refused uploads are deleted");
        let ok = w
            .applicant
            .post_multipart(
                &pictures,
                &[
                    ("photo", Some("p.png"), PNG),
                    ("alt", None, "Le potager au soleil".as_bytes()),
                ],
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        assert_eq!(stored_files(&w, a), 1);
        let (pic,): (i64,) = w
            .state
            .db()
            .fetch_one(
                Query::select()
                    .column(col("id"))
                    .from(col("showcase_pictures")),
            )
            .await
            .unwrap();

        // A progress update.
        let res = w
            .applicant
            .post(
                &format!("/awards/{a}/showcase/updates"),
                &[
                    ("title", "Première récolte"),
                    ("body", "Quarante familles *servies*."),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let empty = w
            .applicant
            .post(
                &format!("/awards/{a}/showcase/updates"),
                &[("title", ""), ("body", "Texte gardé")],
            )
            .await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(empty.body.contains("Texte gardé"));

        // The public page: the story rendered safely, figures, goals, the picture, the update.
        let mut anon = testing::Client::new(&w.router);
        let page = anon.get(&format!("/laureats/{a}")).await;
        assert_eq!(page.status, StatusCode::OK);
        let b = &page.body;
        assert!(b.contains("<strong>potager</strong>"), "{b}");
        assert!(!b.contains("<script>alert"), "raw HTML never passes");
        assert!(b.contains("1200"));
        assert!(b.contains("Faim « zéro »") && b.contains("Villes et communautés durables"));
        assert!(!b.contains("Objectif 99"));
        assert!(b.contains(&format!("/laureats/{a}/photos/{pic}")));
        assert!(b.contains("alt=\"Le potager au soleil\""));
        assert!(b.contains("Première récolte") && b.contains("<em>servies</em>"));
        let photo = anon.get(&format!("/laureats/{a}/photos/{pic}")).await;
        assert_eq!(photo.status, StatusCode::OK);
        assert_eq!(photo.headers[header::CONTENT_TYPE], "image/png");
        assert_eq!(photo.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");

        // Six pictures at most.
        for i in 0..5 {
            essor_jury::showcase::add_picture_bytes(
                &w.state,
                a,
                PNG,
                &format!("Photo {i}"),
                essor_domain::ids::UserId(1),
            )
            .await
            .unwrap()
            .expect("room for six");
        }
        let full = w
            .applicant
            .post_multipart(
                &pictures,
                &[
                    ("photo", Some("p.png"), PNG),
                    ("alt", None, "Une de trop".as_bytes()),
                ],
            )
            .await;
        assert_eq!(full.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            full.body.contains("already has 6 pictures"),
            "{}",
            full.body
        );
        assert_eq!(count(&w, "showcase_pictures").await, 6);
        assert_eq!(stored_files(&w, a), 6);

        // Deleting a picture removes its record and its file; another organisation cannot.
        let del = format!("/awards/{a}/showcase/pictures/{pic}/delete");
        assert_eq!(w.other.post(&del, &[]).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            w.applicant.post(&del, &[]).await.status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(stored_files(&w, a), 5);
        assert_eq!(
            anon.get(&format!("/laureats/{a}/photos/{pic}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn staff_hide_a_page_with_a_reason_and_previews_stay_private() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        let a = laureate(&w, w.files[0], w.org_a, 1_500_000, true).await;
        let b = laureate(&w, w.files[1], w.org_b, 3_000_000, false).await;
        let mut anon = testing::Client::new(&w.router);
        let moderation = format!("/awards/{a}/showcase/moderation");

        assert_eq!(
            w.applicant
                .post(&moderation, &[("action", "hide"), ("reason", "x")])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let no_reason = w
            .staff
            .post(&moderation, &[("action", "hide"), ("reason", " ")])
            .await;
        assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            anon.get(&format!("/laureats/{a}")).await.status,
            StatusCode::OK
        );
        let res = w
            .staff
            .post(
                &moderation,
                &[
                    ("action", "hide"),
                    ("reason", "Photo d’un mineur sans accord"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(
            anon.get(&format!("/laureats/{a}")).await.status,
            StatusCode::NOT_FOUND
        );
        // The laureate (an English account) is told, with a link to its page.
        jobs::drain(&w.state).await.unwrap();
        let mails = testing::outbox(&w.state);
        let told = mails
            .iter()
            .find(|m| m.contains("jo@asso.org") && m.contains("is hidden"))
            .expect("mail to the laureate");
        assert!(told.contains(&format!("/awards/{a}/showcase")), "{told}");
        assert!(!anon.get("/laureats").await.body.contains("Potager partagé"));
        // The laureate reads why, and still previews its page.
        let own = w.applicant.get(&format!("/awards/{a}/showcase")).await;
        assert!(
            own.body.contains("Photo d’un mineur sans accord"),
            "{}",
            own.body
        );
        assert_eq!(
            w.applicant.get(&format!("/laureats/{a}")).await.status,
            StatusCode::OK
        );
        let res = w.staff.post(&moderation, &[("action", "show")]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        jobs::drain(&w.state).await.unwrap();
        let mails = testing::outbox(&w.state);
        assert!(mails.iter().any(|m| m.contains("is visible again")));
        // Showing a page that is not hidden changes nothing and tells no one.
        w.staff.post(&moderation, &[("action", "show")]).await;
        jobs::drain(&w.state).await.unwrap();
        assert_eq!(testing::outbox(&w.state).len(), mails.len());
        assert_eq!(
            anon.get(&format!("/laureats/{a}")).await.status,
            StatusCode::OK
        );

        // Without consent, the page and its pictures are the laureate's and staff's only.
        let pic = essor_jury::showcase::add_picture_bytes(
            &w.state,
            b,
            PNG,
            "Atelier",
            essor_domain::ids::UserId(1),
        )
        .await
        .unwrap()
        .unwrap();
        let photo = format!("/laureats/{b}/photos/{pic}");
        assert_eq!(anon.get(&photo).await.status, StatusCode::NOT_FOUND);
        assert_eq!(w.applicant.get(&photo).await.status, StatusCode::NOT_FOUND);
        let own = w.other.get(&photo).await;
        assert_eq!(own.status, StatusCode::OK);
        assert_eq!(own.headers[header::CACHE_CONTROL], "private, no-store");
        assert_eq!(w.staff.get(&photo).await.status, StatusCode::OK);
        let preview = w.other.get(&format!("/laureats/{b}")).await;
        assert!(preview.body.contains("Aperçu"), "{}", preview.body);
        // A picture of one award is not reachable through another's address.
        assert_eq!(
            anon.get(&format!("/laureats/{a}/photos/{pic}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn the_public_list_filters_and_pages() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        let a = laureate(&w, w.files[0], w.org_a, 1_500_000, true).await;
        let b = laureate(&w, w.files[1], w.org_b, 3_000_000, true).await;
        w.applicant
            .post(
                &format!("/awards/{a}/showcase"),
                &[("story", "Des légumes pour l’épicerie"), ("goals", "2")],
            )
            .await;
        let mut anon = testing::Client::new(&w.router);
        let shows = |body: &str| {
            (
                body.contains(&format!("/laureats/{a}\"")),
                body.contains(&format!("/laureats/{b}\"")),
            )
        };
        let all = anon.get("/laureats").await;
        assert_eq!(shows(&all.body), (true, true));
        // Accents ignored, beginnings of words, the story searched too.
        let velo = anon.get("/laureats?q=VELO").await;
        assert_eq!(shows(&velo.body), (false, true));
        assert!(
            velo.body.contains(">1 projet</h2>"),
            "singular: {}",
            velo.body
        );
        assert_eq!(
            shows(&anon.get("/laureats?q=legum").await.body),
            (true, false)
        );
        assert_eq!(
            shows(&anon.get("/laureats?q=otager").await.body),
            (false, false)
        );
        assert_eq!(
            shows(&anon.get("/laureats?odd=2").await.body),
            (true, false)
        );
        assert_eq!(
            shows(&anon.get("/laureats?montant=plus-30000").await.body),
            (false, true)
        );
        assert_eq!(
            shows(&anon.get("/laureats?montant=10000-30000").await.body),
            (true, false)
        );
        let year = chrono::Utc::now()
            .with_timezone(&chrono_tz::Europe::Paris)
            .format("%Y")
            .to_string();
        assert_eq!(
            shows(
                &anon
                    .get(&format!(
                        "/laureats?annee={year}&commune=92050&appel={}",
                        w.call
                    ))
                    .await
                    .body
            ),
            (true, true)
        );
        assert_eq!(
            shows(&anon.get("/laureats?annee=1999").await.body),
            (false, false)
        );
        // The filter keeps its choice.
        let res = anon.get("/laureats?montant=plus-30000").await;
        assert!(
            res.body.contains("value=\"plus-30000\" selected"),
            "{}",
            res.body
        );

        // Pages of twelve, the filters kept in the links.
        let (form,): (i64,) = w
            .state
            .db()
            .fetch_one(
                Query::select()
                    .column(col("form_id"))
                    .from(col("files"))
                    .and_where(Expr::col(col("id")).eq(w.files[0])),
            )
            .await
            .unwrap();
        for i in 0..12 {
            let number = format!("PROG-2026-1{i:04}");
            let title = format!("Projet numéro {i}");
            let org_by = (w.org_b, w.staff_id);
            let file = file(
                &w.state, w.call, form, org_by, &number, &title, 100_000, "accepted",
            )
            .await;
            laureate(&w, file, w.org_b, 100_000, true).await;
        }
        let first = anon.get("/laureats?q=projet").await;
        assert!(first.body.contains("12 projets"), "{}", first.body);
        assert_eq!(
            first.body.matches("class=\"card showcase-card\"").count(),
            12
        );
        let all = anon.get("/laureats").await;
        assert!(all.body.contains("14 projets"));
        assert!(
            all.body.contains("href=\"/laureats?page=2\""),
            "{}",
            all.body
        );
        let second = anon.get("/laureats?page=2").await;
        assert_eq!(
            second.body.matches("class=\"card showcase-card\"").count(),
            2
        );
        let filtered = anon.get("/laureats?commune=92050").await;
        assert!(filtered
            .body
            .contains("href=\"/laureats?commune=92050&amp;page=2\""));
    }
}
