//! Staff build and publish calls, through HTTP, on every database engine available.

use axum::http::StatusCode;
use axum::Router;
use chrono::{DateTime, Duration, Utc};
use essor_accounts::testing::{login, person};
use essor_accounts::users;
use essor_calls::model::{self, Call};
use essor_domain::email::Email;
use essor_domain::forms::{FieldKind, FormSchema};
use essor_domain::ids::{CallId, UserId};
use essor_domain::role::Role;
use essor_platform::db::Db;
use essor_platform::testing::{self, Client, TestResponse};
use essor_platform::{AppState, Module};
use sea_query::{Alias, Asterisk, Expr, Query};

fn modules() -> Vec<Module> {
    vec![essor_accounts::module(), essor_calls::module()]
}

async fn staff(state: &AppState, router: &Router) -> Client {
    person(state, "agent@exemple.fr", &[Role::Staff]).await;
    login(router, "agent@exemple.fr").await
}

fn assert_status(res: &TestResponse, status: StatusCode, what: &str) {
    assert_eq!(res.status, status, "{what}: {}", res.body);
}

/// A local date `days` from now in Paris, as a date input shows it.
fn paris_date(days: i64) -> String {
    (Utc::now().with_timezone(&chrono_tz::Europe::Paris) + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// A valid call form, to adjust.
fn call_form(
    title: &str,
    slug: &str,
    opens: (&str, &str),
    closes: (&str, &str),
) -> Vec<(String, String)> {
    [
        ("title", title),
        ("slug", slug),
        ("theme", "Vie quotidienne"),
        ("summary", "Des initiatives pour le quotidien."),
        (
            "description",
            "## Objet\n\nSoutenir les **initiatives** locales.",
        ),
        ("time_zone", "Europe/Paris"),
        ("opens_date", opens.0),
        ("opens_time", opens.1),
        ("closes_date", closes.0),
        ("closes_time", closes.1),
        ("eligible_kinds", "association"),
        ("eligible_kinds", "ess_company"),
        ("require_esus", "on"),
        ("territory_rule", "head_office"),
        ("eligibility_rules", ""),
        ("max_amount", "30 000"),
        ("envelope", "500 000 €"),
        ("required_documents", "statutes"),
        ("required_documents", "bank_details"),
        ("contact_name", "Service ESS"),
        ("contact_email", "ess@exemple.fr"),
        ("file_prefix", ""),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

fn set(form: &mut Vec<(String, String)>, name: &str, value: &str) {
    form.retain(|(k, _)| k != name);
    form.push((name.to_owned(), value.to_owned()));
}

async fn post(c: &mut Client, path: &str, form: &[(String, String)]) -> TestResponse {
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    c.post(path, &fields).await
}

/// Creates a call through the form; its id.
async fn create(c: &mut Client, form: &[(String, String)]) -> CallId {
    let res = post(c, "/staff/calls/new", form).await;
    assert_status(&res, StatusCode::SEE_OTHER, "create call");
    let loc = res.location().unwrap();
    CallId(loc.trim_start_matches("/staff/calls/").parse().unwrap())
}

/// An open call (30 days to go) with the CERFA form, published.
async fn published_call(c: &mut Client, slug: &str) -> CallId {
    let form = call_form(
        slug,
        slug,
        (&paris_date(-1), "09:00"),
        (&paris_date(30), "17:00"),
    );
    let id = create(c, &form).await;
    let res = c
        .post(
            &format!("/staff/calls/{id}/form/start"),
            &[("template", "cerfa_12156")],
        )
        .await;
    assert_status(&res, StatusCode::SEE_OTHER, "template");
    let res = c.post(&format!("/staff/calls/{id}/publish"), &[]).await;
    assert_status(&res, StatusCode::SEE_OTHER, "publish");
    id
}

async fn call(db: &Db, id: CallId) -> Call {
    model::call_by_id(db, id).await.unwrap().unwrap()
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

/// `(revision, schema, published_at)` of every revision of a call, oldest first.
async fn revisions(db: &Db, id: CallId) -> Vec<(i64, String, Option<DateTime<Utc>>)> {
    db.fetch_all(
        Query::select()
            .columns([
                Alias::new("revision"),
                Alias::new("schema"),
                Alias::new("published_at"),
            ])
            .from(Alias::new("call_forms"))
            .and_where(Expr::col(Alias::new("call_id")).eq(id.0))
            .order_by(Alias::new("revision"), sea_query::Order::Asc),
    )
    .await
    .unwrap()
}

/// A file row straight in the table, as the apply room would create it.
async fn insert_file(db: &Db, call: &Call, user: UserId) {
    let now = Utc::now();
    let col = Alias::new;
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
                    "Les Jardins".into(),
                    "1 rue de la Paix".into(),
                    "92050".into(),
                    "contact@exemple.fr".into(),
                    now.into(),
                    now.into(),
                ])
                .to_owned(),
        )
        .await
        .unwrap();
    db.execute(
        Query::insert()
            .into_table(col("files"))
            .columns([
                col("number"),
                col("call_id"),
                col("form_id"),
                col("org_id"),
                col("created_by"),
                col("state"),
                col("answers"),
                col("raw_inputs"),
                col("title"),
                col("search_text"),
                col("created_at"),
                col("updated_at"),
            ])
            .values_panic([
                format!("{}-2027-{:05}", call.file_prefix, call.id).into(),
                call.id.into(),
                call.current_form_id.unwrap().into(),
                org.into(),
                user.0.into(),
                "draft".into(),
                "{}".into(),
                "{}".into(),
                "Projet".into(),
                "projet".into(),
                now.into(),
                now.into(),
            ]),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn staff_create_calls_in_the_call_time_zone() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let db = state.db();
        let mut c = staff(&state, &router).await;
        let res = c.get("/staff/calls/new").await;
        assert_status(&res, StatusCode::OK, "new form");
        assert!(res.body.contains("Europe/Paris"), "the zone is shown");

        // Refused: the form comes back filled, with its errors.
        let mut form = call_form("", "", ("2027-01-04", "09:00"), ("2027-01-15", "17:00"));
        set(&mut form, "max_amount", "30 000,123");
        set(&mut form, "contact_email", "pas-une-adresse");
        let res = post(&mut c, "/staff/calls/new", &form).await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, t.label);
        assert!(res.body.contains("error-summary"));
        assert!(res.body.contains("href=\"#f-title\""));
        assert!(res.body.contains("href=\"#f-max_amount\""));
        assert!(res.body.contains("href=\"#f-contact_email\""));
        assert!(res.body.contains("value=\"Vie quotidienne\""), "theme kept");
        assert!(
            res.body.contains("value=\"pas-une-adresse\""),
            "e-mail kept"
        );
        assert!(
            res.body
                .contains("value=\"ess_company\" id=\"f-eligible_kinds-ess_company\" checked"),
            "ticks kept"
        );
        assert_eq!(
            count_where(db, "audit_log", "action", "call.create").await,
            0
        );

        // 17:00 in Paris is 16:00 UTC in January, 15:00 UTC in July.
        let winter = call_form(
            "Progr’ESS Économie",
            "",
            ("2027-01-04", "09:00"),
            ("2027-01-15", "17:00"),
        );
        let id = create(&mut c, &winter).await;
        let w = call(db, id).await;
        assert_eq!(w.closes_at.to_rfc3339(), "2027-01-15T16:00:00+00:00");
        assert_eq!(w.opens_at.to_rfc3339(), "2027-01-04T08:00:00+00:00");
        assert_eq!(
            w.slug, "progr-ess-economie",
            "suggested from the title, accents folded"
        );
        assert_eq!(w.state, "draft");
        assert_eq!(w.max_amount, Some(3_000_000));
        assert_eq!(w.envelope, Some(50_000_000));
        assert_eq!(w.file_prefix, "PROGR");
        assert_eq!(w.eligible_kinds, r#"["association","ess_company"]"#);
        assert_eq!(w.required_documents, r#"["statutes","bank_details"]"#);
        assert!(w.require_esus);
        let summer = call_form(
            "Été",
            "ete-2027",
            ("2027-07-01", "09:00"),
            ("2027-07-15", "17:00"),
        );
        let s = call(db, create(&mut c, &summer).await).await;
        assert_eq!(s.closes_at.to_rfc3339(), "2027-07-15T15:00:00+00:00");
        let edit = c.get(&format!("/staff/calls/{}/edit", s.id)).await;
        assert!(
            edit.body.contains("value=\"17:00\""),
            "shown back in Paris time"
        );

        // The same title again gets the next free address; a typed address must be free.
        let again = call(db, create(&mut c, &winter).await).await;
        assert_eq!(again.slug, "progr-ess-economie-2");
        let mut dup = call_form(
            "Autre",
            "ete-2027",
            ("2027-07-01", "09:00"),
            ("2027-07-15", "17:00"),
        );
        let res = post(&mut c, "/staff/calls/new", &dup).await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "slug taken");
        assert!(res.body.contains("déjà utilisée"), "{}", res.body);
        set(&mut dup, "slug", "Pas Une Adresse");
        let res = post(&mut c, "/staff/calls/new", &dup).await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "slug shape");

        // Daylight saving: 02:30 does not exist on 28 March 2027 and occurs twice on 31 October.
        let mut dst = call_form(
            "Heure",
            "heure",
            ("2027-03-28", "02:30"),
            ("2027-10-31", "02:30"),
        );
        let res = post(&mut c, "/staff/calls/new", &dst).await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "DST");
        assert!(res.body.contains("heure d’été"), "{}", res.body);
        assert!(res.body.contains("heure d’hiver"), "{}", res.body);
        set(&mut dst, "opens_time", "09:00");
        set(&mut dst, "closes_date", "2027-03-20");
        set(&mut dst, "closes_time", "17:00");
        set(&mut dst, "opens_date", "2027-03-25");
        let res = post(&mut c, "/staff/calls/new", &dst).await;
        assert_status(
            &res,
            StatusCode::UNPROCESSABLE_ENTITY,
            "closing before opening",
        );
        assert!(res.body.contains("postérieure à l’ouverture"));

        // Eligibility rules are JSON checked against the call's form.
        let mut rules = call_form(
            "Règles",
            "regles",
            ("2027-01-04", "09:00"),
            ("2027-01-15", "17:00"),
        );
        set(&mut rules, "eligibility_rules", "[{\"id\": \"x\", \"condition\": {\"compare\": {\"var\": {\"field\": \"nope\"}, \"op\": \"eq\", \"value\": {\"integer\": 1}}}}]");
        let res = post(&mut c, "/staff/calls/new", &rules).await;
        assert_status(
            &res,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown field in a rule",
        );
        assert!(res.body.contains("nope"));
        set(&mut rules, "eligibility_rules", "[{\"id\": \"young\", \"condition\": {\"compare\": {\"var\": {\"org\": \"created_years\"}, \"op\": \"ge\", \"value\": {\"integer\": 1}}}, \"message\": {\"fr\": \"Un an au moins.\"}}]");
        let r = call(db, create(&mut c, &rules).await).await;
        assert!(r.eligibility_rules.contains("created_years"));

        // Edits are audited with what changed.
        let mut edited = winter.clone();
        set(&mut edited, "slug", "progr-ess-economie");
        set(&mut edited, "theme", "Alimentation");
        let res = post(&mut c, &format!("/staff/calls/{id}/edit"), &edited).await;
        assert_status(&res, StatusCode::SEE_OTHER, "edit");
        assert_eq!(call(db, id).await.theme, "Alimentation");
        assert_eq!(
            count_where(db, "audit_log", "action", "call.create").await,
            4
        );
        assert_eq!(
            count_where(db, "audit_log", "action", "call.update").await,
            1
        );

        let list = c.get("/staff/calls").await;
        assert_status(&list, StatusCode::OK, "list");
        assert!(list.body.contains("Progr’ESS Économie") && list.body.contains("Été"));
        let show = c.get(&format!("/staff/calls/{id}")).await;
        assert_status(&show, StatusCode::OK, "show");
        assert!(
            show.body.contains("15/01/2027 17:00 (Europe/Paris)"),
            "{}",
            show.body
        );
    }
}

