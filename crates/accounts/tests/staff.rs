//! The staff back-office, through HTTP, on every database engine available.

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use essor_accounts::testing::{account, login, PASSWORD};
use essor_accounts::users;
use essor_domain::email::Email;
use essor_domain::ids::UserId;
use essor_domain::role::Role;
use essor_platform::audit::{self, AuditLog, Entry};
use essor_platform::db::Db;
use essor_platform::jobs::{self, Jobs};
use essor_platform::testing::{self, Client, TestResponse};
use essor_platform::{session, AppState, Module};
use sea_query::{Alias, Asterisk, Expr, Query};

async fn person(state: &AppState, email: &str, name: &str, roles: &[Role]) -> UserId {
    account(state, email, name, "fr", roles).await
}

fn modules() -> Vec<Module> {
    vec![essor_accounts::module()]
}

async fn org(db: &Db, name: &str, kind: &str, siret: Option<&str>, rna: Option<&str>) -> i64 {
    let now = Utc::now();
    let col = |c: &str| Alias::new(c);
    db.insert_id(
        Query::insert()
            .into_table(col("organisations"))
            .columns([
                col("kind"),
                col("name"),
                col("siret"),
                col("siren"),
                col("rna"),
                col("address"),
                col("commune_code"),
                col("contact_email"),
                col("created_at"),
                col("updated_at"),
            ])
            .values_panic([
                kind.into(),
                name.into(),
                siret.map(str::to_owned).into(),
                siret.map(|s| s[..9].to_owned()).into(),
                rna.map(str::to_owned).into(),
                "1 rue de la Paix".into(),
                "92050".into(),
                "contact@exemple.fr".into(),
                now.into(),
                now.into(),
            ])
            .to_owned(),
    )
    .await
    .unwrap()
}

async fn count_where(db: &Db, table: &str, col: &str, value: impl Into<sea_query::Value>) -> i64 {
    let (n,): (i64,) = db
        .fetch_one(
            Query::select()
                .expr(Expr::col(Asterisk).count())
                .from(Alias::new(table))
                .and_where(Expr::col(Alias::new(col)).eq(value.into())),
        )
        .await
        .unwrap();
    n
}

async fn audit_count(db: &Db, action: &str) -> i64 {
    count_where(db, "audit_log", "action", action).await
}

async fn verification(db: &Db, org: i64) -> (Option<DateTime<Utc>>, Option<i64>) {
    db.fetch_one(
        Query::select()
            .columns([Alias::new("verified_at"), Alias::new("verified_by")])
            .from(Alias::new("organisations"))
            .and_where(Expr::col(Alias::new("id")).eq(org)),
    )
    .await
    .unwrap()
}

fn assert_status(res: &TestResponse, status: StatusCode, what: &str) {
    assert_eq!(res.status, status, "{what}: {}", res.body);
}

/// Table rows of the body, header row excluded.
fn body_rows(res: &TestResponse) -> usize {
    res.body.matches("<tr>").count().saturating_sub(1)
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_sign_in() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let bob = person(&state, "bob@exemple.fr", "Bob", &[]).await;
        let o = org(state.db(), "Les Jardins", "association", None, None).await;
        let mut c = Client::new(&router);
        for path in [
            "/staff".to_owned(),
            "/staff/people?q=bob".to_owned(),
            format!("/staff/people/{bob}"),
            "/staff/orgs".to_owned(),
            format!("/staff/orgs/{o}"),
            "/staff/audit".to_owned(),
            "/staff/jobs".to_owned(),
        ] {
            let res = c.get(&path).await;
            assert_status(
                &res,
                StatusCode::SEE_OTHER,
                &format!("{} GET {path}", t.label),
            );
            let to = res.location().unwrap_or("");
            assert!(
                to.starts_with("/login?next=%2Fstaff"),
                "{} GET {path} went to {to}",
                t.label
            );
        }
        for path in [
            format!("/staff/people/{bob}/roles"),
            format!("/staff/people/{bob}/roles/revoke"),
            format!("/staff/people/{bob}/disable"),
            format!("/staff/people/{bob}/enable"),
            format!("/staff/orgs/{o}/verify"),
            format!("/staff/orgs/{o}/unverify"),
            "/staff/jobs/1/retry".to_owned(),
        ] {
            let res = c.post(&path, &[("role", "jury")]).await;
            assert_status(
                &res,
                StatusCode::SEE_OTHER,
                &format!("{} POST {path}", t.label),
            );
            assert!(res.location().unwrap_or("").starts_with("/login?next="));
        }
        assert!(session::roles_of(state.db(), bob).await.unwrap().is_empty());
        assert_eq!(verification(state.db(), o).await.0, None);
    }
}

