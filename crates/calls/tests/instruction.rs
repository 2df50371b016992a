//! Instruction by staff, through HTTP, on every database engine available: the list and its
//! filters, a file's page, transitions and the letters they send, bulk actions, expert opinions,
//! messaging, and who may use any of it.
//!
//! Calls, form revisions and files are inserted as rows (the rooms that create them are built
//! alongside); files move through `model::transition_file`, as the applicant's side would.

use axum::http::{header, StatusCode};
use axum::Router;
use chrono::{DateTime, Duration, Utc};
use essor_accounts::testing::{account, login};
use essor_calls::instruction::search_fold;
use essor_calls::model::{self, File};
use essor_domain::forms::{
    Answers, ComputedDisplay, ComputedOp, Condition, Field, FieldId, FieldKind, FileRef, FileType,
    FormPage, FormSchema, LocalizedText, Section, Value,
};
use essor_domain::ids::{FileId, UserId};
use essor_domain::lifecycle::{Actor, FileEvent};
use essor_domain::money::Cents;
use essor_domain::role::Role;
use essor_platform::db::Db;
use essor_platform::storage;
use essor_platform::testing::{self, Client, TestDb, TestResponse};
use essor_platform::{jobs, password, AppState, Module};
use sea_query::{Alias, Asterisk, Expr, Query};

async fn person(
    state: &AppState,
    email: &str,
    name: &str,
    locale: &str,
    role: Option<Role>,
) -> i64 {
    account(state, email, name, locale, role.as_slice()).await.0
}

fn modules() -> Vec<Module> {
    vec![essor_accounts::module(), essor_calls::module()]
}

fn col(name: &str) -> Alias {
    Alias::new(name)
}

/// The form of the test call: a shown and a hidden answer, a long text, a computed total, an
/// attachment.
fn schema() -> FormSchema {
    let s = FormSchema {
        pages: vec![
            FormPage {
                id: "project".into(),
                title: LocalizedText::new("Le projet", "The project"),
                sections: vec![Section {
                    id: "about".into(),
                    title: LocalizedText::new("Présentation", "About"),
                    intro: None,
                    condition: None,
                    fields: vec![
                        Field::new(
                            "name",
                            "Nom du projet",
                            "Project name",
                            FieldKind::ShortText { max_len: None },
                        )
                        .required(),
                        Field::new(
                            "summary",
                            "Résumé",
                            "Summary",
                            FieldKind::LongText { max_len: None },
                        ),
                        Field::new(
                            "has_partner",
                            "Avez-vous un partenaire ?",
                            "Do you have a partner?",
                            FieldKind::YesNo { must_accept: false },
                        ),
                        Field::new(
                            "partner",
                            "Nom du partenaire",
                            "Partner's name",
                            FieldKind::ShortText { max_len: None },
                        )
                        .when(Condition::is_yes("has_partner")),
                    ],
                }],
            },
            FormPage {
                id: "money".into(),
                title: LocalizedText::new("Budget du projet", "Project budget"),
                sections: vec![Section {
                    id: "amounts".into(),
                    title: LocalizedText::new("Montants", "Amounts"),
                    intro: None,
                    condition: None,
                    fields: vec![
                        Field::new(
                            "amount",
                            "Montant demandé",
                            "Amount requested",
                            FieldKind::Currency {
                                min: None,
                                max: None,
                            },
                        ),
                        Field::new(
                            "other",
                            "Autres financements",
                            "Other funding",
                            FieldKind::Currency {
                                min: None,
                                max: None,
                            },
                        ),
                        Field::new(
                            "total",
                            "Budget total",
                            "Total budget",
                            FieldKind::Computed {
                                op: ComputedOp::Sum,
                                operands: vec![FieldId::new("amount"), FieldId::new("other")],
                                display: ComputedDisplay::Currency,
                            },
                        ),
                        Field::new(
                            "statutes",
                            "Statuts signés",
                            "Signed statutes",
                            FieldKind::Attachment {
                                accept: vec![FileType::Pdf],
                                max_bytes: 1_000_000,
                            },
                        ),
                    ],
                }],
            },
        ],
    };
    s.check().expect("the test form is valid");
    s
}

struct World {
    state: AppState,
    router: Router,
    staff: Client,
    staff_id: i64,
    applicant: Client,
    /// English-speaking: letters to them come in English.
    applicant_id: i64,
    org: i64,
    call: i64,
    form: i64,
}

