//! The financing morning on top of an event: project holders come with a submitted file (from a
//! call) or a short financing request; funders with a profile. Each side browses the other with
//! a compatibility hint and chooses whom to meet.

use crate::model::{self, sql, Audience, Event, Registration};
use crate::register::{visible_event, RegisterForm};
use crate::util::{money, tr};
use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use essor_domain::ids::UserId;
use essor_domain::money::Cents;
use essor_domain::org::OrgKind;
use essor_platform::audit::{self, Entry};
use essor_platform::db::Db;
use essor_platform::orgs::{self, MyOrg};
use essor_platform::storage::{
    content_disposition, limit_body, sanitise_file_name, FileType, UploadError,
};
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use serde_json::json;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub const INSTRUMENTS: &[&str] = &[
    "grant",
    "honour_loan",
    "bank_loan",
    "equity",
    "guarantee",
    "impact_contract",
];
pub const STAGES: &[&str] = &["idea", "creation", "development", "consolidation"];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/events/{id}/financing-request",
            get(request_form).post(request_create),
        )
        .route("/events/{id}/browse", get(browse))
        .route("/events/{id}/wishes", post(wishes))
        .route("/events/{id}/projects/{reg}", get(project))
        .route("/events/{id}/projects/{reg}/deck", get(deck))
}

#[derive(Debug, Clone, Default)]
pub struct FunderProfile {
    pub instruments: Vec<String>,
    pub ticket_min: Option<i64>,
    pub ticket_max: Option<i64>,
    pub themes: String,
    pub territories: String,
    pub stages: Vec<String>,
    pub representatives: i64,
}

fn euros(s: &str) -> Result<Option<i64>, ()> {
    match s.trim() {
        "" => Ok(None),
        v => Cents::parse_eur(v)
            .ok()
            .filter(|c| !c.is_negative())
            .map(|c| Some(c.0))
            .ok_or(()),
    }
}

pub fn parse_profile(p: &Ctx, f: &RegisterForm) -> Result<FunderProfile, FormErrors> {
    let mut e = FormErrors::default();
    let instruments: Vec<String> = f
        .instruments
        .iter()
        .filter(|i| INSTRUMENTS.contains(&i.as_str()))
        .cloned()
        .collect();
    if instruments.is_empty() {
        e.add("instruments", p.t("events-error-instruments"));
    }
    let min = euros(&f.ticket_min).unwrap_or_else(|_| {
        e.add("ticket_min", p.t("events-error-amount"));
        None
    });
    let max = euros(&f.ticket_max).unwrap_or_else(|_| {
        e.add("ticket_max", p.t("events-error-amount"));
        None
    });
    if let (Some(a), Some(b)) = (min, max) {
        if a > b {
            e.add("ticket_max", p.t("events-error-ticket-range"));
        }
    }
    let representatives = match f.representatives.trim() {
        "" => 1,
        v => match v.parse::<i64>() {
            Ok(n) if (1..=20).contains(&n) => n,
            _ => {
                e.add("representatives", p.t("events-error-number"));
                1
            }
        },
    };
    if !e.is_empty() {
        return Err(e);
    }
    Ok(FunderProfile {
        instruments,
        ticket_min: min,
        ticket_max: max,
        themes: f.themes.trim().chars().take(500).collect(),
        territories: f.territories.trim().chars().take(500).collect(),
        stages: f
            .stages
            .iter()
            .filter(|s| STAGES.contains(&s.as_str()))
            .cloned()
            .collect(),
        representatives,
    })
}

/// What a project holder may register with: a file of one of their organisations submitted to a
/// call (any state from `submitted` on, withdrawn excepted), or a financing request.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Source {
    pub file_id: Option<i64>,
    pub request_id: Option<i64>,
    pub org_id: i64,
    pub org_name: String,
    pub label: String,
}

impl Source {
    pub fn key(&self) -> String {
        match (self.file_id, self.request_id) {
            (Some(f), _) => format!("file:{f}"),
            (_, Some(r)) => format!("request:{r}"),
            _ => String::new(),
        }
    }
}

