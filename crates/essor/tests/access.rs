//! Who may do what: every route of the application, requested by every role and by an anonymous
//! visitor, with the answer each must get. A new route must be added here (the last test fails
//! when the router answers a path this table does not list).
//!
//! Each persona runs on a fresh database, so that a permitted change by one cannot hide a refusal
//! for another. Requests that change things are sent with empty or invalid fields: a permitted
//! one then gets a validation answer (422) or a redirect, a refused one 403, 404 or the sign-in
//! page, before any validation.

use axum::http::StatusCode;
use essor_accounts::orgs::queries::{self, MemberRole};
use essor_accounts::users;
use essor_domain::email::Email;
use essor_domain::ids::{OrgId, UserId};
use essor_domain::role::Role;
use essor_platform::testing::{self, Client, TestResponse};
use essor_platform::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persona {
    Anonymous,
    Admin,
    Staff,
    Jury,
    Young,
    /// Owner of organisation A (an association).
    Owner,
    /// Plain member of organisation A.
    Member,
    /// Owner of another association, B.
    Outsider,
    Funder,
    SchoolStaff,
    Company,
}

use essor_accounts::testing::{create_org, login, person};
use Persona::*;

const EVERYONE: [Persona; 11] = [
    Anonymous,
    Admin,
    Staff,
    Jury,
    Young,
    Owner,
    Member,
    Outsider,
    Funder,
    SchoolStaff,
    Company,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Served (200, a redirect elsewhere than sign-in, or 422 for the empty form).
    Ok,
    /// Sent to the sign-in page.
    Login,
    Forbidden,
    NotFound,
    /// 401: an API route without a valid bearer token (a session does not count).
    Unauthorized,
}

fn classify(r: &TestResponse) -> Answer {
    match r.status {
        StatusCode::FORBIDDEN => Answer::Forbidden,
        StatusCode::NOT_FOUND => Answer::NotFound,
        StatusCode::UNAUTHORIZED => Answer::Unauthorized,
        s if s.is_redirection() && r.location().is_some_and(|l| l.starts_with("/login")) => {
            Answer::Login
        }
        // 400 and 422: permitted, but the empty form is refused by validation.
        s if s.is_success()
            || s.is_redirection()
            || s == StatusCode::UNPROCESSABLE_ENTITY
            || s == StatusCode::BAD_REQUEST =>
        {
            Answer::Ok
        }
        s => panic!("unexpected status {s}: {}", r.body),
    }
}

pub struct World {
    /// The application the personas talk to (module files use it to prepare their records).
    pub state: AppState,
    pub org_a: OrgId,
    pub invitation: i64,
    pub job: i64,
    pub doc_a: i64,
    pub member: UserId,
    pub clients: Vec<(Persona, Client)>,
}