#[tokio::test]
async fn only_staff_and_administrators_get_in() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let bob = person(&state, "bob@exemple.fr", "Bob Durand", &[]).await;
        person(&state, "jury@exemple.fr", "Jeanne Jury", &[Role::Jury]).await;
        person(&state, "agent@exemple.fr", "Samir Agent", &[Role::Staff]).await;
        person(&state, "admin@exemple.fr", "Alice Admin", &[Role::Admin]).await;
        let o = org(state.db(), "Les Jardins", "association", None, None).await;
        // A member of an applicant organisation (the applicant role) is no staff member.
        state
            .db()
            .execute(
                Query::insert()
                    .into_table(Alias::new("memberships"))
                    .columns([
                        Alias::new("org_id"),
                        Alias::new("user_id"),
                        Alias::new("role"),
                        Alias::new("created_at"),
                    ])
                    .values_panic([o.into(), bob.0.into(), "owner".into(), Utc::now().into()]),
            )
            .await
            .unwrap();
        assert!(session::roles_of(state.db(), bob)
            .await
            .unwrap()
            .contains(&Role::Applicant));
        let pages = [
            "/staff".to_owned(),
            "/staff/people".to_owned(),
            format!("/staff/people/{bob}"),
            "/staff/orgs".to_owned(),
            "/staff/audit".to_owned(),
            "/staff/jobs".to_owned(),
        ];
        for email in ["bob@exemple.fr", "jury@exemple.fr"] {
            let mut c = login(&router, email).await;
            for path in &pages {
                let res = c.get(path).await;
                assert_status(
                    &res,
                    StatusCode::FORBIDDEN,
                    &format!("{} {email} {path}", t.label),
                );
            }
            let res = c.post(&format!("/staff/orgs/{o}/verify"), &[]).await;
            assert_status(&res, StatusCode::FORBIDDEN, "verify");
            let res = c
                .post(&format!("/staff/people/{bob}/roles"), &[("role", "jury")])
                .await;
            assert_status(&res, StatusCode::FORBIDDEN, "grant");
            // The header offers no back-office link.
            assert!(!c.get("/").await.body.contains("href=\"/staff\""));
        }
        assert_eq!(verification(state.db(), o).await.0, None);
        for email in ["agent@exemple.fr", "admin@exemple.fr"] {
            let mut c = login(&router, email).await;
            for path in &pages {
                let res = c.get(path).await;
                assert_status(&res, StatusCode::OK, &format!("{} {email} {path}", t.label));
            }
        }
        // The dashboard counts, and the person page shows memberships and derived roles.
        let mut c = login(&router, "agent@exemple.fr").await;
        let res = c.get("/staff").await;
        assert!(res.body.contains("4 comptes"), "{}", res.body);
        assert!(res.body.contains("1 structure en attente de vérification"));
        assert!(res.body.contains("Aucune tâche abandonnée"));
        let res = c.get(&format!("/staff/people/{bob}")).await;
        assert!(
            res.body.contains(&format!("href=\"/orgs/{o}\"")),
            "{}",
            res.body
        );
        assert!(res.body.contains("Les Jardins"));
        assert!(res.body.contains("Membre d’une structure candidate"));
        // Unknown people and malformed ids are missing pages.
        assert_status(
            &c.get("/staff/people/99999").await,
            StatusCode::NOT_FOUND,
            "unknown",
        );
        assert_status(
            &c.get("/staff/people/abc").await,
            StatusCode::NOT_FOUND,
            "malformed",
        );
    }
}