pub async fn sources_of(db: &Db, user: UserId) -> anyhow::Result<Vec<Source>> {
    db.fetch_all(&sql(
        "SELECT f.id AS file_id, NULL AS request_id, f.org_id, o.name AS org_name, \
         f.number || ' — ' || f.title AS label \
         FROM files f JOIN memberships m ON m.org_id = f.org_id JOIN organisations o ON o.id = f.org_id \
         WHERE m.user_id = $1 AND f.state NOT IN ('draft', 'withdrawn') \
         UNION ALL \
         SELECT NULL AS file_id, q.id AS request_id, q.org_id, o.name AS org_name, q.summary AS label \
         FROM event_financing_requests q JOIN memberships m ON m.org_id = q.org_id \
         JOIN organisations o ON o.id = q.org_id WHERE m.user_id = $1",
        vec![user.0.into()],
    ))
    .await
}

/// A project as funders see it.
#[derive(Debug, Clone, Default)]
pub struct Pitch {
    pub title: String,
    pub amount: Option<i64>,
    pub theme: String,
    pub stage: Option<String>,
    pub instruments: Vec<String>,
    pub summary: String,
    /// File number and call, only when the applicant shares the file.
    pub file: Option<String>,
    pub has_deck: bool,
}

#[derive(sqlx::FromRow)]
struct FileRow {
    number: String,
    title: String,
    requested_amount: Option<i64>,
    theme: String,
    summary: String,
    call_title: String,
}

#[derive(sqlx::FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub org_id: i64,
    pub amount: i64,
    pub instruments: String,
    pub stage: String,
    pub theme: String,
    pub summary: String,
    pub deck_key: Option<String>,
    pub deck_name: Option<String>,
}

pub async fn request_row(db: &Db, id: i64) -> anyhow::Result<Option<RequestRow>> {
    db.fetch_optional(&sql(
        "SELECT id, org_id, amount, instruments, stage, theme, summary, deck_key, deck_name \
         FROM event_financing_requests WHERE id = $1",
        vec![id.into()],
    ))
    .await
}

pub async fn pitch(db: &Db, r: &Registration) -> anyhow::Result<Pitch> {
    if let Some(fid) = r.file_id {
        if let Some(f) = db
            .fetch_optional::<FileRow>(&sql(
                "SELECT f.number, f.title, f.requested_amount, c.theme, c.summary, c.title AS call_title \
                 FROM files f JOIN calls c ON c.id = f.call_id WHERE f.id = $1",
                vec![fid.into()],
            ))
            .await?
        {
            return Ok(Pitch {
                title: f.title,
                amount: f.requested_amount,
                theme: f.theme,
                stage: None,
                instruments: vec!["grant".into()],
                summary: f.summary,
                file: r
                    .share_file
                    .then(|| format!("{} — {}", f.number, f.call_title)),
                has_deck: false,
            });
        }
    }
    if let Some(qid) = r.request_id {
        if let Some(q) = request_row(db, qid).await? {
            return Ok(Pitch {
                title: r.name().to_owned(),
                amount: Some(q.amount),
                theme: q.theme,
                stage: Some(q.stage),
                instruments: serde_json::from_str(&q.instruments).unwrap_or_default(),
                summary: q.summary,
                file: None,
                has_deck: r.share_file && q.deck_key.is_some(),
            });
        }
    }
    Ok(Pitch {
        title: r.name().to_owned(),
        ..Pitch::default()
    })
}

/// Compatibility of a project with a funder: ticket range, instrument, theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Hint {
    pub ticket: bool,
    pub instrument: bool,
    pub theme: bool,
}

impl Hint {
    pub fn score(&self) -> usize {
        self.ticket as usize + self.instrument as usize + self.theme as usize
    }
}

pub fn hint(pitch: &Pitch, funder: &Registration) -> Hint {
    let ticket = match pitch.amount {
        Some(a) => {
            funder.ticket_min.is_none_or(|m| a >= m) && funder.ticket_max.is_none_or(|m| a <= m)
        }
        None => false,
    };
    let fi = funder.instrument_list();
    let instrument = pitch.instruments.iter().any(|i| fi.contains(i));
    let theme_l = pitch.theme.to_lowercase();
    let theme = !theme_l.is_empty()
        && funder
            .themes
            .split([',', ';'])
            .map(|t| t.trim().to_lowercase())
            .any(|t| !t.is_empty() && (theme_l.contains(&t) || t.contains(&theme_l)));
    Hint {
        ticket,
        instrument,
        theme,
    }
}