async fn world(t: &testing::TestDb) -> World {
    let (state, router) = testing::app(t, essor::modules);
    let mut clients = vec![(Anonymous, Client::new(&router))];
    for (p, email, role) in [
        (Admin, "admin@t.org", Some(Role::Admin)),
        (Staff, "staff@t.org", Some(Role::Staff)),
        (Jury, "jury@t.org", Some(Role::Jury)),
        (Young, "young@t.org", Some(Role::Young)),
        (Owner, "owner@t.org", None),
        (Member, "member@t.org", None),
        (Outsider, "outsider@t.org", None),
        (Funder, "funder@t.org", None),
        (SchoolStaff, "school@t.org", None),
        (Company, "company@t.org", None),
    ] {
        person(&state, email, role.as_slice()).await;
        clients.push((p, login(&router, email).await));
    }
    let mut take = |p: Persona| {
        let i = clients.iter().position(|(q, _)| *q == p).unwrap();
        (i, clients.remove(i).1)
    };
    let (i, mut owner) = take(Owner);
    let org_a = create_org(&mut owner, "association", "Association A", 1, "92050").await;
    let pdf = b"%PDF-1.4 access table".as_slice();
    let r = owner
        .post_multipart(
            &format!("/orgs/{org_a}/documents"),
            &[("kind", None, b"statutes"), ("file", Some("s.pdf"), pdf)],
        )
        .await;
    assert!(r.status.is_redirection(), "upload: {} {}", r.status, r.body);
    clients.insert(i, (Owner, owner));
    for (p, kind, n) in [
        (Outsider, "association", 2),
        (Funder, "funder", 3),
        (SchoolStaff, "school", 4),
        (Company, "commercial_company", 5),
    ] {
        let i = clients.iter().position(|(q, _)| *q == p).unwrap();
        let c = &mut clients[i].1;
        create_org(c, kind, &format!("Org {n}"), n, "92050").await;
    }
    let member = users::by_email(state.db(), &Email::parse("member@t.org").unwrap())
        .await
        .unwrap()
        .unwrap()
        .id();
    let mut tx = state.db().begin().await.unwrap();
    queries::add_member(&mut tx, org_a, member, MemberRole::Member)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let doc_a = essor_accounts::orgs::documents_of(state.db(), org_a)
        .await
        .unwrap()[0]
        .id;
    let i = clients.iter().position(|(q, _)| *q == Owner).unwrap();
    let r = clients[i]
        .1
        .post(
            &format!("/orgs/{org_a}/invitations"),
            &[("invite_email", "invitee@t.org")],
        )
        .await;
    assert!(r.status.is_redirection(), "invitation: {}", r.body);
    let (invitation,): (i64,) = state
        .db()
        .fetch_one(
            sea_query::Query::select()
                .expr(sea_query::Expr::cust("MAX(id)"))
                .from(sea_query::Alias::new("invitations")),
        )
        .await
        .unwrap();
    let job = essor_platform::jobs::list(state.db()).await.unwrap()[0].id;
    World {
        state,
        org_a,
        invitation,
        job,
        doc_a,
        member,
        clients,
    }
}

/// One row: method, path (with `{org}`, `{doc}`, `{member}` placeholders, and those a module's
/// `setup` returns) and who gets what.
pub struct Row {
    pub method: &'static str,
    pub path: &'static str,
    pub ok: &'static [Persona],
    /// For the others: what they get (anonymous always gets the sign-in page unless public).
    pub others: Answer,
    /// Personas that get `NotFound` instead of `others` (they may not know the record exists).
    pub hidden_from: &'static [Persona],
}

/// Shorthand for a row.
pub fn r(
    method: &'static str,
    path: &'static str,
    ok: &'static [Persona],
    others: Answer,
    hidden_from: &'static [Persona],
) -> Row {
    Row {
        method,
        path,
        ok,
        others,
        hidden_from,
    }
}

// Each module keeps its rows (and the records they need) in its own file.
#[path = "access/events.rs"]
mod events;
#[path = "access/jury.rs"]
mod jury;
#[path = "access/jury_award.rs"]
mod jury_award;
#[path = "access/observatory.rs"]
mod observatory;
#[path = "access/youth.rs"]
mod youth;

/// Placeholders the modules' rows use, filled from records each module creates in the world.
async fn module_placeholders(w: &World) -> Vec<(&'static str, String)> {
    let mut subs = jury::setup(w).await;
    subs.extend(jury_award::setup(w).await);
    subs.extend(events::setup(w).await);
    subs.extend(youth::setup(w).await);
    subs.extend(observatory::setup(w).await);
    subs
}

pub const PUBLIC: &[Persona] = &EVERYONE;
pub const SIGNED_IN: &[Persona] = &[
    Admin,
    Staff,
    Jury,
    Young,
    Owner,
    Member,
    Outsider,
    Funder,
    SchoolStaff,
    Company,
];
pub const STAFF: &[Persona] = &[Admin, Staff];
const ORG_READERS: &[Persona] = &[Admin, Staff, Owner, Member];
const NOT_IN_ORG_A: &[Persona] = &[Jury, Young, Outsider, Funder, SchoolStaff, Company];

fn table() -> Vec<Row> {
    let mut rows = core_rows();
    rows.extend(jury::rows());
    rows.extend(jury_award::rows());
    rows.extend(events::rows());
    rows.extend(youth::rows());
    rows.extend(observatory::rows());
    // Last: it ends the session.
    rows.push(r("POST", "/logout", PUBLIC, Answer::Ok, &[]));
    rows
}

