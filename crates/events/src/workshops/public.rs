//! The public catalogue `/ateliers` (filters: topic, format, upcoming or past, month), a page
//! per workshop with registration through the events' own registration (public audience,
//! waiting list with its position, promotion on a cancellation), the online link revealed only
//! to participants holding a seat, the signed-in person's workshops, and the public check of a
//! certificate's verification code.

use super::model::{self as wm, Format, Workshop};
use crate::model::{self, EventKind, RegState, Registration};
use crate::morning::FunderProfile;
use crate::register::{cancel_in, position_text, register_in, NewRegistration};
use crate::util::{hm, local};
use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use essor_platform::web::{render, see_other_flash, AppError, AppResult, Ctx};
use essor_platform::AppState;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ateliers", get(catalogue))
        .route("/ateliers/mes-inscriptions", get(mine))
        .route("/ateliers/verifier", get(verify))
        .route("/ateliers/{id}", get(show))
        .route("/ateliers/{id}/register", post(register))
        .route("/ateliers/{id}/cancel", post(cancel))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct Filters {
    pub topic: String,
    pub format: String,
    /// `upcoming` (default) or `past`.
    pub when: String,
    /// `YYYY-MM`, in Paris time.
    pub month: String,
}

impl Filters {
    pub fn keep(&self, w: &Workshop, now: chrono::DateTime<Utc>) -> bool {
        let past = w.ev.ends_at < now;
        (if self.when == "past" { past } else { !past })
            && (self.topic.is_empty() || w.topic() == self.topic)
            && (self.format.is_empty() || w.format().map(|f| f.as_str()) == Some(&*self.format))
            && (self.month.is_empty()
                || w.ev
                    .starts_at
                    .with_timezone(&w.ev.tz())
                    .format("%Y-%m")
                    .to_string()
                    == self.month.trim())
    }
}

#[derive(Template)]
#[template(path = "workshops/catalogue.html")]
struct CatalogueTpl<'a> {
    p: &'a Ctx,
    rows: Vec<(Workshop, String)>,
    f: Filters,
    topics: Vec<String>,
    formats: [Format; 2],
}

async fn catalogue(p: Ctx, Query(f): Query<Filters>) -> AppResult<Response> {
    let db = p.state.db();
    let now = Utc::now();
    let mut rows: Vec<(Workshop, String)> = wm::workshops(db, false)
        .await?
        .into_iter()
        .filter(|w| f.keep(w, now))
        .map(|w| {
            let when = format!(
                "{} – {}",
                local(p.locale(), &w.ev.starts_at, w.ev.tz()),
                hm(&w.ev.ends_at, w.ev.tz())
            );
            (w, when)
        })
        .collect();
    if f.when == "past" {
        rows.reverse();
    }
    render(&CatalogueTpl {
        p: &p,
        rows,
        f,
        topics: wm::topics_in_use(db).await?,
        formats: Format::ALL,
    })
}

/// A published workshop (staff also see drafts), or 404.
pub async fn visible_workshop(p: &Ctx, id: &str) -> AppResult<Workshop> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let w = wm::workshop(p.state.db(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    if w.ev.kind() != EventKind::Workshop || (!w.ev.is_published() && !p.is_staff()) {
        return Err(AppError::NotFound);
    }
    Ok(w)
}

#[derive(Template)]
#[template(path = "workshops/show.html")]
struct ShowTpl<'a> {
    p: &'a Ctx,
    w: &'a Workshop,
    when: String,
    closes: String,
    open: bool,
    mine: Option<Registration>,
    position: i64,
    answered: bool,
}

impl ShowTpl<'_> {
    fn holds_seat(&self) -> bool {
        self.mine.as_ref().is_some_and(|r| r.state().holds_seat())
    }
    fn attended(&self) -> bool {
        self.mine
            .as_ref()
            .is_some_and(|r| r.state() == RegState::Attended)
    }
    /// The link of an online workshop: participants holding a seat and staff only.
    fn show_link(&self) -> bool {
        self.holds_seat() || self.p.is_staff()
    }
    fn can_register(&self) -> bool {
        self.mine
            .as_ref()
            .is_none_or(|r| r.state() == RegState::Cancelled)
    }
    fn position_text(&self) -> String {
        position_text(self.p, self.position)
    }
}

