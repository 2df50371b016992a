//! Test data for the exports tests: calls, form revisions, organisations and files inserted
//! directly (the pages that create them belong to other rooms), files moved through
//! `model::transition_file`, and raw HTTP for binary downloads.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use chrono::{DateTime, Duration, Utc};
use essor_calls::model::{self, CallForms, Calls, Files};
use essor_domain::email::Email;
use essor_domain::forms::{
    Answers, BudgetAnswer, ChoiceOption, Field, FieldKind, FormPage, FormSchema, Section, Value,
};
use essor_domain::identifiers::{CommuneCode, Rna, Siret};
use essor_domain::ids::{FileId, OrgId, UserId};
use essor_domain::lifecycle::{Actor, FileEvent};
use essor_domain::money::Cents;
use essor_domain::org::OrgKind;
use essor_domain::role::Role;
use essor_platform::orgs::{self, OrgData};
use essor_platform::testing::{self, TestDb};
use essor_platform::{session, AppState, Module};
use sea_query::{Expr, Iden, Query};
use tower::ServiceExt;

// Each test file that includes this module uses a part of them.
#[allow(unused_imports)]
pub use essor_accounts::testing::{login, person, siret, PASSWORD};

pub fn modules() -> Vec<Module> {
    vec![essor_accounts::module(), essor_calls::module()]
}

