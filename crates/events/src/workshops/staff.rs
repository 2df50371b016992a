//! Staff create and edit workshops with one form: the event (title, date, times, registration
//! window, capacity = the public audience) through the events' own parser, and the workshop's
//! details (topic from the list or free text, trainer, format, place or link, duration). The
//! list of topics is theirs to edit. Publishing, the registrations and check-in stay on the
//! events back-office.

use super::model::{self as wm, Details, Format, Topic, Workshop};
use crate::model::{sql, Event, EventKind};
use crate::staff::{insert_event, staff_event, EventForm};
use crate::util::{date_input, local, time_input};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::Utc;
use essor_platform::audit::{self, Entry};
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use serde::Deserialize;
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/ateliers", get(list))
        .route("/staff/ateliers/new", get(new_form).post(create))
        .route("/staff/ateliers/{id}/edit", get(edit_form).post(update))
        .route("/staff/ateliers/topics", get(topics_page).post(add_topic))
        .route("/staff/ateliers/topics/{topic}/delete", post(delete_topic))
}

#[derive(Template)]
#[template(path = "workshops/staff_list.html")]
struct ListTpl<'a> {
    p: &'a Ctx,
    rows: Vec<(Workshop, String)>,
}

async fn list(p: Ctx) -> AppResult<Response> {
    p.require_staff()?;
    let rows = wm::workshops(p.state.db(), true)
        .await?
        .into_iter()
        .map(|w| {
            let when = local(p.locale(), &w.ev.starts_at, w.ev.tz());
            (w, when)
        })
        .collect();
    render(&ListTpl { p: &p, rows })
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct WorkshopForm {
    pub title: String,
    pub description: String,
    pub topic: String,
    pub topic_other: String,
    pub trainer_name: String,
    pub trainer_org: String,
    pub format: String,
    pub venue: String,
    pub online_link: String,
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub duration_minutes: String,
    pub capacity: String,
    pub opens_date: String,
    pub opens_time: String,
    pub closes_date: String,
    pub closes_time: String,
}

pub struct WorkshopData {
    pub event: crate::staff::EventData,
    pub topic: String,
    pub trainer_name: String,
    pub trainer_org: String,
    pub format: Format,
    pub online_link: String,
    pub duration_minutes: i64,
}

impl WorkshopForm {
    fn from_workshop(w: &Workshop) -> WorkshopForm {
        let e = &w.ev;
        let tz = e.tz();
        let d = w.details.clone();
        let online = d.as_ref().is_some_and(|d| d.is_online());
        WorkshopForm {
            title: e.title.clone(),
            description: e.description.clone(),
            topic: d.as_ref().map(|d| d.topic.clone()).unwrap_or_default(),
            topic_other: String::new(),
            trainer_name: d
                .as_ref()
                .map(|d| d.trainer_name.clone())
                .unwrap_or_default(),
            trainer_org: d
                .as_ref()
                .map(|d| d.trainer_org.clone())
                .unwrap_or_default(),
            format: d
                .as_ref()
                .map(|d| d.format.clone())
                .unwrap_or_else(|| "in_person".into()),
            venue: if online {
                String::new()
            } else {
                e.venue.clone()
            },
            online_link: d
                .as_ref()
                .map(|d| d.online_link.clone())
                .unwrap_or_default(),
            date: date_input(&e.starts_at, tz),
            start_time: time_input(&e.starts_at, tz),
            end_time: time_input(&e.ends_at, tz),
            duration_minutes: d
                .as_ref()
                .map(|d| d.duration_minutes.to_string())
                .unwrap_or_default(),
            capacity: e.capacity_public.to_string(),
            opens_date: date_input(&e.registration_opens_at, tz),
            opens_time: time_input(&e.registration_opens_at, tz),
            closes_date: date_input(&e.registration_closes_at, tz),
            closes_time: time_input(&e.registration_closes_at, tz),
        }
    }

    /// The event part goes through the events' parser (same rules, same messages); the details
    /// are checked here. Topic: the free text wins over the list.
    pub fn parse(&self, p: &Ctx, topics: &[Topic]) -> Result<WorkshopData, FormErrors> {
        let format = Format::parse(&self.format);
        let online = format == Some(Format::Online);
        let ev_form = EventForm {
            kind: EventKind::Workshop.as_str().into(),
            title: self.title.clone(),
            description: self.description.clone(),
            venue: if online {
                p.t("workshops-format-online")
            } else {
                self.venue.clone()
            },
            date: self.date.clone(),
            start_time: self.start_time.clone(),
            end_time: self.end_time.clone(),
            opens_date: self.opens_date.clone(),
            opens_time: self.opens_time.clone(),
            closes_date: self.closes_date.clone(),
            closes_time: self.closes_time.clone(),
            capacity_holders: "0".into(),
            capacity_funders: "0".into(),
            capacity_public: self.capacity.clone(),
            max_wishes: String::new(),
        };
        let parsed = ev_form.parse(p);
        let mut errors = match &parsed {
            Ok(_) => FormErrors::default(),
            Err(e) => {
                let mut out = FormErrors::default();
                for (k, v) in e.0.iter() {
                    let k = if k == "capacity_public" {
                        "capacity".to_string()
                    } else {
                        k.clone()
                    };
                    out.add(&k, v.clone());
                }
                out
            }
        };
        if let Ok(d) = &parsed {
            if d.capacity[2] < 1 {
                errors.add("capacity", p.t("events-error-number"));
            }
        }
        let topic = match self.topic_other.trim() {
            "" => topics
                .iter()
                .find(|t| t.label == self.topic)
                .map(|t| t.label.clone()),
            other if other.len() <= 120 => Some(other.to_owned()),
            _ => None,
        };
        if topic.is_none() {
            errors.add("topic", p.t("workshops-error-topic"));
        }
        let trainer_name = self.trainer_name.trim();
        if trainer_name.is_empty() || trainer_name.len() > 200 {
            errors.add("trainer_name", p.t("events-error-required"));
        }
        if self.trainer_org.len() > 200 {
            errors.add("trainer_org", p.t("events-error-required"));
        }
        let link = self.online_link.trim();
        match format {
            None => errors.add("format", p.t("workshops-error-format")),
            Some(Format::Online)
                if !(link.starts_with("https://") || link.starts_with("http://"))
                    || link.len() > 500
                    || link.contains(char::is_whitespace) =>
            {
                errors.add("online_link", p.t("workshops-error-link"))
            }
            _ => {}
        }
        let duration = match self.duration_minutes.trim() {
            "" => parsed
                .as_ref()
                .map(|d| (d.ends_at - d.starts_at).num_minutes())
                .unwrap_or(0),
            v => match v.parse::<i64>() {
                Ok(n) if (1..=10_000).contains(&n) => n,
                _ => {
                    errors.add("duration_minutes", p.t("events-error-number"));
                    0
                }
            },
        };
        match (parsed, format, topic) {
            (Ok(event), Some(format), Some(topic)) if errors.is_empty() => Ok(WorkshopData {
                event,
                topic,
                trainer_name: trainer_name.to_owned(),
                trainer_org: self.trainer_org.trim().to_owned(),
                format,
                online_link: if format == Format::Online {
                    link.to_owned()
                } else {
                    String::new()
                },
                duration_minutes: duration,
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Template)]
#[template(path = "workshops/staff_form.html")]
struct FormTpl<'a> {
    p: &'a Ctx,
    ev: Option<&'a Event>,
    form: WorkshopForm,
    errors: FormErrors,
    topics: Vec<Topic>,
    formats: [Format; 2],
}

impl FormTpl<'_> {
    fn topic_listed(&self) -> bool {
        self.topics.iter().any(|t| t.label == self.form.topic)
    }
}

async fn new_form(p: Ctx) -> AppResult<Response> {
    p.require_staff()?;
    let form = WorkshopForm {
        format: "in_person".into(),
        start_time: "09:30".into(),
        end_time: "12:30".into(),
        opens_date: date_input(&Utc::now(), chrono_tz::Europe::Paris),
        opens_time: "09:00:00".into(),
        closes_time: "18:00:00".into(),
        capacity: "12".into(),
        ..WorkshopForm::default()
    };
    render(&FormTpl {
        p: &p,
        ev: None,
        form,
        errors: FormErrors::default(),
        topics: wm::topics(p.state.db()).await?,
        formats: Format::ALL,
    })
}

/// Creates a workshop (its event, a draft, and its details) in one transaction.
pub async fn insert_workshop(
    tx: &mut essor_platform::db::Tx,
    d: &WorkshopData,
    by: i64,
) -> anyhow::Result<i64> {
    let id = insert_event(tx, &d.event, by).await?;
    wm::save_details(tx, &details_of(id, d)).await?;
    Ok(id)
}

fn details_of(id: i64, d: &WorkshopData) -> Details {
    Details {
        event_id: id,
        topic: d.topic.clone(),
        trainer_name: d.trainer_name.clone(),
        trainer_org: d.trainer_org.clone(),
        format: d.format.as_str().into(),
        online_link: d.online_link.clone(),
        duration_minutes: d.duration_minutes,
    }
}

async fn create(p: Ctx, Form(f): Form<WorkshopForm>) -> AppResult<Response> {
    let user = p.require_staff()?.clone();
    let topics = wm::topics(p.state.db()).await?;
    let d = match f.parse(&p, &topics) {
        Ok(d) => d,
        Err(errors) => {
            return render_invalid(&FormTpl {
                p: &p,
                ev: None,
                form: f,
                errors,
                topics,
                formats: Format::ALL,
            })
        }
    };
    let mut tx = p.state.db().begin().await?;
    let id = insert_workshop(&mut tx, &d, user.id.0).await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/events/{id}"),
        "events-flash-created",
    ))
}

