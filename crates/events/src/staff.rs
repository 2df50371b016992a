//! Staff create, edit and publish events and their programme; the event's dashboard lists the
//! registrations with their states.

use crate::model::{self, sql, Event, EventKind, Registration, EVENT_COLS};
use crate::util::{date_input, local, parse_local, time_input};
use askama::Template;
use axum::extract::{Form, Path};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use essor_platform::audit::{self, Entry};
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use serde::Deserialize;
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/events", get(list))
        .route("/staff/events/new", get(new_form).post(create))
        .route("/staff/events/{id}", get(show))
        .route("/staff/events/{id}/edit", get(edit_form).post(update))
        .route("/staff/events/{id}/publish", post(publish))
        .route("/staff/events/{id}/items", post(add_item))
        .route("/staff/events/{id}/items/{item}/delete", post(delete_item))
}

/// The event, for staff only (anyone else is refused before the lookup).
pub async fn staff_event(p: &Ctx, id: &str) -> AppResult<Event> {
    p.require_staff()?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    model::event(p.state.db(), id)
        .await?
        .ok_or(AppError::NotFound)
}

#[derive(Template)]
#[template(path = "staff/list.html")]
struct ListTpl<'a> {
    p: &'a Ctx,
    rows: Vec<(Event, String)>,
}

async fn list(p: Ctx) -> AppResult<Response> {
    p.require_staff()?;
    let events: Vec<Event> = p
        .state
        .db()
        .fetch_all(&sql(
            &format!("SELECT {EVENT_COLS} FROM events ORDER BY starts_at DESC"),
            vec![],
        ))
        .await?;
    let rows = events
        .into_iter()
        .map(|e| {
            let when = local(p.locale(), &e.starts_at, e.tz());
            (e, when)
        })
        .collect();
    render(&ListTpl { p: &p, rows })
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct EventForm {
    pub kind: String,
    pub title: String,
    pub description: String,
    pub venue: String,
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub opens_date: String,
    pub opens_time: String,
    pub closes_date: String,
    pub closes_time: String,
    pub capacity_holders: String,
    pub capacity_funders: String,
    pub capacity_public: String,
    pub max_wishes: String,
}

/// A valid event, parsed from the form.
pub struct EventData {
    pub kind: EventKind,
    pub title: String,
    pub description: String,
    pub venue: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub capacity: [i64; 3],
    pub max_wishes: i64,
}

impl EventForm {
    fn from_event(e: &Event) -> EventForm {
        let tz = e.tz();
        EventForm {
            kind: e.kind.clone(),
            title: e.title.clone(),
            description: e.description.clone(),
            venue: e.venue.clone(),
            date: date_input(&e.starts_at, tz),
            start_time: time_input(&e.starts_at, tz),
            end_time: time_input(&e.ends_at, tz),
            opens_date: date_input(&e.registration_opens_at, tz),
            opens_time: time_input(&e.registration_opens_at, tz),
            closes_date: date_input(&e.registration_closes_at, tz),
            closes_time: time_input(&e.registration_closes_at, tz),
            capacity_holders: e.capacity_holders.to_string(),
            capacity_funders: e.capacity_funders.to_string(),
            capacity_public: e.capacity_public.to_string(),
            max_wishes: e.max_wishes.to_string(),
        }
    }

    pub fn parse(&self, p: &Ctx) -> Result<EventData, FormErrors> {
        let tz = chrono_tz::Europe::Paris;
        let mut e = FormErrors::default();
        let kind = EventKind::parse(&self.kind);
        if kind.is_none() {
            e.add("kind", p.t("events-error-kind"));
        }
        for (name, v) in [("title", &self.title), ("venue", &self.venue)] {
            if v.trim().is_empty() || v.len() > 300 {
                e.add(name, p.t("events-error-required"));
            }
        }
        let starts = parse_local(&self.date, &self.start_time, tz);
        let ends = parse_local(&self.date, &self.end_time, tz);
        if starts.is_none() {
            e.add("date", p.t("events-error-datetime"));
        }
        if ends.is_none() || ends <= starts {
            e.add("end_time", p.t("events-error-end"));
        }
        let opens = parse_local(&self.opens_date, &self.opens_time, tz);
        let closes = parse_local(&self.closes_date, &self.closes_time, tz);
        if opens.is_none() {
            e.add("opens_date", p.t("events-error-datetime"));
        }
        if closes.is_none() || closes <= opens {
            e.add("closes_date", p.t("events-error-closes"));
        }
        let mut capacity = [0i64; 3];
        for (i, (name, v)) in [
            ("capacity_holders", &self.capacity_holders),
            ("capacity_funders", &self.capacity_funders),
            ("capacity_public", &self.capacity_public),
        ]
        .into_iter()
        .enumerate()
        {
            match v.trim().parse::<i64>() {
                Ok(n) if (0..=100_000).contains(&n) => capacity[i] = n,
                _ => e.add(name, p.t("events-error-number")),
            }
        }
        let max_wishes = match self.max_wishes.trim() {
            "" => 5,
            v => match v.parse::<i64>() {
                Ok(n) if (1..=100).contains(&n) => n,
                _ => {
                    e.add("max_wishes", p.t("events-error-number"));
                    0
                }
            },
        };
        match (kind, starts, ends, opens, closes) {
            (Some(kind), Some(s), Some(en), Some(o), Some(c)) if e.is_empty() => Ok(EventData {
                kind,
                title: self.title.trim().to_owned(),
                description: self.description.trim().to_owned(),
                venue: self.venue.trim().to_owned(),
                starts_at: s,
                ends_at: en,
                opens_at: o,
                closes_at: c,
                capacity,
                max_wishes,
            }),
            _ => Err(e),
        }
    }
}

#[derive(Template)]
#[template(path = "staff/form.html")]
struct FormTpl<'a> {
    p: &'a Ctx,
    event: Option<&'a Event>,
    form: EventForm,
    errors: FormErrors,
    kinds: [EventKind; 3],
}