#[tokio::test]
async fn people_search_is_case_insensitive_and_paginated() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        person(&state, "agent@exemple.fr", "Samir Agent", &[Role::Staff]).await;
        let zoe = person(&state, "zoe.martin@exemple.fr", "Zoé Martin", &[Role::Jury]).await;
        person(&state, "bob@exemple.fr", "Bob Durand", &[]).await;
        let mut c = login(&router, "agent@exemple.fr").await;

        let res = c.get("/staff/people?q=MARTIN").await;
        assert_status(&res, StatusCode::OK, t.label);
        assert!(
            res.body.contains("zoe.martin@exemple.fr"),
            "{}: {}",
            t.label,
            res.body
        );
        assert!(!res.body.contains("bob@exemple.fr"));
        assert!(res.body.contains(&format!("href=\"/staff/people/{zoe}\"")));
        assert!(res.body.contains("Membre de jury"), "roles are listed");
        assert!(res.body.contains("Adresse confirmée"));
        assert!(res.body.contains("1 résultat"));

        let res = c.get("/staff/people?q=ZOE.MART").await;
        assert!(res.body.contains("zoe.martin@exemple.fr"), "{}", t.label);
        assert!(!res.body.contains("bob@exemple.fr"));

        let res = c.get("/staff/people?q=durand").await;
        assert!(res.body.contains("bob@exemple.fr"), "{}", t.label);
        assert!(!res.body.contains("zoe.martin@exemple.fr"));

        // The term's wildcards are literal characters.
        let res = c.get("/staff/people?q=%25").await;
        assert!(
            res.body.contains("Aucun résultat"),
            "{}: {}",
            t.label,
            res.body
        );
        let res = c.get("/staff/people?q=_").await;
        assert!(res.body.contains("Aucun résultat"), "{}", t.label);

        // 60 more people: two pages of 50 and 10.
        let mut tx = state.db().begin().await.unwrap();
        for i in 1..=60 {
            let email = Email::parse(&format!("pager-{i:02}@exemple.fr")).unwrap();
            users::create(&mut tx, &email, &format!("Pager {i:02}"), "x", "fr", false)
                .await
                .unwrap()
                .unwrap();
        }
        tx.commit().await.unwrap();
        let res = c.get("/staff/people?q=pager").await;
        assert!(res.body.contains("60 résultats"), "{}", t.label);
        assert_eq!(res.body.matches("@exemple.fr</td>").count(), 50);
        assert!(res.body.contains("pager-01@"));
        assert!(!res.body.contains("pager-51@"));
        assert!(res
            .body
            .contains("href=\"/staff/people?q=pager&amp;page=2\" rel=\"next\""));
        assert!(res.body.contains("Adresse non confirmée"));
        let res = c.get("/staff/people?q=pager&page=2").await;
        assert_eq!(
            res.body.matches("@exemple.fr</td>").count(),
            10,
            "{}",
            t.label
        );
        assert!(res.body.contains("pager-51@") && res.body.contains("pager-60@"));
        assert!(res
            .body
            .contains("href=\"/staff/people?q=pager&amp;page=1\" rel=\"prev\""));
        assert!(!res.body.contains("rel=\"next\""));
        // A page number that is not one shows the first page.
        let res = c.get("/staff/people?q=pager&page=abc").await;
        assert_status(&res, StatusCode::OK, "bad page");
        assert!(res.body.contains("pager-01@"));
    }
}