async fn staff_workshop(p: &Ctx, id: &str) -> AppResult<Workshop> {
    let e = staff_event(p, id).await?;
    if e.kind() != EventKind::Workshop {
        return Err(AppError::NotFound);
    }
    wm::workshop(p.state.db(), e.id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn edit_form(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let w = staff_workshop(&p, &id).await?;
    render(&FormTpl {
        p: &p,
        ev: Some(&w.ev),
        form: WorkshopForm::from_workshop(&w),
        errors: FormErrors::default(),
        topics: wm::topics(p.state.db()).await?,
        formats: Format::ALL,
    })
}

async fn update(
    p: Ctx,
    Path(id): Path<String>,
    Form(f): Form<WorkshopForm>,
) -> AppResult<Response> {
    let w = staff_workshop(&p, &id).await?;
    let user = p.require_staff()?.clone();
    let topics = wm::topics(p.state.db()).await?;
    let d = match f.parse(&p, &topics) {
        Ok(d) => d,
        Err(errors) => {
            return render_invalid(&FormTpl {
                p: &p,
                ev: Some(&w.ev),
                form: f,
                errors,
                topics,
                formats: Format::ALL,
            })
        }
    };
    let e = &d.event;
    let mut tx = p.state.db().begin().await?;
    tx.execute(&sql(
        "UPDATE events SET title = $1, description = $2, venue = $3, starts_at = $4, ends_at = $5, \
         registration_opens_at = $6, registration_closes_at = $7, capacity_public = $8, updated_at = $9 \
         WHERE id = $10",
        vec![
            e.title.clone().into(),
            e.description.clone().into(),
            e.venue.clone().into(),
            e.starts_at.into(),
            e.ends_at.into(),
            e.opens_at.into(),
            e.closes_at.into(),
            e.capacity[2].into(),
            Utc::now().into(),
            w.ev.id.into(),
        ],
    ))
    .await?;
    wm::save_details(&mut tx, &details_of(w.ev.id, &d)).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "workshop.update",
            record_type: "event",
            record_id: w.ev.id.to_string(),
            summary: json!({"title": e.title, "topic": d.topic}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/events/{}", w.ev.id),
        "events-flash-saved",
    ))
}

#[derive(Template)]
#[template(path = "workshops/topics.html")]
struct TopicsTpl<'a> {
    p: &'a Ctx,
    topics: Vec<Topic>,
    new_label: String,
    errors: FormErrors,
}

