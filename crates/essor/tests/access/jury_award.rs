//! Access rows of the jury module (ranking, commission, award, showcase), and the records they
//! need: a call whose commission is open with one submitted file of organisation A, and a call
//! whose commission is closed with an award to organisation A (above the convention threshold,
//! shown on the showcase).

use super::{r, Answer, Persona::*, Row, World, PUBLIC, STAFF};
use chrono::{Duration, Utc};
use sea_query::{Alias, Query, SimpleExpr};

async fn insert(w: &World, table: &str, cols: &[&str], vals: Vec<SimpleExpr>) -> i64 {
    w.state
        .db()
        .insert_id(
            Query::insert()
                .into_table(Alias::new(table))
                .columns(cols.iter().map(|c| Alias::new(*c)))
                .values_panic(vals)
                .to_owned(),
        )
        .await
        .unwrap()
}

async fn call(w: &World, slug: &str) -> (i64, i64) {
    let now = Utc::now();
    let by = w.member.0;
    let call = insert(
        w,
        "calls",
        &[
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
            "max_amount",
            "envelope",
        ],
        vec![
            slug.into(),
            slug.into(),
            "ess".into(),
            "".into(),
            "".into(),
            (now - Duration::days(60)).into(),
            (now - Duration::days(10)).into(),
            "Europe/Paris".into(),
            "[\"association\"]".into(),
            "any".into(),
            "[]".into(),
            "[]".into(),
            "".into(),
            "ess@t.org".into(),
            "JA".into(),
            "closed".into(),
            by.into(),
            now.into(),
            now.into(),
            5_000_000i64.into(),
            10_000_000i64.into(),
        ],
    )
    .await;
    let form = insert(
        w,
        "call_forms",
        &[
            "call_id",
            "revision",
            "schema",
            "created_by",
            "created_at",
            "published_at",
        ],
        vec![
            call.into(),
            1.into(),
            "{\"pages\":[]}".into(),
            by.into(),
            now.into(),
            now.into(),
        ],
    )
    .await;
    (call, form)
}

async fn file(w: &World, call: i64, form: i64, number: &str, state: &str) -> i64 {
    let now = Utc::now();
    insert(
        w,
        "files",
        &[
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
            "search_text",
            "submitted_at",
            "created_at",
            "updated_at",
        ],
        vec![
            number.into(),
            call.into(),
            form.into(),
            w.org_a.0.into(),
            w.member.0.into(),
            state.into(),
            "{}".into(),
            "{}".into(),
            "Projet".into(),
            4_000_000i64.into(),
            "projet".into(),
            now.into(),
            now.into(),
            now.into(),
        ],
    )
    .await
}

async fn commission(w: &World, call: i64, state: &str) -> i64 {
    let now = Utc::now();
    insert(
        w,
        "jury_commissions",
        &[
            "call_id",
            "state",
            "held_on",
            "members",
            "created_by",
            "created_at",
            "updated_at",
        ],
        vec![
            call.into(),
            state.into(),
            now.date_naive().into(),
            "Commission".into(),
            w.member.0.into(),
            now.into(),
            now.into(),
        ],
    )
    .await
}

pub async fn setup(w: &World) -> Vec<(&'static str, String)> {
    let now = Utc::now();
    let (open_call, form) = call(w, "ja-open").await;
    file(w, open_call, form, "JA-2026-00001", "submitted").await;
    commission(w, open_call, "open").await;

    let (closed_call, form2) = call(w, "ja-closed").await;
    let decided = file(w, closed_call, form2, "JA-2026-00002", "accepted").await;
    let c = commission(w, closed_call, "closed").await;
    w.state
        .db()
        .execute(
            Query::insert()
                .into_table(Alias::new("jury_decisions"))
                .columns(
                    [
                        "commission_id",
                        "file_id",
                        "decision",
                        "amount",
                        "reason",
                        "updated_by",
                        "updated_at",
                    ]
                    .map(Alias::new),
                )
                .values_panic([
                    c.into(),
                    decided.into(),
                    "laureate".into(),
                    3_000_000i64.into(),
                    "".into(),
                    w.member.0.into(),
                    now.into(),
                ]),
        )
        .await
        .unwrap();
    let award = insert(
        w,
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
            closed_call.into(),
            decided.into(),
            w.org_a.0.into(),
            3_000_000i64.into(),
            true.into(),
            now.date_naive().into(),
            true.into(),
            now.into(),
            now.into(),
        ],
    )
    .await;
    let inst = insert(
        w,
        "jury_instalments",
        &[
            "award_id",
            "amount",
            "due_on",
            "status",
            "updated_by",
            "updated_at",
        ],
        vec![
            award.into(),
            3_000_000i64.into(),
            now.date_naive().into(),
            "planned".into(),
            w.member.0.into(),
            now.into(),
        ],
    )
    .await;
    // The laureate's public page has a picture and a progress update.
    let by = essor_domain::ids::UserId(w.member.0);
    let pic = essor_jury::showcase::add_picture_bytes(
        &w.state,
        award,
        include_bytes!("../../../jury/assets/demo-garden.png"),
        "Un potager",
        by,
    )
    .await
    .unwrap()
    .unwrap();
    let mut tx = w.state.db().begin().await.unwrap();
    let update = essor_jury::showcase::model::add_update(&mut tx, award, "Nouvelle", "Texte", by)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    vec![
        ("{ja_pic}", pic.to_string()),
        ("{ja_update}", update.to_string()),
        ("{ja_call}", open_call.to_string()),
        ("{ja_closed_call}", closed_call.to_string()),
        ("{ja_file}", decided.to_string()),
        ("{ja_award}", award.to_string()),
        ("{ja_inst}", inst.to_string()),
    ]
}