async fn world(t: &TestDb) -> World {
    let (state, router) = testing::app(t, modules);
    let staff_id = person(
        &state,
        "agent@cd92.fr",
        "Agnès Agent",
        "fr",
        Some(Role::Staff),
    )
    .await;
    let applicant_id = person(&state, "jo@asso.org", "Jo Applicant", "en", None).await;
    let db = state.db();
    let now = Utc::now();
    let org = db
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
                    "Les Jardins de Nanterre".into(),
                    "1 rue de la Paix".into(),
                    "92050".into(),
                    "contact@jardins.org".into(),
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
            .values_panic([org.into(), applicant_id.into(), "owner".into(), now.into()]),
    )
    .await
    .unwrap();
    let call = db
        .insert_id(
            Query::insert()
                .into_table(col("calls"))
                .columns([
                    col("slug"),
                    col("title"),
                    col("theme"),
                    col("summary"),
                    col("description"),
                    col("opens_at"),
                    col("closes_at"),
                    col("time_zone"),
                    col("eligible_kinds"),
                    col("territory_rule"),
                    col("eligibility_rules"),
                    col("required_documents"),
                    col("contact_name"),
                    col("contact_email"),
                    col("file_prefix"),
                    col("state"),
                    col("created_by"),
                    col("created_at"),
                    col("updated_at"),
                ])
                .values_panic([
                    "progress-2026".into(),
                    "Progr’ESS 2026".into(),
                    "ess".into(),
                    "Soutien aux projets".into(),
                    "Description".into(),
                    (now - Duration::days(30)).into(),
                    (now + Duration::days(30)).into(),
                    "Europe/Paris".into(),
                    "[\"association\"]".into(),
                    "any".into(),
                    "[]".into(),
                    "[]".into(),
                    "Service ESS".into(),
                    "ess@cd92.fr".into(),
                    "PROG".into(),
                    "published".into(),
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
                .columns([
                    col("call_id"),
                    col("revision"),
                    col("schema"),
                    col("created_by"),
                    col("created_at"),
                    col("published_at"),
                ])
                .values_panic([
                    call.into(),
                    1.into(),
                    serde_json::to_string(&schema()).unwrap().into(),
                    staff_id.into(),
                    now.into(),
                    now.into(),
                ])
                .to_owned(),
        )
        .await
        .unwrap();
    let staff = login(&router, "agent@cd92.fr").await;
    let applicant = login(&router, "jo@asso.org").await;
    World {
        state,
        router,
        staff,
        staff_id,
        applicant,
        applicant_id,
        org,
        call,
        form,
    }
}

/// A file as the list needs it; the rest is filled with defaults.
#[derive(Clone)]
struct Spec {
    number: String,
    title: String,
    state: &'static str,
    amount: Option<i64>,
    commune: Option<&'static str>,
    assignee: Option<i64>,
    updated: DateTime<Utc>,
    answers: Answers,
}

fn spec(n: usize, title: &str, state: &'static str) -> Spec {
    Spec {
        number: format!("PROG-2026-{n:05}"),
        title: title.to_owned(),
        state,
        amount: None,
        commune: None,
        assignee: None,
        updated: Utc::now() - Duration::minutes(n as i64),
        answers: Answers::new(),
    }
}

const FILE_COLUMNS: [&str; 15] = [
    "number",
    "call_id",
    "form_id",
    "org_id",
    "created_by",
    "state",
    "answers",
    "raw_inputs",
    "title",
    "requested_amount",
    "commune_code",
    "search_text",
    "assignee_id",
    "submitted_at",
    "created_at",
];

fn file_values(w: &World, s: &Spec) -> Vec<sea_query::SimpleExpr> {
    let submitted = (s.state != "draft").then_some(s.updated);
    vec![
        s.number.clone().into(),
        w.call.into(),
        w.form.into(),
        w.org.into(),
        w.applicant_id.into(),
        s.state.into(),
        serde_json::to_string(&s.answers).unwrap().into(),
        "{}".into(),
        s.title.clone().into(),
        s.amount.into(),
        s.commune.map(str::to_owned).into(),
        search_fold(&format!("{} {} Les Jardins de Nanterre", s.number, s.title)).into(),
        s.assignee.into(),
        submitted.into(),
        s.updated.into(),
    ]
}

async fn insert_file(w: &World, s: &Spec) -> i64 {
    let mut cols: Vec<Alias> = FILE_COLUMNS.iter().map(|c| col(c)).collect();
    cols.push(col("updated_at"));
    let mut values = file_values(w, s);
    values.push(s.updated.into());
    w.state
        .db()
        .insert_id(
            Query::insert()
                .into_table(col("files"))
                .columns(cols)
                .values_panic(values)
                .to_owned(),
        )
        .await
        .unwrap()
}

/// Many files in one transaction, 500 rows a statement (under both engines' bind limits).
async fn insert_many(w: &World, specs: &[Spec]) {
    let mut tx = w.state.db().begin().await.unwrap();
    for chunk in specs.chunks(500) {
        let mut q = Query::insert();
        let mut cols: Vec<Alias> = FILE_COLUMNS.iter().map(|c| col(c)).collect();
        cols.push(col("updated_at"));
        q.into_table(col("files")).columns(cols);
        for s in chunk {
            let mut v = file_values(w, s);
            v.push(s.updated.into());
            q.values_panic(v);
        }
        tx.execute(&q).await.unwrap();
    }
    tx.commit().await.unwrap();
}

async fn file(db: &Db, id: i64) -> File {
    model::file_by_id(db, FileId(id)).await.unwrap().unwrap()
}

/// Moves a file as the applicant or staff would, through the shared transition.
async fn step(db: &Db, id: i64, event: FileEvent, actor: Actor, by: i64, reason: Option<&str>) {
    let f = file(db, id).await;
    let mut tx = db.begin().await.unwrap();
    model::transition_file(&mut tx, &f, event, actor, UserId(by), reason)
        .await
        .unwrap()
        .unwrap_or_else(|e| panic!("{event:?} from {}: {}", f.state, e.code));
    tx.commit().await.unwrap();
}

async fn count(db: &Db, table: &str, col_name: &str, value: impl Into<sea_query::Value>) -> i64 {
    let (n,): (i64,) = db
        .fetch_one(
            Query::select()
                .expr(Expr::col(Asterisk).count())
                .from(col(table))
                .and_where(Expr::col(col(col_name)).eq(value.into())),
        )
        .await
        .unwrap();
    n
}

/// The file numbers listed in a list page, in order.
fn numbers(body: &str) -> Vec<String> {
    body.match_indices("aria-label=\"Sélectionner le dossier ")
        .map(|(i, m)| {
            let rest = &body[i + m.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect()
}

fn assert_ok(r: &TestResponse, what: &str) {
    assert_eq!(r.status, StatusCode::OK, "{what}: {}", r.body);
}

async fn list(c: &mut Client, query: &str) -> TestResponse {
    c.get(&format!("/staff/files?{query}")).await
}

async fn bulk_post(c: &mut Client, fields: Vec<(&'static str, String)>) -> TestResponse {
    let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    c.post("/staff/files/bulk", &f).await
}

async fn mails(state: &AppState) -> Vec<String> {
    jobs::drain(state).await.unwrap();
    testing::outbox(state)
}

// ---- The list -------------------------------------------------------------------------------

#[tokio::test]
async fn the_list_filters_sorts_chooses_columns_and_pages() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        let db = w.state.db().clone();
        let mut a = spec(1, "École de la Transition", "submitted");
        a.amount = Some(1_000_000);
        a.commune = Some("92050");
        a.assignee = Some(w.staff_id);
        let mut b = spec(2, "Jardin partagé", "under_instruction");
        b.amount = Some(500_000);
        b.commune = Some("92012");
        let mut c = spec(3, "Atelier vélo", "refused");
        c.amount = Some(2_000_000);
        c.commune = Some("92050");
        let mut d = spec(4, "Brouillon caché", "draft");
        d.amount = Some(100_000);
        d.commune = Some("92050");
        let ida = insert_file(&w, &a).await;
        for s in [&b, &c, &d] {
            insert_file(&w, s).await;
        }
        let label = db
            .insert_id(
                Query::insert()
                    .into_table(col("call_labels"))
                    .columns([col("call_id"), col("name")])
                    .values_panic([w.call.into(), "Prioritaire".into()])
                    .to_owned(),
            )
            .await
            .unwrap();
        db.execute(
            Query::insert()
                .into_table(col("file_labels"))
                .columns([col("file_id"), col("label_id")])
                .values_panic([ida.into(), label.into()]),
        )
        .await
        .unwrap();
        let n = |x: usize| format!("PROG-2026-{x:05}");

        // Drafts are the applicant's business: left out unless asked for.
        let r = list(&mut w.staff, "").await;
        assert_ok(&r, t.label);
        assert_eq!(numbers(&r.body), vec![n(1), n(2), n(3)], "newest first");
        assert!(r.body.contains("3 dossiers correspondent"), "{}", r.body);
        let r = list(&mut w.staff, "state=all").await;
        assert_eq!(numbers(&r.body).len(), 4);
        let r = list(&mut w.staff, "state=draft").await;
        assert_eq!(numbers(&r.body), vec![n(4)]);
        let r = list(&mut w.staff, "state=refused").await;
        assert_eq!(numbers(&r.body), vec![n(3)]);

        // Each filter narrows.
        let r = list(&mut w.staff, &format!("label={label}")).await;
        assert_eq!(numbers(&r.body), vec![n(1)], "label");
        let r = list(&mut w.staff, &format!("assignee={}", w.staff_id)).await;
        assert_eq!(numbers(&r.body), vec![n(1)], "assignee");
        let r = list(&mut w.staff, "assignee=none").await;
        assert_eq!(numbers(&r.body), vec![n(2), n(3)], "unassigned");
        let r = list(&mut w.staff, "commune=92050").await;
        assert_eq!(numbers(&r.body), vec![n(1), n(3)], "commune");
        let r = list(&mut w.staff, "min=6+000&max=15000").await;
        assert_eq!(numbers(&r.body), vec![n(1)], "amount range");
        let r = list(&mut w.staff, "min=5000").await;
        assert_eq!(numbers(&r.body), vec![n(1), n(2), n(3)], "bounds included");
        let r = list(&mut w.staff, &format!("call={}&state=all", w.call + 1)).await;
        assert!(numbers(&r.body).is_empty(), "another call");
        // Accents and capitals folded on both sides.
        let r = list(&mut w.staff, "q=ecole+TRANSITION").await;
        assert_eq!(numbers(&r.body), vec![n(1)], "folded words");
        let r = list(&mut w.staff, "q=%C3%89COLE").await;
        assert_eq!(numbers(&r.body), vec![n(1)], "accented query");
        let r = list(&mut w.staff, "q=PROG-2026-00002").await;
        assert_eq!(numbers(&r.body), vec![n(2)], "by number");
        let r = list(&mut w.staff, "q=velo+partage").await;
        assert!(numbers(&r.body).is_empty(), "every word must match");
        // Filters combine.
        let r = list(&mut w.staff, "commune=92050&state=all&max=5000").await;
        assert_eq!(numbers(&r.body), vec![n(4)]);

        // A bound that is not an amount is said so, and ignored.
        let r = list(&mut w.staff, "min=beaucoup").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.body.contains("href=\"#f-min\""),
            "error summary links the field"
        );
        assert_eq!(numbers(&r.body).len(), 3);

        // Sorting, with aria-sort on the sorted column.
        let r = list(&mut w.staff, "sort=amount&dir=asc").await;
        assert_eq!(numbers(&r.body), vec![n(2), n(1), n(3)]);
        assert!(r.body.contains("aria-sort=\"ascending\""));
        let r = list(&mut w.staff, "sort=amount&dir=desc").await;
        assert_eq!(numbers(&r.body), vec![n(3), n(1), n(2)]);
        assert!(r.body.contains("aria-sort=\"descending\""));
        // By title, without case (where accented initials go depends on the engine's collation).
        let r = list(&mut w.staff, "sort=title").await;
        assert_eq!(numbers(&r.body)[0], n(3), "by title");
        let r = list(&mut w.staff, "sort=number&dir=desc").await;
        assert_eq!(numbers(&r.body), vec![n(3), n(2), n(1)]);
        // Unassigned files come last whichever the direction.
        let r = list(&mut w.staff, "sort=assignee&dir=desc").await;
        assert_eq!(numbers(&r.body)[0], n(1));
        let r = list(&mut w.staff, "sort=assignee&dir=asc").await;
        assert_eq!(numbers(&r.body)[0], n(1));

        // Chosen columns, kept in the links.
        let r = list(&mut w.staff, "cols=number&cols=title&cols=labels").await;
        assert!(
            !r.body.contains("10\u{202f}000,00\u{a0}€"),
            "amount column hidden"
        );
        assert!(!r.body.contains("sort=amount"), "no amount header");
        assert!(r.body.contains("Prioritaire"), "labels column");
        assert!(r
            .body
            .contains("sort=title&amp;dir=asc&amp;cols=number&amp;cols=title&amp;cols=labels"));
        let r = list(&mut w.staff, "").await;
        assert!(
            r.body.contains("10\u{202f}000,00\u{a0}€"),
            "amount column by default"
        );
        assert!(r.body.contains("Nanterre (92050)"));

        // Pages of 50, with the total.
        let more: Vec<Spec> = (10..70).map(|i| spec(i, "Projet", "submitted")).collect();
        insert_many(&w, &more).await;
        let r = list(&mut w.staff, "").await;
        assert!(r.body.contains("63 dossiers correspondent"));
        assert_eq!(numbers(&r.body).len(), 50);
        assert!(r.body.contains("Page 1 / 2"));
        assert!(r.body.contains("rel=\"next\""));
        let r = list(&mut w.staff, "page=2").await;
        assert_eq!(numbers(&r.body).len(), 13);
        assert!(r.body.contains("Page 2 / 2"));
        let first: Vec<String> = numbers(&list(&mut w.staff, "").await.body);
        let second = numbers(&r.body);
        assert!(
            first.iter().all(|x| !second.contains(x)),
            "pages do not overlap"
        );

        // The list of a call is the list filtered by it.
        let r = w.staff.get(&format!("/staff/calls/{}/files", w.call)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            r.location(),
            Some(format!("/staff/files?call={}", w.call).as_str())
        );
        assert_eq!(
            w.staff.get("/staff/calls/999999/files").await.status,
            StatusCode::NOT_FOUND
        );
    }
}

fn big_specs(w: &World) -> Vec<Spec> {
    let communes = ["92050", "92012", "92026", "92044", "92004"];
    let states = ["submitted", "under_instruction", "accepted", "refused"];
    (1..=10_000usize)
        .map(|i| {
            // One in ten is a draft, hidden by default.
            let state = if i % 10 == 0 { "draft" } else { states[i % 4] };
            let mut s = spec(i, &format!("Projet numéro {i}"), state);
            s.amount = Some(((i % 50) as i64 + 1) * 100_000);
            s.commune = Some(communes[i % 5]);
            s.assignee = (i % 3 == 0).then_some(w.staff_id);
            s
        })
        .collect()
}

#[tokio::test]
async fn ten_thousand_files_list_and_count_right() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        let specs = big_specs(&w);
        insert_many(&w, &specs).await;
        let r = w.staff.get("/staff/files").await;
        assert_ok(&r, t.label);
        assert!(
            r.body.contains("9000 dossiers correspondent"),
            "{}",
            t.label
        );
        assert_eq!(numbers(&r.body).len(), 50);
        assert!(r.body.contains("Page 1 / 180"));
        let r = w.staff.get("/staff/files?page=180").await;
        assert_eq!(numbers(&r.body).len(), 50);
        let r = w.staff.get("/staff/files?page=181").await;
        assert!(
            r.body.contains("Page 180 / 180"),
            "past the end: the last page"
        );
        // i % 5 == 0 is commune 92050; drafts (i % 10 == 0) are among them: 2000 - 1000.
        let r = w.staff.get("/staff/files?commune=92050").await;
        assert!(
            r.body.contains("1000 dossiers correspondent"),
            "{}",
            t.label
        );
        let r = w.staff.get("/staff/files?commune=92050&state=all").await;
        assert!(r.body.contains("2000 dossiers correspondent"));
        let r = w
            .staff
            .get(&format!(
                "/staff/files?call={}&state=refused&sort=amount",
                w.call
            ))
            .await;
        assert!(
            r.body.contains("2500 dossiers correspondent"),
            "{}",
            t.label
        );
        let r = w.staff.get("/staff/files?q=numero+4321").await;
        assert_eq!(numbers(&r.body), vec!["PROG-2026-04321".to_owned()]);
        let r = w
            .staff
            .get(&format!(
                "/staff/files?assignee={}&min=50000&max=50000",
                w.staff_id
            ))
            .await;
        // amount 50 000 € is i % 50 == 49; with i % 3 == 0 and not a draft.
        let expected = (1..=10_000)
            .filter(|i| i % 50 == 49 && i % 3 == 0 && i % 10 != 0)
            .count();
        assert!(
            r.body
                .contains(&format!("{expected} dossiers correspondent")),
            "{expected} in {}",
            t.label
        );
    }
}

