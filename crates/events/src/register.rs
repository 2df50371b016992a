//! What visitors and participants see: the list of events, an event's page, registering (the
//! audience derived from the chosen organisation; a waiting list when full), cancelling (the
//! first waiting person is promoted in the same transaction), confirmation and reminder e-mails.

use crate::model::{self, sql, Audience, Event, RegEvent, RegState, Registration, EVENT_COLS};
use crate::morning::{self, FunderProfile, Source};
use crate::util::{hm, local, queue_mail, tr, tr_for, trl};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::{Duration, Utc};
use essor_domain::ids::UserId;
use essor_domain::org::OrgKind;
use essor_platform::db::Tx;
use essor_platform::jobs::{self, Job};
use essor_platform::orgs::{self, MyOrg};
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use serde::{Deserialize, Serialize};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/events", get(list))
        .route("/events/{id}", get(show))
        .route("/events/{id}/register", post(register))
        .route("/events/{id}/cancel", post(cancel))
}

/// A published event, or 404 (drafts do not exist for visitors; staff see them).
pub async fn visible_event(p: &Ctx, id: &str) -> AppResult<Event> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let e = model::event(p.state.db(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !e.is_published() && !p.is_staff() {
        return Err(AppError::NotFound);
    }
    Ok(e)
}

#[derive(Template)]
#[template(path = "public/list.html")]
struct ListTpl<'a> {
    p: &'a Ctx,
    upcoming: Vec<(Event, String)>,
    past: Vec<(Event, String)>,
}

async fn list(p: Ctx) -> AppResult<Response> {
    let events: Vec<Event> = p
        .state
        .db()
        .fetch_all(&sql(
            &format!(
                "SELECT {EVENT_COLS} FROM events WHERE state = 'published' ORDER BY starts_at"
            ),
            vec![],
        ))
        .await?;
    let now = Utc::now();
    let (mut upcoming, mut past) = (vec![], vec![]);
    for e in events {
        let when = local(p.locale(), &e.starts_at, e.tz());
        if e.ends_at >= now {
            upcoming.push((e, when));
        } else {
            past.push((e, when));
        }
    }
    past.reverse();
    render(&ListTpl {
        p: &p,
        upcoming,
        past,
    })
}

#[derive(Default, Clone)]
pub struct RegisterForm {
    pub audience: String,
    pub org: String,
    /// `file:ID` or `request:ID`.
    pub source: String,
    pub share_file: String,
    pub instruments: Vec<String>,
    pub ticket_min: String,
    pub ticket_max: String,
    pub themes: String,
    pub territories: String,
    pub stages: Vec<String>,
    pub representatives: String,
}

impl RegisterForm {
    /// URL-encoded body with repeated keys (checkbox lists), which `Form` cannot read.
    pub fn from_body(body: &[u8]) -> RegisterForm {
        let mut f = RegisterForm::default();
        for (k, v) in url::form_urlencoded::parse(body) {
            let v = v.into_owned();
            match k.as_ref() {
                "audience" => f.audience = v,
                "org" => f.org = v,
                "source" => f.source = v,
                "share_file" => f.share_file = v,
                "instruments" => f.instruments.push(v),
                "ticket_min" => f.ticket_min = v,
                "ticket_max" => f.ticket_max = v,
                "themes" => f.themes = v,
                "territories" => f.territories = v,
                "stages" => f.stages.push(v),
                "representatives" => f.representatives = v,
                _ => {}
            }
        }
        f
    }
}

#[derive(Template)]
#[template(path = "public/show.html")]
struct ShowTpl<'a> {
    p: &'a Ctx,
    ev: &'a Event,
    when: String,
    opens: String,
    closes: String,
    open: bool,
    items: Vec<(crate::staff::Item, String)>,
    mine: Option<Registration>,
    position: i64,
    orgs: Vec<MyOrg>,
    sources: Vec<Source>,
    form: RegisterForm,
    errors: FormErrors,
    audiences: Vec<Audience>,
    instruments: &'static [&'static str],
    stages: &'static [&'static str],
}

impl ShowTpl<'_> {
    fn can_register(&self) -> bool {
        self.mine
            .as_ref()
            .is_none_or(|r| r.state() == RegState::Cancelled)
    }
    fn position_text(&self) -> String {
        position_text(self.p, self.position)
    }
    fn checked(&self, list: &[String], v: &&str) -> bool {
        list.iter().any(|x| x == v)
    }
}