pub fn hint_text(p: &Ctx, h: Hint) -> String {
    let part = |ok: bool, what: &str| {
        p.t(format!(
            "events-hint-{what}-{}",
            if ok { "yes" } else { "no" }
        ))
    };
    format!(
        "{} · {} · {}",
        part(h.ticket, "ticket"),
        part(h.instrument, "instrument"),
        part(h.theme, "theme")
    )
}

// ---- Financing request -------------------------------------------------------------------------

#[derive(Default, Clone)]
pub struct RequestForm {
    pub org: String,
    pub amount: String,
    pub instruments: Vec<String>,
    pub stage: String,
    pub theme: String,
    pub summary: String,
}

#[derive(Template)]
#[template(path = "morning/request.html")]
struct RequestTpl<'a> {
    p: &'a Ctx,
    ev: &'a Event,
    orgs: Vec<MyOrg>,
    form: RequestForm,
    errors: FormErrors,
    instruments: &'static [&'static str],
    stages: &'static [&'static str],
}

impl RequestTpl<'_> {
    fn has_instrument(&self, i: &str) -> bool {
        self.form.instruments.iter().any(|x| x == i)
    }
}

fn holder_orgs(orgs: Vec<MyOrg>) -> Vec<MyOrg> {
    orgs.into_iter()
        .filter(|o| OrgKind::parse(&o.kind) != Some(OrgKind::Funder))
        .collect()
}

async fn request_page(
    p: &Ctx,
    e: &Event,
    form: RequestForm,
    errors: FormErrors,
) -> AppResult<Response> {
    let user = p.require_user()?;
    let orgs = holder_orgs(orgs::orgs_of(p.state.db(), user.id).await?);
    let tpl = RequestTpl {
        p,
        ev: e,
        orgs,
        form,
        errors: errors.clone(),
        instruments: INSTRUMENTS,
        stages: STAGES,
    };
    if errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

async fn morning_event(p: &Ctx, id: &str) -> AppResult<Event> {
    let e = visible_event(p, id).await?;
    if !e.is_morning() {
        return Err(AppError::NotFound);
    }
    Ok(e)
}

async fn request_form(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    p.require_user()?;
    let e = morning_event(&p, &id).await?;
    request_page(&p, &e, RequestForm::default(), FormErrors::default()).await
}

const DECK_TYPES: [FileType; 1] = [FileType::Pdf];

async fn request_create(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let user = p.require_user()?.clone();
    let e = morning_event(&p, &id).await?;
    let storage = p.state.storage();
    let max = p.state.config().max_upload_bytes;
    let tripped = Arc::new(AtomicBool::new(false));
    let req = limit_body(req, max.saturating_add(64 * 1024), tripped.clone());
    let mut multipart = Multipart::from_request(req, &p.state)
        .await
        .map_err(|_| AppError::BadRequest)?;
    let mut form = RequestForm::default();
    let mut errors = FormErrors::default();
    let mut deck: Option<(String, String)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                errors.add("deck", p.t(UploadError::TooLarge.message_id()));
                break;
            }
        };
        let name = field.name().unwrap_or("").to_owned();
        match name.as_str() {
            "deck" if deck.is_none() => {
                let chosen = field.file_name().is_some_and(|n| !n.is_empty());
                let fname = sanitise_file_name(field.file_name().unwrap_or(""));
                match storage
                    .put_stream(&format!("events/{}", e.id), field, max, &DECK_TYPES)
                    .await
                {
                    Ok(s) => deck = Some((s.key, fname)),
                    Err(UploadError::Empty) if !chosen => {}
                    Err(err) => {
                        let id = if tripped.load(Ordering::Relaxed) {
                            UploadError::TooLarge.message_id()
                        } else {
                            err.message_id()
                        };
                        errors.add("deck", p.t(id));
                        break;
                    }
                }
            }
            _ => {
                let v = field.text().await.unwrap_or_default();
                match name.as_str() {
                    "org" => form.org = v,
                    "amount" => form.amount = v,
                    "instruments" => form.instruments.push(v),
                    "stage" => form.stage = v,
                    "theme" => form.theme = v,
                    "summary" => form.summary = v,
                    _ => {}
                }
            }
        }
    }
    let orgs = holder_orgs(orgs::orgs_of(p.state.db(), user.id).await?);
    let org = orgs.iter().find(|o| o.id.to_string() == form.org.trim());
    if org.is_none() {
        errors.add("org", p.t("events-error-holder-org"));
    }
    let amount = match euros(&form.amount) {
        Ok(Some(a)) if a > 0 => Some(a),
        _ => {
            errors.add("amount", p.t("events-error-amount"));
            None
        }
    };
    let instruments: Vec<&String> = form
        .instruments
        .iter()
        .filter(|i| INSTRUMENTS.contains(&i.as_str()))
        .collect();
    if instruments.is_empty() {
        errors.add("instruments", p.t("events-error-instruments"));
    }
    if !STAGES.contains(&form.stage.as_str()) {
        errors.add("stage", p.t("events-error-stage"));
    }
    if form.summary.trim().is_empty() || form.summary.len() > 2000 {
        errors.add("summary", p.t("events-error-summary"));
    }
    let (Some(org), Some(amount), true) = (org, amount, errors.is_empty()) else {
        if let Some((key, _)) = &deck {
            let _ = storage.delete(key).await;
        }
        return request_page(&p, &e, form, errors).await;
    };
    let mut tx = p.state.db().begin().await?;
    let rid = insert_request(
        &mut tx,
        &NewRequest {
            org: org.id,
            by: user.id.0,
            amount,
            instruments: instruments.iter().map(|s| s.to_string()).collect(),
            stage: form.stage.clone(),
            theme: form.theme.trim().to_owned(),
            summary: form.summary.trim().to_owned(),
            deck: deck.clone(),
        },
    )
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "financing_request.create",
            record_type: "financing_request",
            record_id: rid.to_string(),
            summary: json!({"org": org.id, "amount": amount}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/events/{}", e.id),
        "events-flash-request-saved",
    ))
}