#[tokio::test]
async fn staff_grant_programme_roles_and_only_administrators_grant_access() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let db = state.db();
        let agent = person(&state, "agent@exemple.fr", "Samir Agent", &[Role::Staff]).await;
        let admin = person(&state, "admin@exemple.fr", "Alice Admin", &[Role::Admin]).await;
        let bob = person(&state, "bob@exemple.fr", "Bob Durand", &[]).await;
        let roles = |u: UserId| async move { session::roles_of(db, u).await.unwrap() };
        let mut staff = login(&router, "agent@exemple.fr").await;
        let grant = format!("/staff/people/{bob}/roles");
        let revoke = format!("/staff/people/{bob}/roles/revoke");

        // The form offers staff only what they may grant.
        let page = staff.get(&format!("/staff/people/{bob}")).await;
        assert!(
            page.body.contains("<option value=\"jury\">"),
            "{}",
            page.body
        );
        assert!(!page.body.contains("<option value=\"admin\">"));
        assert!(!page.body.contains("<option value=\"staff\">"));

        let res = staff.post(&grant, &[("role", "jury")]).await;
        assert_status(&res, StatusCode::SEE_OTHER, t.label);
        assert_eq!(
            res.location(),
            Some(format!("/staff/people/{bob}").as_str())
        );
        assert!(roles(bob).await.contains(&Role::Jury));
        let page = staff.get(&format!("/staff/people/{bob}")).await;
        assert!(page.body.contains("Le rôle a été attribué."), "flash");
        assert!(page.body.contains("Attribution d’un rôle"), "history");
        assert_eq!(audit_count(db, "staff.grant_role").await, 1);

        // Granting again changes nothing and records nothing.
        staff.post(&grant, &[("role", "jury")]).await;
        assert_eq!(audit_count(db, "staff.grant_role").await, 1);

        for role in ["admin", "staff"] {
            let res = staff.post(&grant, &[("role", role)]).await;
            assert_status(&res, StatusCode::FORBIDDEN, role);
        }
        for role in ["applicant", "root", ""] {
            let res = staff.post(&grant, &[("role", role)]).await;
            assert_status(&res, StatusCode::BAD_REQUEST, role);
        }
        let res = staff
            .post(
                &format!("/staff/people/{admin}/roles/revoke"),
                &[("role", "admin")],
            )
            .await;
        assert_status(&res, StatusCode::FORBIDDEN, "staff revoking an admin");
        assert!(roles(admin).await.contains(&Role::Admin));
        assert_eq!(
            roles(bob).await.into_iter().collect::<Vec<_>>(),
            vec![Role::Jury]
        );

        let res = staff.post(&revoke, &[("role", "jury")]).await;
        assert_status(&res, StatusCode::SEE_OTHER, "revoke jury");
        assert!(roles(bob).await.is_empty());
        assert_eq!(audit_count(db, "staff.revoke_role").await, 1);

        // Administrators grant and revoke access to the back-office.
        let mut adm = login(&router, "admin@exemple.fr").await;
        let page = adm.get(&format!("/staff/people/{bob}")).await;
        assert!(page.body.contains("<option value=\"admin\">"));
        for role in ["admin", "staff"] {
            let res = adm.post(&grant, &[("role", role)]).await;
            assert_status(&res, StatusCode::SEE_OTHER, role);
        }
        assert!(roles(bob).await.contains(&Role::Admin));
        // Bob, now an administrator, sees the back-office.
        let mut b = login(&router, "bob@exemple.fr").await;
        assert_status(&b.get("/staff").await, StatusCode::OK, "new admin");
        let res = adm.post(&revoke, &[("role", "admin")]).await;
        assert_status(&res, StatusCode::SEE_OTHER, "revoke admin");
        assert!(!roles(bob).await.contains(&Role::Admin));
        let res = adm
            .post(
                &format!("/staff/people/{agent}/roles/revoke"),
                &[("role", "staff")],
            )
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "revoke staff");
        assert_status(
            &staff.get("/staff").await,
            StatusCode::FORBIDDEN,
            "former staff",
        );

        // No lock-out: an administrator cannot revoke their own administrator role.
        let own = format!("/staff/people/{admin}");
        let page = adm.get(&own).await;
        assert!(
            !page.body.contains("Retirer le rôle « Administrateur »"),
            "no button"
        );
        let res = adm
            .post(&format!("{own}/roles/revoke"), &[("role", "admin")])
            .await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "own admin");
        assert!(res
            .body
            .contains("Vous ne pouvez pas retirer votre propre rôle d’administrateur"));
        assert!(roles(admin).await.contains(&Role::Admin));
        assert_eq!(audit_count(db, "staff.revoke_role").await, 3, "{}", t.label);
    }
}

