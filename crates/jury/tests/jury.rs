//! The jury through HTTP, on every database engine available: the grid, invitations, conflicts of
//! interest (never readable by any URL), the optimiser's proposal and its acceptance, scoring
//! (validation, draft, submit, read-only) and the others' scores.
//!
//! Calls, form revisions and files are inserted as rows, files directly under instruction.

use axum::http::StatusCode;
use axum::Router;
use chrono::{Duration, Utc};
use essor_accounts::testing::login;
use essor_accounts::users;
use essor_domain::email::Email;
use essor_domain::forms::cerfa_12156_template;
use essor_domain::role::Role;
use essor_platform::testing::{self, Client, TestDb};
use essor_platform::{AppState, Module};
use sea_query::{Alias, Query};

async fn person(state: &AppState, email: &str, role: Option<Role>) -> i64 {
    essor_accounts::testing::person(state, email, role.as_slice())
        .await
        .0
}

fn modules() -> Vec<Module> {
    vec![
        essor_accounts::module(),
        essor_calls::module(),
        essor_jury::module(),
    ]
}

fn col(name: &str) -> Alias {
    Alias::new(name)
}

async fn org(state: &AppState, name: &str, owner: i64) -> i64 {
    let db = state.db();
    let now = Utc::now();
    let id = db
        .insert_id(
            Query::insert()
                .into_table(col("organisations"))
                .columns([
                    col("kind"),
                    col("name"),
                    col("address"),
                    col("commune_code"),
                    col("contact_email"),
                    col("created_at"),
                    col("updated_at"),
                ])
                .values_panic([
                    "association".into(),
                    name.into(),
                    "1 rue de la Paix".into(),
                    "92050".into(),
                    "contact@asso.org".into(),
                    now.into(),
                    now.into(),
                ])
                .to_owned(),
        )
        .await
        .unwrap();
    db.execute(
        Query::insert()
            .into_table(col("memberships"))
            .columns([
                col("org_id"),
                col("user_id"),
                col("role"),
                col("created_at"),
            ])
            .values_panic([id.into(), owner.into(), "owner".into(), now.into()]),
    )
    .await
    .unwrap();
    id
}

struct World {
    state: AppState,
    router: Router,
    staff: Client,
    call: i64,
    files: Vec<i64>,
}

/// A call with three files under instruction: one by the organisation of `member@`, whom we
/// invite as a reviewer (a conflict), two by another organisation.
async fn world(t: &TestDb) -> World {
    let (state, router) = testing::app(t, modules);
    let staff_id = person(&state, "agent@cd92.fr", Some(Role::Staff)).await;
    let member = person(&state, "member@asso.org", None).await;
    let other = person(&state, "other@asso.org", None).await;
    let org_a = org(&state, "Épicerie solidaire de Nanterre", member).await;
    let org_b = org(&state, "Mobilité pour tous", other).await;
    let db = state.db();
    let now = Utc::now();
    let call = db
        .insert_id(
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
                        "territory_rule",
                        "eligibility_rules",
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
                    "progress".into(),
                    "Progr’ESS".into(),
                    "Vie quotidienne".into(),
                    "Résumé".into(),
                    "Description".into(),
                    (now - Duration::days(30)).into(),
                    (now - Duration::days(1)).into(),
                    "Europe/Paris".into(),
                    "[\"association\"]".into(),
                    "any".into(),
                    "[]".into(),
                    "[]".into(),
                    "Service ESS".into(),
                    "ess@cd92.fr".into(),
                    "PRG".into(),
                    "closed".into(),
                    staff_id.into(),
                    now.into(),
                    now.into(),
                ])
                .to_owned(),
        )
        .await
        .unwrap();
    let form = db
        .insert_id(
            Query::insert()
                .into_table(col("call_forms"))
                .columns(
                    [
                        "call_id",
                        "revision",
                        "schema",
                        "created_by",
                        "created_at",
                        "published_at",
                    ]
                    .map(col),
                )
                .values_panic([
                    call.into(),
                    1.into(),
                    serde_json::to_string(&cerfa_12156_template())
                        .unwrap()
                        .into(),
                    staff_id.into(),
                    now.into(),
                    now.into(),
                ])
                .to_owned(),
        )
        .await
        .unwrap();
    let mut files = vec![];
    for (n, (org, by, title, objectives)) in [
        (
            org_a,
            member,
            "Épicerie mobile",
            "Alimentation de qualité pour les familles précaires",
        ),
        (
            org_b,
            other,
            "Vélos partagés",
            "Mobilité des seniors isolés",
        ),
        (
            org_b,
            other,
            "Garage solidaire",
            "Mobilité et réparation à petit prix",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let answers = serde_json::json!({
            "project_title": {"text": title},
            "objectives": {"text": objectives},
            "project_budget": {"budget": {"lines": {
                "64-remunerations": 2_500_000,
                "74-departement": 1_500_000,
                "75-cotisations": 1_000_000,
            }}},
        });
        let id = db
            .insert_id(
                Query::insert()
                    .into_table(col("files"))
                    .columns(
                        [
                            "number",
                            "call_id",
                            "form_id",
                            "org_id",
                            "created_by",
                            "state",
                            "answers",
                            "raw_inputs",
                            "title",
                            "search_text",
                            "submitted_at",
                            "created_at",
                            "updated_at",
                        ]
                        .map(col),
                    )
                    .values_panic([
                        format!("PRG-2026-{:05}", n + 1).into(),
                        call.into(),
                        form.into(),
                        org.into(),
                        by.into(),
                        "under_instruction".into(),
                        answers.to_string().into(),
                        "{}".into(),
                        title.into(),
                        title.to_lowercase().into(),
                        now.into(),
                        now.into(),
                        now.into(),
                    ])
                    .to_owned(),
            )
            .await
            .unwrap();
        files.push(id);
    }
    let staff = login(&router, "agent@cd92.fr").await;
    World {
        state,
        router,
        staff,
        call,
        files,
    }
}

