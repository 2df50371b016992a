//! Applying to a call, end to end on every database engine: eligibility, starting a file with
//! prefilled answers, saving pages (invalid input kept, stale versions refused, groups, budget,
//! attachments), submission to the second with its receipt, read-only after submission,
//! correction and withdrawal, messages, reminders, and who may see a file.
//!
//! Calls and their form revisions are inserted directly (the admin pages build them).

use axum::http::StatusCode;
use axum::Router;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use essor_accounts::testing::{account, create_org, login, siret};
use essor_calls::apply::{queue_reminders, submit_at, SubmitOutcome};
use essor_calls::model::{self, Call, CallForms, Calls, FileTransitions};
use essor_domain::esus::EsusApproval;
use essor_domain::forms::{
    Answers, ChoiceOption, Condition, EligibilityRule, Field, FieldKind, FileType, FormPage,
    FormSchema, Literal, OrgFact, Prefill, Section, Value, Var,
};
use essor_domain::ids::{CallId, FileId, OrgId, UserId};
use essor_domain::lifecycle::{Actor, FileEvent, FileState};
use essor_domain::role::Role;
use essor_platform::i18n::Locale;
use essor_platform::testing::{self, Client, TestResponse};
use essor_platform::{jobs, orgs, AppState, Module};
use sea_query::{Expr, Query};

/// A verified account named after its address's local part.
async fn user(state: &AppState, email: &str, role: Option<Role>) -> UserId {
    let name = email.split('@').next().unwrap();
    account(state, email, name, "fr", role.as_slice()).await
}

fn modules() -> Vec<Module> {
    vec![essor_accounts::module(), essor_calls::module()]
}

/// The French message `id` as it appears in HTML (askama escapes quotes and ampersands).
fn msg(state: &AppState, id: &str) -> String {
    let m = state.i18n().get(Locale::Fr, id, &[]);
    assert_ne!(m, id, "missing message {id}");
    html(&m)
}

fn html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.7\n{text}\n%%EOF\n").into_bytes()
}

async fn upload_vault(c: &mut Client, org: OrgId, kind: &str, name: &str, valid_until: &str) {
    let body = pdf(name);
    let res = c
        .post_multipart(
            &format!("/orgs/{org}/documents"),
            &[
                ("kind", None, kind.as_bytes()),
                ("valid_until", None, valid_until.as_bytes()),
                ("file", Some(name), &body),
            ],
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::SEE_OTHER,
        "vault upload: {}",
        res.body
    );
}

fn text_field(id: &str, label: &str, max: u32) -> Field {
    Field::new(
        id,
        label,
        label,
        FieldKind::ShortText { max_len: Some(max) },
    )
}

/// A small form with every kind of widget the tests exercise.
fn schema() -> FormSchema {
    let section = |id: &str, fields: Vec<Field>| Section {
        id: id.into(),
        title: essor_domain::forms::LocalizedText::new(id, id),
        intro: None,
        condition: None,
        fields,
    };
    let page = |id: &str, title: &str, sections: Vec<Section>| FormPage {
        id: id.into(),
        title: essor_domain::forms::LocalizedText::new(title, title),
        sections,
    };
    let s = FormSchema {
        pages: vec![
            page(
                "identity",
                "Identification",
                vec![section(
                    "org",
                    vec![
                        text_field("org_name", "Nom", 250)
                            .required()
                            .prefill(Prefill::OrgName),
                        Field::new("org_siret", "SIRET", "SIRET", FieldKind::Siret)
                            .prefill(Prefill::OrgSiret),
                        Field::new(
                            "org_commune",
                            "Commune",
                            "Commune",
                            FieldKind::Commune { multiple: false },
                        )
                        .required()
                        .prefill(Prefill::OrgCommune),
                        Field::new("org_email", "Courriel", "E-mail", FieldKind::Email)
                            .required()
                            .prefill(Prefill::OrgEmail),
                    ],
                )],
            ),
            page(
                "project",
                "Le projet",
                vec![section(
                    "project",
                    vec![
                        text_field("project_title", "Intitulé du projet", 50).required(),
                        Field::new(
                            "employees",
                            "Nombre de salariés",
                            "Employees",
                            FieldKind::Integer {
                                min: Some(0),
                                max: None,
                            },
                        )
                        .required(),
                        Field::new(
                            "has_partner",
                            "Avec un partenaire ?",
                            "With a partner?",
                            FieldKind::YesNo { must_accept: false },
                        ),
                        text_field("partner_name", "Nom du partenaire", 100)
                            .required()
                            .when(Condition::is_yes("has_partner")),
                        Field::new(
                            "kind_of_project",
                            "Nature",
                            "Kind",
                            FieldKind::SingleChoice {
                                options: vec![
                                    ChoiceOption::new("new", "Nouveau projet", "New"),
                                    ChoiceOption::new("renewal", "Renouvellement", "Renewal"),
                                ],
                            },
                        ),
                        Field::new(
                            "description",
                            "Description",
                            "Description",
                            FieldKind::LongText { max_len: Some(100) },
                        ),
                        Field::new(
                            "team",
                            "Équipe",
                            "Team",
                            FieldKind::Group {
                                fields: vec![
                                    text_field("name", "Nom", 100).required(),
                                    text_field("role", "Rôle", 100),
                                ],
                                min_items: 0,
                                max_items: Some(3),
                            },
                        ),
                    ],
                )],
            ),
            page(
                "budget",
                "Budget",
                vec![section(
                    "budget",
                    vec![Field::new(
                        "project_budget",
                        "Budget du projet",
                        "Project budget",
                        FieldKind::BudgetTable {
                            requested_line: Some("74-departement".into()),
                            project: true,
                        },
                    )
                    .required()],
                )],
            ),
            page(
                "attachments",
                "Pièces jointes",
                vec![section(
                    "attachments",
                    vec![
                        Field::new(
                            "rib",
                            "RIB",
                            "Bank details",
                            FieldKind::Attachment {
                                accept: vec![FileType::Pdf],
                                max_bytes: 1024 * 1024,
                            },
                        )
                        .required(),
                        Field::new(
                            "statutes",
                            "Statuts",
                            "Statutes",
                            FieldKind::Attachment {
                                accept: vec![FileType::Pdf],
                                max_bytes: 1024 * 1024,
                            },
                        ),
                    ],
                )],
            ),
        ],
    };
    s.check().expect("test schema is valid");
    s
}

struct CallSpec {
    slug: &'static str,
    closes_at: DateTime<Utc>,
    kinds: &'static [&'static str],
    require_esus: bool,
    rules: Vec<EligibilityRule>,
    required_documents: &'static [&'static str],
    schema: FormSchema,
}

impl CallSpec {
    fn new(slug: &'static str) -> CallSpec {
        CallSpec {
            slug,
            closes_at: Utc::now() + Duration::days(30),
            kinds: &["association", "ess_company"],
            require_esus: true,
            rules: vec![],
            required_documents: &[],
            schema: schema(),
        }
    }
}