#[tokio::test]
async fn disabling_an_account_ends_its_sessions() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let db = state.db();
        let agent = person(&state, "agent@exemple.fr", "Samir Agent", &[Role::Staff]).await;
        let admin = person(&state, "admin@exemple.fr", "Alice Admin", &[Role::Admin]).await;
        let bob = person(&state, "bob@exemple.fr", "Bob Durand", &[]).await;
        let mut b = login(&router, "bob@exemple.fr").await;
        assert_status(&b.get("/account").await, StatusCode::OK, "bob signed in");
        let mut staff = login(&router, "agent@exemple.fr").await;

        let res = staff
            .post(&format!("/staff/people/{bob}/disable"), &[])
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, t.label);
        let res = b.get("/account").await;
        assert_status(&res, StatusCode::SEE_OTHER, "bob is anonymous now");
        assert!(res.location().unwrap_or("").starts_with("/login"));
        assert_eq!(count_where(db, "sessions", "user_id", bob.0).await, 0);
        let res = Client::new(&router)
            .post(
                "/login",
                &[("email", "bob@exemple.fr"), ("password", PASSWORD)],
            )
            .await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "disabled login");
        let page = staff.get(&format!("/staff/people/{bob}")).await;
        assert!(page.body.contains("Le compte a été désactivé"), "flash");
        assert!(page.body.contains("Désactivation d’un compte"), "history");
        assert_eq!(audit_count(db, "staff.disable_user").await, 1);

        // Nobody disables themselves; staff do not disable administrators.
        let res = staff
            .post(&format!("/staff/people/{agent}/disable"), &[])
            .await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "self");
        assert!(res
            .body
            .contains("Vous ne pouvez pas désactiver votre propre compte."));
        let res = staff
            .post(&format!("/staff/people/{admin}/disable"), &[])
            .await;
        assert_status(&res, StatusCode::FORBIDDEN, "staff disabling an admin");
        assert_status(
            &staff.get("/staff").await,
            StatusCode::OK,
            "still signed in",
        );

        let res = staff
            .post(&format!("/staff/people/{bob}/enable"), &[])
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "enable");
        login(&router, "bob@exemple.fr").await;
        assert_eq!(audit_count(db, "staff.enable_user").await, 1);

        // An administrator may disable a staff member.
        let mut adm = login(&router, "admin@exemple.fr").await;
        let res = adm
            .post(&format!("/staff/people/{agent}/disable"), &[])
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "admin disabling staff");
        let res = staff.get("/staff").await;
        assert_status(&res, StatusCode::SEE_OTHER, "former session");
    }
}

#[tokio::test]
async fn staff_verify_organisations() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let db = state.db();
        let agent = person(&state, "agent@exemple.fr", "Samir Agent", &[Role::Staff]).await;
        let jardins = org(
            db,
            "Les Jardins Partagés",
            "association",
            None,
            Some("W921001234"),
        )
        .await;
        let coop = org(
            db,
            "Coopérative du Vélo",
            "cooperative",
            Some("73282932000074"),
            None,
        )
        .await;
        let mut c = login(&router, "agent@exemple.fr").await;

        let res = c.get("/staff/orgs?verified=no").await;
        assert!(
            res.body.contains("Les Jardins Partagés") && res.body.contains("Coopérative du Vélo")
        );
        assert!(res
            .body
            .contains(&format!("action=\"/staff/orgs/{jardins}/verify\"")));
        assert!(res.body.contains(&format!("href=\"/orgs/{jardins}\"")));

        let res = c
            .post(
                &format!("/staff/orgs/{jardins}/verify"),
                &[("next", "/staff/orgs?verified=no")],
            )
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, t.label);
        assert_eq!(res.location(), Some("/staff/orgs?verified=no"));
        let (at, by) = verification(db, jardins).await;
        assert!(at.is_some());
        assert_eq!(by, Some(agent.0));
        assert_eq!(verification(db, coop).await.0, None);
        let res = c.get("/staff/orgs?verified=no").await;
        assert!(
            res.body
                .contains("La structure est marquée comme vérifiée."),
            "flash"
        );
        assert!(!res.body.contains("Les Jardins Partagés"));
        let res = c.get("/staff/orgs?verified=yes").await;
        assert!(res.body.contains("Les Jardins Partagés"));
        assert!(!res.body.contains("Coopérative du Vélo"));
        assert!(res
            .body
            .contains("<span class=\"badge ok\">Vérifiée</span>"));
        assert!(res
            .body
            .contains(&format!("action=\"/staff/orgs/{jardins}/unverify\"")));
        assert_eq!(audit_count(db, "staff.org_verify").await, 1);
        // Verifying again records nothing; a foreign `next` is not followed.
        let res = c
            .post(
                &format!("/staff/orgs/{jardins}/verify"),
                &[("next", "//evil.example/")],
            )
            .await;
        assert_eq!(res.location(), Some("/"));
        assert_eq!(audit_count(db, "staff.org_verify").await, 1);

        let res = c
            .post(&format!("/staff/orgs/{jardins}/unverify"), &[])
            .await;
        assert_eq!(res.location(), Some("/staff/orgs"));
        assert_eq!(verification(db, jardins).await, (None, None));
        assert_eq!(audit_count(db, "staff.org_unverify").await, 1);

        // Search by name, RNA and SIRET (typed with spaces), and filter by kind.
        let found = |res: &TestResponse| {
            (
                res.body.contains("Les Jardins Partagés"),
                res.body.contains("Coopérative du Vélo"),
            )
        };
        // The term is lower-cased here, the column by the engine.
        let res2 = c.get("/staff/orgs?q=V%C3%89LO").await;
        assert_eq!(found(&res2), (false, true), "{}", t.label);
        let res2 = c.get("/staff/orgs?q=jardins").await;
        assert_eq!(found(&res2), (true, false), "{}", t.label);
        let res2 = c.get("/staff/orgs?q=w92100").await;
        assert_eq!(found(&res2), (true, false), "rna");
        let res2 = c.get("/staff/orgs?q=732+829+320").await;
        assert_eq!(found(&res2), (false, true), "siret");
        let res2 = c.get("/staff/orgs?kind=cooperative").await;
        assert_eq!(found(&res2), (false, true), "kind");
        let res2 = c.get("/staff/orgs?kind=nonsense").await;
        assert_eq!(found(&res2), (true, true), "unknown kind ignored");

        // The staff URL of an organisation leads to its page.
        let res = c.get(&format!("/staff/orgs/{coop}")).await;
        assert_eq!(res.location(), Some(format!("/orgs/{coop}").as_str()));
        assert_status(
            &c.get("/staff/orgs/99999").await,
            StatusCode::NOT_FOUND,
            "unknown",
        );
        let res = c.post("/staff/orgs/99999/verify", &[]).await;
        assert_status(&res, StatusCode::NOT_FOUND, "verify unknown");
    }
}