/// A financing request as stored (the form, the demo and tests).
pub struct NewRequest {
    pub org: i64,
    pub by: i64,
    pub amount: i64,
    pub instruments: Vec<String>,
    pub stage: String,
    pub theme: String,
    pub summary: String,
    /// Storage key and file name of the deck.
    pub deck: Option<(String, String)>,
}

pub async fn insert_request(
    tx: &mut essor_platform::db::Tx,
    q: &NewRequest,
) -> anyhow::Result<i64> {
    let (rid,): (i64,) = tx
        .fetch_one(&sql(
            "INSERT INTO event_financing_requests (org_id, created_by, amount, instruments, stage, theme, \
             summary, deck_key, deck_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            vec![
                q.org.into(),
                q.by.into(),
                q.amount.into(),
                serde_json::to_string(&q.instruments)?.into(),
                q.stage.clone().into(),
                q.theme.clone().into(),
                q.summary.clone().into(),
                q.deck.as_ref().map(|d| d.0.clone()).into(),
                q.deck.as_ref().map(|d| d.1.clone()).into(),
                Utc::now().into(),
            ],
        ))
        .await?;
    Ok(rid)
}

/// Stores a deck (a PDF) for an event's requests; returns its storage key.
pub async fn store_deck(
    state: &AppState,
    event: i64,
    pdf: &'static [u8],
) -> anyhow::Result<String> {
    let stored = state
        .storage()
        .put_bytes(
            &format!("events/{event}"),
            bytes::Bytes::from_static(pdf),
            10 * 1024 * 1024,
            &DECK_TYPES,
        )
        .await
        .map_err(|e| anyhow::anyhow!("storing the deck: {e:?}"))?;
    Ok(stored.key)
}

// ---- Browsing and wishes -------------------------------------------------------------------------

/// The signed-in person's active registration to a morning as a holder or funder (404 otherwise).
pub async fn participant(p: &Ctx, e: &Event) -> AppResult<Registration> {
    let user = p.require_user()?;
    let r = model::registration_of(p.state.db(), e.id, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !r.state().holds_seat() || r.audience() == Audience::Public {
        return Err(AppError::NotFound);
    }
    Ok(r)
}

pub struct Card {
    pub reg: Registration,
    pub pitch: Option<Pitch>,
    pub hint: String,
    pub score: usize,
    pub chosen: bool,
    pub chose_me: bool,
}

#[derive(Template)]
#[template(path = "morning/browse.html")]
struct BrowseTpl<'a> {
    p: &'a Ctx,
    ev: &'a Event,
    me: Registration,
    cards: Vec<Card>,
    error: Option<String>,
}