async fn new_form(p: Ctx) -> AppResult<Response> {
    p.require_staff()?;
    let form = EventForm {
        kind: "financing_morning".into(),
        start_time: "09:00".into(),
        end_time: "12:30".into(),
        opens_time: "09:00".into(),
        closes_time: "18:00".into(),
        capacity_holders: "30".into(),
        capacity_funders: "15".into(),
        capacity_public: "50".into(),
        max_wishes: "5".into(),
        ..EventForm::default()
    };
    render(&FormTpl {
        p: &p,
        event: None,
        form,
        errors: FormErrors::default(),
        kinds: EventKind::ALL,
    })
}

/// Inserts an event (staff form, demo, tests); drafts are invisible to visitors.
pub async fn insert_event(
    tx: &mut essor_platform::db::Tx,
    d: &EventData,
    by: i64,
) -> anyhow::Result<i64> {
    let now = Utc::now();
    let (id,): (i64,) = tx
        .fetch_one(&sql(
            "INSERT INTO events (kind, title, description, venue, starts_at, ends_at, time_zone, \
             registration_opens_at, registration_closes_at, capacity_holders, capacity_funders, \
             capacity_public, max_wishes, state, meeting_minutes, gap_minutes, tables, objective, \
             created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'Europe/Paris', $7, $8, \
             $9, $10, $11, $12, 'draft', 15, 5, 0, 'fair', $13, $14, $14) RETURNING id",
            vec![
                d.kind.as_str().into(),
                d.title.clone().into(),
                d.description.clone().into(),
                d.venue.clone().into(),
                d.starts_at.into(),
                d.ends_at.into(),
                d.opens_at.into(),
                d.closes_at.into(),
                d.capacity[0].into(),
                d.capacity[1].into(),
                d.capacity[2].into(),
                d.max_wishes.into(),
                by.into(),
                now.into(),
            ],
        ))
        .await?;
    audit::record(
        tx,
        Entry {
            actor: Some(essor_domain::ids::UserId(by)),
            action: "event.create",
            record_type: "event",
            record_id: id.to_string(),
            summary: json!({"kind": d.kind.as_str(), "title": d.title}),
        },
    )
    .await?;
    Ok(id)
}