async fn scalar(state: &AppState, sql: &str) -> i64 {
    let (n,): (i64,) = state
        .db()
        .fetch_one(&essor_jury::model::raw(sql, vec![]))
        .await
        .unwrap();
    n
}

/// Invites `email` as a reviewer with these tags; the person (with an account) accepts.
async fn invite_and_accept(w: &mut World, email: &str, name: &str, tags: &str) -> Client {
    let call = w.call;
    let r = w
        .staff
        .post(
            &format!("/staff/calls/{call}/jury/reviewers"),
            &[
                ("email", email),
                ("name", name),
                ("expertise", tags),
                ("min_load", "0"),
                ("max_load", "3"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "invite: {}", r.body);
    essor_platform::jobs::drain(&w.state).await.unwrap();
    let mail = testing::outbox(&w.state)
        .into_iter()
        .rev()
        .find(|m| m.contains(email))
        .expect("invitation e-mail");
    let link = testing::link_path(&mail, "http://essor.test/jury/invitations/").expect("link");
    // Anonymous: asked to sign in or create an account.
    let mut anon = Client::new(&w.router);
    let r = anon.get(&link).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("/signup"));
    if users::by_email(w.state.db(), &Email::parse(email).unwrap())
        .await
        .unwrap()
        .is_none()
    {
        person(&w.state, email, None).await;
    }
    let mut c = login(&w.router, email).await;
    let r = c.get(&link).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = c.post(&link, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "accept: {}", r.body);
    assert_eq!(r.location(), Some("/jury"));
    // The link is used up.
    let r = c.get(&link).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Signed in again so the new role is in the session.
    login(&w.router, email).await
}

#[tokio::test]
async fn staff_build_the_grid_invite_assign_and_reviewers_score() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        let call = w.call;
        // ---- Grid: an invalid criterion comes back with its errors, the default grid is added once.
        let r = w
            .staff
            .post(
                &format!("/staff/calls/{call}/jury/grid/criteria"),
                &[
                    ("title", "Impact"),
                    ("weight", "2"),
                    ("scale_min", "0"),
                    ("scale_max", "3"),
                    ("anchors", "nul\nfaible"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("error-summary") && r.body.contains("nul\nfaible"));
        let r = w
            .staff
            .post(&format!("/staff/calls/{call}/jury/grid/default"), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = w.staff.get(&format!("/staff/calls/{call}/jury/grid")).await;
        assert!(r.body.contains("Impact social auprès des publics fragiles"));
        assert!(r.body.contains("Projet co-construit avec les habitants"));
        assert_eq!(
            scalar(&w.state, "SELECT COUNT(*) FROM jury_criteria").await,
            5
        );
        let r = w
            .staff
            .post(&format!("/staff/calls/{call}/jury/grid/default"), &[])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        // ---- Settings: two reviews per file.
        let r = w
            .staff
            .post(
                &format!("/staff/calls/{call}/jury/settings"),
                &[
                    ("reviews_per_file", "2"),
                    ("default_min_load", "0"),
                    ("default_max_load", "3"),
                    ("hide_others", "1"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        // ---- Reviewers: one is a member of the applicant of file 1 (conflict).
        let mut alice = invite_and_accept(&mut w, "alice@jury.org", "Alice", "alimentation").await;
        let mut bob = invite_and_accept(&mut w, "bob@jury.org", "Bob", "mobilité").await;
        let mut member =
            invite_and_accept(&mut w, "member@asso.org", "Maël", "alimentation, mobilité").await;
        assert_eq!(
            scalar(
                &w.state,
                "SELECT COUNT(*) FROM jury_reviewers WHERE state = 'active' AND user_id IS NOT NULL"
            )
            .await,
            3
        );
        let jury_roles = scalar(
            &w.state,
            "SELECT COUNT(*) FROM user_roles WHERE role = 'jury'",
        )
        .await;
        assert_eq!(jury_roles, 3);
        let r = w
            .staff
            .get(&format!("/staff/calls/{call}/jury/reviewers"))
            .await;
        assert!(r.body.contains("Alice") && r.body.contains("member@asso.org"));
        // ---- Infeasible settings get a reason on the page, not an error page.
        w.staff
            .post(
                &format!("/staff/calls/{call}/jury/settings"),
                &[
                    ("reviews_per_file", "4"),
                    ("default_min_load", "0"),
                    ("default_max_load", "3"),
                    ("hide_others", "1"),
                ],
            )
            .await;
        let r = w
            .staff
            .post(
                &format!("/staff/calls/{call}/jury/assignment/propose"),
                &[("objective", "total")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = w
            .staff
            .get(&format!("/staff/calls/{call}/jury/assignment"))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("infeasible-reason"), "{}", r.body);
        assert!(r.body.contains("3 juré(s) pour 4 évaluations"));
        // ---- Two reviews per file: the proposal is optimal and never assigns the conflict.
        w.staff
            .post(
                &format!("/staff/calls/{call}/jury/settings"),
                &[
                    ("reviews_per_file", "2"),
                    ("default_min_load", "0"),
                    ("default_max_load", "3"),
                    ("hide_others", "1"),
                ],
            )
            .await;
        w.staff
            .post(
                &format!("/staff/calls/{call}/jury/assignment/propose"),
                &[("objective", "total")],
            )
            .await;
        let r = w
            .staff
            .get(&format!("/staff/calls/{call}/jury/assignment"))
            .await;
        assert!(r.body.contains("optimale (prouvée)"), "{}", r.body);
        let r = w
            .staff
            .post(&format!("/staff/calls/{call}/jury/assignment/accept"), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(
            scalar(&w.state, "SELECT COUNT(*) FROM jury_assignments").await,
            6
        );
        let f1 = w.files[0];
        let conflicted = scalar(
            &w.state,
            &format!(
                "SELECT COUNT(*) FROM jury_assignments a JOIN jury_reviewers r ON r.id = a.reviewer_id \
                 WHERE a.file_id = {f1} AND r.email = 'member@asso.org'"
            ),
        )
        .await;
        assert_eq!(conflicted, 0);
        // File 1 went to Alice and Bob; the optimum gives Maël both mobility files.
        // ---- Hand adjustment: adding the conflicted reviewer is refused with the reason.
        let maël = scalar(
            &w.state,
            "SELECT id FROM jury_reviewers WHERE email = 'member@asso.org'",
        )
        .await;
        let r = w
            .staff
            .post(
                &format!("/staff/calls/{call}/jury/assignment/add"),
                &[("file", &f1.to_string()), ("reviewer", &maël.to_string())],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("conflit d’intérêts"), "{}", r.body);
        // Even a review forced into the table stays unreadable for the conflicted reviewer.
        let forced = w
            .state
            .db()
            .insert_id(
                Query::insert()
                    .into_table(col("jury_assignments"))
                    .columns(
                        [
                            "call_id",
                            "file_id",
                            "reviewer_id",
                            "state",
                            "created_at",
                            "updated_at",
                        ]
                        .map(col),
                    )
                    .values_panic([
                        call.into(),
                        f1.into(),
                        maël.into(),
                        "draft".into(),
                        Utc::now().into(),
                        Utc::now().into(),
                    ])
                    .to_owned(),
            )
            .await
            .unwrap();
        for path in [
            format!("/jury/reviews/{forced}"),
            format!("/jury/reviews/{forced}/others"),
        ] {
            assert_eq!(
                member.get(&path).await.status,
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
        let r = member
            .post(&format!("/jury/reviews/{forced}"), &[("action", "draft")])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = member.get("/jury").await;
        assert!(!r.body.contains("Épicerie mobile"), "{}", r.body);
        let r = member.get(&format!("/jury/calls/{call}/files")).await;
        assert!(!r.body.contains("Alimentation de qualité"));
        assert!(r.body.contains("Mobilité des seniors"));
        // ---- Alice scores file 1: submitting incomplete → 422 with the form kept.
        let alice_review = scalar(
            &w.state,
            &format!(
                "SELECT a.id FROM jury_assignments a JOIN jury_reviewers r ON r.id = a.reviewer_id \
                 WHERE a.file_id = {f1} AND r.email = 'alice@jury.org'"
            ),
        )
        .await;
        let bob_review = scalar(
            &w.state,
            &format!(
                "SELECT a.id FROM jury_assignments a JOIN jury_reviewers r ON r.id = a.reviewer_id \
                 WHERE a.file_id = {f1} AND r.email = 'bob@jury.org'"
            ),
        )
        .await;
        let r = alice.get("/jury").await;
        assert!(r.body.contains(&format!("/jury/reviews/{alice_review}")));
        let r = alice.get(&format!("/jury/reviews/{alice_review}")).await;
        assert_eq!(r.status, StatusCode::OK);
        // The anchors are beside each level, and the file's content is shown.
        assert!(r.body.contains("Aucun impact social identifiable."));
        assert!(r
            .body
            .contains("Alimentation de qualité pour les familles précaires"));
        // The project budget is read as its totals and the amount requested.
        assert!(
            r.body.contains("Montant demandé : 15\u{202f}000,00\u{a0}€")
                || r.body.contains("Montant demandé : 15 000,00 €"),
            "{}",
            r.body
        );
        // Another reviewer cannot open Alice's review.
        assert_eq!(
            bob.get(&format!("/jury/reviews/{alice_review}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let crits: Vec<(i64, bool)> = w
            .state
            .db()
            .fetch_all(&essor_jury::model::raw(
                "SELECT id, comment_required FROM jury_criteria ORDER BY position",
                vec![],
            ))
            .await
            .unwrap();
        let first = crits[0].0.to_string();
        let r = alice
            .post(
                &format!("/jury/reviews/{alice_review}"),
                &[
                    ("action", "submit"),
                    (&format!("score_{first}"), "4"),
                    ("general_comment", "Bon projet"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Choisissez une note pour ce critère."));
        assert!(r
            .body
            .contains("Un commentaire est obligatoire pour ce critère."));
        assert!(r.body.contains("Bon projet"));
        // A value off the scale is refused outright.
        let r = alice
            .post(
                &format!("/jury/reviews/{alice_review}"),
                &[("action", "draft"), (&format!("score_{first}"), "9")],
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        // A draft keeps what was given.
        let r = alice
            .post(
                &format!("/jury/reviews/{alice_review}"),
                &[("action", "draft"), (&format!("score_{first}"), "4")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // The grid is now frozen.
        let r = w
            .staff
            .post(
                &format!("/staff/calls/{call}/jury/grid/criteria/{first}/delete"),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        // Others hidden until one's own review is in.
        assert_eq!(
            alice
                .get(&format!("/jury/reviews/{alice_review}/others"))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let mut fields: Vec<(String, String)> = vec![("action".into(), "submit".into())];
        for (i, (id, required)) in crits.iter().enumerate() {
            fields.push((format!("score_{id}"), ((i % 5) as i64 + 1).to_string()));
            if *required {
                fields.push((format!("comment_{id}"), "Argumenté".into()));
            }
        }
        let borrowed: Vec<(&str, &str)> = fields
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let r = alice
            .post(&format!("/jury/reviews/{alice_review}"), &borrowed)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = alice.get(&format!("/jury/reviews/{alice_review}")).await;
        assert!(r.body.contains("ne peut plus être modifiée"));
        assert!(!r.body.contains("name=\"action\""));
        // Submitted is final: a later post changes nothing.
        alice
            .post(
                &format!("/jury/reviews/{alice_review}"),
                &[("action", "draft"), (&format!("score_{first}"), "0")],
            )
            .await;
        let kept = scalar(
            &w.state,
            &format!("SELECT value FROM jury_scores WHERE assignment_id = {alice_review} AND criterion_id = {first}"),
        )
        .await;
        assert_eq!(kept, 1);
        // Bob submits too; each sees the other's scores once their own is in.
        let r = bob
            .post(&format!("/jury/reviews/{bob_review}"), &borrowed)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = alice
            .get(&format!("/jury/reviews/{alice_review}/others"))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("Bob") && r.body.contains("Argumenté"));
        // Staff see progress per file and per reviewer.
        let r = w
            .staff
            .get(&format!("/staff/calls/{call}/jury/reviewers"))
            .await;
        assert!(r.body.contains("1 rendue(s)"));
        assert_eq!(
            scalar(&w.state, "SELECT COUNT(*) FROM jury_assignment_transitions").await,
            2
        );
    }
}

#[tokio::test]
async fn a_declared_conflict_hides_the_file_and_only_staff_manage_the_jury() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        let call = w.call;
        w.staff
            .post(&format!("/staff/calls/{call}/jury/grid/default"), &[])
            .await;
        let mut alice = invite_and_accept(&mut w, "alice@jury.org", "Alice", "mobilité").await;
        let f2 = w.files[1];
        let rid = scalar(&w.state, "SELECT id FROM jury_reviewers").await;
        let r = w
            .staff
            .post(
                &format!("/staff/calls/{call}/jury/assignment/add"),
                &[("file", &f2.to_string()), ("reviewer", &rid.to_string())],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let review = scalar(&w.state, "SELECT id FROM jury_assignments").await;
        assert_eq!(
            alice.get(&format!("/jury/reviews/{review}")).await.status,
            StatusCode::OK
        );
        // Interest first, then a conflict declared on that file.
        let r = alice
            .post(
                &format!("/jury/calls/{call}/files"),
                &[(&format!("bid_{f2}"), "2")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(scalar(&w.state, "SELECT COUNT(*) FROM jury_bids").await, 1);
        let r = alice
            .post(
                &format!("/jury/calls/{call}/files/{f2}/conflict"),
                &[("reason", "Ancien salarié")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            alice.get(&format!("/jury/reviews/{review}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(scalar(&w.state, "SELECT COUNT(*) FROM jury_bids").await, 0);
        // The untouched review went with it.
        assert_eq!(
            scalar(&w.state, "SELECT COUNT(*) FROM jury_assignments").await,
            0
        );
        // A link recorded by staff is a conflict too.
        let org_b = scalar(
            &w.state,
            "SELECT org_id FROM files ORDER BY id DESC LIMIT 1",
        )
        .await;
        let r = w
            .staff
            .post(
                &format!("/staff/calls/{call}/jury/reviewers/{rid}/links"),
                &[("org", &org_b.to_string()), ("note", "Administratrice")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = w
            .staff
            .get(&format!("/staff/calls/{call}/jury/assignment"))
            .await;
        assert!(r.body.contains("lien déclaré avec la structure"));
        // Removed, the reviewer loses the call; invited again, the same record comes back.
        let r = w
            .staff
            .post(
                &format!("/staff/calls/{call}/jury/reviewers/{rid}/remove"),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            alice.get(&format!("/jury/calls/{call}/files")).await.status,
            StatusCode::NOT_FOUND
        );
        let r = w
            .staff
            .post(
                &format!("/staff/calls/{call}/jury/reviewers"),
                &[
                    ("email", "alice@jury.org"),
                    ("name", "Alice"),
                    ("expertise", "mobilité"),
                    ("min_load", "0"),
                    ("max_load", "3"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(
            scalar(
                &w.state,
                "SELECT COUNT(*) FROM jury_reviewers WHERE state = 'invited'"
            )
            .await,
            1
        );
        assert_eq!(
            scalar(&w.state, "SELECT COUNT(*) FROM jury_reviewer_transitions").await,
            3
        );
        // Nobody but staff reaches the staff pages; nobody but a reviewer the jury pages.
        for path in [
            format!("/staff/calls/{call}/jury"),
            format!("/staff/calls/{call}/jury/grid"),
            format!("/staff/calls/{call}/jury/assignment"),
        ] {
            assert_eq!(
                alice.get(&path).await.status,
                StatusCode::FORBIDDEN,
                "{path}"
            );
        }
        let mut outsider = Client::new(&w.router);
        assert!(outsider.get("/jury").await.status.is_redirection());
        person(&w.state, "nobody@x.org", None).await;
        let mut nobody = login(&w.router, "nobody@x.org").await;
        assert_eq!(nobody.get("/jury").await.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn the_fair_variant_open_scores_and_started_reviews_stay() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        let call = w.call;
        w.staff
            .post(&format!("/staff/calls/{call}/jury/grid/default"), &[])
            .await;
        // One review per file, others' scores open before submitting.
        let r = w
            .staff
            .post(
                &format!("/staff/calls/{call}/jury/settings"),
                &[
                    ("reviews_per_file", "1"),
                    ("default_min_load", "0"),
                    ("default_max_load", "3"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let mut alice = invite_and_accept(&mut w, "alice@jury.org", "Alice", "alimentation").await;
        invite_and_accept(&mut w, "bob@jury.org", "Bob", "mobilité").await;
        // Excluded files are left out of the proposal.
        let f3 = w.files[2];
        let r = w
            .staff
            .post(&format!("/staff/calls/{call}/jury/files/{f3}/exclude"), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = w
            .staff
            .post(
                &format!("/staff/calls/{call}/jury/assignment/propose"),
                &[("objective", "fair")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = w
            .staff
            .get(&format!("/staff/calls/{call}/jury/assignment"))
            .await;
        assert!(r.body.contains("Équitable"), "{}", r.body);
        assert!(!r.body.contains("infeasible-reason"));
        w.staff
            .post(&format!("/staff/calls/{call}/jury/assignment/accept"), &[])
            .await;
        assert_eq!(
            scalar(&w.state, "SELECT COUNT(*) FROM jury_assignments").await,
            2
        );
        assert_eq!(
            scalar(
                &w.state,
                &format!("SELECT COUNT(*) FROM jury_assignments WHERE file_id = {f3}")
            )
            .await,
            0
        );
        // Affinity: the food file went to the food expert.
        let f1 = w.files[0];
        let who = scalar(
            &w.state,
            &format!(
                "SELECT COUNT(*) FROM jury_assignments a JOIN jury_reviewers r ON r.id = a.reviewer_id \
                 WHERE a.file_id = {f1} AND r.email = 'alice@jury.org'"
            ),
        )
        .await;
        assert_eq!(who, 1);
        let review = scalar(
            &w.state,
            &format!("SELECT id FROM jury_assignments WHERE file_id = {f1}"),
        )
        .await;
        // Scores of others are open before submitting when the call says so.
        let r = alice.get(&format!("/jury/reviews/{review}/others")).await;
        assert_eq!(r.status, StatusCode::OK);
        // A started review cannot be removed by hand, nor dropped by a new proposal.
        let crit = scalar(&w.state, "SELECT MIN(id) FROM jury_criteria").await;
        let r = alice
            .post(
                &format!("/jury/reviews/{review}"),
                &[("action", "draft"), (&format!("score_{crit}"), "2")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = w
            .staff
            .post(
                &format!("/staff/calls/{call}/jury/assignment/{review}/remove"),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("ne peut plus être retirée"));
        w.staff
            .post(&format!("/staff/calls/{call}/jury/files/{f1}/exclude"), &[])
            .await;
        w.staff
            .post(
                &format!("/staff/calls/{call}/jury/assignment/propose"),
                &[("objective", "total")],
            )
            .await;
        w.staff
            .post(&format!("/staff/calls/{call}/jury/assignment/accept"), &[])
            .await;
        assert_eq!(
            scalar(
                &w.state,
                &format!("SELECT COUNT(*) FROM jury_assignments WHERE id = {review}")
            )
            .await,
            1
        );
    }
}