pub async fn wishes_from(db: &Db, reg: i64) -> anyhow::Result<HashSet<i64>> {
    let rows: Vec<(i64,)> = db
        .fetch_all(&sql(
            "SELECT to_id FROM event_wishes WHERE from_id = $1",
            vec![reg.into()],
        ))
        .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

async fn wishes_to(db: &Db, reg: i64) -> anyhow::Result<HashSet<i64>> {
    let rows: Vec<(i64,)> = db
        .fetch_all(&sql(
            "SELECT from_id FROM event_wishes WHERE to_id = $1",
            vec![reg.into()],
        ))
        .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// The other side's registrations holding a seat.
pub async fn other_side(
    db: &Db,
    e: &Event,
    me: &Registration,
) -> anyhow::Result<Vec<Registration>> {
    let want = match me.audience() {
        Audience::Holder => Audience::Funder,
        _ => Audience::Holder,
    };
    Ok(model::registrations(db, e.id)
        .await?
        .into_iter()
        .filter(|r| r.audience() == want && r.state().holds_seat())
        .collect())
}

async fn browse_page(
    p: &Ctx,
    e: &Event,
    me: Registration,
    error: Option<String>,
) -> AppResult<Response> {
    let db = p.state.db();
    let chosen = wishes_from(db, me.id).await?;
    let chose_me = wishes_to(db, me.id).await?;
    let my_pitch = pitch(db, &me).await?;
    let mut cards = vec![];
    for r in other_side(db, e, &me).await? {
        let (pitch, h) = if me.audience() == Audience::Holder {
            (None, hint(&my_pitch, &r))
        } else {
            let pi = pitch(db, &r).await?;
            let h = hint(&pi, &me);
            (Some(pi), h)
        };
        cards.push(Card {
            chosen: chosen.contains(&r.id),
            chose_me: chose_me.contains(&r.id),
            hint: hint_text(p, h),
            score: h.score(),
            pitch,
            reg: r,
        });
    }
    cards.sort_by(|a, b| b.score.cmp(&a.score).then(a.reg.id.cmp(&b.reg.id)));
    let tpl = BrowseTpl {
        p,
        ev: e,
        me,
        cards,
        error: error.clone(),
    };
    if error.is_some() {
        render_invalid(&tpl)
    } else {
        render(&tpl)
    }
}

impl BrowseTpl<'_> {
    fn money(&self, c: &Option<i64>) -> String {
        c.map(|c| money(self.p.locale(), Cents(c)))
            .unwrap_or_default()
    }
    fn is_holder(&self) -> bool {
        self.me.audience() == Audience::Holder
    }
    fn instruments(&self, list: &[String]) -> String {
        list.iter()
            .map(|i| {
                self.p
                    .t(format!("events-instrument-{}", i.replace('_', "-")))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
    fn limit_text(&self) -> String {
        tr(
            self.p,
            "events-wishes-limit",
            &[("max", self.ev.max_wishes.to_string())],
        )
    }
}

async fn browse(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    p.require_user()?;
    let e = morning_event(&p, &id).await?;
    let me = participant(&p, &e).await?;
    browse_page(&p, &e, me, None).await
}

async fn wishes(p: Ctx, Path(id): Path<String>, body: axum::body::Bytes) -> AppResult<Response> {
    p.require_user()?;
    let e = morning_event(&p, &id).await?;
    let me = participant(&p, &e).await?;
    let db = p.state.db();
    let valid: HashSet<i64> = other_side(db, &e, &me)
        .await?
        .iter()
        .map(|r| r.id)
        .collect();
    let picked: Vec<i64> = url::form_urlencoded::parse(&body)
        .filter(|(k, _)| k == "to")
        .filter_map(|(_, v)| v.parse().ok())
        .filter(|v| valid.contains(v))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    if me.audience() == Audience::Holder && picked.len() as i64 > e.max_wishes {
        let msg = tr(
            &p,
            "events-error-too-many-wishes",
            &[("max", e.max_wishes.to_string())],
        );
        return browse_page(&p, &e, me, Some(msg)).await;
    }
    let mut tx = db.begin().await?;
    tx.execute(&sql(
        "DELETE FROM event_wishes WHERE from_id = $1",
        vec![me.id.into()],
    ))
    .await?;
    let now = Utc::now();
    for to in &picked {
        tx.execute(&sql(
            "INSERT INTO event_wishes (event_id, from_id, to_id, created_at) VALUES ($1, $2, $3, $4)",
            vec![e.id.into(), me.id.into(), (*to).into(), now.into()],
        ))
        .await?;
    }
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/events/{}/browse", e.id),
        "events-flash-wishes-saved",
    ))
}

#[derive(Template)]
#[template(path = "morning/project.html")]
struct ProjectTpl<'a> {
    p: &'a Ctx,
    ev: &'a Event,
    r: Registration,
    pitch: Pitch,
    amount: String,
    instruments: String,
}

/// A project may be read by staff, the funders of the morning and its own holder.
async fn readable_project(p: &Ctx, e: &Event, reg: &str) -> AppResult<Registration> {
    let reg: i64 = reg.parse().map_err(|_| AppError::NotFound)?;
    let r = model::registration(p.state.db(), reg)
        .await?
        .filter(|r| {
            r.event_id == e.id && r.audience() == Audience::Holder && r.state().holds_seat()
        })
        .ok_or(AppError::NotFound)?;
    if p.is_staff() {
        return Ok(r);
    }
    let me = participant(p, e).await?;
    if me.audience() == Audience::Funder || me.id == r.id {
        Ok(r)
    } else {
        Err(AppError::NotFound)
    }
}

async fn project(p: Ctx, Path((id, reg)): Path<(String, String)>) -> AppResult<Response> {
    p.require_user()?;
    let e = morning_event(&p, &id).await?;
    let r = readable_project(&p, &e, &reg).await?;
    let pitch = pitch(p.state.db(), &r).await?;
    let amount = pitch
        .amount
        .map(|a| money(p.locale(), Cents(a)))
        .unwrap_or_default();
    let instruments = pitch
        .instruments
        .iter()
        .map(|i| p.t(format!("events-instrument-{}", i.replace('_', "-"))))
        .collect::<Vec<_>>()
        .join(", ");
    render(&ProjectTpl {
        p: &p,
        ev: &e,
        r,
        pitch,
        amount,
        instruments,
    })
}

/// The deck, only when the applicant shares it.
async fn deck(p: Ctx, Path((id, reg)): Path<(String, String)>) -> AppResult<Response> {
    p.require_user()?;
    let e = morning_event(&p, &id).await?;
    let r = readable_project(&p, &e, &reg).await?;
    let own = p.user.as_ref().is_some_and(|u| u.id.0 == r.user_id);
    if !(r.share_file || own || p.is_staff()) {
        return Err(AppError::NotFound);
    }
    let q = match r.request_id {
        Some(q) => request_row(p.state.db(), q).await?,
        None => None,
    };
    let Some((key, name)) = q.and_then(|q| q.deck_key.zip(q.deck_name)) else {
        return Err(AppError::NotFound);
    };
    let bytes = p.state.storage().get(&key).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".parse().unwrap()),
            (header::CONTENT_DISPOSITION, content_disposition(&name)),
        ],
        bytes,
    )
        .into_response())
}