async fn create(p: Ctx, Form(f): Form<EventForm>) -> AppResult<Response> {
    let user = p.require_staff()?.clone();
    let d = match f.parse(&p) {
        Ok(d) => d,
        Err(errors) => {
            return render_invalid(&FormTpl {
                p: &p,
                event: None,
                form: f,
                errors,
                kinds: EventKind::ALL,
            })
        }
    };
    let mut tx = p.state.db().begin().await?;
    let id = insert_event(&mut tx, &d, user.id.0).await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/events/{id}"),
        "events-flash-created",
    ))
}

async fn edit_form(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let e = staff_event(&p, &id).await?;
    render(&FormTpl {
        p: &p,
        event: Some(&e),
        form: EventForm::from_event(&e),
        errors: FormErrors::default(),
        kinds: EventKind::ALL,
    })
}

async fn update(p: Ctx, Path(id): Path<String>, Form(f): Form<EventForm>) -> AppResult<Response> {
    let e = staff_event(&p, &id).await?;
    let user = p.require_staff()?.clone();
    let d = match f.parse(&p) {
        Ok(d) => d,
        Err(errors) => {
            return render_invalid(&FormTpl {
                p: &p,
                event: Some(&e),
                form: f,
                errors,
                kinds: EventKind::ALL,
            })
        }
    };
    let mut tx = p.state.db().begin().await?;
    tx.execute(&sql(
        "UPDATE events SET kind = $1, title = $2, description = $3, venue = $4, starts_at = $5, \
         ends_at = $6, registration_opens_at = $7, registration_closes_at = $8, capacity_holders = $9, \
         capacity_funders = $10, capacity_public = $11, max_wishes = $12, updated_at = $13 WHERE id = $14",
        vec![
            d.kind.as_str().into(),
            d.title.clone().into(),
            d.description.clone().into(),
            d.venue.clone().into(),
            d.starts_at.into(),
            d.ends_at.into(),
            d.opens_at.into(),
            d.closes_at.into(),
            d.capacity[0].into(),
            d.capacity[1].into(),
            d.capacity[2].into(),
            d.max_wishes.into(),
            Utc::now().into(),
            e.id.into(),
        ],
    ))
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "event.update",
            record_type: "event",
            record_id: e.id.to_string(),
            summary: json!({"title": d.title}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/events/{}", e.id),
        "events-flash-saved",
    ))
}

