//! What visitors see of calls, through HTTP, on every database engine available.

use axum::http::StatusCode;
use chrono::{DateTime, Duration, TimeZone, Utc};
use essor_accounts::testing::{login, person};
use essor_domain::forms::FormSchema;
use essor_domain::ids::UserId;
use essor_domain::role::Role;
use essor_platform::db::Db;
use essor_platform::testing::{self, Client};
use essor_platform::Module;
use sea_query::{Alias, Query};

fn modules() -> Vec<Module> {
    vec![essor_accounts::module(), essor_calls::module()]
}

/// A call row as the admin pages would leave it.
async fn insert_call(
    db: &Db,
    by: UserId,
    slug: &str,
    state: &str,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    description: &str,
) {
    let now = Utc::now();
    let col = Alias::new;
    db.execute(
        Query::insert()
            .into_table(col("calls"))
            .columns(
                [
                    "slug",
                    "title",
                    "theme",
                    "summary",
                    "description",
                    "opens_at",
                    "closes_at",
                    "time_zone",
                    "eligible_kinds",
                    "require_esus",
                    "territory_rule",
                    "eligibility_rules",
                    "max_amount",
                    "envelope",
                    "required_documents",
                    "contact_name",
                    "contact_email",
                    "file_prefix",
                    "state",
                    "created_by",
                    "created_at",
                    "updated_at",
                ]
                .map(col),
            )
            .values_panic([
                slug.into(),
                format!("Appel {slug}").into(),
                "Vie quotidienne".into(),
                format!("Résumé de {slug}.").into(),
                description.into(),
                opens_at.into(),
                closes_at.into(),
                "Europe/Paris".into(),
                r#"["association","ess_company"]"#.into(),
                true.into(),
                "head_office".into(),
                "[]".into(),
                Some(3_000_000i64).into(),
                Some(50_000_000i64).into(),
                r#"["statutes","bank_details"]"#.into(),
                "Service ESS".into(),
                "ess@exemple.fr".into(),
                "PRG".into(),
                state.into(),
                by.0.into(),
                now.into(),
                now.into(),
            ]),
    )
    .await
    .unwrap();
}

fn position(body: &str, needle: &str) -> usize {
    body.find(needle)
        .unwrap_or_else(|| panic!("{needle} not in {body}"))
}

#[tokio::test]
async fn the_list_sorts_calls_into_open_upcoming_and_closed() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let db = state.db();
        let by = person(&state, "agent@exemple.fr", &[Role::Staff]).await;
        let now = Utc::now();
        let d = Duration::days;
        insert_call(
            db,
            by,
            "ouvert",
            "published",
            now - d(1),
            now + d(12) + Duration::hours(1),
            "",
        )
        .await;
        insert_call(db, by, "bientot", "published", now + d(5), now + d(40), "").await;
        insert_call(db, by, "cloture", "closed", now - d(60), now - d(10), "").await;
        insert_call(db, by, "echu", "published", now - d(60), now - d(1), "").await;
        insert_call(db, by, "brouillon", "draft", now - d(1), now + d(5), "").await;
        insert_call(db, by, "archive", "archived", now - d(90), now - d(30), "").await;

        let mut c = Client::new(&router);
        let res = c.get("/calls").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let b = &res.body;
        let open = position(b, "Appels ouverts");
        let upcoming = position(b, "Appels à venir");
        let closed = position(b, "Appels clôturés");
        assert!(open < position(b, "Appel ouvert") && position(b, "Appel ouvert") < upcoming);
        assert!(upcoming < position(b, "Appel bientot") && position(b, "Appel bientot") < closed);
        assert!(closed < position(b, "Appel cloture"));
        assert!(
            closed < position(b, "Appel echu"),
            "a published call past its deadline is closed"
        );
        assert!(
            position(b, "Appel echu") < position(b, "Appel cloture"),
            "latest closed first"
        );
        assert!(!b.contains("Appel brouillon") && !b.contains("Appel archive"));
        assert!(b.contains("Il reste 12 jours"), "{b}");
        assert!(b.contains("Ouverture le "));
    }
}