/// How long the list takes on 10,000 files, printed (never asserted: machines differ).
/// `cargo test -p essor-calls --test instruction -- --ignored --nocapture`
#[tokio::test]
#[ignore]
async fn time_the_list_on_ten_thousand_files() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        let specs = big_specs(&w);
        let start = std::time::Instant::now();
        insert_many(&w, &specs).await;
        println!("{}: inserting 10,000 files: {:?}", t.label, start.elapsed());
        for path in [
            "/staff/files".to_owned(),
            "/staff/files?page=150".to_owned(),
            "/staff/files?sort=org&dir=asc".to_owned(),
            "/staff/files?sort=amount&dir=desc".to_owned(),
            format!("/staff/files?call={}&state=refused&sort=submitted", w.call),
            "/staff/files?commune=92050&min=10000&max=30000".to_owned(),
            "/staff/files?q=projet+numero+4321".to_owned(),
            format!(
                "/staff/files?assignee={}&cols=number&cols=labels",
                w.staff_id
            ),
        ] {
            w.staff.get(&path).await; // warm up
            let start = std::time::Instant::now();
            let runs = 5;
            for _ in 0..runs {
                assert_ok(&w.staff.get(&path).await, &path);
            }
            println!(
                "{}: GET {path}: {:?} per page",
                t.label,
                start.elapsed() / runs
            );
        }
    }
}