#[tokio::test]
async fn only_staff_reach_the_staff_pages() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        person(&state, "asso@exemple.fr", &[]).await;
        person(&state, "jury@exemple.fr", &[Role::Jury]).await;
        let mut agent = staff(&state, &router).await;
        let id = published_call(&mut agent, "progress").await;
        let form = call_form(
            "Intrus",
            "intrus",
            (&paris_date(1), "09:00"),
            (&paris_date(9), "17:00"),
        );
        for email in ["asso@exemple.fr", "jury@exemple.fr"] {
            let mut c = login(&router, email).await;
            for path in [
                "/staff/calls".to_owned(),
                "/staff/calls/new".to_owned(),
                format!("/staff/calls/{id}"),
                format!("/staff/calls/{id}/form"),
                format!("/staff/calls/{id}/form/json"),
            ] {
                assert_status(
                    &c.get(&path).await,
                    StatusCode::FORBIDDEN,
                    &format!("{email} GET {path}"),
                );
            }
            assert_status(
                &post(&mut c, "/staff/calls/new", &form).await,
                StatusCode::FORBIDDEN,
                "create",
            );
            for action in ["unpublish", "close", "archive", "form/discard"] {
                let res = c.post(&format!("/staff/calls/{id}/{action}"), &[]).await;
                assert_status(&res, StatusCode::FORBIDDEN, action);
            }
        }
        let mut anonymous = Client::new(&router);
        let res = anonymous.get("/staff/calls").await;
        assert!(
            res.location().unwrap_or("").starts_with("/login"),
            "{}",
            res.status
        );
        assert_eq!(call(state.db(), id).await.state, "published");
        assert_eq!(count_where(state.db(), "calls", "slug", "intrus").await, 0);
    }
}