#[tokio::test]
async fn drafts_and_archives_exist_for_staff_only() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let db = state.db();
        let by = person(&state, "agent@exemple.fr", &[Role::Staff]).await;
        person(&state, "asso@exemple.fr", &[]).await;
        let now = Utc::now();
        insert_call(
            db,
            by,
            "brouillon",
            "draft",
            now - Duration::days(1),
            now + Duration::days(5),
            "",
        )
        .await;
        insert_call(
            db,
            by,
            "archive",
            "archived",
            now - Duration::days(90),
            now - Duration::days(30),
            "",
        )
        .await;
        let mut anonymous = Client::new(&router);
        let mut applicant = login(&router, "asso@exemple.fr").await;
        let mut staff = login(&router, "agent@exemple.fr").await;
        for slug in ["brouillon", "archive", "inconnu"] {
            let path = format!("/calls/{slug}");
            assert_eq!(
                anonymous.get(&path).await.status,
                StatusCode::NOT_FOUND,
                "{path}"
            );
            assert_eq!(
                applicant.get(&path).await.status,
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
        let res = staff.get("/calls/brouillon").await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(res
            .body
            .contains("Brouillon : cet appel n’est pas visible du public."));
        let res = staff.get("/calls/archive").await;
        assert!(res
            .body
            .contains("Archivé : cet appel n’est plus visible du public."));
        assert_eq!(
            staff.get("/calls/inconnu").await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn a_call_page_says_who_may_apply_until_when_in_its_time_zone() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let db = state.db();
        let by = person(&state, "agent@exemple.fr", &[Role::Staff]).await;
        let now = Utc::now();
        // Friday 15 January 2027, 17:00 in Paris.
        let deadline = Utc.with_ymd_and_hms(2027, 1, 15, 16, 0, 0).unwrap();
        let description = "## Objet\n\nSoutenir **les initiatives**.\n\n<script>alert(1)</script>\n\n[Règlement](javascript:alert(2))";
        insert_call(
            db,
            by,
            "progress",
            "published",
            now - Duration::days(1),
            deadline,
            description,
        )
        .await;
        insert_call(
            db,
            by,
            "court",
            "published",
            now - Duration::days(1),
            now + Duration::hours(3) + Duration::minutes(20) + Duration::seconds(30),
            "",
        )
        .await;
        insert_call(
            db,
            by,
            "passe",
            "closed",
            now - Duration::days(60),
            deadline - Duration::days(365),
            "",
        )
        .await;

        let mut c = Client::new(&router);
        let res = c.get("/calls/progress").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let b = &res.body;
        assert!(
            b.contains("vendredi 15 janvier 2027 à 17:00 (heure de Paris)"),
            "{b}"
        );
        assert!(
            b.contains("href=\"/calls/progress/eligibility\""),
            "the apply button"
        );
        assert!(b.contains("Il reste "), "time left");
        assert!(
            b.contains("<h4>Objet</h4>") && b.contains("<strong>les initiatives</strong>"),
            "{b}"
        );
        assert!(!b.contains("<script>alert(1)"), "raw HTML escaped");
        assert!(b.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!b.contains("javascript:"), "unsafe link dropped");
        assert!(b.contains("Association") && b.contains("Entreprise de l’ESS"));
        assert!(b.contains("agrément ESUS"));
        assert!(
            b.contains("situé dans le territoire Hauts-de-Seine"),
            "territory named"
        );
        assert!(
            b.contains("30\u{202f}000,00\u{a0}€") && b.contains("500\u{202f}000,00\u{a0}€"),
            "{b}"
        );
        assert!(b.contains("Statuts") && b.contains("Relevé d’identité bancaire"));
        assert!(b.contains("mailto:ess@exemple.fr"));

        let res = c.get("/calls/court").await;
        assert!(res.body.contains("Il reste 3 h 20 min"), "{}", res.body);
        let res = c.get("/calls/passe").await;
        assert!(
            res.body
                .contains("Clôturé le jeudi 15 janvier 2026 à 17:00 (heure de Paris)"),
            "{}",
            res.body
        );
        assert!(
            !res.body.contains("/eligibility"),
            "no apply button once closed"
        );

        // In English.
        let res = c
            .post("/lang", &[("lang", "en"), ("next", "/calls/progress")])
            .await;
        assert!(res.status.is_redirection());
        let res = c.get("/calls/progress").await;
        assert!(
            res.body
                .contains("Friday 15 January 2027 at 17:00 (Paris time)"),
            "{}",
            res.body
        );
        assert!(res.body.contains("€30,000.00"));
    }
}

#[tokio::test]
async fn the_demo_opens_progress_with_the_cerfa_form() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let staff = person(&state, "agent@exemple.fr", &[Role::Staff]).await;
        let id = essor_calls::admin::demo::seed_demo(&state, staff)
            .await
            .unwrap();
        let call = essor_calls::model::call_by_id(state.db(), id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(call.state, "published");
        assert!(call.is_open_at(Utc::now()));
        assert_eq!(call.envelope, Some(50_000_000));
        assert_eq!(call.max_amount, Some(3_000_000));
        let local = call.closes_at.with_timezone(&chrono_tz::Europe::Paris);
        assert_eq!(local.format("%H:%M").to_string(), "17:00");
        let form = essor_calls::model::form_by_id(
            state.db(),
            essor_domain::ids::FormId(call.current_form_id.unwrap()),
        )
        .await
        .unwrap()
        .unwrap();
        assert!(form.published_at.is_some());
        let schema: FormSchema = form.schema().unwrap();
        assert_eq!(schema.check(), Ok(()));
        let mut c = Client::new(&router);
        let b = c.get("/calls").await.body;
        let (open, upcoming, closed) = (
            position(&b, "Appels ouverts"),
            position(&b, "Appels à venir"),
            position(&b, "Appels clôturés"),
        );
        let progress = position(&b, "Progr’ESS — Vie quotidienne");
        assert!(open < progress && progress < upcoming);
        assert!(upcoming < position(&b, "Solidarités numériques"));
        assert!(closed < position(&b, "Progr’ESS — Édition pilote"));
        assert!(c
            .get("/calls/progress-vie-quotidienne")
            .await
            .body
            .contains("Hauts-de-Seine"));
        assert!(
            essor_calls::admin::demo::seed_demo(&state, staff)
                .await
                .is_err(),
            "not twice"
        );
    }
}