pub async fn org(state: &AppState, name: &str, seed: u32, rna: Option<&str>) -> OrgId {
    let data = OrgData {
        kind: OrgKind::Association,
        name: name.to_owned(),
        acronym: None,
        siret: Some(Siret::parse(&siret(seed)).unwrap()),
        rna: rna.map(|r| Rna::parse(r).unwrap()),
        legal_category: None,
        address: "1 place de la Mairie".into(),
        commune: CommuneCode::parse("92050").unwrap(),
        website: None,
        contact_email: Email::parse("contact@asso.example").unwrap(),
        contact_phone: None,
    };
    let mut tx = state.db().begin().await.unwrap();
    let id = orgs::insert(&mut tx, &data).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// The form of the test call: text, a choice, a repeatable group, a budget table.
pub fn schema() -> FormSchema {
    let fields = vec![
        Field::new(
            "summary",
            "Résumé",
            "Summary",
            FieldKind::LongText { max_len: None },
        ),
        Field::new(
            "audience",
            "Public",
            "Audience",
            FieldKind::SingleChoice {
                options: vec![
                    ChoiceOption::new("youth", "Jeunes", "Young people"),
                    ChoiceOption::new("seniors", "Aînés", "Seniors"),
                ],
            },
        ),
        Field::new(
            "team",
            "Équipe",
            "Team",
            FieldKind::Group {
                fields: vec![
                    Field::new(
                        "name",
                        "Nom",
                        "Name",
                        FieldKind::ShortText { max_len: None },
                    ),
                    Field::new(
                        "role",
                        "Rôle",
                        "Role",
                        FieldKind::ShortText { max_len: None },
                    ),
                ],
                min_items: 0,
                max_items: None,
            },
        ),
        Field::new(
            "budget",
            "Budget du projet",
            "Project budget",
            FieldKind::BudgetTable {
                requested_line: Some("74-departement".into()),
                project: false,
            },
        ),
        Field::new(
            "statutes",
            "Statuts",
            "Statutes",
            FieldKind::Attachment {
                accept: vec![essor_domain::forms::FileType::Pdf],
                max_bytes: 1 << 20,
            },
        ),
    ];
    FormSchema {
        pages: vec![FormPage {
            id: "p1".into(),
            title: essor_domain::forms::LocalizedText::fr("Projet"),
            sections: vec![Section {
                id: "s1".into(),
                title: essor_domain::forms::LocalizedText::fr("Projet"),
                intro: None,
                condition: None,
                fields,
            }],
        }],
    }
}

pub fn answers(summary: &str, requested: i64) -> Answers {
    Answers::new()
        .with("summary", Value::Text(summary.into()))
        .with("audience", Value::Choice("youth".into()))
        .with(
            "team",
            Value::Group(vec![
                Answers::new()
                    .with("name", Value::Text("Ada".into()))
                    .with("role", Value::Text("Présidente".into())),
                Answers::new().with("name", Value::Text("Bob".into())),
            ]),
        )
        .with(
            "budget",
            Value::Budget(
                BudgetAnswer::default()
                    .with("74-departement", Cents(requested))
                    .with("64-remunerations", Cents(requested * 2)),
            ),
        )
}

#[derive(Iden)]
#[iden = "file_transitions"]
enum Transitions {
    Table,
    FileId,
    FromState,
    ToState,
    Event,
    ActorId,
    At,
}

#[derive(Iden)]
#[iden = "file_attachments"]
enum Attachments {
    Table,
    FileId,
    FieldId,
    StorageKey,
    OriginalName,
    ContentType,
    SizeBytes,
    Sha256,
    UploadedBy,
    UploadedAt,
    ReplacedAt,
}

/// Everything a test needs: the app, a staff member, an applicant and their organisation,
/// and a published call with its form.
pub struct World {
    pub state: AppState,
    pub router: Router,
    pub staff: UserId,
    pub applicant: UserId,
    pub org: OrgId,
    pub call: i64,
    pub form: i64,
    pub slug: String,
}

pub async fn world(t: &TestDb) -> World {
    let (state, router) = testing::app(t, modules);
    let staff = person(&state, "agent@cd92.example", &[Role::Staff]).await;
    let applicant = person(&state, "porteur@asso.example", &[]).await;
    let org = org(&state, "Les Petits Débrouillards", 1, Some("W921000123")).await;
    let (call, form) = call(&state, staff, "progress-2026", &schema(), Some(5_000_000)).await;
    World {
        state,
        router,
        staff,
        applicant,
        org,
        call,
        form,
        slug: "progress-2026".into(),
    }
}

/// A published call with one form revision, inserted directly.
pub async fn call(
    state: &AppState,
    by: UserId,
    slug: &str,
    schema: &FormSchema,
    envelope: Option<i64>,
) -> (i64, i64) {
    let now = Utc::now();
    let mut tx = state.db().begin().await.unwrap();
    let call = tx
        .insert_id(
            Query::insert()
                .into_table(Calls::Table)
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
                    Calls::Envelope,
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
                    slug.into(),
                    "Progr'ESS 2026".into(),
                    "ess".into(),
                    "Soutien aux projets".into(),
                    "Description".into(),
                    (now - Duration::days(10)).into(),
                    (now + Duration::days(10)).into(),
                    "Europe/Paris".into(),
                    "[\"association\"]".into(),
                    false.into(),
                    "any".into(),
                    "[]".into(),
                    envelope.into(),
                    "[]".into(),
                    "Service ESS".into(),
                    "ess@cd92.example".into(),
                    "PROG".into(),
                    "published".into(),
                    by.0.into(),
                    now.into(),
                    now.into(),
                ])
                .to_owned(),
        )
        .await
        .unwrap();
    let form = tx
        .insert_id(
            Query::insert()
                .into_table(CallForms::Table)
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
                    serde_json::to_string(schema).unwrap().into(),
                    by.0.into(),
                    now.into(),
                    now.into(),
                ])
                .to_owned(),
        )
        .await
        .unwrap();
    tx.execute(
        Query::update()
            .table(Calls::Table)
            .value(Calls::CurrentFormId, form)
            .and_where(Expr::col(Calls::Id).eq(call)),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (call, form)
}

/// What a new draft file holds.
pub struct NewFile<'a> {
    pub number: String,
    pub title: &'a str,
    pub amount: Option<i64>,
    pub commune: Option<&'a str>,
    pub answers: Answers,
    pub org: Option<OrgId>,
}

impl NewFile<'_> {
    pub fn numbered(n: usize) -> NewFile<'static> {
        NewFile {
            number: format!("PROG-2026-{n:05}"),
            title: "Un projet",
            amount: Some(100_000),
            commune: Some("92050"),
            answers: Answers::new(),
            org: None,
        }
    }
}