async fn show(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let w = visible_workshop(&p, &id).await?;
    let db = p.state.db();
    let mine = match &p.user {
        Some(u) => model::registration_of(db, w.ev.id, u.id).await?,
        None => None,
    };
    let position = match &mine {
        Some(r) if r.state() == RegState::Waitlisted => model::waiting_position(db, r).await?,
        _ => 0,
    };
    let answered = match &mine {
        Some(r) => super::survey::answer_of(db, r.id).await?.is_some(),
        None => false,
    };
    let tz = w.ev.tz();
    render(&ShowTpl {
        p: &p,
        w: &w,
        when: format!(
            "{} – {}",
            local(p.locale(), &w.ev.starts_at, tz),
            hm(&w.ev.ends_at, tz)
        ),
        closes: local(p.locale(), &w.ev.registration_closes_at, tz),
        open: w.ev.registration_open(Utc::now()),
        mine,
        position,
        answered,
    })
}

/// Registers the signed-in person in the workshop's public audience (a seat, or the waiting
/// list when it is full): the events' registration, history, audit and e-mail.
async fn register(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let user = p.require_user()?.clone();
    let w = visible_workshop(&p, &id).await?;
    let here = format!("/ateliers/{}", w.ev.id);
    if !w.ev.registration_open(Utc::now()) {
        return Ok(see_other_flash(&here, "workshops-flash-closed"));
    }
    let n = NewRegistration {
        audience: model::Audience::Public,
        org: None,
        source: None,
        share_file: false,
        profile: FunderProfile::default(),
    };
    let mut tx = p.state.db().begin().await?;
    let done = register_in(&mut tx, &p.state, &w.ev, user.id, &n).await?;
    tx.commit().await?;
    let flash = match done {
        Some((_, RegState::Registered)) => "events-flash-registered",
        Some(_) => "events-flash-waitlisted",
        None => "events-flash-already",
    };
    Ok(see_other_flash(&here, flash))
}

/// Cancels; the first person waiting is promoted in the same transaction (events' rule).
async fn cancel(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let user = p.require_user()?.clone();
    let w = visible_workshop(&p, &id).await?;
    let r = model::registration_of(p.state.db(), w.ev.id, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = p.state.db().begin().await?;
    let ok = cancel_in(&mut tx, &p.state, &w.ev, &r, user.id).await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/ateliers/{}", w.ev.id),
        if ok {
            "events-flash-cancelled"
        } else {
            "events-flash-not-cancelled"
        },
    ))
}

/// One line of "my workshops".
pub struct MyLine {
    pub w: Workshop,
    pub when: String,
    pub reg: Registration,
    pub position: i64,
    pub answered: bool,
}

#[derive(Template)]
#[template(path = "workshops/mine.html")]
struct MineTpl<'a> {
    p: &'a Ctx,
    lines: Vec<MyLine>,
}

impl MineTpl<'_> {
    fn position_text(&self, n: &i64) -> String {
        position_text(self.p, *n)
    }
}

async fn mine(p: Ctx) -> AppResult<Response> {
    let user = p.require_user()?.clone();
    let db = p.state.db();
    let mut lines = vec![];
    for w in wm::workshops(db, false).await? {
        let Some(reg) = model::registration_of(db, w.ev.id, user.id).await? else {
            continue;
        };
        let position = if reg.state() == RegState::Waitlisted {
            model::waiting_position(db, &reg).await?
        } else {
            0
        };
        let answered = super::survey::answer_of(db, reg.id).await?.is_some();
        let when = local(p.locale(), &w.ev.starts_at, w.ev.tz());
        lines.push(MyLine {
            w,
            when,
            reg,
            position,
            answered,
        });
    }
    lines.reverse();
    render(&MineTpl { p: &p, lines })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct VerifyQuery {
    code: String,
}

#[derive(Template)]
#[template(path = "workshops/verify.html")]
struct VerifyTpl<'a> {
    p: &'a Ctx,
    code: String,
    /// (participant, workshop title, date) when the code is valid.
    found: Option<(String, String, String)>,
}

/// Anyone holding a certificate's code may check it: who attended which workshop, when. A
/// certificate whose holder is no longer marked present does not verify.
async fn verify(p: Ctx, Query(q): Query<VerifyQuery>) -> AppResult<Response> {
    let db = p.state.db();
    let mut found = None;
    if !q.code.trim().is_empty() {
        if let Some(c) = wm::certificate_by_code(db, &q.code).await? {
            if let Some(r) = model::registration(db, c.registration_id).await? {
                if r.state() == RegState::Attended {
                    if let Some(e) = model::event(db, r.event_id).await? {
                        found = Some((
                            r.display_name.clone(),
                            e.title.clone(),
                            local(p.locale(), &e.starts_at, e.tz()),
                        ));
                    }
                }
            }
        }
    }
    render(&VerifyTpl {
        p: &p,
        code: q.code,
        found,
    })
}