#[tokio::test]
async fn transitions_are_guarded_recorded_and_audited() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let db = state.db();
        let mut c = staff(&state, &router).await;
        let agent = users::by_email(db, &Email::parse("agent@exemple.fr").unwrap())
            .await
            .unwrap()
            .unwrap()
            .id();
        let form = call_form(
            "Progr’ESS",
            "progress",
            (&paris_date(-1), "09:00"),
            (&paris_date(30), "17:00"),
        );
        let id = create(&mut c, &form).await;

        // No form, no publication.
        let res = c.post(&format!("/staff/calls/{id}/publish"), &[]).await;
        assert_status(
            &res,
            StatusCode::UNPROCESSABLE_ENTITY,
            "publish without form",
        );
        assert!(res.body.contains("pas encore de formulaire"));
        assert_eq!(call(db, id).await.state, "draft");

        // One click: revision 1 from the CERFA 12156 template, which passes the check.
        let res = c
            .post(
                &format!("/staff/calls/{id}/form/start"),
                &[("template", "cerfa_12156")],
            )
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "template");
        let revs = revisions(db, id).await;
        assert_eq!(revs.len(), 1);
        let schema: FormSchema = serde_json::from_str(&revs[0].1).unwrap();
        assert_eq!(schema.check(), Ok(()));
        assert!(revs[0].2.is_none(), "a draft until the call is published");
        let res = c
            .post(
                &format!("/staff/calls/{id}/form/start"),
                &[("template", "cerfa_12156")],
            )
            .await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "a second start");

        let res = c.post(&format!("/staff/calls/{id}/publish"), &[]).await;
        assert_status(&res, StatusCode::SEE_OTHER, "publish");
        let published = call(db, id).await;
        assert_eq!(published.state, "published");
        let revs = revisions(db, id).await;
        assert!(revs[0].2.is_some(), "the form is published with the call");
        let form_id = model::form_by_id(
            db,
            essor_domain::ids::FormId(published.current_form_id.unwrap()),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(form_id.revision, 1);
        let res = c.post(&format!("/staff/calls/{id}/publish"), &[]).await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "publish twice");

        // Once a file exists, unpublishing is refused.
        insert_file(db, &published, agent).await;
        let res = c.post(&format!("/staff/calls/{id}/unpublish"), &[]).await;
        assert_status(
            &res,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unpublish with files",
        );
        assert!(
            res.body.contains("ne peut plus être dépublié"),
            "{}",
            res.body
        );
        assert_eq!(call(db, id).await.state, "published");

        // Closing early moves the deadline to now.
        let res = c.post(&format!("/staff/calls/{id}/close"), &[]).await;
        assert_status(&res, StatusCode::SEE_OTHER, "close");
        let closed = call(db, id).await;
        assert_eq!(closed.state, "closed");
        assert!(closed.closes_at <= Utc::now());

        // Saving the closed call unchanged keeps its deadline to the second; moving it is
        // reopening's job.
        let local = closed.closes_at.with_timezone(&chrono_tz::Europe::Paris);
        let mut edit = form.clone();
        set(
            &mut edit,
            "closes_date",
            &local.format("%Y-%m-%d").to_string(),
        );
        set(&mut edit, "closes_time", &local.format("%H:%M").to_string());
        set(&mut edit, "theme", "Alimentation");
        let res = post(&mut c, &format!("/staff/calls/{id}/edit"), &edit).await;
        assert_status(&res, StatusCode::SEE_OTHER, "edit a closed call");
        assert_eq!(call(db, id).await.closes_at, closed.closes_at);
        set(&mut edit, "closes_date", &paris_date(5));
        let res = post(&mut c, &format!("/staff/calls/{id}/edit"), &edit).await;
        assert_status(
            &res,
            StatusCode::UNPROCESSABLE_ENTITY,
            "move a closed call's deadline",
        );
        assert!(res.body.contains("rouvrez l’appel"));

        // Reopening needs a deadline to come.
        let res = c
            .post(
                &format!("/staff/calls/{id}/reopen"),
                &[("reopen_date", &paris_date(-2)), ("reopen_time", "17:00")],
            )
            .await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "reopen in the past");
        assert!(
            res.body.contains(&format!("value=\"{}\"", paris_date(-2))),
            "kept"
        );
        let res = c
            .post(
                &format!("/staff/calls/{id}/reopen"),
                &[("reopen_date", &paris_date(10)), ("reopen_time", "17:00")],
            )
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "reopen");
        let reopened = call(db, id).await;
        assert_eq!(reopened.state, "published");
        assert!(reopened.closes_at > Utc::now() + Duration::days(9));

        let res = c.post(&format!("/staff/calls/{id}/archive"), &[]).await;
        assert_status(
            &res,
            StatusCode::UNPROCESSABLE_ENTITY,
            "archive an open call",
        );
        assert_status(
            &c.post(&format!("/staff/calls/{id}/close"), &[]).await,
            StatusCode::SEE_OTHER,
            "close",
        );
        assert_status(
            &c.post(&format!("/staff/calls/{id}/archive"), &[]).await,
            StatusCode::SEE_OTHER,
            "archive",
        );
        assert_eq!(call(db, id).await.state, "archived");
        let res = post(&mut c, &format!("/staff/calls/{id}/edit"), &form).await;
        assert_status(
            &res,
            StatusCode::UNPROCESSABLE_ENTITY,
            "edit an archived call",
        );
        let res = c
            .post(
                &format!("/staff/calls/{id}/form/pages"),
                &[("title_fr", "Nouvelle page")],
            )
            .await;
        assert_status(
            &res,
            StatusCode::UNPROCESSABLE_ENTITY,
            "edit an archived form",
        );

        // Each change of state: a history row and an audit entry.
        let events: Vec<(String,)> = db
            .fetch_all(
                Query::select()
                    .column(Alias::new("event"))
                    .from(Alias::new("call_transitions"))
                    .and_where(Expr::col(Alias::new("call_id")).eq(id.0))
                    .order_by(Alias::new("id"), sea_query::Order::Asc),
            )
            .await
            .unwrap();
        let events: Vec<&str> = events.iter().map(|(e,)| e.as_str()).collect();
        assert_eq!(events, ["publish", "close", "reopen", "close", "archive"]);
        assert_eq!(
            count_where(db, "audit_log", "action", "call.transition").await,
            5
        );
        assert_eq!(
            count_where(db, "audit_log", "action", "call.deadline").await,
            3
        );
        let show = c.get(&format!("/staff/calls/{id}")).await;
        assert!(show.body.contains("Réouverture"), "the history is shown");
    }
}