/// The rows of accounts and calls.
fn core_rows() -> Vec<Row> {
    vec![
        r("GET", "/", PUBLIC, Answer::Ok, &[]),
        r("GET", "/accessibilite", PUBLIC, Answer::Ok, &[]),
        r("GET", "/mentions-legales", PUBLIC, Answer::Ok, &[]),
        r("GET", "/confidentialite", PUBLIC, Answer::Ok, &[]),
        r("GET", "/healthz", PUBLIC, Answer::Ok, &[]),
        r("GET", "/readyz", PUBLIC, Answer::Ok, &[]),
        r("GET", "/static/essor.css", PUBLIC, Answer::Ok, &[]),
        r("GET", "/login", PUBLIC, Answer::Ok, &[]),
        r("GET", "/signup", PUBLIC, Answer::Ok, &[]),
        r("GET", "/password/forgot", PUBLIC, Answer::Ok, &[]),
        r("POST", "/password/forgot", PUBLIC, Answer::Ok, &[]),
        r(
            "GET",
            "/password/reset/not-a-token",
            PUBLIC,
            Answer::Ok,
            &[],
        ),
        r(
            "POST",
            "/password/reset/not-a-token",
            PUBLIC,
            Answer::Ok,
            &[],
        ),
        r("GET", "/verify/not-a-token", PUBLIC, Answer::Ok, &[]),
        r("POST", "/verify/not-a-token", PUBLIC, Answer::Ok, &[]),
        r("POST", "/verify/resend", PUBLIC, Answer::Ok, &[]),
        r(
            "GET",
            "/account/email/confirm/not-a-token",
            PUBLIC,
            Answer::Ok,
            &[],
        ),
        r(
            "POST",
            "/account/email/confirm/not-a-token",
            PUBLIC,
            Answer::Ok,
            &[],
        ),
        // An unknown invitation is not found, whoever asks.
        r(
            "GET",
            "/invitations/not-a-token",
            &[],
            Answer::NotFound,
            &[Anonymous],
        ),
        r(
            "POST",
            "/invitations/not-a-token",
            &[],
            Answer::NotFound,
            &[],
        ),
        r("POST", "/signup", PUBLIC, Answer::Ok, &[]),
        r("POST", "/login", PUBLIC, Answer::Ok, &[]),
        r("POST", "/lang", PUBLIC, Answer::Ok, &[]),
        r("GET", "/account", SIGNED_IN, Answer::Login, &[]),
        r("POST", "/account/password", SIGNED_IN, Answer::Login, &[]),
        r("POST", "/account/email", SIGNED_IN, Answer::Login, &[]),
        r("GET", "/orgs", SIGNED_IN, Answer::Login, &[]),
        r("GET", "/orgs/new", SIGNED_IN, Answer::Login, &[]),
        r("POST", "/orgs/new", SIGNED_IN, Answer::Login, &[]),
        r("GET", "/orgs/{org}", ORG_READERS, Answer::NotFound, &[]),
        r(
            "GET",
            "/orgs/{org}/documents",
            ORG_READERS,
            Answer::NotFound,
            &[],
        ),
        r(
            "GET",
            "/orgs/{org}/documents/{doc}",
            ORG_READERS,
            Answer::NotFound,
            &[],
        ),
        r(
            "GET",
            "/orgs/{org}/edit",
            &[Owner],
            Answer::Forbidden,
            NOT_IN_ORG_A,
        ),
        r(
            "POST",
            "/orgs/{org}/edit",
            &[Owner],
            Answer::Forbidden,
            NOT_IN_ORG_A,
        ),
        r(
            "GET",
            "/orgs/{org}/esus",
            &[Owner],
            Answer::Forbidden,
            NOT_IN_ORG_A,
        ),
        r(
            "POST",
            "/orgs/{org}/esus",
            &[Owner],
            Answer::Forbidden,
            NOT_IN_ORG_A,
        ),
        r(
            "POST",
            "/orgs/{org}/invitations",
            &[Owner],
            Answer::Forbidden,
            NOT_IN_ORG_A,
        ),
        r(
            "POST",
            "/orgs/{org}/invitations/{invitation}/revoke",
            &[Owner],
            Answer::Forbidden,
            NOT_IN_ORG_A,
        ),
        r(
            "POST",
            "/orgs/{org}/documents",
            &[Owner],
            Answer::Forbidden,
            NOT_IN_ORG_A,
        ),
        r(
            "POST",
            "/orgs/{org}/members/{member}/role",
            &[Owner],
            Answer::Forbidden,
            NOT_IN_ORG_A,
        ),
        r(
            "POST",
            "/orgs/{org}/members/{member}/remove",
            &[Owner],
            Answer::Forbidden,
            NOT_IN_ORG_A,
        ),
        r(
            "POST",
            "/orgs/{org}/leave",
            &[Owner, Member],
            Answer::Forbidden,
            NOT_IN_ORG_A,
        ),
        r("GET", "/staff", STAFF, Answer::Forbidden, &[]),
        r("GET", "/staff/people", STAFF, Answer::Forbidden, &[]),
        r(
            "GET",
            "/staff/people/{member}",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/people/{member}/roles",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/people/{member}/roles/revoke",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/people/{member}/disable",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/people/{member}/enable",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r("GET", "/staff/orgs", STAFF, Answer::Forbidden, &[]),
        r("GET", "/staff/orgs/{org}", STAFF, Answer::Forbidden, &[]),
        r(
            "POST",
            "/staff/orgs/{org}/verify",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/orgs/{org}/unverify",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r("GET", "/staff/audit", STAFF, Answer::Forbidden, &[]),
        r("GET", "/staff/jobs", STAFF, Answer::Forbidden, &[]),
        r(
            "POST",
            "/staff/jobs/{job}/retry",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        // Calls, staff side (admin room). No call exists in this world: staff get 404 on a
        // call's pages, everyone else is refused before the lookup.
        r("GET", "/staff/calls", STAFF, Answer::Forbidden, &[]),
        r("GET", "/staff/calls/new", STAFF, Answer::Forbidden, &[]),
        r("POST", "/staff/calls/new", STAFF, Answer::Forbidden, &[]),
        r("GET", "/staff/calls/999999", &[], Answer::Forbidden, STAFF),
        r(
            "GET",
            "/staff/calls/999999/edit",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/edit",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/publish",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/unpublish",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/close",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/reopen",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/archive",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "GET",
            "/staff/calls/999999/routing",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/routing",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/routing/apply",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/routing/1/delete",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "GET",
            "/staff/calls/999999/form",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/start",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/publish",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/discard",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "GET",
            "/staff/calls/999999/form/preview",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "GET",
            "/staff/calls/999999/form/json",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/json",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/pages",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "GET",
            "/staff/calls/999999/form/pages/1",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/pages/1",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/pages/1/move",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/pages/1/delete",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/pages/1/sections",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "GET",
            "/staff/calls/999999/form/sections/1",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/sections/1",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/sections/1/move",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/sections/1/delete",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/sections/1/fields",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "GET",
            "/staff/calls/999999/form/fields/1",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/fields/1",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/fields/1/move",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/fields/1/delete",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/fields/1/members",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "GET",
            "/staff/calls/999999/form/fields/1/condition",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/form/fields/1/condition",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        // Calls, public side: the list for everyone; an unknown call is not found.
        r("GET", "/calls", PUBLIC, Answer::Ok, &[]),
        r("GET", "/calls/404404", &[], Answer::NotFound, &[Anonymous]),
        // Applying (apply room). No call or file exists in this world: signed-in people get
        // 404, anonymous visitors the sign-in page; a file's own members and staff are tested
        // in crates/calls/tests/apply.rs (another organisation's member gets 404 on every URL).
        r(
            "GET",
            "/calls/404404/eligibility",
            &[],
            Answer::NotFound,
            &[],
        ),
        r(
            "POST",
            "/calls/404404/eligibility",
            &[],
            Answer::NotFound,
            &[],
        ),
        r("POST", "/calls/404404/apply", &[], Answer::NotFound, &[]),
        r("GET", "/files", SIGNED_IN, Answer::Login, &[]),
        r("GET", "/files/404404", &[], Answer::NotFound, &[]),
        r("GET", "/files/404404/pages/1", &[], Answer::NotFound, &[]),
        r("POST", "/files/404404/pages/1", &[], Answer::NotFound, &[]),
        r(
            "GET",
            "/files/404404/attachments/1",
            &[],
            Answer::NotFound,
            &[],
        ),
        r("POST", "/files/404404/submit", &[], Answer::NotFound, &[]),
        r(
            "GET",
            "/files/404404/receipt.pdf",
            &[],
            Answer::NotFound,
            &[],
        ),
        r("GET", "/files/404404/pdf", &[], Answer::NotFound, &[]),
        r("GET", "/files/404404/withdraw", &[], Answer::NotFound, &[]),
        r("POST", "/files/404404/withdraw", &[], Answer::NotFound, &[]),
        r("GET", "/files/404404/messages", &[], Answer::NotFound, &[]),
        r("POST", "/files/404404/messages", &[], Answer::NotFound, &[]),
        r(
            "GET",
            "/files/404404/messages/1/attachment",
            &[],
            Answer::NotFound,
            &[],
        ),
        // Exports, statistics, open data and API tokens (exports room). No call exists in
        // this world: staff get 404 on a call's pages, everyone else is refused first.
        r(
            "GET",
            "/staff/calls/999999/export",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/export",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "GET",
            "/staff/calls/999999/export.csv",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "GET",
            "/staff/calls/999999/exports/1",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "GET",
            "/staff/calls/999999/exports/1/download",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/calls/999999/open-data",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "GET",
            "/staff/calls/999999/subventions.csv",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "GET",
            "/staff/calls/999999/stats",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r("GET", "/staff/api-tokens", STAFF, Answer::Forbidden, &[]),
        r("POST", "/staff/api-tokens", STAFF, Answer::Forbidden, &[]),
        r(
            "POST",
            "/staff/api-tokens/999999/revoke",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        // Open data is public; an unknown call's file is not found.
        r(
            "GET",
            "/open-data/calls/404404/subventions.csv",
            &[],
            Answer::NotFound,
            &[Anonymous],
        ),
        // The API answers a bearer token only: a session is not enough, for anyone.
        r("GET", "/api/v1/openapi.json", PUBLIC, Answer::Ok, &[]),
        r("GET", "/api/v1/calls", &[], Answer::Unauthorized, &[]),
        r(
            "GET",
            "/api/v1/calls/999999",
            &[],
            Answer::Unauthorized,
            &[],
        ),
        r(
            "GET",
            "/api/v1/calls/999999/files",
            &[],
            Answer::Unauthorized,
            &[],
        ),
        r(
            "GET",
            "/api/v1/files/999999",
            &[],
            Answer::Unauthorized,
            &[],
        ),
        // Instruction (instruction room). No file exists in this world: staff get 404 on a
        // file's pages, everyone else is refused before the lookup. An expert's link works
        // without an account; an unknown token is not found, whoever asks.
        r("GET", "/staff/files", STAFF, Answer::Forbidden, &[]),
        r("POST", "/staff/files/bulk", STAFF, Answer::Forbidden, &[]),
        r(
            "GET",
            "/staff/calls/999999/files",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r("GET", "/staff/files/999999", &[], Answer::Forbidden, STAFF),
        r(
            "GET",
            "/staff/files/999999/attachments/1",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/files/999999/transition",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/files/999999/assign",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/files/999999/labels",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/files/999999/labels/1/remove",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/files/999999/notes",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/files/999999/experts",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/files/999999/experts/1/revoke",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "GET",
            "/staff/files/999999/messages",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "POST",
            "/staff/files/999999/messages",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "GET",
            "/staff/files/999999/messages/1/attachment",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "GET",
            "/expert/not-a-token",
            &[],
            Answer::NotFound,
            &[Anonymous],
        ),
        r(
            "POST",
            "/expert/not-a-token",
            &[],
            Answer::NotFound,
            &[Anonymous],
        ),
        r(
            "GET",
            "/expert/not-a-token/attachments/1",
            &[],
            Answer::NotFound,
            &[Anonymous],
        ),
    ]
}

fn expected(row: &Row, p: Persona) -> Answer {
    if row.ok.contains(&p) {
        Answer::Ok
    } else if row.hidden_from.contains(&p) {
        Answer::NotFound
    } else if p == Anonymous && row.others != Answer::Unauthorized {
        Answer::Login
    } else {
        row.others
    }
}

#[tokio::test]
async fn every_route_answers_every_role_as_expected() {
    for t in testing::databases().await {
        let mut failures = vec![];
        for persona in EVERYONE {
            // A fresh world per persona: permitted changes never leak into the next check.
            let fresh = t_fresh(&t).await;
            let mut w = world(&fresh).await;
            let subs = module_placeholders(&w).await;
            let i = w.clients.iter().position(|(q, _)| *q == persona).unwrap();
            let (org, doc, member, invitation, job) =
                (w.org_a, w.doc_a, w.member, w.invitation, w.job);
            let c = &mut w.clients[i].1;
            for row in table() {
                let mut path = row.path.to_string();
                for (k, v) in &subs {
                    path = path.replace(k, v);
                }
                let path = path
                    .replace("{org}", &org.to_string())
                    .replace("{doc}", &doc.to_string())
                    .replace("{member}", &member.to_string())
                    .replace("{invitation}", &invitation.to_string())
                    .replace("{job}", &job.to_string());
                let res = match row.method {
                    "GET" => c.get(&path).await,
                    _ => c.post(&path, &[]).await,
                };
                let got = classify(&res);
                let want = expected(&row, persona);
                if got != want {
                    failures.push(format!(
                        "{}: {persona:?} {} {path}: got {got:?} ({}), want {want:?}",
                        t.label, row.method, res.status
                    ));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{} access failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

/// A new database of the same engine as `t`.
async fn t_fresh(t: &testing::TestDb) -> testing::TestDb {
    match t.label {
        "sqlite" => testing::sqlite().await,
        _ => testing::postgres().await.expect("postgres"),
    }
}

#[tokio::test]
async fn unknown_paths_are_not_found_for_everyone() {
    let t = testing::sqlite().await;
    let mut w = world(&t).await;
    for (p, c) in w.clients.iter_mut() {
        let r = c.get("/orgs/999999").await;
        if *p == Anonymous {
            assert_eq!(classify(&r), Answer::Login);
        } else {
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{p:?}");
        }
        assert_eq!(
            c.get("/definitely/not/here").await.status,
            StatusCode::NOT_FOUND
        );
    }
}

/// Every route the source code declares is in the table (placeholders compared by position), so
/// a new route cannot ship without its access rule being tested.
#[test]
fn the_table_lists_every_declared_route() {
    fn shape(path: &str) -> String {
        path.split('/')
            .map(|seg| {
                if seg.starts_with('{') || seg.parse::<i64>().is_ok() || seg.contains("token") {
                    "{}"
                } else {
                    seg
                }
            })
            .collect::<Vec<_>>()
            .join("/")
    }
    let listed: std::collections::BTreeSet<String> =
        table().iter().map(|r| shape(r.path)).collect();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let mut declared = std::collections::BTreeSet::new();
    let mut stack = vec![std::path::PathBuf::from(root)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("tests") && !path.ends_with("benches") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (i, _) in text.match_indices(".route(") {
                    let rest = text[i + 7..].trim_start();
                    if let Some(lit) = rest.strip_prefix('"').and_then(|r| r.split('"').next()) {
                        declared.insert(shape(lit));
                    }
                }
            }
        }
    }
    declared.remove("/static/{}");
    let missing: Vec<_> = declared.difference(&listed).collect();
    assert!(declared.len() > 20, "route scan found {}", declared.len());
    assert!(
        missing.is_empty(),
        "routes without an access row: {missing:?}"
    );
}