async fn topics_page(p: Ctx) -> AppResult<Response> {
    p.require_staff()?;
    render(&TopicsTpl {
        p: &p,
        topics: wm::topics(p.state.db()).await?,
        new_label: String::new(),
        errors: FormErrors::default(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TopicForm {
    label: String,
}

async fn add_topic(p: Ctx, Form(f): Form<TopicForm>) -> AppResult<Response> {
    let user = p.require_staff()?.clone();
    let label = f.label.trim();
    if label.is_empty() || label.len() > 120 {
        let mut errors = FormErrors::default();
        errors.add("label", p.t("events-error-required"));
        return render_invalid(&TopicsTpl {
            p: &p,
            topics: wm::topics(p.state.db()).await?,
            new_label: f.label,
            errors,
        });
    }
    let mut tx = p.state.db().begin().await?;
    let added = wm::add_topic(&mut tx, label).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "workshop_topic.add",
            record_type: "workshop_topic",
            record_id: label.to_owned(),
            summary: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        "/staff/ateliers/topics",
        if added {
            "events-flash-saved"
        } else {
            "events-flash-no-change"
        },
    ))
}

/// Removing a topic from the list leaves the workshops that use it as they are.
async fn delete_topic(p: Ctx, Path(topic): Path<String>) -> AppResult<Response> {
    p.require_staff()?;
    let topic: i64 = topic.parse().map_err(|_| AppError::NotFound)?;
    let n = p
        .state
        .db()
        .execute(&sql(
            "DELETE FROM workshop_topics WHERE id = $1",
            vec![topic.into()],
        ))
        .await?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    Ok(see_other_flash(
        "/staff/ateliers/topics",
        "events-flash-saved",
    ))
}