#[tokio::test]
async fn editing_a_published_form_creates_a_new_revision() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let db = state.db();
        let mut c = staff(&state, &router).await;
        let id = published_call(&mut c, "progress").await;
        let before = revisions(db, id).await;
        assert_eq!(before.len(), 1);
        let schema: FormSchema = serde_json::from_str(&before[0].1).unwrap();
        let section = schema.pages[0].sections[0].id.clone();

        let res = c
            .post(
                &format!("/staff/calls/{id}/form/sections/{section}/fields"),
                &[("kind", "integer"), ("label", "Nombre de bénévoles")],
            )
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "add field");
        assert!(
            res.location()
                .unwrap()
                .ends_with("/form/fields/nombre_de_benevoles"),
            "to its settings"
        );
        let after = revisions(db, id).await;
        assert_eq!(after.len(), 2);
        assert_eq!(after[0], before[0], "revision 1 stays as it was");
        assert!(after[1].2.is_none(), "revision 2 is a draft");
        assert!(after[1].1.contains("nombre_de_benevoles"));
        let current = call(db, id).await.current_form_id;

        // Further edits change the draft in place.
        let res = c
            .post(
                &format!("/staff/calls/{id}/form/fields/nombre_de_benevoles"),
                &[
                    ("kind", "integer"),
                    ("label_fr", "Bénévoles"),
                    ("min", "0"),
                    ("max", "-1"),
                ],
            )
            .await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "min above max");
        assert!(res.body.contains("value=\"Bénévoles\""), "kept");
        let res = c
            .post(
                &format!("/staff/calls/{id}/form/fields/nombre_de_benevoles"),
                &[
                    ("kind", "integer"),
                    ("label_fr", "Bénévoles"),
                    ("label_en", "Volunteers"),
                    ("required", "on"),
                    ("min", "0"),
                ],
            )
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "edit field");
        assert_eq!(revisions(db, id).await.len(), 2);
        let draft: FormSchema = serde_json::from_str(&revisions(db, id).await[1].1).unwrap();
        let f = draft.field("nombre_de_benevoles").unwrap();
        assert!(f.required);
        assert_eq!(f.label.get("en"), "Volunteers");
        assert_eq!(
            f.kind,
            FieldKind::Integer {
                min: Some(0),
                max: None
            }
        );
        assert_eq!(
            call(db, id).await.current_form_id,
            current,
            "not published yet"
        );

        let page = c.get(&format!("/staff/calls/{id}/form")).await;
        assert!(page.body.contains("Publier la nouvelle version"));
        let res = c
            .post(&format!("/staff/calls/{id}/form/publish"), &[])
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "publish revision 2");
        let now = revisions(db, id).await;
        assert!(now[1].2.is_some());
        assert_eq!(now[0], before[0]);
        let current = model::form_by_id(
            db,
            essor_domain::ids::FormId(call(db, id).await.current_form_id.unwrap()),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(current.revision, 2);
        // Revision 1 from the template, revision 2 by the first edit after publication.
        assert_eq!(
            count_where(db, "audit_log", "action", "call.form.revision").await,
            2
        );
        assert_eq!(
            count_where(db, "audit_log", "action", "call.form.publish").await,
            1
        );

        // An incompatible change is published only once staff confirm it.
        let mut changed = current.schema().unwrap();
        let field = super_field(&mut changed, "nombre_de_benevoles");
        field.kind = FieldKind::ShortText { max_len: None };
        let json = serde_json::to_string(&changed).unwrap();
        let res = c
            .post(&format!("/staff/calls/{id}/form/json"), &[("json", &json)])
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "import");
        let page = c.get(&format!("/staff/calls/{id}/form")).await;
        assert!(page.body.contains("changé de type") && page.body.contains("nombre_de_benevoles"));
        let res = c
            .post(&format!("/staff/calls/{id}/form/publish"), &[])
            .await;
        assert_status(
            &res,
            StatusCode::UNPROCESSABLE_ENTITY,
            "conflicts unconfirmed",
        );
        let res = c
            .post(
                &format!("/staff/calls/{id}/form/publish"),
                &[("confirm", "on")],
            )
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "conflicts confirmed");
        assert_eq!(revisions(db, id).await.len(), 3);

        // A draft revision can be discarded: the published one stays current.
        let res = c
            .post(
                &format!("/staff/calls/{id}/form/pages"),
                &[("title_fr", "Annexes")],
            )
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "add page");
        assert_eq!(revisions(db, id).await.len(), 4);
        assert_status(
            &c.post(&format!("/staff/calls/{id}/form/discard"), &[])
                .await,
            StatusCode::SEE_OTHER,
            "discard",
        );
        assert_eq!(revisions(db, id).await.len(), 3);
        assert_status(
            &c.post(&format!("/staff/calls/{id}/form/discard"), &[])
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "nothing to discard",
        );
        // A deleted field's id is never given to a new field.
        let res = c
            .post(
                &format!("/staff/calls/{id}/form/fields/nombre_de_benevoles/delete"),
                &[],
            )
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "delete field");
        let res = c
            .post(
                &format!("/staff/calls/{id}/form/sections/{section}/fields"),
                &[("kind", "integer"), ("label", "Nombre de bénévoles")],
            )
            .await;
        assert!(
            res.location()
                .unwrap()
                .ends_with("/form/fields/nombre_de_benevoles_2"),
            "{:?}",
            res.location()
        );
    }
}