/// Staff and the laureate organisation's members. The Member persona left organisation A
/// earlier in the table (`/orgs/{org}/leave`), so by these rows it is an outsider: a former
/// member loses access like anyone else.
const AWARD_READERS: &[super::Persona] = &[Admin, Staff, Owner];

pub fn rows() -> Vec<Row> {
    vec![
        // Staff only: a reviewer (Jury) or an applicant is refused.
        r(
            "GET",
            "/staff/calls/{ja_call}/jury/ranking",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "GET",
            "/staff/calls/{ja_call}/jury/ranking.csv",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "GET",
            "/staff/calls/{ja_call}/jury/commission",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/calls/{ja_call}/jury/commission",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/calls/{ja_call}/jury/commission/settings",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/calls/{ja_call}/jury/commission/decisions",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/calls/{ja_call}/jury/commission/suggest",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "GET",
            "/staff/calls/{ja_call}/jury/commission/minutes.pdf",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/calls/{ja_call}/jury/commission/close",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        // A closed commission takes no more decisions.
        r(
            "POST",
            "/staff/calls/{ja_closed_call}/jury/commission/close",
            &[],
            Answer::Forbidden,
            STAFF,
        ),
        r(
            "GET",
            "/staff/awards/{ja_award}",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/awards/{ja_award}/instalments",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/awards/{ja_award}/instalments/{ja_inst}",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/awards/{ja_award}/report",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        // The laureate's organisation and staff; anyone else does not know it exists.
        r(
            "GET",
            "/awards/{ja_award}",
            AWARD_READERS,
            Answer::NotFound,
            &[],
        ),
        r(
            "GET",
            "/awards/{ja_award}/convention.pdf",
            AWARD_READERS,
            Answer::NotFound,
            &[],
        ),
        r(
            "GET",
            "/files/{ja_file}/decision.pdf",
            AWARD_READERS,
            Answer::NotFound,
            &[],
        ),
        r(
            "GET",
            "/files/{ja_file}/award",
            AWARD_READERS,
            Answer::NotFound,
            &[],
        ),
        r("GET", "/laureats", PUBLIC, Answer::Ok, &[]),
        r("GET", "/laureats/{ja_award}", PUBLIC, Answer::Ok, &[]),
        r(
            "GET",
            "/laureats/999999",
            &[],
            Answer::NotFound,
            &[Anonymous],
        ),
        r("GET", "/awards/999999", &[], Answer::NotFound, &[]),
        // The public page's pictures are public while the page is; unknown ones are 404.
        r(
            "GET",
            "/laureats/{ja_award}/photos/{ja_pic}",
            PUBLIC,
            Answer::Ok,
            &[],
        ),
        r(
            "GET",
            "/laureats/{ja_award}/photos/999999",
            &[],
            Answer::NotFound,
            &[Anonymous],
        ),
        // The laureate's page editor: its members write, staff look and moderate, anyone else
        // gets 404.
        r(
            "GET",
            "/awards/{ja_award}/showcase",
            AWARD_READERS,
            Answer::NotFound,
            &[],
        ),
        r(
            "POST",
            "/awards/{ja_award}/showcase",
            &[Owner],
            Answer::NotFound,
            &[],
        ),
        r(
            "POST",
            "/awards/{ja_award}/showcase/pictures",
            &[Owner],
            Answer::NotFound,
            &[],
        ),
        r(
            "POST",
            "/awards/{ja_award}/showcase/pictures/{ja_pic}",
            &[Owner],
            Answer::NotFound,
            &[],
        ),
        r(
            "POST",
            "/awards/{ja_award}/showcase/updates",
            &[Owner],
            Answer::NotFound,
            &[],
        ),
        // Staff only; the empty form shows the page again (nothing to hide without a reason).
        r(
            "POST",
            "/awards/{ja_award}/showcase/moderation",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        // Deletions last: they remove the records the rows above need.
        r(
            "POST",
            "/awards/{ja_award}/showcase/updates/{ja_update}/delete",
            &[Owner],
            Answer::NotFound,
            &[],
        ),
        r(
            "POST",
            "/awards/{ja_award}/showcase/pictures/{ja_pic}/delete",
            &[Owner],
            Answer::NotFound,
            &[],
        ),
        // Only a member of the organisation consents (staff see it, never decide it). Last: an
        // empty form withdraws the consent.
        r(
            "POST",
            "/awards/{ja_award}/consent",
            &[Owner],
            Answer::NotFound,
            &[],
        ),
    ]
}