async fn publish(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let e = staff_event(&p, &id).await?;
    let user = p.require_staff()?.clone();
    let mut tx = p.state.db().begin().await?;
    tx.execute(&sql(
        "UPDATE events SET state = 'published', updated_at = $1 WHERE id = $2",
        vec![Utc::now().into(), e.id.into()],
    ))
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "event.publish",
            record_type: "event",
            record_id: e.id.to_string(),
            summary: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/events/{}", e.id),
        "events-flash-published",
    ))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Item {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

pub const ITEM_KINDS: [&str; 4] = ["conference", "pitches", "speed_meetings", "other"];

pub async fn items(db: &essor_platform::db::Db, event_id: i64) -> anyhow::Result<Vec<Item>> {
    db.fetch_all(&sql(
        "SELECT id, kind, title, starts_at, ends_at FROM event_items WHERE event_id = $1 ORDER BY starts_at, id",
        vec![event_id.into()],
    ))
    .await
}

#[derive(Template)]
#[template(path = "staff/show.html")]
struct ShowTpl<'a> {
    p: &'a Ctx,
    ev: &'a Event,
    when: String,
    items: Vec<(Item, String)>,
    regs: Vec<Registration>,
    item_form: ItemForm,
    errors: FormErrors,
    item_kinds: [&'static str; 4],
}

async fn show_page(
    p: &Ctx,
    e: &Event,
    item_form: ItemForm,
    errors: FormErrors,
) -> AppResult<Response> {
    let tz = e.tz();
    let items = items(p.state.db(), e.id)
        .await?
        .into_iter()
        .map(|i| {
            let t = format!(
                "{}–{}",
                crate::util::hm(&i.starts_at, tz),
                crate::util::hm(&i.ends_at, tz)
            );
            (i, t)
        })
        .collect();
    let regs = model::registrations(p.state.db(), e.id).await?;
    let tpl = ShowTpl {
        p,
        ev: e,
        when: format!(
            "{} – {}",
            local(p.locale(), &e.starts_at, tz),
            crate::util::hm(&e.ends_at, tz)
        ),
        items,
        regs,
        item_form,
        errors: errors.clone(),
        item_kinds: ITEM_KINDS,
    };
    if errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

async fn show(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let e = staff_event(&p, &id).await?;
    show_page(&p, &e, ItemForm::default(), FormErrors::default()).await
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ItemForm {
    pub item_kind: String,
    pub item_title: String,
    pub item_start: String,
    pub item_end: String,
}

async fn add_item(p: Ctx, Path(id): Path<String>, Form(f): Form<ItemForm>) -> AppResult<Response> {
    let e = staff_event(&p, &id).await?;
    let tz = e.tz();
    let date = date_input(&e.starts_at, tz);
    let mut errors = FormErrors::default();
    if !ITEM_KINDS.contains(&f.item_kind.as_str()) {
        errors.add("item_kind", p.t("events-error-kind"));
    }
    if f.item_title.trim().is_empty() {
        errors.add("item_title", p.t("events-error-required"));
    }
    let s = parse_local(&date, &f.item_start, tz);
    let en = parse_local(&date, &f.item_end, tz);
    if s.is_none() {
        errors.add("item_start", p.t("events-error-datetime"));
    }
    if en.is_none() || en <= s {
        errors.add("item_end", p.t("events-error-end"));
    }
    let (Some(s), Some(en), true) = (s, en, errors.is_empty()) else {
        return show_page(&p, &e, f, errors).await;
    };
    let mut tx = p.state.db().begin().await?;
    tx.execute(&sql(
        "INSERT INTO event_items (event_id, kind, title, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5)",
        vec![
            e.id.into(),
            f.item_kind.clone().into(),
            f.item_title.trim().into(),
            s.into(),
            en.into(),
        ],
    ))
    .await?;
    // A speed-meeting block sets the meetings' window when none is set yet.
    if f.item_kind == "speed_meetings" && e.meetings_start.is_none() {
        tx.execute(&sql(
            "UPDATE events SET meetings_start = $1, meetings_end = $2 WHERE id = $3",
            vec![s.into(), en.into(), e.id.into()],
        ))
        .await?;
    }
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/events/{}", e.id),
        "events-flash-saved",
    ))
}

async fn delete_item(p: Ctx, Path((id, item)): Path<(String, String)>) -> AppResult<Response> {
    let e = staff_event(&p, &id).await?;
    let item: i64 = item.parse().map_err(|_| AppError::NotFound)?;
    let n = p
        .state
        .db()
        .execute(&sql(
            "DELETE FROM event_items WHERE id = $1 AND event_id = $2",
            vec![item.into(), e.id.into()],
        ))
        .await?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    Ok(see_other_flash(
        &format!("/staff/events/{}", e.id),
        "events-flash-saved",
    ))
}

impl ShowTpl<'_> {
    /// String equality for templates (askama cannot dereference loop items).
    fn same(&self, a: impl AsRef<str>, b: impl AsRef<str>) -> bool {
        a.as_ref() == b.as_ref()
    }
}