/// Inserts a published call with its first form revision.
async fn insert_call(state: &AppState, by: UserId, spec: CallSpec) -> Call {
    let now = Utc::now();
    let mut tx = state.db().begin().await.unwrap();
    let mut q = Query::insert();
    q.into_table(Calls::Table)
        .columns([
            Calls::Slug,
            Calls::Title,
            Calls::Theme,
            Calls::Summary,
            Calls::Description,
            Calls::OpensAt,
            Calls::ClosesAt,
            Calls::TimeZone,
            Calls::EligibleKinds,
            Calls::RequireEsus,
            Calls::TerritoryRule,
            Calls::EligibilityRules,
            Calls::MaxAmount,
            Calls::RequiredDocuments,
            Calls::ContactName,
            Calls::ContactEmail,
            Calls::FilePrefix,
            Calls::State,
            Calls::CreatedBy,
            Calls::CreatedAt,
            Calls::UpdatedAt,
        ])
        .values_panic([
            spec.slug.into(),
            format!("Progr'ESS {}", spec.slug).into(),
            "Vie quotidienne".into(),
            "Résumé".into(),
            "Description".into(),
            (now - Duration::days(10)).into(),
            spec.closes_at.into(),
            "Europe/Paris".into(),
            serde_json::to_string(spec.kinds).unwrap().into(),
            spec.require_esus.into(),
            "head_office".into(),
            serde_json::to_string(&spec.rules).unwrap().into(),
            Some(2_000_000i64).into(),
            serde_json::to_string(spec.required_documents)
                .unwrap()
                .into(),
            "Service ESS".into(),
            "aap@departement.test".into(),
            "PROG".into(),
            "published".into(),
            by.0.into(),
            now.into(),
            now.into(),
        ]);
    let call = tx.insert_id(q).await.unwrap();
    let mut q = Query::insert();
    q.into_table(CallForms::Table)
        .columns([
            CallForms::CallId,
            CallForms::Revision,
            CallForms::Schema,
            CallForms::CreatedBy,
            CallForms::CreatedAt,
            CallForms::PublishedAt,
        ])
        .values_panic([
            call.into(),
            1i64.into(),
            serde_json::to_string(&spec.schema).unwrap().into(),
            by.0.into(),
            now.into(),
            now.into(),
        ]);
    let form = tx.insert_id(q).await.unwrap();
    tx.execute(
        Query::update()
            .table(Calls::Table)
            .value(Calls::CurrentFormId, form)
            .and_where(Expr::col(Calls::Id).eq(call)),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    model::call_by_id(state.db(), CallId(call))
        .await
        .unwrap()
        .unwrap()
}

struct World {
    state: AppState,
    router: Router,
    staff: UserId,
    owner: UserId,
    c: Client,
    org: OrgId,
    call: Call,
}

async fn world(t: &testing::TestDb, spec: CallSpec) -> World {
    let (state, router) = testing::app(t, modules);
    let staff = user(&state, "staff@departement.test", Some(Role::Staff)).await;
    let owner = user(&state, "owner@asso.test", None).await;
    let mut c = login(&router, "owner@asso.test").await;
    let org = create_org(&mut c, "association", "Les Jardins du Parc", 1, "92050").await;
    let call = insert_call(&state, staff, spec).await;
    World {
        state,
        router,
        staff,
        owner,
        c,
        org,
        call,
    }
}

fn file_id_from(res: &TestResponse) -> FileId {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let loc = res.location().unwrap();
    let id = loc
        .trim_start_matches("/files/")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    FileId(id)
}

async fn start(c: &mut Client, call: &Call, org: OrgId) -> FileId {
    let res = c
        .post(
            &format!("/calls/{}/apply", call.slug),
            &[("org", &org.to_string())],
        )
        .await;
    file_id_from(&res)
}

async fn file(state: &AppState, id: FileId) -> model::File {
    model::file_by_id(state.db(), id).await.unwrap().unwrap()
}

async fn answers(state: &AppState, id: FileId) -> Answers {
    serde_json::from_str(&file(state, id).await.answers).unwrap()
}

/// Posts a page with the file's current version.
async fn save(
    state: &AppState,
    c: &mut Client,
    id: FileId,
    page: &str,
    fields: &[(&str, &str)],
) -> TestResponse {
    let version = file(state, id).await.version.to_string();
    let mut all: Vec<(&str, &str)> = vec![("version", &version)];
    all.extend_from_slice(fields);
    c.post(&format!("/files/{id}/pages/{page}"), &all).await
}

/// Answers every page validly, through the pages.
async fn fill(state: &AppState, c: &mut Client, id: FileId) {
    let r = save(
        state,
        c,
        id,
        "project",
        &[
            ("project_title", "Jardins partagés"),
            ("employees", "3"),
            ("has_partner", "no"),
            ("description", "Un jardin pour le quartier."),
            ("action", "next"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "project page: {}", r.body);
    let r = save(
        state,
        c,
        id,
        "budget",
        &[
            ("project_budget.64-remunerations", "15 000"),
            ("project_budget.74-departement", "5 000"),
            ("project_budget.75-cotisations", "10 000"),
            ("action", "next"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "budget page: {}", r.body);
    let version = file(state, id).await.version.to_string();
    let rib = pdf("rib");
    let r = c
        .post_multipart(
            &format!("/files/{id}/pages/attachments"),
            &[
                ("version", None, version.as_bytes()),
                ("action", None, b"next"),
                ("rib", Some("RIB asso.pdf"), &rib),
            ],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "attachments page: {}",
        r.body
    );
}

async fn transitions(state: &AppState, id: FileId, event: &str) -> i64 {
    let (n,): (i64,) = state
        .db()
        .fetch_one(
            Query::select()
                .expr(Expr::col(FileTransitions::Id).count())
                .from(FileTransitions::Table)
                .and_where(Expr::col(FileTransitions::FileId).eq(id.0))
                .and_where(Expr::col(FileTransitions::Event).eq(event)),
        )
        .await
        .unwrap();
    n
}

async fn mails(state: &AppState) -> Vec<String> {
    jobs::drain(state).await.unwrap();
    testing::outbox(state)
}

fn esus(decision: NaiveDate) -> EsusApproval {
    EsusApproval {
        decision_date: decision,
        authority: "Préfecture des Hauts-de-Seine".into(),
        company_created: None,
    }
}

// ---- Eligibility -----------------------------------------------------------------------------

#[tokio::test]
async fn eligibility_says_which_rule_fails_and_why() {
    for t in testing::databases().await {
        let mut w = world(&t, CallSpec::new("progress")).await;
        let state = w.state.clone();
        // An association of the territory: eligible, shown at once (one organisation).
        let page = w.c.get("/calls/progress/eligibility").await;
        assert_eq!(page.status, StatusCode::OK, "{}", t.label);
        assert!(page.body.contains(&msg(&state, "apply-eligibility-yes")));
        assert!(page.body.contains("action=\"/calls/progress/apply\""));

        // An ESUS company whose approval expired is told it is not eligible, and why.
        user(&state, "company@ess.test", None).await;
        let mut co = login(&w.router, "company@ess.test").await;
        let company = create_org(&mut co, "ess_company", "Coop Services", 2, "92012").await;
        let mut tx = state.db().begin().await.unwrap();
        let decision = NaiveDate::from_ymd_opt(2015, 3, 15).unwrap();
        let approval = esus(decision);
        let until = approval.valid_until(&state.esus_rules());
        orgs::insert_esus(&mut tx, company, &approval, until, None)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let res = co
            .post(
                "/calls/progress/eligibility",
                &[("org", &company.to_string())],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(
            res.body.contains(&msg(&state, "apply-eligibility-no")),
            "{}",
            res.body
        );
        let reason = state.i18n().get(
            Locale::Fr,
            "apply-check-esus-expired",
            &[("date", "14/03/2020".into())],
        );
        assert!(res.body.contains(&html(&reason)), "{}", res.body);
        assert!(res.body.contains(&format!("href=\"/orgs/{company}/esus\"")));
        assert!(!res.body.contains("action=\"/calls/progress/apply\""));
        // Starting anyway is refused, with the same reasons.
        let res = co
            .post("/calls/progress/apply", &[("org", &company.to_string())])
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains(&html(&reason)));

        // Head office outside the territory.
        user(&state, "paris@asso.test", None).await;
        let mut pa = login(&w.router, "paris@asso.test").await;
        let paris = create_org(&mut pa, "association", "Asso de Paris", 3, "75056").await;
        let res = pa
            .post(
                "/calls/progress/eligibility",
                &[("org", &paris.to_string())],
            )
            .await;
        let outside = state.i18n().get(
            Locale::Fr,
            "apply-check-territory-fail",
            &[
                ("commune", "Paris (75056)".into()),
                ("territory", state.territory().name.clone().into()),
            ],
        );
        assert!(res.body.contains(&html(&outside)), "{}", res.body);
        // Someone else's organisation does not exist for this person.
        let res = pa
            .post("/calls/progress/apply", &[("org", &w.org.to_string())])
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn eligibility_rules_on_facts_and_on_questions_carry_into_the_file() {
    for t in testing::databases().await {
        let mut spec = CallSpec::new("rules");
        spec.rules = vec![
            EligibilityRule {
                id: "employer".into(),
                condition: Condition::compare(
                    Var::field("employees"),
                    essor_domain::forms::CmpOp::Ge,
                    Literal::Integer(1),
                ),
                message: Some(essor_domain::forms::LocalizedText::new(
                    "La structure doit employer au moins une personne",
                    "The organisation must employ at least one person",
                )),
            },
            EligibilityRule {
                id: "siret".into(),
                condition: Condition::eq(Var::Org(OrgFact::HasSiret), Literal::Bool(true)),
                message: None,
            },
        ];
        let mut w = world(&t, spec).await;
        let state = w.state.clone();
        // The rule names a field: it is asked on the page, nothing is assessed yet.
        let page = w.c.get("/calls/rules/eligibility").await;
        assert!(page.body.contains("name=\"employees\""), "{}", page.body);
        assert!(!page.body.contains(&msg(&state, "apply-eligibility-yes")));
        let org = w.org.to_string();
        let res =
            w.c.post(
                "/calls/rules/eligibility",
                &[("org", &org), ("employees", "0")],
            )
            .await;
        assert!(res.body.contains(&msg(&state, "apply-eligibility-no")));
        assert!(res
            .body
            .contains("La structure doit employer au moins une personne"));
        assert!(res.body.contains("actuellement : 0"), "{}", res.body);
        let res =
            w.c.post(
                "/calls/rules/eligibility",
                &[("org", &org), ("employees", "douze")],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("value=\"douze\""));
        let res =
            w.c.post(
                "/calls/rules/eligibility",
                &[("org", &org), ("employees", "4")],
            )
            .await;
        assert!(
            res.body.contains(&msg(&state, "apply-eligibility-yes")),
            "{}",
            res.body
        );
        assert!(res.body.contains("name=\"employees\" value=\"4\""));
        let id = file_id_from(
            &w.c.post("/calls/rules/apply", &[("org", &org), ("employees", "4")])
                .await,
        );
        assert_eq!(
            answers(&state, id).await.get("employees"),
            Some(&Value::Integer(4)),
            "{}",
            t.label
        );
    }
}

// ---- Starting and filling --------------------------------------------------------------------

#[tokio::test]
async fn starting_a_file_prefills_it_and_a_second_start_returns_to_it() {
    for t in testing::databases().await {
        let mut w = world(&t, CallSpec::new("progress")).await;
        let state = w.state.clone();
        upload_vault(&mut w.c, w.org, "bank_details", "RIB 2025.pdf", "").await;
        upload_vault(&mut w.c, w.org, "statutes", "statuts.pdf", "2001-01-01").await;
        let res =
            w.c.post("/calls/progress/apply", &[("org", &w.org.to_string())])
                .await;
        let id = file_id_from(&res);
        assert_eq!(
            res.location().unwrap(),
            format!("/files/{id}/pages/identity")
        );
        let f = file(&state, id).await;
        let year = Utc::now()
            .with_timezone(&chrono_tz::Europe::Paris)
            .format("%Y")
            .to_string();
        assert_eq!(f.number, format!("PROG-{year}-{:05}", id.0), "{}", t.label);
        assert_eq!(f.state(), FileState::Draft);
        let a = answers(&state, id).await;
        assert_eq!(
            a.get("org_name"),
            Some(&Value::Text("Les Jardins du Parc".into()))
        );
        assert_eq!(a.get("org_siret"), Some(&Value::Text(siret(1))));
        assert_eq!(a.get("org_commune"), Some(&Value::Text("92050".into())));
        // The bank details of the vault are proposed; the expired statutes are not.
        match a.get("rib") {
            Some(Value::File(r)) => assert_eq!(r.name, "RIB 2025.pdf"),
            other => panic!("rib not prefilled: {other:?}"),
        }
        assert!(a.get("statutes").is_none());

        let page = w.c.get(&format!("/files/{id}/pages/identity")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("value=\"Les Jardins du Parc\""));
        assert!(page.body.contains(&msg(&state, "apply-started")));
        assert!(page.body.contains(&msg(&state, "apply-banner-draft")));
        assert!(page.body.contains("<progress"));
        assert!(page.body.contains("aria-current=\"step\""));

        let again =
            w.c.post("/calls/progress/apply", &[("org", &w.org.to_string())])
                .await;
        assert_eq!(again.location(), Some(format!("/files/{id}").as_str()));
        let list = w.c.get("/files").await;
        assert!(list.body.contains(&f.number));
        assert!(list.body.contains(&msg(&state, "apply-state-draft")));
    }
}

#[tokio::test]
async fn an_invalid_value_is_kept_shown_with_its_error_and_still_there_later() {
    for t in testing::databases().await {
        let mut w = world(&t, CallSpec::new("progress")).await;
        let state = w.state.clone();
        let id = start(&mut w.c, &w.call, w.org).await;
        let res = save(
            &state,
            &mut w.c,
            id,
            "project",
            &[
                ("project_title", "Un titre"),
                ("employees", "douze"),
                ("description", &"x".repeat(120)),
                ("action", "save"),
            ],
        )
        .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        assert!(res.body.contains("value=\"douze\""));
        assert!(res.body.contains(&msg(&state, "forms-integer-format")));
        assert!(res.body.contains("href=\"#f-employees\""));
        assert!(res.body.contains("data-maxlength=\"100\""));
        // Readable answers are saved, even the one that is too long.
        let a = answers(&state, id).await;
        assert_eq!(
            a.get("project_title"),
            Some(&Value::Text("Un titre".into()))
        );
        assert_eq!(a.get("description"), Some(&Value::Text("x".repeat(120))));
        assert!(a.get("employees").is_none());

        // Leave and come back: the raw text and its error are still there.
        w.c.get(&format!("/files/{id}")).await;
        let page = w.c.get(&format!("/files/{id}/pages/project")).await;
        assert!(page.body.contains("value=\"douze\""));
        assert!(page.body.contains(&msg(&state, "forms-integer-format")));
        assert!(page.body.contains("Un titre"));
        let home = w.c.get(&format!("/files/{id}")).await;
        assert!(home.body.contains(&msg(&state, "apply-page-errors")));

        // Corrected: saved, the raw text forgotten, a newly relevant field appears.
        let res = save(
            &state,
            &mut w.c,
            id,
            "project",
            &[
                ("project_title", "Un titre"),
                ("employees", "12"),
                ("has_partner", "yes"),
                ("action", "save"),
            ],
        )
        .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(
            answers(&state, id).await.get("employees"),
            Some(&Value::Integer(12))
        );
        assert_eq!(file(&state, id).await.raw_inputs, "{}");
        let page = w.c.get(&format!("/files/{id}/pages/project")).await;
        assert!(page.body.contains("name=\"partner_name\""));
        assert!(!page.body.contains("douze"));

        // Background save: 204 with the new version.
        let before = file(&state, id).await.version;
        let res = save(
            &state,
            &mut w.c,
            id,
            "project",
            &[
                ("autosave", "1"),
                ("project_title", "Titre auto"),
                ("employees", "12"),
            ],
        )
        .await;
        assert_eq!(res.status, StatusCode::NO_CONTENT);
        let v = res.headers.get("x-file-version").unwrap().to_str().unwrap();
        assert_eq!(v, (before + 1).to_string());
        assert!(res.headers.get("x-saved-at").is_some());
        assert_eq!(
            answers(&state, id).await.get("project_title"),
            Some(&Value::Text("Titre auto".into()))
        );
    }
}

#[tokio::test]
async fn a_stale_save_is_refused_and_the_input_shown_back() {
    for t in testing::databases().await {
        let mut w = world(&t, CallSpec::new("progress")).await;
        let state = w.state.clone();
        let id = start(&mut w.c, &w.call, w.org).await;
        let old = file(&state, id).await.version.to_string();
        // Another tab saves first.
        let res = save(
            &state,
            &mut w.c,
            id,
            "project",
            &[("project_title", "Onglet A")],
        )
        .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let res =
            w.c.post(
                &format!("/files/{id}/pages/project"),
                &[
                    ("version", &old),
                    ("project_title", "Onglet B"),
                    ("employees", "7"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        assert!(res.body.contains(&msg(&state, "apply-stale")));
        assert!(res.body.contains("value=\"Onglet B\""));
        assert!(res.body.contains("value=\"7\""));
        let current = file(&state, id).await;
        assert!(res
            .body
            .contains(&format!("name=\"version\" value=\"{}\"", current.version)));
        assert_eq!(
            answers(&state, id).await.get("project_title"),
            Some(&Value::Text("Onglet A".into()))
        );
        // A stale background save is answered 409, nothing written.
        let res =
            w.c.post(
                &format!("/files/{id}/pages/project"),
                &[("version", &old), ("autosave", "1"), ("project_title", "C")],
            )
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        assert_eq!(file(&state, id).await.version, current.version);
    }
}

#[tokio::test]
async fn group_items_are_added_and_removed_with_buttons() {
    for t in testing::databases().await {
        let mut w = world(&t, CallSpec::new("progress")).await;
        let state = w.state.clone();
        let id = start(&mut w.c, &w.call, w.org).await;
        let res = save(&state, &mut w.c, id, "project", &[("action", "add:team")]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", t.label);
        assert_eq!(
            res.location(),
            Some(format!("/files/{id}/pages/project#item-team-0").as_str())
        );
        let page = w.c.get(&format!("/files/{id}/pages/project")).await;
        assert!(page.body.contains("name=\"team.0.name\""));
        assert!(page.body.contains("value=\"remove:team.0\""));
        save(
            &state,
            &mut w.c,
            id,
            "project",
            &[("team.0.name", "Alice"), ("action", "add:team")],
        )
        .await;
        save(
            &state,
            &mut w.c,
            id,
            "project",
            &[
                ("team.0.name", "Alice"),
                ("team.1.name", "Bob"),
                ("team.1.role", "Trésorier"),
                ("action", "remove:team.0"),
            ],
        )
        .await;
        match answers(&state, id).await.get("team") {
            Some(Value::Group(items)) => {
                assert_eq!(items.len(), 1);
                assert_eq!(items[0].get("name"), Some(&Value::Text("Bob".into())));
                assert_eq!(items[0].get("role"), Some(&Value::Text("Trésorier".into())));
            }
            other => panic!("team: {other:?}"),
        }
        // At most 3 items: the add button goes away.
        for _ in 0..3 {
            let a = answers(&state, id).await;
            let n = match a.get("team") {
                Some(Value::Group(items)) => items.len(),
                _ => 0,
            };
            let names: Vec<String> = (0..n).map(|i| format!("team.{i}.name")).collect();
            let mut fields: Vec<(&str, &str)> = names.iter().map(|k| (k.as_str(), "X")).collect();
            fields.push(("action", "add:team"));
            save(&state, &mut w.c, id, "project", &fields).await;
        }
        match answers(&state, id).await.get("team") {
            Some(Value::Group(items)) => assert_eq!(items.len(), 3),
            other => panic!("team: {other:?}"),
        }
        let page = w.c.get(&format!("/files/{id}/pages/project")).await;
        assert!(!page.body.contains("value=\"add:team\""));
    }
}

#[tokio::test]
async fn the_budget_is_totalled_on_save_and_must_balance() {
    for t in testing::databases().await {
        let mut w = world(&t, CallSpec::new("progress")).await;
        let state = w.state.clone();
        let id = start(&mut w.c, &w.call, w.org).await;
        let res = save(
            &state,
            &mut w.c,
            id,
            "budget",
            &[
                ("project_budget.64-remunerations", "15 000"),
                ("project_budget.74-departement", "5 000"),
                ("project_budget.74-commune", "1 000,5x"),
                ("action", "next"),
            ],
        )
        .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        let unbalanced = state.i18n().get(
            Locale::Fr,
            "forms-budget-unbalanced",
            &[
                ("charges", "15\u{202f}000,00\u{a0}€".into()),
                ("income", "5\u{202f}000,00\u{a0}€".into()),
            ],
        );
        assert!(res.body.contains(&html(&unbalanced)), "{}", res.body);
        assert!(res.body.contains("value=\"1 000,5x\""));
        assert!(res.body.contains(&msg(&state, "money-format")));
        assert!(res.body.contains(&msg(&state, "apply-budget-unbalanced")));
        // Totals computed by the server.
        assert!(res.body.contains("15\u{202f}000,00\u{a0}€"));
        let res = save(
            &state,
            &mut w.c,
            id,
            "budget",
            &[
                ("project_budget.64-remunerations", "15 000"),
                ("project_budget.74-departement", "5 000"),
                ("project_budget.75-cotisations", "10 000"),
                ("action", "next"),
            ],
        )
        .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(
            res.location(),
            Some(format!("/files/{id}/pages/attachments").as_str())
        );
        let page = w.c.get(&format!("/files/{id}/pages/budget")).await;
        assert!(page.body.contains(&msg(&state, "apply-budget-balanced")));
        // Over the call's cap (20 000 €): refused on the requested line.
        let res = save(
            &state,
            &mut w.c,
            id,
            "budget",
            &[
                ("project_budget.64-remunerations", "30 000"),
                ("project_budget.74-departement", "25 000"),
                ("project_budget.75-cotisations", "5 000"),
                ("action", "next"),
            ],
        )
        .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res
            .body
            .contains("href=\"#f-project_budget.74-departement\""));
    }
}

#[tokio::test]
async fn attachments_are_uploaded_or_taken_from_the_vault() {
    for t in testing::databases().await {
        let mut w = world(&t, CallSpec::new("progress")).await;
        let state = w.state.clone();
        upload_vault(&mut w.c, w.org, "statutes", "statuts 2024.pdf", "").await;
        let doc = orgs::documents_of(state.db(), w.org).await.unwrap()[0].id;
        let id = start(&mut w.c, &w.call, w.org).await;
        // A PNG where a PDF is asked: refused, nothing attached.
        let version = file(&state, id).await.version.to_string();
        let png = b"\x89PNG\r\n\x1a\nnot a pdf".to_vec();
        let res =
            w.c.post_multipart(
                &format!("/files/{id}/pages/attachments"),
                &[
                    ("version", None, version.as_bytes()),
                    ("action", None, b"save"),
                    ("rib", Some("rib.pdf"), &png),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        assert!(res.body.contains("href=\"#f-rib\""));
        assert!(answers(&state, id).await.get("rib").is_none());

        let version = file(&state, id).await.version.to_string();
        let rib = pdf("le RIB de l'association");
        let doc_s = doc.to_string();
        let res =
            w.c.post_multipart(
                &format!("/files/{id}/pages/attachments"),
                &[
                    ("version", None, version.as_bytes()),
                    ("action", None, b"save"),
                    ("rib", Some("C:\\Docs\\RIB asso.pdf"), &rib),
                    ("statutes.vault", None, doc_s.as_bytes()),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let a = answers(&state, id).await;
        let Some(Value::File(r)) = a.get("rib") else {
            panic!("rib: {a:?}")
        };
        assert_eq!(r.name, "RIB asso.pdf");
        let got = w.c.get(&format!("/files/{id}/attachments/{}", r.id)).await;
        assert_eq!(got.status, StatusCode::OK);
        assert_eq!(got.body.as_bytes(), rib.as_slice());
        let Some(Value::File(s)) = a.get("statutes") else {
            panic!("statutes: {a:?}")
        };
        assert_eq!(s.name, "statuts 2024.pdf");
        let got = w.c.get(&format!("/files/{id}/attachments/{}", s.id)).await;
        assert!(got.body.contains("statuts 2024.pdf"));
        // Removing the statutes.
        let version = file(&state, id).await.version.to_string();
        let res =
            w.c.post_multipart(
                &format!("/files/{id}/pages/attachments"),
                &[
                    ("version", None, version.as_bytes()),
                    ("action", None, b"save"),
                    ("statutes.remove", None, b"1"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert!(answers(&state, id).await.get("statutes").is_none());
        assert!(answers(&state, id).await.get("rib").is_some());
    }
}

// ---- Submission ------------------------------------------------------------------------------

#[tokio::test]
async fn submitting_with_missing_answers_is_refused_page_by_page() {
    for t in testing::databases().await {
        let mut w = world(&t, CallSpec::new("progress")).await;
        let state = w.state.clone();
        let id = start(&mut w.c, &w.call, w.org).await;
        let res =
            w.c.post(&format!("/files/{id}/submit"), &[("submit_key", "k1")])
                .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        assert!(res.body.contains(&msg(&state, "apply-submit-invalid")));
        assert!(res.body.contains(&format!(
            "href=\"/files/{id}/pages/project?check=1#f-project_title\""
        )));
        assert!(res.body.contains(&format!(
            "href=\"/files/{id}/pages/attachments?check=1#f-rib\""
        )));
        assert_eq!(file(&state, id).await.state(), FileState::Draft);
        // The link shows the missing answers on the page.
        let page = w.c.get(&format!("/files/{id}/pages/project?check=1")).await;
        assert!(page.body.contains(&msg(&state, "forms-required")));
    }
}

#[tokio::test]
async fn the_deadline_is_enforced_to_the_second_in_paris_time() {
    for t in testing::databases().await {
        let mut spec = CallSpec::new("progress");
        // 15 January 2099, 17:00 in Paris (winter: UTC+1).
        spec.closes_at = chrono_tz::Europe::Paris
            .with_ymd_and_hms(2099, 1, 15, 17, 0, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc);
        let mut w = world(&t, spec).await;
        let state = w.state.clone();
        assert_eq!(
            w.call.closes_at,
            Utc.with_ymd_and_hms(2099, 1, 15, 16, 0, 0).unwrap()
        );
        let first = start(&mut w.c, &w.call, w.org).await;
        fill(&state, &mut w.c, first).await;
        user(&state, "second@asso.test", None).await;
        let mut c2 = login(&w.router, "second@asso.test").await;
        let org2 = create_org(&mut c2, "association", "Deuxième asso", 4, "92012").await;
        let second = start(&mut c2, &w.call, org2).await;
        fill(&state, &mut c2, second).await;
        let second_user = file(&state, second).await.created_by;

        let just_before = w.call.closes_at - Duration::seconds(1);
        let out = submit_at(&state, first, w.owner, Locale::Fr, "a", just_before)
            .await
            .unwrap();
        assert!(
            matches!(out, SubmitOutcome::Submitted),
            "{}: {out:?}",
            t.label
        );
        let f = file(&state, first).await;
        assert_eq!(f.state(), FileState::Submitted);
        assert_eq!(f.submitted_at, Some(just_before));
        assert_eq!(f.requested_amount, Some(500_000));
        assert_eq!(f.title, "Jardins partagés");

        let out = submit_at(
            &state,
            second,
            UserId(second_user),
            Locale::Fr,
            "b",
            w.call.closes_at,
        )
        .await
        .unwrap();
        assert!(matches!(out, SubmitOutcome::Closed), "{out:?}");
        assert_eq!(file(&state, second).await.state(), FileState::Draft);
        assert_eq!(transitions(&state, second, "submit").await, 0);

        // The receipt gives the submission time in Paris time, to the second.
        let home = w.c.get(&format!("/files/{first}")).await;
        assert!(home.body.contains("15/01/2099 16:59:59"), "{}", home.body);
        let receipt = w.c.get(&format!("/files/{first}/receipt.pdf")).await;
        assert!(receipt.body.contains("15/01/2099 16:59:59"));
    }
}

#[tokio::test]
async fn the_http_submission_after_the_deadline_stays_a_draft() {
    for t in testing::databases().await {
        let mut w = world(&t, CallSpec::new("progress")).await;
        let state = w.state.clone();
        let id = start(&mut w.c, &w.call, w.org).await;
        fill(&state, &mut w.c, id).await;
        state
            .db()
            .execute(
                Query::update()
                    .table(Calls::Table)
                    .value(Calls::ClosesAt, Utc::now() - Duration::seconds(1))
                    .and_where(Expr::col(Calls::Id).eq(w.call.id)),
            )
            .await
            .unwrap();
        let res =
            w.c.post(&format!("/files/{id}/submit"), &[("submit_key", "late")])
                .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        assert!(res
            .body
            .contains("Dossier non envoyé : la date limite de dépôt était le"));
        assert_eq!(file(&state, id).await.state(), FileState::Draft);
    }
}

#[tokio::test]
async fn a_double_click_submits_once_with_one_receipt() {
    for t in testing::databases().await {
        let mut w = world(&t, CallSpec::new("progress")).await;
        let state = w.state.clone();
        let id = start(&mut w.c, &w.call, w.org).await;
        fill(&state, &mut w.c, id).await;
        let home = w.c.get(&format!("/files/{id}")).await;
        let key = home
            .body
            .split("name=\"submit_key\" value=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap()
            .to_owned();
        let one =
            w.c.post(&format!("/files/{id}/submit"), &[("submit_key", &key)])
                .await;
        let two =
            w.c.post(&format!("/files/{id}/submit"), &[("submit_key", &key)])
                .await;
        for r in [&one, &two] {
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", t.label, r.body);
            assert_eq!(r.location(), Some(format!("/files/{id}").as_str()));
        }
        assert_eq!(transitions(&state, id, "submit").await, 1);
        let f = file(&state, id).await;
        let receipts: Vec<String> = mails(&state)
            .await
            .into_iter()
            .filter(|m| m.contains(&f.number) && m.contains("Accus"))
            .collect();
        assert_eq!(receipts.len(), 1, "{receipts:?}");
        let mail = &receipts[0];
        assert!(mail.contains("To: owner@asso.test"));
        assert!(mail.contains(&format!("http://essor.test/files/{id}/receipt.pdf")));
        assert!(
            mail.contains("5\u{202f}000,00\u{a0}€") || mail.contains("5 000,00"),
            "{mail}"
        );

        // A draft and a submitted file never look alike.
        let home = w.c.get(&format!("/files/{id}")).await;
        assert!(home.body.contains(&msg(&state, "apply-state-submitted")));
        assert!(!home.body.contains(&msg(&state, "apply-banner-draft")));
        assert!(home.body.contains(&msg(&state, "apply-submitted")));
        assert!(!home.body.contains("name=\"submit_key\""));
        // Read only: the answers are shown, a page refuses changes.
        assert!(home.body.contains("Jardins partagés"));
        let res = save(
            &state,
            &mut w.c,
            id,
            "project",
            &[("project_title", "Changé")],
        )
        .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains(&msg(&state, "apply-read-only-refused")));
        assert_eq!(
            answers(&state, id).await.get("project_title"),
            Some(&Value::Text("Jardins partagés".into()))
        );
        // The receipt and the whole file as PDF.
        let receipt = w.c.get(&format!("/files/{id}/receipt.pdf")).await;
        assert_eq!(receipt.status, StatusCode::OK);
        assert_eq!(
            receipt.headers.get("content-type").unwrap(),
            "application/pdf"
        );
        assert!(receipt.body.starts_with("%PDF-1.4"));
        assert!(receipt.body.contains(&f.number));
        let whole = w.c.get(&format!("/files/{id}/pdf")).await;
        assert_eq!(whole.status, StatusCode::OK);
        assert!(whole.body.contains("Jardins partag"));
    }
}

#[tokio::test]
async fn required_vault_documents_block_submission_not_the_draft() {
    for t in testing::databases().await {
        let mut spec = CallSpec::new("progress");
        spec.required_documents = &["republican_contract"];
        let mut w = world(&t, spec).await;
        let state = w.state.clone();
        let page = w.c.get("/calls/progress/eligibility").await;
        assert!(page
            .body
            .contains(&msg(&state, "apply-check-document-missing")));
        assert!(page.body.contains(&msg(&state, "apply-eligibility-yes")));
        let id = start(&mut w.c, &w.call, w.org).await;
        fill(&state, &mut w.c, id).await;
        let res =
            w.c.post(&format!("/files/{id}/submit"), &[("submit_key", "k")])
                .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        assert!(res.body.contains(&msg(&state, "apply-submit-ineligible")));
        assert!(res
            .body
            .contains(&format!("href=\"/orgs/{}/documents\"", w.org)));
        upload_vault(&mut w.c, w.org, "republican_contract", "CER signé.pdf", "").await;
        let res =
            w.c.post(&format!("/files/{id}/submit"), &[("submit_key", "k")])
                .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }
}

#[tokio::test]
async fn a_correction_reopens_the_file_until_it_is_sent_again() {
    for t in testing::databases().await {
        let mut w = world(&t, CallSpec::new("progress")).await;
        let state = w.state.clone();
        let id = start(&mut w.c, &w.call, w.org).await;
        fill(&state, &mut w.c, id).await;
        let out = submit_at(&state, id, w.owner, Locale::Fr, "first", Utc::now())
            .await
            .unwrap();
        assert!(matches!(out, SubmitOutcome::Submitted));
        // Staff ask for a correction, as the instruction pages do.
        let f = file(&state, id).await;
        let mut tx = state.db().begin().await.unwrap();
        model::transition_file(
            &mut tx,
            &f,
            FileEvent::RequestCorrection,
            Actor::Staff,
            w.staff,
            Some("Le budget doit détailler les subventions."),
        )
        .await
        .unwrap()
        .unwrap();
        tx.commit().await.unwrap();
        let home = w.c.get(&format!("/files/{id}")).await;
        assert!(
            home.body.contains(&msg(&state, "apply-banner-correction")),
            "{}",
            t.label
        );
        assert!(home
            .body
            .contains("Le budget doit détailler les subventions."));
        assert!(home.body.contains(&msg(&state, "apply-resubmit-button")));
        let res = save(
            &state,
            &mut w.c,
            id,
            "project",
            &[
                ("project_title", "Jardins partagés (corrigé)"),
                ("employees", "3"),
                ("action", "save"),
            ],
        )
        .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        // Sent again after the deadline: corrections are not bound by it.
        let late = w.call.closes_at + Duration::days(3);
        let out = submit_at(&state, id, w.owner, Locale::Fr, "second", late)
            .await
            .unwrap();
        assert!(matches!(out, SubmitOutcome::Submitted), "{out:?}");
        let f = file(&state, id).await;
        assert_eq!(f.state(), FileState::Submitted);
        assert_eq!(f.title, "Jardins partagés (corrigé)");
        assert_eq!(transitions(&state, id, "submit").await, 2);
    }
}

#[tokio::test]
async fn an_applicant_withdraws_a_file_after_confirming() {
    for t in testing::databases().await {
        let mut w = world(&t, CallSpec::new("progress")).await;
        let state = w.state.clone();
        let id = start(&mut w.c, &w.call, w.org).await;
        let page = w.c.get(&format!("/files/{id}/withdraw")).await;
        assert_eq!(page.status, StatusCode::OK);
        let res =
            w.c.post(
                &format!("/files/{id}/withdraw"),
                &[("reason", "Projet reporté")],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        assert!(res
            .body
            .contains(&msg(&state, "apply-withdraw-confirm-required")));
        assert!(res.body.contains("Projet reporté"));
        assert_eq!(file(&state, id).await.state(), FileState::Draft);
        let res =
            w.c.post(
                &format!("/files/{id}/withdraw"),
                &[("reason", "Projet reporté"), ("confirm", "yes")],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(file(&state, id).await.state(), FileState::Withdrawn);
        let all = mails(&state).await;
        assert!(all
            .iter()
            .any(|m| m.contains("To: aap@departement.test") && m.contains("Projet reporté")));
        let home = w.c.get(&format!("/files/{id}")).await;
        assert!(home.body.contains(&msg(&state, "apply-banner-withdrawn")));
        assert!(!home
            .body
            .contains(&format!("href=\"/files/{id}/withdraw\"")));
    }
}

#[tokio::test]
async fn messages_with_staff_notify_the_call_contact() {
    for t in testing::databases().await {
        let mut w = world(&t, CallSpec::new("progress")).await;
        let state = w.state.clone();
        let id = start(&mut w.c, &w.call, w.org).await;
        let res =
            w.c.post(&format!("/files/{id}/messages"), &[("body", "  ")])
                .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        let doc = pdf("devis");
        let res =
            w.c.post_multipart(
                &format!("/files/{id}/messages"),
                &[
                    (
                        "body",
                        None,
                        "Bonjour,\nfaut-il joindre le devis ?".as_bytes(),
                    ),
                    ("attachment", Some("devis.pdf"), &doc),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let thread = w.c.get(&format!("/files/{id}/messages")).await;
        assert!(thread.body.contains("faut-il joindre le devis ?"));
        let href = thread
            .body
            .split("href=\"")
            .find(|s| s.contains("/attachment\""))
            .and_then(|s| s.split('"').next())
            .unwrap()
            .to_owned();
        let got = w.c.get(&href).await;
        assert_eq!(got.body.as_bytes(), doc.as_slice());
        let all = mails(&state).await;
        assert!(all.iter().any(|m| m.contains("To: aap@departement.test")
            && m.contains("faut-il joindre le devis")
            && m.contains(&format!("/staff/files/{id}"))));
    }
}

// ---- Who sees what ---------------------------------------------------------------------------

#[tokio::test]
async fn another_organisation_never_sees_a_file_by_any_url() {
    for t in testing::databases().await {
        let mut w = world(&t, CallSpec::new("progress")).await;
        let state = w.state.clone();
        let id = start(&mut w.c, &w.call, w.org).await;
        fill(&state, &mut w.c, id).await;
        let a = answers(&state, id).await;
        let Some(Value::File(rib)) = a.get("rib") else {
            panic!("rib")
        };
        w.c.post(&format!("/files/{id}/messages"), &[("body", "Bonjour")])
            .await;
        user(&state, "other@asso.test", None).await;
        let mut other = login(&w.router, "other@asso.test").await;
        create_org(&mut other, "association", "Autre asso", 5, "92012").await;
        let gets = [
            format!("/files/{id}"),
            format!("/files/{id}/pages/project"),
            format!("/files/{id}/attachments/{}", rib.id),
            format!("/files/{id}/pdf"),
            format!("/files/{id}/withdraw"),
            format!("/files/{id}/messages"),
            format!("/files/{id}/messages/1/attachment"),
        ];
        let posts = [
            format!("/files/{id}/pages/project"),
            format!("/files/{id}/submit"),
            format!("/files/{id}/withdraw"),
            format!("/files/{id}/messages"),
        ];
        for path in &gets {
            let r = other.get(path).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{}: GET {path}", t.label);
        }
        for path in &posts {
            let r = other
                .post(path, &[("version", "1"), ("confirm", "yes")])
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "POST {path}");
        }
        let list = other.get("/files").await;
        assert!(!list.body.contains(&format!("/files/{id}\"")));
        assert_eq!(file(&state, id).await.state(), FileState::Draft);
        // Submitted, the receipt is theirs only too.
        submit_at(&state, id, w.owner, Locale::Fr, "k", Utc::now())
            .await
            .unwrap();
        let r = other.get(&format!("/files/{id}/receipt.pdf")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        // Staff read, but change nothing here.
        let mut staff = login(&w.router, "staff@departement.test").await;
        let r = staff.get(&format!("/files/{id}")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains(&msg(&state, "apply-staff-view")));
        assert_eq!(
            staff
                .get(&format!("/files/{id}/pages/project"))
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            staff.get(&format!("/files/{id}/receipt.pdf")).await.status,
            StatusCode::OK
        );
        for path in &posts {
            let r = staff.post(path, &[("version", "1")]).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "staff POST {path}");
        }
        // Anonymous visitors are sent to sign in.
        let mut anon = Client::new(&w.router);
        for path in gets.iter().chain(["/files".to_owned()].iter()) {
            let r = anon.get(path).await;
            assert!(
                r.location().is_some_and(|l| l.starts_with("/login")),
                "anonymous GET {path}: {}",
                r.status
            );
        }
    }
}

// ---- Reminders -------------------------------------------------------------------------------

#[tokio::test]
async fn drafts_get_one_reminder_48_hours_before_closing() {
    for t in testing::databases().await {
        let mut spec = CallSpec::new("soon");
        spec.closes_at = Utc::now() + Duration::hours(30);
        let mut w = world(&t, spec).await;
        let state = w.state.clone();
        let mut later = CallSpec::new("later");
        later.closes_at = Utc::now() + Duration::days(5);
        let later = insert_call(&state, w.staff, later).await;

        let draft = start(&mut w.c, &w.call, w.org).await;
        let not_soon = start(&mut w.c, &later, w.org).await;
        user(&state, "second@asso.test", None).await;
        let mut c2 = login(&w.router, "second@asso.test").await;
        let org2 = create_org(&mut c2, "association", "Deuxième asso", 6, "92012").await;
        let second = start(&mut c2, &w.call, org2).await;
        user(&state, "third@asso.test", None).await;
        let mut c3 = login(&w.router, "third@asso.test").await;
        let org3 = create_org(&mut c3, "association", "Troisième asso", 7, "92012").await;
        let sent = start(&mut c3, &w.call, org3).await;
        fill(&state, &mut c3, sent).await;
        let third_user = file(&state, sent).await.created_by;
        submit_at(
            &state,
            sent,
            UserId(third_user),
            Locale::Fr,
            "k",
            Utc::now(),
        )
        .await
        .unwrap();
        let before = mails(&state).await.len();

        let now = Utc::now();
        assert_eq!(
            queue_reminders(&state, now).await.unwrap(),
            2,
            "{}",
            t.label
        );
        let all = mails(&state).await;
        let reminders: Vec<&String> = all[before..]
            .iter()
            .filter(|m| m.contains("pas encore envoy"))
            .collect();
        assert_eq!(reminders.len(), 2, "{reminders:?}");
        let draft_number = file(&state, draft).await.number;
        let second_number = file(&state, second).await.number;
        assert!(reminders
            .iter()
            .any(|m| m.contains("To: owner@asso.test") && m.contains(&draft_number)));
        assert!(reminders
            .iter()
            .any(|m| m.contains("To: second@asso.test") && m.contains(&second_number)));
        let not_soon_number = file(&state, not_soon).await.number;
        assert!(!all
            .iter()
            .any(|m| m.contains(&not_soon_number) && m.contains("pas encore")));

        // Scanning again, or through the hourly hook, reminds nobody twice.
        assert_eq!(queue_reminders(&state, now).await.unwrap(), 0);
        essor_platform::app::run_periodic(&state).await;
        let again = mails(&state).await;
        assert_eq!(again.len(), all.len());
    }
}

#[tokio::test]
async fn jobs_of_the_room_are_registered() {
    let t = testing::sqlite().await;
    let (state, _) = testing::app(&t, modules);
    // The hourly hook queues the scan; draining runs it without error.
    essor_platform::app::run_periodic(&state).await;
    let queued = jobs::list(state.db()).await.unwrap();
    assert!(queued.iter().any(|j| j.kind == "calls.draft_reminders"));
    jobs::drain(&state).await.unwrap();
    assert!(jobs::list(state.db()).await.unwrap().is_empty());
}

#[tokio::test]
async fn every_page_of_the_cerfa_template_renders_prefilled() {
    for t in testing::databases().await {
        let mut spec = CallSpec::new("cerfa");
        spec.schema = essor_domain::forms::cerfa_12156_template();
        let mut w = world(&t, spec).await;
        let id = start(&mut w.c, &w.call, w.org).await;
        let schema = essor_domain::forms::cerfa_12156_template();
        for page in &schema.pages {
            let res = w.c.get(&format!("/files/{id}/pages/{}", page.id)).await;
            assert_eq!(res.status, StatusCode::OK, "{}: page {}", t.label, page.id);
            assert!(
                res.body.contains(&html(page.title.get("fr"))),
                "{}",
                page.id
            );
        }
        let first = w.c.get(&format!("/files/{id}/pages/identification")).await;
        assert!(first.body.contains("value=\"Les Jardins du Parc\""));
        assert!(first.body.contains(&format!("value=\"{}\"", siret(1))));
        let budget = w.c.get(&format!("/files/{id}/pages/project")).await;
        assert!(budget
            .body
            .contains("name=\"project_budget.74-departement\""));
        let whole = w.c.get(&format!("/files/{id}/pdf")).await;
        assert_eq!(whole.status, StatusCode::OK);
    }
}

// ---- Routing at submission --------------------------------------------------------------------

/// The labels on a file, by name.
async fn label_names(state: &AppState, id: FileId) -> Vec<String> {
    use sea_query::Alias;
    let (fl, cl) = (Alias::new("file_labels"), Alias::new("call_labels"));
    let rows: Vec<(String,)> = state
        .db()
        .fetch_all(
            Query::select()
                .column((cl.clone(), Alias::new("name")))
                .from(fl.clone())
                .inner_join(
                    cl.clone(),
                    Expr::col((cl.clone(), Alias::new("id")))
                        .equals((fl.clone(), Alias::new("label_id"))),
                )
                .and_where(Expr::col((fl, Alias::new("file_id"))).eq(id.0))
                .order_by((cl, Alias::new("name")), sea_query::Order::Asc),
        )
        .await
        .unwrap();
    rows.into_iter().map(|(n,)| n).collect()
}

async fn post_owned(c: &mut Client, path: &str, fields: Vec<(&str, String)>) -> TestResponse {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    c.post(path, &refs).await
}

async fn submit_now(state: &AppState, id: FileId, by: UserId, key: &str) {
    let out = submit_at(state, id, by, Locale::Fr, key, Utc::now())
        .await
        .unwrap();
    assert!(matches!(out, SubmitOutcome::Submitted), "{out:?}");
}

/// Staff write routing rules with the condition builder (or JSON); a file submitted afterwards
/// is assigned and labelled in its submission's transaction, by the rules that hold only; a
/// person's assignment is never overridden; running the rules on the files received routes
/// those submitted before the rules existed. A rule without a name or an action is refused with
/// what was typed kept, and only staff reach the page.
#[tokio::test]
async fn routing_rules_assign_and_label_files_as_they_are_submitted() {
    for t in testing::databases().await {
        let mut w = world(&t, CallSpec::new("aiguillage")).await;
        let state = w.state.clone();
        let base = format!("/staff/calls/{}/routing", w.call.id);
        let other_staff = user(&state, "other@departement.test", Some(Role::Staff)).await;
        let mut staff = login(&w.router, "staff@departement.test").await;

        // A file received before any rule.
        let mut c2 = login(&w.router, "owner@asso.test").await;
        let org_b = create_org(&mut c2, "association", "Le Repair Café", 2, "92050").await;
        let early = start(&mut c2, &w.call, org_b).await;
        fill(&state, &mut c2, early).await;
        submit_now(&state, early, w.owner, "early").await;
        assert_eq!(file(&state, early).await.assignee_id, None);

        // Applicants cannot reach the page.
        assert_eq!(w.c.get(&base).await.status, StatusCode::FORBIDDEN);

        // No name, no action: refused, the condition as typed is shown back.
        let staff_id = w.staff.0.to_string();
        let builder = |name: &'static str, assignee: &str, label: &'static str| {
            vec![
                ("mode", "builder".to_owned()),
                ("rows", "3".to_owned()),
                ("combinator", "all".to_owned()),
                ("var_0", "field:employees".to_owned()),
                ("op_0", "ge".to_owned()),
                ("value_0", "2".to_owned()),
                ("name", name.to_owned()),
                ("assignee", assignee.to_owned()),
                ("label", label.to_owned()),
            ]
        };
        let r = post_owned(&mut staff, &base, builder("", "", "")).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        assert!(r.body.contains(&msg(&state, "routing-error-name")));
        assert!(r.body.contains(&msg(&state, "routing-error-action")));
        assert!(r.body.contains(r#"value="2""#), "the typed value is kept");
        assert!(r
            .body
            .contains(r#"<option value="field:employees" selected>"#));

        // Rule 1: employers go to the staff member, with a label.
        let r = post_owned(
            &mut staff,
            &base,
            builder("Employeurs", &staff_id, "Structure employeuse"),
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", t.label, r.body);
        // Rule 2, on the organisation: head office in Nanterre, a label only.
        let rule2 = vec![
            ("mode", "builder".to_owned()),
            ("rows", "1".to_owned()),
            ("combinator", "all".to_owned()),
            ("var_0", "org:commune_code".to_owned()),
            ("op_0", "in_communes".to_owned()),
            ("value_0", "92050".to_owned()),
            ("name", "Nanterre".to_owned()),
            ("assignee", String::new()),
            ("label", "Territoire Nanterre".to_owned()),
        ];
        let r = post_owned(&mut staff, &base, rule2).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", t.label, r.body);
        // Rule 3, as JSON: never holds here (a thousand employees).
        let json = serde_json::to_string(&Condition::compare(
            Var::field("employees"),
            essor_domain::forms::CmpOp::Gt,
            Literal::Integer(1000),
        ))
        .unwrap();
        let rule3 = vec![
            ("mode", "json".to_owned()),
            ("rows", "0".to_owned()),
            ("json", json),
            ("name", "Très grandes structures".to_owned()),
            ("assignee", other_staff.0.to_string()),
            ("label", "Grande structure".to_owned()),
        ];
        let r = post_owned(&mut staff, &base, rule3).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", t.label, r.body);
        // A condition on a field the form does not have is refused.
        let bad = vec![
            ("mode", "json".to_owned()),
            ("rows", "0".to_owned()),
            (
                "json",
                serde_json::to_string(&Condition::empty(Var::field("nowhere"))).unwrap(),
            ),
            ("name", "Mauvaise".to_owned()),
            ("label", "X".to_owned()),
        ];
        let r = post_owned(&mut staff, &base, bad).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {}",
            t.label,
            r.body
        );

        let page = staff.get(&base).await;
        assert_eq!(page.status, StatusCode::OK);
        for name in ["Employeurs", "Nanterre", "Très grandes structures"] {
            assert!(page.body.contains(&html(name)), "{name} listed");
        }
        assert!(!page.body.contains("Mauvaise"));

        // A file submitted now is routed by rules 1 and 2, not 3.
        let id = start(&mut w.c, &w.call, w.org).await;
        fill(&state, &mut w.c, id).await;
        submit_now(&state, id, w.owner, "now").await;
        assert_eq!(
            file(&state, id).await.assignee_id,
            Some(w.staff.0),
            "{}",
            t.label
        );
        assert_eq!(
            label_names(&state, id).await,
            ["Structure employeuse", "Territoire Nanterre"],
            "{}",
            t.label
        );
        // Staff find it without typing accents or case: the search text is folded alike.
        let number = file(&state, id).await.number;
        let found = staff.get("/staff/files?q=PARTAGES+jardins").await;
        assert!(
            found.body.contains(&number),
            "{}: accent-free search",
            t.label
        );
        // The file received earlier was left alone.
        assert_eq!(file(&state, early).await.assignee_id, None);
        assert!(label_names(&state, early).await.is_empty());

        // A person reassigns the routed file; running the rules again keeps that choice and
        // routes the early file.
        let r = staff
            .post(
                &format!("/staff/files/{id}/assign"),
                &[("assignee", &other_staff.0.to_string())],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = staff.post(&format!("{base}/apply"), &[]).await;
        assert_eq!(r.location(), Some(format!("{base}?applied=2").as_str()));
        let shown = staff.get(r.location().unwrap()).await;
        assert!(
            shown.body.contains("2 dossiers remplissaient"),
            "{}",
            shown.body
        );
        assert_eq!(file(&state, id).await.assignee_id, Some(other_staff.0));
        assert_eq!(file(&state, early).await.assignee_id, Some(w.staff.0));
        assert_eq!(
            label_names(&state, early).await,
            ["Structure employeuse", "Territoire Nanterre"]
        );

        // Deleting: a rule of this call only.
        let rule_ids: Vec<(i64,)> = state
            .db()
            .fetch_all(
                Query::select()
                    .column(sea_query::Alias::new("id"))
                    .from(sea_query::Alias::new("call_routing_rules"))
                    .order_by(sea_query::Alias::new("id"), sea_query::Order::Asc),
            )
            .await
            .unwrap();
        assert_eq!(rule_ids.len(), 3);
        let gone = staff
            .post(
                &format!("/staff/calls/999999/routing/{}/delete", rule_ids[0].0),
                &[],
            )
            .await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND);
        let del = staff
            .post(&format!("{base}/{}/delete", rule_ids[0].0), &[])
            .await;
        assert_eq!(del.status, StatusCode::SEE_OTHER);
        let again = staff
            .post(&format!("{base}/{}/delete", rule_ids[0].0), &[])
            .await;
        assert_eq!(again.status, StatusCode::NOT_FOUND);
        assert!(!staff.get(&base).await.body.contains("Employeurs"));
    }
}