#[tokio::test]
async fn audit_page_lists_actions_and_detects_tampering() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let db = state.db();
        let agent = person(&state, "agent@exemple.fr", "Samir Agent", &[Role::Staff]).await;
        let bob = person(&state, "bob@exemple.fr", "Bob Durand", &[]).await;
        let o = org(db, "Les Jardins", "association", None, None).await;
        let mut c = login(&router, "agent@exemple.fr").await;
        c.post(&format!("/staff/people/{bob}/roles"), &[("role", "jury")])
            .await;
        c.post(&format!("/staff/orgs/{o}/verify"), &[]).await;

        let res = c.get("/staff/audit").await;
        assert_status(&res, StatusCode::OK, t.label);
        assert!(
            res.body.contains("Intégrité vérifiée"),
            "{}: {}",
            t.label,
            res.body
        );
        assert!(res.body.contains("Attribution d’un rôle"));
        assert!(res.body.contains("staff.grant_role"));
        assert!(res.body.contains("role: jury"));
        assert!(res.body.contains("staff.org_verify"));
        assert!(res.body.contains("user.login"));
        assert!(res.body.contains(&format!(
            "<a href=\"/staff/people/{agent}\">Samir Agent</a>"
        )));
        assert!(res
            .body
            .contains(&format!("href=\"/staff/people/{bob}\">user {bob}</a>")));
        assert!(res
            .body
            .contains(&format!("href=\"/orgs/{o}\">organisation {o}</a>")));
        // Newest first: the verification comes before the grant.
        let v = res.body.find("staff.org_verify").unwrap();
        let g = res.body.find("staff.grant_role").unwrap();
        assert!(v < g);

        let res = c.get("/staff/audit?type=organisation").await;
        assert!(res.body.contains("staff.org_verify"));
        assert!(!res.body.contains("staff.grant_role"));
        assert!(!res.body.contains("user.login"));

        // Older entries, 50 at a time.
        let mut tx = db.begin().await.unwrap();
        for i in 0..60 {
            audit::record(
                &mut tx,
                Entry {
                    actor: None,
                    action: "test.bulk",
                    record_type: "bulk",
                    record_id: i.to_string(),
                    summary: serde_json::json!({}),
                },
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
        let res = c.get("/staff/audit?type=bulk").await;
        assert_eq!(body_rows(&res), 50, "{}", t.label);
        let (last_seq,): (i64,) = db
            .fetch_one(
                Query::select()
                    .expr(Expr::col(AuditLog::Seq).max())
                    .from(AuditLog::Table),
            )
            .await
            .unwrap();
        let older = format!("/staff/audit?type=bulk&amp;before={}", last_seq - 49);
        assert!(res.body.contains(&older), "{}", res.body);
        let res = c.get(&older.replace("&amp;", "&")).await;
        assert_eq!(body_rows(&res), 10);
        assert!(
            res.body.contains("href=\"/staff/audit?type=bulk\""),
            "newest link"
        );
        assert!(!res.body.contains("rel=\"next\""));

        // An entry edited behind the application's back breaks the chain.
        db.execute(
            Query::update()
                .table(AuditLog::Table)
                .value(AuditLog::Summary, "{\"role\":\"admin\"}")
                .and_where(Expr::col(AuditLog::Action).eq("staff.grant_role")),
        )
        .await
        .unwrap();
        let (seq,): (i64,) = db
            .fetch_one(
                Query::select()
                    .column(AuditLog::Seq)
                    .from(AuditLog::Table)
                    .and_where(Expr::col(AuditLog::Action).eq("staff.grant_role")),
            )
            .await
            .unwrap();
        let res = c.get("/staff/audit").await;
        assert!(!res.body.contains("Intégrité vérifiée"), "{}", t.label);
        assert!(res.body.contains(&format!(
            "Intégrité compromise : la chaîne est rompue à l’entrée n° {seq}."
        )));
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Probe {
    n: i64,
}

impl jobs::Job for Probe {
    const KIND: &'static str = "test.probe";
}

#[tokio::test]
async fn dead_jobs_can_be_retried() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let db = state.db();
        person(&state, "agent@exemple.fr", "Samir Agent", &[Role::Staff]).await;
        let mut tx = db.begin().await.unwrap();
        jobs::enqueue(&mut tx, &Probe { n: 1 }).await.unwrap();
        jobs::enqueue(&mut tx, &Probe { n: 2 }).await.unwrap();
        tx.commit().await.unwrap();
        let queued = jobs::list(db).await.unwrap();
        let (dead, alive) = (queued[0].id, queued[1].id);
        db.execute(
            Query::update()
                .table(Jobs::Table)
                .values([
                    (Jobs::DeadAt, Utc::now().into()),
                    (Jobs::Attempts, 8i64.into()),
                    (Jobs::LastError, "smtp: connection refused".into()),
                ])
                .and_where(Expr::col(Jobs::Id).eq(dead)),
        )
        .await
        .unwrap();
        let mut c = login(&router, "agent@exemple.fr").await;

        let res = c.get("/staff").await;
        assert!(res.body.contains("1 tâche abandonnée"), "{}", t.label);
        assert!(res.body.contains("1 tâche en attente"));
        let res = c.get("/staff/jobs").await;
        assert_status(&res, StatusCode::OK, t.label);
        assert!(res.body.contains("Abandonnée"));
        assert!(res.body.contains("smtp: connection refused"));
        assert!(res
            .body
            .contains(&format!("action=\"/staff/jobs/{dead}/retry\"")));
        assert!(!res
            .body
            .contains(&format!("action=\"/staff/jobs/{alive}/retry\"")));

        let res = c.post(&format!("/staff/jobs/{dead}/retry"), &[]).await;
        assert_status(&res, StatusCode::SEE_OTHER, "retry");
        let job = jobs::list(db)
            .await
            .unwrap()
            .into_iter()
            .find(|j| j.id == dead)
            .unwrap();
        assert_eq!((job.dead_at, job.attempts), (None, 0));
        assert!(job.run_at <= Utc::now());
        let res = c.get("/staff/jobs").await;
        assert!(res.body.contains("La tâche a été remise dans la file."));
        assert!(!res.body.contains("Abandonnée"));
        assert_eq!(audit_count(db, "staff.job_retry").await, 1);

        // A second click, a living job, an unknown one: nothing recorded.
        for id in [dead, alive] {
            let res = c.post(&format!("/staff/jobs/{id}/retry"), &[]).await;
            assert_status(&res, StatusCode::SEE_OTHER, "not dead");
        }
        assert_eq!(audit_count(db, "staff.job_retry").await, 1);
        let res = c.post("/staff/jobs/99999/retry", &[]).await;
        assert_status(&res, StatusCode::NOT_FOUND, "unknown job");
    }
}
