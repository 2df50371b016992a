//! The day: staff check people in from a phone, by scanning the QR code of an agenda (a small
//! static script uses the camera through `BarcodeDetector` when the browser has it) or by
//! searching a name (works without JavaScript); attendance and no-shows are recorded with the
//! registration's history.

use crate::model::{self, sql, Event, RegEvent, RegState, Registration};
use crate::staff::staff_event;
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use essor_platform::web::{render, see_other_flash, AppError, AppResult, Ctx};
use essor_platform::AppState;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/events/{id}/checkin", get(page))
        .route("/staff/events/{id}/checkin/t/{token}", get(by_token))
        .route("/staff/events/{id}/checkin/{reg}", post(check_in))
        .route("/staff/events/{id}/no-show/{reg}", post(no_show))
        .route("/events-assets/checkin.js", get(script))
}

static SCRIPT: &str = include_str!("../static/checkin.js");

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SCRIPT,
    )
        .into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Search {
    q: String,
}

#[derive(Template)]
#[template(path = "checkin/page.html")]
struct PageTpl<'a> {
    p: &'a Ctx,
    ev: &'a Event,
    q: String,
    people: Vec<Registration>,
    counts: (usize, usize, usize),
}

fn matches(r: &Registration, q: &str) -> bool {
    let q = q.trim().to_lowercase();
    q.is_empty()
        || r.display_name.to_lowercase().contains(&q)
        || r.org_name
            .as_deref()
            .unwrap_or("")
            .to_lowercase()
            .contains(&q)
        || r.email.to_lowercase().contains(&q)
}

async fn page(p: Ctx, Path(id): Path<String>, Query(s): Query<Search>) -> AppResult<Response> {
    let e = staff_event(&p, &id).await?;
    let all: Vec<Registration> = model::registrations(p.state.db(), e.id)
        .await?
        .into_iter()
        .filter(|r| r.state().holds_seat())
        .collect();
    let count = |st: RegState| all.iter().filter(|r| r.state() == st).count();
    let counts = (
        count(RegState::Attended),
        count(RegState::Registered),
        count(RegState::NoShow),
    );
    let people = all.into_iter().filter(|r| matches(r, &s.q)).collect();
    render(&PageTpl {
        p: &p,
        ev: &e,
        q: s.q,
        people,
        counts,
    })
}

#[derive(Template)]
#[template(path = "checkin/person.html")]
struct PersonTpl<'a> {
    p: &'a Ctx,
    ev: &'a Event,
    r: Registration,
}

/// The page a scanned QR code opens: who it is, and the button to check them in.
async fn by_token(p: Ctx, Path((id, token)): Path<(String, String)>) -> AppResult<Response> {
    let e = staff_event(&p, &id).await?;
    let r: Option<(i64,)> = p
        .state
        .db()
        .fetch_optional(&sql(
            "SELECT id FROM event_registrations WHERE event_id = $1 AND checkin_token = $2",
            vec![e.id.into(), token.into()],
        ))
        .await?;
    let (rid,) = r.ok_or(AppError::NotFound)?;
    let r = model::registration(p.state.db(), rid)
        .await?
        .ok_or(AppError::NotFound)?;
    render(&PersonTpl { p: &p, ev: &e, r })
}

async fn registration_in(p: &Ctx, e: &Event, reg: &str) -> AppResult<Registration> {
    let reg: i64 = reg.parse().map_err(|_| AppError::NotFound)?;
    model::registration(p.state.db(), reg)
        .await?
        .filter(|r| r.event_id == e.id)
        .ok_or(AppError::NotFound)
}

async fn move_to(p: &Ctx, e: &Event, r: &Registration, ev: RegEvent) -> AppResult<bool> {
    let user = p.require_staff()?.id;
    let mut tx = p.state.db().begin().await?;
    let done = model::transition(&mut tx, r.id, r.state(), ev, Some(user)).await?;
    // A workshop's attendee gets a certificate code and, at the end, the survey invitation.
    if done == Some(RegState::Attended) && e.kind() == crate::model::EventKind::Workshop {
        crate::workshops::survey::on_attended(&mut tx, e, r.id).await?;
    }
    tx.commit().await?;
    Ok(done.is_some())
}

async fn check_in(p: Ctx, Path((id, reg)): Path<(String, String)>) -> AppResult<Response> {
    let e = staff_event(&p, &id).await?;
    let r = registration_in(&p, &e, &reg).await?;
    let ok = move_to(&p, &e, &r, RegEvent::CheckIn).await?;
    Ok(see_other_flash(
        &format!("/staff/events/{}/checkin", e.id),
        if ok {
            "events-flash-checked-in"
        } else {
            "events-flash-no-change"
        },
    ))
}

async fn no_show(p: Ctx, Path((id, reg)): Path<(String, String)>) -> AppResult<Response> {
    let e = staff_event(&p, &id).await?;
    let r = registration_in(&p, &e, &reg).await?;
    let ok = move_to(&p, &e, &r, RegEvent::MarkNoShow).await?;
    Ok(see_other_flash(
        &format!("/staff/events/{}/checkin", e.id),
        if ok {
            "events-flash-no-show"
        } else {
            "events-flash-no-change"
        },
    ))
}