impl RequestTpl<'_> {
    /// String equality for templates (askama cannot dereference loop items).
    fn same(&self, a: impl AsRef<str>, b: impl AsRef<str>) -> bool {
        a.as_ref() == b.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn funder(min: Option<i64>, max: Option<i64>, inst: &str, themes: &str) -> Registration {
        Registration {
            id: 1,
            event_id: 1,
            user_id: 1,
            org_id: None,
            audience: "funder".into(),
            state: "registered".into(),
            queued_at: Utc::now(),
            file_id: None,
            request_id: None,
            share_file: false,
            instruments: inst.into(),
            ticket_min: min,
            ticket_max: max,
            themes: themes.into(),
            territories: String::new(),
            stages: "[]".into(),
            representatives: 1,
            unavailable: "[]".into(),
            checkin_token: String::new(),
            created_at: Utc::now(),
            display_name: "F".into(),
            email: "f@x".into(),
            locale: "fr".into(),
            org_name: None,
        }
    }

    #[test]
    fn compatibility_hint() {
        let pitch = Pitch {
            amount: Some(5_000_000),
            theme: "Alimentation durable".into(),
            instruments: vec!["honour_loan".into()],
            ..Pitch::default()
        };
        let f = funder(
            Some(1_000_000),
            Some(10_000_000),
            r#"["honour_loan"]"#,
            "alimentation durable, mobilité",
        );
        assert_eq!(
            hint(&pitch, &f),
            Hint {
                ticket: true,
                instrument: true,
                theme: true
            }
        );
        let f = funder(Some(6_000_000), None, r#"["equity"]"#, "culture");
        assert_eq!(hint(&pitch, &f).score(), 0);
    }
}