// ---- A file's page --------------------------------------------------------------------------

/// A submitted file with answers and a stored attachment.
async fn full_file(w: &World, n: usize) -> (i64, i64) {
    let db = w.state.db();
    let mut s = spec(n, "Jardin partagé", "draft");
    s.amount = Some(1_500_000);
    s.commune = Some("92050");
    let id = insert_file(w, &s).await;
    let chunks = futures::stream::iter(vec![Ok::<_, String>(bytes::Bytes::from_static(
        b"%PDF-1.4 statuts signes",
    ))]);
    let stored = w
        .state
        .storage()
        .put_stream("files/test", chunks, 1_000_000, &[storage::FileType::Pdf])
        .await
        .unwrap();
    let att = db
        .insert_id(
            Query::insert()
                .into_table(col("file_attachments"))
                .columns([
                    col("file_id"),
                    col("field_id"),
                    col("storage_key"),
                    col("original_name"),
                    col("content_type"),
                    col("size_bytes"),
                    col("sha256"),
                    col("uploaded_by"),
                    col("uploaded_at"),
                ])
                .values_panic([
                    id.into(),
                    "statutes".into(),
                    stored.key.clone().into(),
                    "statuts-2024.pdf".into(),
                    "application/pdf".into(),
                    (stored.size as i64).into(),
                    stored.sha256.clone().into(),
                    w.applicant_id.into(),
                    Utc::now().into(),
                ])
                .to_owned(),
        )
        .await
        .unwrap();
    let answers = Answers::new()
        .with("name", Value::Text("Jardin partagé des Fontenelles".into()))
        .with(
            "summary",
            Value::Text("Première ligne\nSeconde ligne".into()),
        )
        .with("has_partner", Value::Bool(false))
        .with("partner", Value::Text("PARTENAIRE-CACHÉ".into()))
        .with("amount", Value::Cents(Cents(1_500_000)))
        .with("other", Value::Cents(Cents(500_000)))
        .with(
            "statutes",
            Value::File(FileRef {
                id: att,
                name: "statuts-2024.pdf".into(),
                size: stored.size,
            }),
        );
    db.execute(
        Query::update()
            .table(col("files"))
            .value(col("answers"), serde_json::to_string(&answers).unwrap())
            .and_where(Expr::col(col("id")).eq(id)),
    )
    .await
    .unwrap();
    step(
        db,
        id,
        FileEvent::Submit,
        Actor::Applicant,
        w.applicant_id,
        None,
    )
    .await;
    (id, att)
}