/// Inserts a draft file; returns its id.
pub async fn draft(w: &World, f: NewFile<'_>) -> i64 {
    let now = Utc::now();
    let mut tx = w.state.db().begin().await.unwrap();
    let id = tx
        .insert_id(file_insert(w, &f, "draft", None, now))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

fn file_insert(
    w: &World,
    f: &NewFile<'_>,
    state: &str,
    submitted_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> sea_query::InsertStatement {
    Query::insert()
        .into_table(Files::Table)
        .columns([
            Files::Number,
            Files::CallId,
            Files::FormId,
            Files::OrgId,
            Files::CreatedBy,
            Files::State,
            Files::Answers,
            Files::RawInputs,
            Files::Title,
            Files::RequestedAmount,
            Files::CommuneCode,
            Files::SearchText,
            Files::SubmittedAt,
            Files::CreatedAt,
            Files::UpdatedAt,
        ])
        .values_panic(file_values(w, f, state, submitted_at, now))
        .to_owned()
}

fn file_values(
    w: &World,
    f: &NewFile<'_>,
    state: &str,
    submitted_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Vec<sea_query::SimpleExpr> {
    vec![
        f.number.clone().into(),
        w.call.into(),
        w.form.into(),
        f.org.unwrap_or(w.org).0.into(),
        w.applicant.0.into(),
        state.into(),
        serde_json::to_string(&f.answers).unwrap().into(),
        "{}".into(),
        f.title.into(),
        f.amount.into(),
        f.commune.map(str::to_owned).into(),
        f.title.to_lowercase().into(),
        submitted_at.into(),
        now.into(),
        now.into(),
    ]
}

/// Many submitted files at once (for volume tests), numbered from `from`, amounts 1,000.00 €
/// plus their number in cents (in the budget too); statements of 500 rows in one transaction.
pub async fn bulk_submitted(w: &World, from: usize, n: usize) {
    let now = Utc::now();
    let mut tx = w.state.db().begin().await.unwrap();
    let mut i = from;
    while i < from + n {
        let end = (i + 500).min(from + n);
        let row = |j: usize| {
            let mut f = NewFile::numbered(j);
            f.amount = Some(100_000 + j as i64);
            f.answers = answers(
                &format!("Résumé du projet n° {j} ; sur deux\nlignes"),
                100_000 + j as i64,
            );
            f
        };
        let mut q = file_insert(w, &row(i), "submitted", Some(now), now);
        for j in i + 1..end {
            q.values_panic(file_values(w, &row(j), "submitted", Some(now), now));
        }
        tx.execute(&q).await.unwrap();
        i = end;
    }
    tx.commit().await.unwrap();
}

/// Moves a file through `events`, applicant events by the applicant and the rest by staff.
pub async fn moves(w: &World, file: i64, events: &[FileEvent]) {
    for e in events {
        let f = model::file_by_id(w.state.db(), FileId(file))
            .await
            .unwrap()
            .unwrap();
        let (actor, id) = match e {
            FileEvent::Submit | FileEvent::Withdraw => (Actor::Applicant, w.applicant),
            _ => (Actor::Staff, w.staff),
        };
        let reason =
            matches!(e, FileEvent::Refuse | FileEvent::RequestCorrection).then_some("motif");
        let mut tx = w.state.db().begin().await.unwrap();
        model::transition_file(&mut tx, &f, *e, actor, id, reason)
            .await
            .unwrap()
            .unwrap_or_else(|err| panic!("{e:?} on file {file}: {}", err.code));
        tx.commit().await.unwrap();
    }
}

/// A decided file whose history is written at the given times (days after `t0`).
pub async fn decided_at_days(
    w: &World,
    n: usize,
    t0: DateTime<Utc>,
    steps: &[(&str, &str, f64)],
) -> i64 {
    let id = draft(w, NewFile::numbered(n)).await;
    let at = |d: f64| t0 + Duration::seconds((d * 86_400.0) as i64);
    let mut tx = w.state.db().begin().await.unwrap();
    let mut submitted = None;
    let mut decided = None;
    for (from, to, d) in steps {
        tx.execute(
            Query::insert()
                .into_table(Transitions::Table)
                .columns([
                    Transitions::FileId,
                    Transitions::FromState,
                    Transitions::ToState,
                    Transitions::Event,
                    Transitions::ActorId,
                    Transitions::At,
                ])
                .values_panic([
                    id.into(),
                    (*from).into(),
                    (*to).into(),
                    "test".into(),
                    w.staff.0.into(),
                    at(*d).into(),
                ]),
        )
        .await
        .unwrap();
        if *to == "submitted" {
            submitted = Some(at(*d));
        }
        if matches!(*to, "accepted" | "refused" | "closed_without_follow_up") {
            decided = Some(at(*d));
        }
    }
    let last = steps.last().unwrap().1;
    tx.execute(
        Query::update()
            .table(Files::Table)
            .value(Files::State, last)
            .value(Files::SubmittedAt, submitted)
            .value(Files::DecidedAt, decided)
            .and_where(Expr::col(Files::Id).eq(id)),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

/// Stores `bytes` and attaches them to a file's field.
pub async fn attach(
    w: &World,
    file: i64,
    field: &str,
    name: &str,
    bytes: &'static [u8],
) -> (i64, String) {
    let stored = w
        .state
        .storage()
        .put_stream(
            "attachments",
            futures::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from_static(bytes))]),
            1 << 20,
            &[essor_platform::storage::FileType::Pdf],
        )
        .await
        .unwrap();
    let mut tx = w.state.db().begin().await.unwrap();
    let id = tx
        .insert_id(
            Query::insert()
                .into_table(Attachments::Table)
                .columns([
                    Attachments::FileId,
                    Attachments::FieldId,
                    Attachments::StorageKey,
                    Attachments::OriginalName,
                    Attachments::ContentType,
                    Attachments::SizeBytes,
                    Attachments::Sha256,
                    Attachments::UploadedBy,
                    Attachments::UploadedAt,
                ])
                .values_panic([
                    file.into(),
                    field.into(),
                    stored.key.clone().into(),
                    name.into(),
                    "application/pdf".into(),
                    (bytes.len() as i64).into(),
                    stored.sha256.into(),
                    w.applicant.0.into(),
                    Utc::now().into(),
                ])
                .to_owned(),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (id, stored.key)
}

pub async fn replace_attachment(w: &World, id: i64) {
    w.state
        .db()
        .execute(
            Query::update()
                .table(Attachments::Table)
                .value(Attachments::ReplacedAt, Utc::now())
                .and_where(Expr::col(sea_query::Alias::new("id")).eq(id)),
        )
        .await
        .unwrap();
}

/// A raw GET as `user` (a fresh session), for binary bodies the test client would mangle.
pub async fn get_bytes(
    w: &World,
    user: UserId,
    path: &str,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let cookie = session::create(w.state.db(), user).await.unwrap();
    let req = Request::get(path)
        .header(header::COOKIE, format!("{}={cookie}", session::COOKIE))
        .body(Body::empty())
        .unwrap();
    let res = w.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, headers, bytes.to_vec())
}

/// A GET with an `Authorization` header (the API), without cookies.
pub async fn api_get(
    router: &Router,
    path: &str,
    auth: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, serde_json::Value) {
    let mut req = Request::get(path);
    if let Some(a) = auth {
        req = req.header(header::AUTHORIZATION, a);
    }
    let res = router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (status, headers, json)
}

/// Splits CSV text (RFC 4180, any separator) into records of values.
pub fn parse_csv(text: &str, sep: char) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cur.push('"');
                }
                '"' => quoted = false,
                _ => cur.push(c),
            }
        } else {
            match c {
                '"' => quoted = true,
                c if c == sep => row.push(std::mem::take(&mut cur)),
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    row.push(std::mem::take(&mut cur));
                    rows.push(std::mem::take(&mut row));
                }
                _ => cur.push(c),
            }
        }
    }
    if !cur.is_empty() || !row.is_empty() {
        row.push(cur);
        rows.push(row);
    }
    rows
}