fn super_field<'a>(s: &'a mut FormSchema, id: &str) -> &'a mut essor_domain::forms::Field {
    s.pages
        .iter_mut()
        .flat_map(|p| p.sections.iter_mut())
        .flat_map(|s| s.fields.iter_mut())
        .find(|f| f.id.as_str() == id)
        .unwrap()
}

#[tokio::test]
async fn json_import_lists_every_problem() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let db = state.db();
        let mut c = staff(&state, &router).await;
        let form = call_form(
            "Import",
            "import",
            (&paris_date(1), "09:00"),
            (&paris_date(9), "17:00"),
        );
        let id = create(&mut c, &form).await;
        let res = c.get(&format!("/staff/calls/{id}/form")).await;
        assert!(res.body.contains("Créer depuis le modèle Progr’ESS"));

        let res = c
            .post(
                &format!("/staff/calls/{id}/form/json"),
                &[("json", "{\"pages\": [")],
            )
            .await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "syntax");
        assert!(res.body.contains("n’est pas lisible"));
        assert!(
            res.body.contains("{&quot;pages&quot;: ["),
            "kept: {}",
            res.body
        );

        let bad = r#"{"pages": [{"id": "p", "title": {"fr": "Page"}, "sections": [{"id": "s", "title": {"fr": "S"}, "fields": [
            {"id": "choice", "label": {"fr": "Choix"}, "kind": {"type": "single_choice", "options": []}},
            {"id": "choice", "label": {"fr": "Encore"}, "kind": {"type": "integer", "min": 5, "max": 1}},
            {"id": "late", "label": {"fr": "Plus tard"}, "kind": {"type": "short_text"}, "condition": {"empty": {"var": {"field": "later"}}}}
        ]}]}]}"#;
        let res = c
            .post(&format!("/staff/calls/{id}/form/json"), &[("json", bad)])
            .await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "checks");
        for expected in [
            "ajoutez au moins une option",
            "déjà utilisé",
            "n’existe pas dans ce formulaire",
        ] {
            assert!(res.body.contains(expected), "{expected}: {}", res.body);
        }
        assert!(revisions(db, id).await.is_empty(), "nothing stored");

        let good = serde_json::to_string(&essor_domain::forms::cerfa_12156_template()).unwrap();
        let res = c
            .post(&format!("/staff/calls/{id}/form/json"), &[("json", &good)])
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "import");
        assert_eq!(revisions(db, id).await.len(), 1);
        let export = c.get(&format!("/staff/calls/{id}/form/json")).await;
        assert!(export.body.contains("org_name"));
        assert_eq!(
            count_where(db, "audit_log", "action", "call.form.edit").await,
            1
        );
    }
}