async fn show_page(
    p: &Ctx,
    e: &Event,
    form: RegisterForm,
    errors: FormErrors,
) -> AppResult<Response> {
    let tz = e.tz();
    let db = p.state.db();
    let items = crate::staff::items(db, e.id)
        .await?
        .into_iter()
        .map(|i| {
            let t = format!("{}–{}", hm(&i.starts_at, tz), hm(&i.ends_at, tz));
            (i, t)
        })
        .collect();
    let (mine, orgs, sources) = match &p.user {
        Some(u) => (
            model::registration_of(db, e.id, u.id).await?,
            orgs::orgs_of(db, u.id).await?,
            morning::sources_of(db, u.id).await?,
        ),
        None => (None, vec![], vec![]),
    };
    let position = match &mine {
        Some(r) if r.state() == RegState::Waitlisted => model::waiting_position(db, r).await?,
        _ => 0,
    };
    let tpl = ShowTpl {
        p,
        ev: e,
        when: format!(
            "{} – {}",
            local(p.locale(), &e.starts_at, tz),
            hm(&e.ends_at, tz)
        ),
        opens: local(p.locale(), &e.registration_opens_at, tz),
        closes: local(p.locale(), &e.registration_closes_at, tz),
        open: e.registration_open(Utc::now()),
        items,
        mine,
        position,
        orgs,
        sources,
        form,
        errors: errors.clone(),
        audiences: Audience::ALL
            .into_iter()
            .filter(|a| e.capacity(*a) > 0)
            .collect(),
        instruments: morning::INSTRUMENTS,
        stages: morning::STAGES,
    };
    if errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

async fn show(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let e = visible_event(&p, &id).await?;
    show_page(&p, &e, RegisterForm::default(), FormErrors::default()).await
}

/// What a valid registration request carries.
pub struct NewRegistration {
    pub audience: Audience,
    pub org: Option<i64>,
    pub source: Option<Source>,
    pub share_file: bool,
    pub profile: FunderProfile,
}

/// Checks the form against who the person is: the organisation must be theirs, a funder
/// registers for a `funder` organisation, a project holder of a financing morning brings a
/// submitted file or a financing request of that organisation.
async fn parse_registration(
    p: &Ctx,
    e: &Event,
    f: &RegisterForm,
    user: UserId,
) -> AppResult<Result<NewRegistration, FormErrors>> {
    let db = p.state.db();
    let mut errors = FormErrors::default();
    let Some(audience) = Audience::parse(&f.audience).filter(|a| e.capacity(*a) > 0) else {
        errors.add("audience", p.t("events-error-audience"));
        return Ok(Err(errors));
    };
    let my_orgs = orgs::orgs_of(db, user).await?;
    let org = match f.org.trim() {
        "" => None,
        v => my_orgs.iter().find(|o| o.id.to_string() == v),
    };
    let is_funder_org = |o: &MyOrg| OrgKind::parse(&o.kind) == Some(OrgKind::Funder);
    let mut profile = FunderProfile::default();
    let mut source = None;
    match audience {
        Audience::Funder => match org {
            Some(o) if is_funder_org(o) => match morning::parse_profile(p, f) {
                Ok(pr) => profile = pr,
                Err(es) => errors.0.extend(es.0),
            },
            _ => errors.add("org", p.t("events-error-funder-org")),
        },
        Audience::Holder => match org {
            Some(o) if !is_funder_org(o) => {
                if e.is_morning() {
                    let sources = morning::sources_of(db, user).await?;
                    match sources
                        .into_iter()
                        .find(|s| s.key() == f.source && s.org_id == o.id)
                    {
                        Some(s) => source = Some(s),
                        None => errors.add("source", p.t("events-error-no-file")),
                    }
                }
            }
            _ => errors.add("org", p.t("events-error-holder-org")),
        },
        Audience::Public => {}
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    Ok(Ok(NewRegistration {
        audience,
        org: if audience == Audience::Public {
            None
        } else {
            org.map(|o| o.id)
        },
        source,
        share_file: f.share_file == "yes",
        profile,
    }))
}

/// Registers `user` (a seat, or the waiting list when the audience is full), with its history
/// row, audit entry and e-mail in one transaction. Returns the registration id and its state;
/// `None` when the person is already registered.
pub async fn register_in(
    tx: &mut Tx,
    state: &AppState,
    e: &Event,
    user: UserId,
    n: &NewRegistration,
) -> anyhow::Result<Option<(i64, RegState)>> {
    let existing: Option<(i64, String)> = tx
        .fetch_optional(&sql(
            "SELECT id, state FROM event_registrations WHERE event_id = $1 AND user_id = $2",
            vec![e.id.into(), user.0.into()],
        ))
        .await?;
    let from = match &existing {
        Some((_, s)) => match RegState::parse(s) {
            Some(RegState::Cancelled) => Some(RegState::Cancelled),
            _ => return Ok(None),
        },
        None => None,
    };
    let seat_free = model::seats_taken(tx, e.id, n.audience).await? < e.capacity(n.audience);
    let ev = RegEvent::Register { seat_free };
    let to = RegState::next(from, ev).expect("registering is allowed from nothing or cancelled");
    let now = Utc::now();
    let pr = &n.profile;
    let values = vec![
        n.org.into(),
        n.audience.as_str().into(),
        to.as_str().into(),
        now.into(),
        n.source.as_ref().and_then(|s| s.file_id).into(),
        n.source.as_ref().and_then(|s| s.request_id).into(),
        n.share_file.into(),
        serde_json::to_string(&pr.instruments)?.into(),
        pr.ticket_min.into(),
        pr.ticket_max.into(),
        pr.themes.clone().into(),
        pr.territories.clone().into(),
        serde_json::to_string(&pr.stages)?.into(),
        pr.representatives.max(1).into(),
    ];
    let id = match existing {
        Some((id, _)) => {
            let mut v = values;
            v.push(id.into());
            tx.execute(&sql(
                "UPDATE event_registrations SET org_id = $1, audience = $2, state = $3, queued_at = $4, \
                 updated_at = $4, file_id = $5, request_id = $6, share_file = $7, instruments = $8, \
                 ticket_min = $9, ticket_max = $10, themes = $11, territories = $12, stages = $13, \
                 representatives = $14 WHERE id = $15",
                v,
            ))
            .await?;
            id
        }
        None => {
            let mut v = values;
            v.extend([e.id.into(), user.0.into(), model::new_token().into()]);
            let (id,): (i64,) = tx
                .fetch_one(&sql(
                    "INSERT INTO event_registrations (org_id, audience, state, queued_at, created_at, updated_at, \
                     file_id, request_id, share_file, instruments, ticket_min, ticket_max, themes, territories, \
                     stages, representatives, unavailable, event_id, user_id, checkin_token) \
                     VALUES ($1, $2, $3, $4, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, '[]', $15, $16, $17) \
                     RETURNING id",
                    v,
                ))
                .await?;
            id
        }
    };
    model::history(tx, id, from, to, ev, Some(user)).await?;
    let (email, locale): (String, String) = tx
        .fetch_one(&sql(
            "SELECT email, locale FROM users WHERE id = $1",
            vec![user.0.into()],
        ))
        .await?;
    let kind = if to == RegState::Registered {
        "registered"
    } else {
        "waitlisted"
    };
    participant_mail(tx, state, e, &email, &locale, kind).await?;
    Ok(Some((id, to)))
}

/// An e-mail about the participant's registration (`events-mail-{kind}-subject` / `-body`).
pub async fn participant_mail(
    tx: &mut Tx,
    state: &AppState,
    e: &Event,
    to: &str,
    locale: &str,
    kind: &str,
) -> anyhow::Result<()> {
    let l = crate::util::locale_of(locale);
    let args = [
        ("title", e.title.clone()),
        ("when", local(l, &e.starts_at, e.tz())),
        ("venue", e.venue.clone()),
    ];
    let subject = trl(state, l, &format!("events-mail-{kind}-subject"), &args);
    let body = trl(state, l, &format!("events-mail-{kind}-body"), &args);
    // A workshop's participants are sent to its workshop page (details, survey, certificate).
    let page = if e.kind() == model::EventKind::Workshop {
        "ateliers"
    } else {
        "events"
    };
    let link = format!("{}/{page}/{}", state.config().base_url(), e.id);
    queue_mail(
        tx,
        to,
        subject,
        &[body],
        Some((&link, tr_for(state, locale).t("events-mail-link"))),
    )
    .await
}

async fn register(p: Ctx, Path(id): Path<String>, body: axum::body::Bytes) -> AppResult<Response> {
    let f = RegisterForm::from_body(&body);
    let user = p.require_user()?.clone();
    let e = visible_event(&p, &id).await?;
    if !e.registration_open(Utc::now()) {
        let mut errors = FormErrors::default();
        errors.add("audience", p.t("events-error-closed"));
        return show_page(&p, &e, f, errors).await;
    }
    let n = match parse_registration(&p, &e, &f, user.id).await? {
        Ok(n) => n,
        Err(errors) => return show_page(&p, &e, f, errors).await,
    };
    let mut tx = p.state.db().begin().await?;
    let done = register_in(&mut tx, &p.state, &e, user.id, &n).await?;
    tx.commit().await?;
    let flash = match done {
        Some((_, RegState::Registered)) => "events-flash-registered",
        Some(_) => "events-flash-waitlisted",
        None => "events-flash-already",
    };
    Ok(see_other_flash(&format!("/events/{}", e.id), flash))
}

/// Cancels a registration; when it held a seat, the first person waiting in the same audience
/// gets it, in the same transaction, and is told by e-mail. Their future meetings are removed.
pub async fn cancel_in(
    tx: &mut Tx,
    state: &AppState,
    e: &Event,
    r: &Registration,
    actor: UserId,
) -> anyhow::Result<bool> {
    let Some(_) = model::transition(tx, r.id, r.state(), RegEvent::Cancel, Some(actor)).await?
    else {
        return Ok(false);
    };
    tx.execute(&sql(
        "DELETE FROM event_meetings WHERE (holder_id = $1 OR funder_id = $1) AND locked = $2",
        vec![r.id.into(), false.into()],
    ))
    .await?;
    participant_mail(tx, state, e, &r.email, &r.locale, "cancelled").await?;
    if r.state() == RegState::Registered
        && model::seats_taken(tx, e.id, r.audience()).await? < e.capacity(r.audience())
    {
        let next: Option<(i64, String, String)> = tx
            .fetch_optional(&sql(
                "SELECT r.id, u.email, u.locale FROM event_registrations r JOIN users u ON u.id = r.user_id \
                 WHERE r.event_id = $1 AND r.audience = $2 AND r.state = 'waitlisted' \
                 ORDER BY r.queued_at, r.id LIMIT 1",
                vec![e.id.into(), r.audience.clone().into()],
            ))
            .await?;
        if let Some((next_id, email, locale)) = next {
            if model::transition(tx, next_id, RegState::Waitlisted, RegEvent::Promote, None)
                .await?
                .is_some()
            {
                participant_mail(tx, state, e, &email, &locale, "promoted").await?;
            }
        }
    }
    Ok(true)
}

async fn cancel(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let user = p.require_user()?.clone();
    let e = visible_event(&p, &id).await?;
    let r = model::registration_of(p.state.db(), e.id, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = p.state.db().begin().await?;
    let ok = cancel_in(&mut tx, &p.state, &e, &r, user.id).await?;
    tx.commit().await?;
    let flash = if ok {
        "events-flash-cancelled"
    } else {
        "events-flash-not-cancelled"
    };
    Ok(see_other_flash(&format!("/events/{}", e.id), flash))
}

/// The reminder of the day before, one per registration.
#[derive(Serialize, Deserialize)]
pub struct Reminder {
    pub registration: i64,
}

impl Job for Reminder {
    const KIND: &'static str = "events.reminder";
    fn dedup_key(&self) -> Option<String> {
        Some(format!("events-reminder-{}", self.registration))
    }
}

pub fn jobs(r: &mut essor_platform::jobs::Registry) {
    r.register(|state: AppState, job: Reminder| async move {
        let db = state.db();
        let Some(reg) = model::registration(db, job.registration).await? else {
            return Ok(());
        };
        let Some(e) = model::event(db, reg.event_id).await? else {
            return Ok(());
        };
        if reg.state() != RegState::Registered {
            return Ok(());
        }
        let mut tx = db.begin().await?;
        participant_mail(&mut tx, &state, &e, &reg.email, &reg.locale, "reminder").await?;
        tx.commit().await
    });
}

/// Hourly: reminders for the published events starting within the next 24 hours (each sent
/// once, thanks to the job's dedup key).
pub async fn enqueue_reminders(state: &AppState) -> anyhow::Result<()> {
    let now = Utc::now();
    let rows: Vec<(i64,)> = state
        .db()
        .fetch_all(&sql(
            "SELECT r.id FROM event_registrations r JOIN events e ON e.id = r.event_id \
             WHERE e.state = 'published' AND e.starts_at > $1 AND e.starts_at <= $2 AND r.state = 'registered'",
            vec![now.into(), (now + Duration::hours(24)).into()],
        ))
        .await?;
    if rows.is_empty() {
        return Ok(());
    }
    let mut tx = state.db().begin().await?;
    for (id,) in rows {
        jobs::enqueue(&mut tx, &Reminder { registration: id }).await?;
    }
    tx.commit().await
}

/// Message with the waiting position.
pub fn position_text(p: &Ctx, n: i64) -> String {
    tr(p, "events-waiting-position", &[("position", n.to_string())])
}