#[tokio::test]
async fn the_file_page_shows_answers_history_notes_labels_and_assignment() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        let db = w.state.db().clone();
        let (id, att) = full_file(&w, 1).await;
        step(
            &db,
            id,
            FileEvent::StartInstruction,
            Actor::Staff,
            w.staff_id,
            None,
        )
        .await;
        let page = format!("/staff/files/{id}");
        let r = w.staff.get(&page).await;
        assert_ok(&r, t.label);
        let b = &r.body;
        assert!(b.contains("Dossier PROG-2026-00001"));
        assert!(
            b.contains("Jardin partagé des Fontenelles"),
            "a short answer"
        );
        assert!(
            b.contains("Première ligne<br>Seconde ligne"),
            "a long answer, line by line"
        );
        assert!(
            !b.contains("PARTENAIRE-CACHÉ"),
            "the answer of a hidden field is not shown"
        );
        assert!(!b.contains("Nom du partenaire"), "nor its question");
        assert!(b.contains("20\u{202f}000,00\u{a0}€"), "the computed total");
        assert!(
            b.contains("Le projet") && b.contains("Budget du projet"),
            "page by page"
        );
        assert!(
            b.contains(&format!("/staff/files/{id}/attachments/{att}")),
            "attachment link"
        );
        assert!(
            b.contains("Passer en instruction") && b.contains("Agnès Agent"),
            "history"
        );
        assert!(b.contains("Jo Applicant"), "who submitted");
        // The attachment downloads, as an attachment.
        let r = w
            .staff
            .get(&format!("/staff/files/{id}/attachments/{att}"))
            .await;
        assert_ok(&r, "download");
        assert_eq!(r.body, "%PDF-1.4 statuts signes");
        assert!(r.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment;"));
        let other = insert_file(&w, &spec(2, "Autre", "submitted")).await;
        assert_eq!(
            w.staff
                .get(&format!("/staff/files/{other}/attachments/{att}"))
                .await
                .status,
            StatusCode::NOT_FOUND,
            "an attachment of another file"
        );

        // Annotations and comments.
        let r = w
            .staff
            .post(
                &format!("{page}/notes"),
                &[("kind", "annotation"), ("body", "  ")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("href=\"#f-annotation\""));
        let r = w
            .staff
            .post(
                &format!("{page}/notes"),
                &[("kind", "annotation"), ("body", "Budget à vérifier")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        w.staff
            .post(
                &format!("{page}/notes"),
                &[("kind", "comment"), ("body", "D’accord <b>avec</b> toi")],
            )
            .await;
        let r = w.staff.get(&page).await;
        assert!(r.body.contains("Budget à vérifier"));
        assert!(
            r.body.contains("D’accord &lt;b&gt;avec&lt;/b&gt; toi"),
            "escaped"
        );
        assert_eq!(count(&db, "file_notes", "file_id", id).await, 2);
        assert_eq!(count(&db, "audit_log", "action", "file.note").await, 2);

        // Labels: created for the call, put on and taken off.
        let r = w
            .staff
            .post(&format!("{page}/labels"), &[("new_label", " À  revoir ")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = w.staff.get(&page).await;
        assert!(r.body.contains("<span class=\"badge\">À revoir</span>"));
        let (label,): (i64,) = db
            .fetch_one(Query::select().column(col("id")).from(col("call_labels")))
            .await
            .unwrap();
        // The same name again reuses the label, whatever its case.
        w.staff
            .post(
                &format!("/staff/files/{other}/labels"),
                &[("new_label", "à revoir")],
            )
            .await;
        assert_eq!(count(&db, "call_labels", "call_id", w.call).await, 1);
        assert_eq!(count(&db, "file_labels", "label_id", label).await, 2);
        let r = w
            .staff
            .post(
                &format!("{page}/labels"),
                &[("label", ""), ("new_label", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = w
            .staff
            .post(&format!("{page}/labels/{label}/remove"), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(count(&db, "file_labels", "file_id", id).await, 0);
        let r = w
            .staff
            .post(&format!("{page}/labels/{label}/remove"), &[])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "not on the file any more");
        // An existing label of the call, by id; a label id of nowhere is refused.
        let r = w
            .staff
            .post(&format!("{page}/labels"), &[("label", &label.to_string())])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(count(&db, "file_labels", "file_id", id).await, 1);
        let r = w
            .staff
            .post(&format!("{page}/labels"), &[("label", "999999")])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        // Assignment, to staff only.
        let r = w
            .staff
            .post(
                &format!("{page}/assign"),
                &[("assignee", &w.applicant_id.to_string())],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "an applicant cannot be assigned"
        );
        let r = w
            .staff
            .post(
                &format!("{page}/assign"),
                &[("assignee", &w.staff_id.to_string())],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(file(&db, id).await.assignee_id, Some(w.staff_id));
        let r = w
            .staff
            .post(&format!("{page}/assign"), &[("assignee", "none")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(file(&db, id).await.assignee_id, None);
        assert_eq!(count(&db, "audit_log", "action", "file.assign").await, 2);
    }
}

// ---- Transitions and letters ----------------------------------------------------------------

#[tokio::test]
async fn transitions_need_a_reason_to_refuse_or_ask_a_correction_and_send_letters() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        let db = w.state.db().clone();
        let french = person(&w.state, "camille@asso.fr", "Camille Durand", "fr", None).await;
        let (id, _) = full_file(&w, 1).await;
        let page = format!("/staff/files/{id}");
        let go = |event: &'static str, reason: &'static str| [("event", event), ("reason", reason)];

        let r = w
            .staff
            .post(&format!("{page}/transition"), &go("accept", ""))
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "not before instruction"
        );
        assert!(r.body.contains("href=\"#f-event\""));
        let r = w
            .staff
            .post(&format!("{page}/transition"), &go("start_instruction", ""))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(file(&db, id).await.state, "under_instruction");

        // A refusal and a correction request need a written reason.
        for event in ["refuse", "request_correction"] {
            let r = w
                .staff
                .post(&format!("{page}/transition"), &go(event, "   "))
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{event}");
            assert!(
                r.body.contains("href=\"#f-reason\""),
                "error summary for {event}"
            );
            assert!(r.body.contains("Indiquez le motif"));
            assert_eq!(file(&db, id).await.state, "under_instruction");
        }
        assert!(
            mails(&w.state).await.is_empty(),
            "nothing sent for refused steps"
        );

        let r = w
            .staff
            .post(
                &format!("{page}/transition"),
                &go("request_correction", "Please attach the 2024 accounts."),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(file(&db, id).await.state, "correction_requested");
        let sent = mails(&w.state).await;
        assert_eq!(sent.len(), 1);
        let m = &sent[0];
        assert!(m.contains("To: jo@asso.org"));
        assert!(
            m.contains("Subject: Your file PROG-2026-00001 needs completing"),
            "{m}"
        );
        assert!(m.contains("Please attach the 2024 accounts."));
        assert!(
            m.contains("Progr’ESS 2026") || m.contains("Progr=E2=80=99ESS"),
            "the call"
        );
        assert!(m.contains("http://essor.test/files/"), "link to the file");

        // Back, then refused with its reason.
        step(
            &db,
            id,
            FileEvent::Submit,
            Actor::Applicant,
            w.applicant_id,
            None,
        )
        .await;
        w.staff
            .post(&format!("{page}/transition"), &go("start_instruction", ""))
            .await;
        let r = w
            .staff
            .post(
                &format!("{page}/transition"),
                &go("refuse", "The budget does not balance."),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let f = file(&db, id).await;
        assert_eq!(f.state, "refused");
        assert!(f.decided_at.is_some());
        let sent = mails(&w.state).await;
        let m = sent.last().unwrap();
        assert!(
            m.contains("Subject: Decision on your application PROG-2026-00001"),
            "{m}"
        );
        assert!(m.contains("The budget does not balance."));
        assert!(m.contains("has not been selected"));
        let r = w.staff.get(&page).await;
        assert!(
            r.body.contains("The budget does not balance."),
            "the reason in the history"
        );
        assert!(r.body.contains("Rouvrir"), "a decided file may be reopened");

        // Reopened and accepted; a French applicant gets a French letter.
        db.execute(
            Query::update()
                .table(col("files"))
                .value(col("created_by"), french)
                .and_where(Expr::col(col("id")).eq(id)),
        )
        .await
        .unwrap();
        let r = w
            .staff
            .post(&format!("{page}/transition"), &go("reopen", ""))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let before = mails(&w.state).await.len();
        assert_eq!(before, 2, "reopening sends nothing");
        w.staff
            .post(&format!("{page}/transition"), &go("accept", ""))
            .await;
        let sent = mails(&w.state).await;
        let m = sent.last().unwrap();
        assert!(m.contains("To: camille@asso.fr"));
        assert!(m.contains("Bonjour Camille Durand"), "{m}");
        assert!(m.contains("a reçu une décision favorable") || m.contains("favorable"));
        assert!(m.contains("est accept"), "French subject: {m}");
        assert!(m.contains("<html lang=\"fr\">"), "an HTML part");

        // A second file closed without follow-up.
        let (id2, _) = full_file(&w, 2).await;
        step(
            &db,
            id2,
            FileEvent::StartInstruction,
            Actor::Staff,
            w.staff_id,
            None,
        )
        .await;
        let r = w
            .staff
            .post(
                &format!("/staff/files/{id2}/transition"),
                &go("close_without_follow_up", ""),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let sent = mails(&w.state).await;
        assert!(sent
            .last()
            .unwrap()
            .contains("Subject: Your file PROG-2026-00002 is closed without follow-up"));

        // Every transition logged, with its actor.
        let (n,): (i64,) = db
            .fetch_one(
                Query::select()
                    .expr(Expr::col(Asterisk).count())
                    .from(col("file_transitions"))
                    .and_where(Expr::col(col("file_id")).eq(id))
                    .and_where(Expr::col(col("actor_id")).eq(w.staff_id)),
            )
            .await
            .unwrap();
        // start, correction, start, refuse, reopen, accept.
        assert_eq!(n, 6);
        assert!(count(&db, "audit_log", "action", "file.transition").await >= 9);
        // An unknown event is refused, and a file that does not exist is not found.
        let r = w
            .staff
            .post(&format!("{page}/transition"), &go("submit", ""))
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "staff do not submit"
        );
        let r = w
            .staff
            .post("/staff/files/999999/transition", &go("accept", ""))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
}

// ---- Bulk actions ---------------------------------------------------------------------------

#[tokio::test]
async fn bulk_actions_report_each_file() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        let db = w.state.db().clone();
        let under = insert_file(&w, &spec(1, "En instruction", "under_instruction")).await;
        let submitted = insert_file(&w, &spec(2, "Déposé", "submitted")).await;
        let refused = insert_file(&w, &spec(3, "Refusé", "refused")).await;
        let ids = [under, submitted, refused].map(|i| i.to_string());
        let sel = |action: &str, extra: &[(&'static str, String)]| {
            let mut v: Vec<(&'static str, String)> =
                ids.iter().map(|i| ("file", i.clone())).collect();
            v.push(("action", action.to_owned()));
            v.push(("back", "state=all".to_owned()));
            v.extend(extra.iter().cloned());
            v
        };
        let s = |x: &str| x.to_owned();

        // Refused before touching anything: no selection, no reason for a refusal.
        let r = bulk_post(
            &mut w.staff,
            vec![("action", s("transition")), ("event", s("accept"))],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("href=\"#f-bulk-selection\""));
        let r = bulk_post(
            &mut w.staff,
            sel("transition", &[("event", s("refuse")), ("reason", s(""))]),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("href=\"#f-bulk-reason\""));
        for i in 1..=3 {
            assert!(
                r.body.contains(&format!("PROG-2026-0000{i}\" checked>")),
                "selection kept"
            );
        }
        assert_eq!(file(&db, under).await.state, "under_instruction");

        // A mix of allowed and refused files: each its own outcome.
        let r = bulk_post(
            &mut w.staff,
            sel(
                "transition",
                &[
                    ("event", s("refuse")),
                    ("reason", s("Hors du champ de l’appel.")),
                ],
            ),
        )
        .await;
        assert_ok(&r, "bulk refuse");
        assert!(r.body.contains("1 dossier traité."), "{}", r.body);
        assert!(r.body.contains("2 dossiers non traités."));
        assert_eq!(r.body.matches("Cette étape n’est pas possible").count(), 2);
        assert_eq!(file(&db, under).await.state, "refused");
        assert_eq!(file(&db, submitted).await.state, "submitted");
        assert_eq!(file(&db, refused).await.state, "refused");
        let sent = mails(&w.state).await;
        assert_eq!(sent.len(), 1, "one letter, to the refused file's applicant");
        assert!(sent[0].contains("Hors du champ de l"));

        // Label, assign and message, audited per file and once for the bulk action.
        let label = db
            .insert_id(
                Query::insert()
                    .into_table(col("call_labels"))
                    .columns([col("call_id"), col("name")])
                    .values_panic([w.call.into(), "Comité de mars".into()])
                    .to_owned(),
            )
            .await
            .unwrap();
        let r = bulk_post(&mut w.staff, sel("label", &[("label", label.to_string())])).await;
        assert_ok(&r, "bulk label");
        assert!(r.body.contains("3 dossiers traités."));
        assert_eq!(count(&db, "file_labels", "label_id", label).await, 3);
        let r = bulk_post(
            &mut w.staff,
            sel("assign", &[("assignee", w.staff_id.to_string())]),
        )
        .await;
        assert_ok(&r, "bulk assign");
        assert_eq!(file(&db, submitted).await.assignee_id, Some(w.staff_id));
        let r = bulk_post(
            &mut w.staff,
            sel("message", &[("body", s("Le comité se réunit le 12 mars."))]),
        )
        .await;
        assert_ok(&r, "bulk message");
        assert_eq!(count(&db, "file_messages", "from_staff", true).await, 3);
        assert_eq!(mails(&w.state).await.len(), 4, "each applicant told");
        assert_eq!(count(&db, "audit_log", "action", "file.bulk").await, 4);
        assert_eq!(count(&db, "audit_log", "action", "file.label_add").await, 3);
        assert_eq!(count(&db, "audit_log", "action", "file.message").await, 3);

        // A label of another call is refused per file; more than 500 files at once are not taken.
        let r = bulk_post(&mut w.staff, sel("label", &[("label", s("999999"))])).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "unknown label");
        let many: Vec<(&'static str, String)> = (1..=501)
            .map(|i| ("file", i.to_string()))
            .chain([
                ("action", "assign".to_owned()),
                ("assignee", "none".to_owned()),
            ])
            .collect();
        let r = bulk_post(&mut w.staff, many).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("500 dossiers au plus"));
    }
}

// ---- Expert opinions ------------------------------------------------------------------------

/// The expert link in the last e-mail sent to `to`.
fn expert_link(sent: &[String], to: &str) -> String {
    let m = sent
        .iter()
        .rev()
        .find(|m| m.contains(&format!("To: {to}")))
        .unwrap_or_else(|| panic!("no mail to {to}"));
    testing::link_path(m, "http://essor.test/expert/").expect("expert link")
}

#[tokio::test]
async fn experts_answer_once_through_their_link() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        let db = w.state.db().clone();
        let (id, att) = full_file(&w, 1).await;
        let page = format!("/staff/files/{id}");
        let ask = |email: &'static str, name: &'static str, sees: bool| {
            let mut v = vec![
                ("expert_email", email),
                ("expert_name", name),
                ("question", "Le modèle économique est-il solide ?"),
            ];
            if sees {
                v.push(("sees_others", "yes"));
            }
            v
        };
        let r = w
            .staff
            .post(
                &format!("{page}/experts"),
                &[("expert_email", "pas-une-adresse")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.body.contains("href=\"#f-expert_email\"") && r.body.contains("href=\"#f-question\"")
        );

        let r = w
            .staff
            .post(
                &format!("{page}/experts"),
                &ask("une@expert.fr", "Une Experte", false),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let sent = mails(&w.state).await;
        let first = expert_link(&sent, "une@expert.fr");
        let mail = sent.last().unwrap();
        assert!(
            mail.contains("Le mod") && mail.contains("PROG-2026-00001"),
            "{mail}"
        );
        // An expert who reads English gets the e-mail in English, whatever the staff's language.
        let mut in_english = ask("an@expert.example", "An Expert", false);
        in_english.push(("expert_lang", "en"));
        let r = w.staff.post(&format!("{page}/experts"), &in_english).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let english = mails(&w.state).await.last().unwrap().clone();
        assert!(english.contains("an@expert.example"), "{english}");
        assert!(english.contains("Hello An Expert,"), "{english}");
        assert!(
            english.contains("asks for your expert opinion"),
            "{english}"
        );
        let r = w
            .staff
            .post(
                &format!("{page}/experts"),
                &[("expert_lang", "de"), ("expert_email", "x@y.fr")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("href=\"#f-expert_lang\""));
        // Only the hash of the token is stored.
        let token = first.trim_start_matches("/expert/");
        assert_eq!(count(&db, "expert_requests", "token_hash", token).await, 0);
        assert_eq!(
            count(
                &db,
                "expert_requests",
                "token_hash",
                password::token_hash(token)
            )
            .await,
            1
        );

        // No account needed: the link is the access.
        let mut expert = Client::new(&w.router);
        let r = expert.get(&first).await;
        assert_ok(&r, "expert page");
        assert!(r.body.contains("Le modèle économique est-il solide ?"));
        assert!(
            r.body.contains("Jardin partagé des Fontenelles"),
            "the answers"
        );
        assert!(!r.body.contains("PARTENAIRE-CACHÉ"));
        assert_eq!(r.headers[header::CACHE_CONTROL], "private, no-store");
        let r = expert.get(&format!("{first}/attachments/{att}")).await;
        assert_eq!(r.body, "%PDF-1.4 statuts signes", "the file's attachments");
        let r = expert
            .post(&first, &[("opinion", ""), ("comment", "")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("href=\"#f-opinion\"") && r.body.contains("href=\"#f-comment\""));
        let r = expert
            .post(
                &first,
                &[
                    ("opinion", "favourable"),
                    ("comment", "Projet UNIQUE-AVIS-UN solide."),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = expert.get(&first).await;
        assert!(
            r.body.contains("ne peut plus être modifié"),
            "answered once"
        );
        assert!(!r.body.contains("name=\"opinion\""), "no form any more");
        let r = expert
            .post(
                &first,
                &[("opinion", "unfavourable"), ("comment", "AVIS-MODIFIE")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = w.staff.get(&page).await;
        assert!(
            r.body.contains("UNIQUE-AVIS-UN") && r.body.contains("Favorable"),
            "staff see it"
        );
        assert!(!r.body.contains("AVIS-MODIFIE"));
        let sent = mails(&w.state).await;
        assert!(
            sent.iter()
                .any(|m| m.contains("To: agent@cd92.fr") && m.contains("Une Experte")),
            "the requester is told"
        );
        assert_eq!(
            count(&db, "audit_log", "action", "file.expert_opinion").await,
            1
        );

        // A second expert does not see the first opinion; a third, allowed to, does.
        w.staff
            .post(
                &format!("{page}/experts"),
                &ask("deux@expert.fr", "Deux", false),
            )
            .await;
        w.staff
            .post(
                &format!("{page}/experts"),
                &ask("trois@expert.fr", "Trois", true),
            )
            .await;
        let sent = mails(&w.state).await;
        let second = expert_link(&sent, "deux@expert.fr");
        let third = expert_link(&sent, "trois@expert.fr");
        let r = expert.get(&second).await;
        assert_ok(&r, "second expert");
        assert!(!r.body.contains("UNIQUE-AVIS-UN"));
        let r = expert.get(&third).await;
        assert!(r.body.contains("UNIQUE-AVIS-UN") && r.body.contains("Une Experte"));

        // Revoked: the link leads nowhere; so does a made-up one.
        let (req,): (i64,) = db
            .fetch_one(
                Query::select()
                    .column(col("id"))
                    .from(col("expert_requests"))
                    .and_where(Expr::col(col("expert_email")).eq("deux@expert.fr")),
            )
            .await
            .unwrap();
        let r = w
            .staff
            .post(&format!("{page}/experts/{req}/revoke"), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(expert.get(&second).await.status, StatusCode::NOT_FOUND);
        let r = expert
            .post(
                &second,
                &[("opinion", "reserved"), ("comment", "Trop tard")],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(
            expert.get("/expert/not-a-token").await.status,
            StatusCode::NOT_FOUND
        );
        let r = w
            .staff
            .post(&format!("/staff/files/{id}/experts/999999/revoke"), &[])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
}

// ---- Messages -------------------------------------------------------------------------------

#[tokio::test]
async fn staff_write_with_attachments_and_the_applicant_is_told() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        let db = w.state.db().clone();
        let (id, _) = full_file(&w, 1).await;
        let thread = format!("/staff/files/{id}/messages");
        let r = w.staff.get(&thread).await;
        assert_ok(&r, "thread");
        assert!(r.body.contains("Aucun message"));

        let r = w
            .staff
            .post_multipart(&thread, &[("body", None, &b"  "[..])])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("href=\"#f-body\""));
        let r = w
            .staff
            .post_multipart(
                &thread,
                &[
                    ("body", None, &b"Voici le modele."[..]),
                    ("file", Some("outil.exe"), &b"MZ\x90\x00binary"[..]),
                ],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a program is refused"
        );
        assert!(r.body.contains("href=\"#f-file\""));
        assert_eq!(count(&db, "file_messages", "file_id", id).await, 0);

        let r = w
            .staff
            .post_multipart(
                &thread,
                &[
                    ("body", None, "Voici le modèle de convention.".as_bytes()),
                    ("file", Some("convention.pdf"), &b"%PDF-1.7 convention"[..]),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        // Without attachment too.
        let r = w
            .staff
            .post_multipart(
                &thread,
                &[
                    ("body", None, &b"Sans piece jointe."[..]),
                    ("file", Some(""), &b""[..]),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = w.staff.get(&thread).await;
        assert!(r.body.contains("Voici le modèle de convention."));
        assert!(r.body.contains("Sans piece jointe."));
        let (msg,): (i64,) = db
            .fetch_one(
                Query::select()
                    .column(col("id"))
                    .from(col("file_messages"))
                    .and_where(Expr::col(col("attachment_key")).is_not_null()),
            )
            .await
            .unwrap();
        let link = format!("{thread}/{msg}/attachment");
        assert!(r.body.contains(&link));
        let r = w.staff.get(&link).await;
        assert_eq!(r.body, "%PDF-1.7 convention");
        assert_eq!(r.headers[header::CONTENT_TYPE], "application/pdf");
        let sent = mails(&w.state).await;
        assert_eq!(sent.len(), 2);
        assert!(sent[0].contains("To: jo@asso.org"));
        assert!(sent[0].contains("Subject: New message about your file PROG-2026-00001"));
        assert!(sent[0].contains(&format!("http://essor.test/files/{id}/messages")));
        assert!(
            !sent[0].contains("convention"),
            "the message stays on the platform"
        );
        assert_eq!(count(&db, "audit_log", "action", "file.message").await, 2);
        let r = w.staff.get(&format!("/staff/files/{id}")).await;
        assert!(r.body.contains("(2 messages)"));
    }
}

// ---- Access ---------------------------------------------------------------------------------

#[tokio::test]
async fn only_staff_instruct() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        let (id, att) = full_file(&w, 1).await;
        let mut anonymous = Client::new(&w.router);
        let gets = [
            "/staff/files".to_owned(),
            format!("/staff/files/{id}"),
            format!("/staff/files/{id}/messages"),
            format!("/staff/files/{id}/attachments/{att}"),
            format!("/staff/calls/{}/files", w.call),
        ];
        for path in &gets {
            let r = w.applicant.get(path).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "applicant GET {path}");
            let r = anonymous.get(path).await;
            assert!(
                r.status.is_redirection() && r.location().unwrap().starts_with("/login"),
                "anonymous GET {path}"
            );
        }
        let posts = [
            "/staff/files/bulk".to_owned(),
            format!("/staff/files/{id}/transition"),
            format!("/staff/files/{id}/assign"),
            format!("/staff/files/{id}/labels"),
            format!("/staff/files/{id}/notes"),
            format!("/staff/files/{id}/experts"),
            format!("/staff/files/{id}/messages"),
        ];
        for path in &posts {
            let r = w
                .applicant
                .post(
                    path,
                    &[
                        ("event", "accept"),
                        ("file", &id.to_string()),
                        ("action", "assign"),
                    ],
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "applicant POST {path}");
        }
        assert_eq!(
            file(w.state.db(), id).await.state,
            "submitted",
            "nothing changed"
        );
        // Staff: a file that does not exist is not found.
        assert_eq!(
            w.staff.get("/staff/files/999999").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            w.staff.get("/staff/files/abc").await.status,
            StatusCode::NOT_FOUND
        );
    }
}