#[tokio::test]
async fn the_editor_builds_pages_sections_fields_and_conditions() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let db = state.db();
        let mut c = staff(&state, &router).await;
        let form = call_form(
            "Éditeur",
            "editeur",
            (&paris_date(1), "09:00"),
            (&paris_date(9), "17:00"),
        );
        let id = create(&mut c, &form).await;
        let base = format!("/staff/calls/{id}/form");
        assert_status(
            &c.post(&format!("{base}/start"), &[("template", "empty")])
                .await,
            StatusCode::SEE_OTHER,
            "empty",
        );
        let res = c.post(&format!("{base}/pages"), &[("title_fr", "")]).await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "untitled page");
        assert!(res.body.contains("href=\"#f-page_title\""));
        assert_status(
            &c.post(
                &format!("{base}/pages"),
                &[("title_fr", "Le projet"), ("title_en", "The project")],
            )
            .await,
            StatusCode::SEE_OTHER,
            "page",
        );
        assert_status(
            &c.post(
                &format!("{base}/pages/le_projet/sections"),
                &[("title_fr", "Public visé")],
            )
            .await,
            StatusCode::SEE_OTHER,
            "section",
        );
        // Renaming: a missing title or an unknown page comes back with what was typed.
        let res = c
            .post(
                &format!("{base}/pages/le_projet"),
                &[("title_fr", ""), ("title_en", "Our project")],
            )
            .await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "untitled");
        assert!(res.body.contains("value=\"Our project\""));
        let res = c
            .post(&format!("{base}/pages/inconnue"), &[("title_fr", "Gardé")])
            .await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "unknown page");
        assert!(res.body.contains("value=\"Gardé\""));
        let res = c
            .post(
                &format!("{base}/pages/le_projet"),
                &[("title_fr", "Notre projet"), ("title_en", "Our project")],
            )
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "page renamed");
        assert!(res.location().unwrap().ends_with("/form#page-le_projet"));
        let res = c
            .post(
                &format!("{base}/sections/public_vise"),
                &[
                    ("title_fr", "Publics visés"),
                    ("intro_fr", "Qui en profite ?"),
                ],
            )
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "section renamed");
        assert!(res
            .location()
            .unwrap()
            .ends_with("/form#section-public_vise"));
        let rev = revisions(db, id).await.pop().unwrap();
        let schema: FormSchema = serde_json::from_str(&rev.1).unwrap();
        assert_eq!(schema.pages[0].title.fr, "Notre projet");
        assert_eq!(schema.pages[0].title.en.as_deref(), Some("Our project"));
        let section = &schema.pages[0].sections[0];
        assert_eq!(section.title.fr, "Publics visés");
        assert_eq!(section.intro.as_ref().unwrap().fr, "Qui en profite ?");
        let res = c
            .post(
                &format!("{base}/sections/public_vise/fields"),
                &[("kind", "nonsense"), ("label", "X")],
            )
            .await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "unknown kind");
        for (kind, label) in [
            ("integer", "Salariés"),
            ("long_text", "Détail des postes"),
            ("multiple_choice", "Publics"),
            ("group", "Équipe"),
        ] {
            let res = c
                .post(
                    &format!("{base}/sections/public_vise/fields"),
                    &[("kind", kind), ("label", label)],
                )
                .await;
            assert_status(&res, StatusCode::SEE_OTHER, kind);
        }
        let res = c
            .post(
                &format!("{base}/fields/equipe/members"),
                &[("kind", "short_text"), ("label", "Nom")],
            )
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "member");
        assert!(res.location().unwrap().ends_with("/form/fields/equipe.nom"));
        let res = c
            .post(
                &format!("{base}/fields/publics"),
                &[
                    ("kind", "multiple_choice"),
                    ("label_fr", "Publics"),
                    ("options", "jeunes = Jeunes | Young people\nSeniors"),
                ],
            )
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "options");

        // A condition on an earlier field, built without JSON.
        let res = c
            .get(&format!("{base}/fields/detail_des_postes/condition"))
            .await;
        assert_status(&res, StatusCode::OK, "condition page");
        assert!(
            res.body.contains("field:salaries") && !res.body.contains("field:publics"),
            "only earlier fields"
        );
        let res = c
            .post(
                &format!("{base}/fields/detail_des_postes/condition"),
                &[
                    ("mode", "builder"),
                    ("rows", "2"),
                    ("combinator", "all"),
                    ("var_0", "field:salaries"),
                    ("op_0", "ge"),
                    ("value_0", "1"),
                    ("var_1", ""),
                    ("op_1", "eq"),
                    ("value_1", ""),
                ],
            )
            .await;
        assert_status(&res, StatusCode::SEE_OTHER, "condition");
        let rev = revisions(db, id).await.pop().unwrap();
        let schema: FormSchema = serde_json::from_str(&rev.1).unwrap();
        let cond =
            serde_json::to_value(&schema.field("detail_des_postes").unwrap().condition).unwrap();
        assert_eq!(
            cond,
            serde_json::json!({"compare": {"var": {"field": "salaries"}, "op": "ge", "value": {"integer": 1}}})
        );
        let res = c.get(&base).await;
        assert!(
            res.body.contains("« Salariés » est supérieur ou égal à 1"),
            "in words: {}",
            res.body
        );

        // A later field, a bad value, broken JSON: refused, with the form kept.
        let res = c
            .post(
                &format!("{base}/fields/salaries/condition"),
                &[
                    ("mode", "builder"),
                    ("rows", "1"),
                    ("var_0", "field:publics"),
                    ("op_0", "includes"),
                    ("value_0", "jeunes"),
                ],
            )
            .await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "forward reference");
        let res = c
            .post(
                &format!("{base}/fields/detail_des_postes/condition"),
                &[
                    ("mode", "builder"),
                    ("rows", "1"),
                    ("var_0", "field:salaries"),
                    ("op_0", "ge"),
                    ("value_0", "beaucoup"),
                ],
            )
            .await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "bad value");
        assert!(res.body.contains("value=\"beaucoup\""));
        let res = c
            .post(
                &format!("{base}/fields/detail_des_postes/condition"),
                &[("mode", "json"), ("json", "{\"compare\": 1}")],
            )
            .await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "bad JSON");
        let res = c
            .post(
                &format!("{base}/fields/detail_des_postes/condition"),
                &[("mode", "json"), ("json", r#"{"any": [{"includes": {"var": {"field": "publics"}, "value": {"text": "jeunes"}}}]}"#)],
            )
            .await;
        assert_status(
            &res,
            StatusCode::UNPROCESSABLE_ENTITY,
            "JSON naming a later field",
        );
        let res = c
            .post(
                &format!("{base}/fields/detail_des_postes/condition"),
                &[("mode", "json"), ("json", r#"{"not": {"in_communes": {"var": {"org": "commune_code"}, "codes": ["92"]}}}"#)],
            )
            .await;
        assert_status(
            &res,
            StatusCode::SEE_OTHER,
            "JSON condition on the organisation",
        );
        assert_status(
            &c.post(
                &format!("{base}/fields/detail_des_postes/condition"),
                &[("mode", "remove")],
            )
            .await,
            StatusCode::SEE_OTHER,
            "remove",
        );
        let rev = revisions(db, id).await.pop().unwrap();
        let schema: FormSchema = serde_json::from_str(&rev.1).unwrap();
        assert!(schema
            .field("detail_des_postes")
            .unwrap()
            .condition
            .is_none());

        // Moves, across sections too, and deletions.
        assert_status(
            &c.post(
                &format!("{base}/fields/publics/move"),
                &[("direction", "up")],
            )
            .await,
            StatusCode::SEE_OTHER,
            "up",
        );
        let rev = revisions(db, id).await.pop().unwrap();
        let schema: FormSchema = serde_json::from_str(&rev.1).unwrap();
        let order: Vec<&str> = schema.pages[0].sections[0]
            .fields
            .iter()
            .map(|f| f.id.as_str())
            .collect();
        assert_eq!(
            order,
            ["salaries", "publics", "detail_des_postes", "equipe"]
        );
        assert_status(
            &c.post(&format!("{base}/sections/public_vise/delete"), &[])
                .await,
            StatusCode::SEE_OTHER,
            "delete section",
        );
        assert_status(
            &c.post(&format!("{base}/sections/public_vise/delete"), &[])
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "gone",
        );
        assert_eq!(
            revisions(db, id).await.len(),
            1,
            "a draft call's form changes in place"
        );
        assert_status(
            &c.get(&format!("{base}/fields/salaries")).await,
            StatusCode::NOT_FOUND,
            "deleted field",
        );
        assert_status(
            &c.get(&format!("{base}/preview")).await,
            StatusCode::OK,
            "preview",
        );
    }
}

#[test]
fn every_message_named_in_code_exists_in_both_languages() {
    use essor_platform::i18n::{I18n, Locale};
    let i18n = I18n::load();
    let mut ids: Vec<String> = vec![];
    for k in [
        "short-text",
        "long-text",
        "integer",
        "decimal",
        "currency",
        "percentage",
        "date",
        "yes-no",
        "single-choice",
        "multiple-choice",
        "email",
        "phone",
        "url",
        "commune",
        "siret",
        "rna",
        "attachment",
        "group",
        "budget-table",
        "computed",
        "explanation",
    ] {
        ids.push(format!("admin-kind-{k}"));
    }
    for f in [
        "kind",
        "commune-code",
        "esus-status",
        "has-siret",
        "has-rna",
        "legal-category",
        "created-years",
    ] {
        ids.push(format!("admin-fact-{f}"));
    }
    for e in ["publish", "unpublish", "close", "reopen", "archive"] {
        ids.push(format!("admin-event-{e}"));
        ids.push(format!("admin-flash-{e}"));
    }
    for s in essor_domain::lifecycle::CallState::ALL {
        ids.push(s.message_id());
    }
    for v in essor_domain::forms::budget::BUDGET_VALUES {
        ids.push(format!("admin-budget-{}", v.replace('_', "-")));
    }
    for p in [
        "org-name",
        "org-acronym",
        "org-siret",
        "org-rna",
        "org-address",
        "org-commune",
        "org-email",
        "org-phone",
        "org-website",
        "org-legal-category",
    ] {
        ids.push(format!("admin-prefill-{p}"));
    }
    for o in [
        "eq",
        "ne",
        "lt",
        "le",
        "gt",
        "ge",
        "includes",
        "empty",
        "not-empty",
        "in-communes",
        "sum",
        "difference",
        "ratio",
        "name-sum",
        "name-difference",
        "name-ratio",
    ] {
        ids.push(format!("admin-op-{o}"));
    }
    for d in ["integer", "decimal", "currency", "percentage"] {
        ids.push(format!("admin-display-{d}"));
    }
    for r in ["head-office", "any"] {
        ids.push(format!("admin-territory-{r}"));
    }
    for n in 1..=7 {
        ids.push(format!("public-weekday-{n}"));
    }
    for n in 1..=12 {
        ids.push(format!("public-month-{n}"));
    }
    for l in Locale::ALL {
        for id in &ids {
            assert!(i18n.has(l, id), "{id} missing in {}", l.as_str());
        }
    }
}
