//! Offers of host organisations: writing and submitting them (hosts), moderating them (staff),
//! the list of shortage jobs that tags them, and the public catalogue.

pub mod catalogue;
pub mod input;
pub mod shortage;

use crate::lifecycle::{OfferActor, OfferEvent, OfferState, RequestState};
use crate::model::{self, exec, insert, Offer, Transition, HOST_KINDS};
use crate::types::{fold, Axis, OfferKind, SchoolLevel};
use crate::web::{communes, Fields};
use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::Utc;
use essor_platform::audit::{self, Entry};
use essor_platform::db::Tx;
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use input::{OfferInput, Problem};
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/jeunes/accueil", get(dashboard))
        .route(
            "/jeunes/accueil/offres/nouvelle",
            get(new_form).post(create),
        )
        .route("/jeunes/accueil/offres/{id}", get(manage))
        .route(
            "/jeunes/accueil/offres/{id}/modifier",
            get(edit_form).post(update),
        )
        .route("/jeunes/accueil/offres/{id}/soumettre", post(submit))
        .route("/jeunes/accueil/offres/{id}/cloturer", post(close))
        .route("/staff/jeunes/offres/{id}/approuver", post(approve))
        .route("/staff/jeunes/offres/{id}/refuser", post(reject))
        .merge(shortage::routes())
        .merge(catalogue::routes())
}

/// Translated form errors from the parser's problems.
pub fn form_errors(p: &Ctx, problems: &[Problem]) -> FormErrors {
    let mut e = FormErrors::default();
    for (field, id, limit) in problems {
        let msg = match limit {
            Some(l) => p.t1(*id, "limit", l),
            None => p.t(*id),
        };
        e.add(field, msg);
    }
    e
}

// ---- Host dashboard ------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "youth/host_dashboard.html")]
struct DashboardTpl<'a> {
    p: &'a Ctx,
    orgs: Vec<(i64, String)>,
    offers: Vec<Offer>,
}

async fn dashboard(p: Ctx) -> AppResult<Response> {
    let u = p.require_user()?;
    let orgs = model::my_orgs(p.state.db(), u.id, HOST_KINDS).await?;
    let mut offers = vec![];
    for (id, _) in &orgs {
        offers.extend(
            model::all::<Offer>(
                p.state.db(),
                &format!(
                    "SELECT {} FROM {} WHERE o.org_id = $1 ORDER BY o.start_date, o.id",
                    model::OFFER_COLUMNS,
                    model::OFFER_FROM
                ),
                vec![(*id).into()],
            )
            .await?,
        );
    }
    render(&DashboardTpl {
        p: &p,
        orgs,
        offers,
    })
}

// ---- Offer form ----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "youth/offer_form.html")]
struct FormTpl<'a> {
    p: &'a Ctx,
    errors: FormErrors,
    f: Fields,
    orgs: Vec<(i64, String)>,
    action: String,
    title_id: &'static str,
}

impl FormTpl<'_> {
    fn org_options(&self) -> Vec<(String, String)> {
        self.orgs
            .iter()
            .map(|(id, n)| (id.to_string(), n.clone()))
            .collect()
    }

    fn kinds(&self) -> Vec<(String, String)> {
        OfferKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), self.p.t(k.message_id())))
            .collect()
    }

    fn levels(&self) -> Vec<(String, String)> {
        SchoolLevel::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), self.p.t(k.message_id())))
            .collect()
    }

    fn communes(&self) -> Vec<(String, String)> {
        communes(self.p)
            .into_iter()
            .map(|(c, n)| (c.clone(), format!("{n} ({c})")))
            .collect()
    }

    fn axis_checked(&self, a: &str) -> bool {
        self.f.all("axes").iter().any(|x| x == a)
    }

    fn choosable_axes(&self) -> Vec<(String, String)> {
        [Axis::Apprenticeship, Axis::EssDiscovery]
            .iter()
            .map(|a| (a.as_str().to_owned(), self.p.t(a.message_id())))
            .collect()
    }
}

fn defaults() -> Fields {
    Fields(
        [
            ("day_start", "09:00"),
            ("day_end", "16:00"),
            ("break_minutes", "60"),
            ("days_per_week", "5"),
            ("places", "1"),
            ("group_size", "1"),
            ("min_age", "14"),
            ("max_age", "25"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect(),
    )
}

fn fields_of(o: &Offer) -> Fields {
    let mut v: Vec<(String, String)> = [
        ("org", o.org_id.to_string()),
        ("kind", o.kind.clone()),
        ("title", o.title.clone()),
        ("rome_code", o.rome_code.clone()),
        ("job_label", o.job_label.clone()),
        ("sector", o.sector.clone()),
        ("school_level", o.school_level.clone().unwrap_or_default()),
        ("start_date", o.start_date.to_string()),
        ("end_date", o.end_date.to_string()),
        ("iso_weeks", o.iso_weeks.clone()),
        ("day_start", o.day_start.clone()),
        ("day_end", o.day_end.clone()),
        ("break_minutes", o.break_minutes.to_string()),
        ("days_per_week", o.days_per_week.to_string()),
        ("places", o.places.to_string()),
        ("group_size", o.group_size.to_string()),
        ("commune", o.commune_code.clone()),
        ("address", o.address.clone()),
        ("min_age", o.min_age.to_string()),
        ("max_age", o.max_age.to_string()),
        ("accessibility", o.accessibility.clone()),
        ("description", o.description.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    for a in o.axes() {
        v.push(("axes".into(), a.as_str().into()));
    }
    Fields(v)
}

#[derive(serde::Deserialize)]
struct NewQuery {
    org: Option<i64>,
}

async fn new_form(p: Ctx, Query(q): Query<NewQuery>) -> AppResult<Response> {
    let u = p.require_user()?;
    let orgs = model::my_orgs(p.state.db(), u.id, HOST_KINDS).await?;
    if orgs.is_empty() {
        return Err(AppError::Forbidden);
    }
    let mut f = defaults();
    if let Some(o) = q.org.or_else(|| (orgs.len() == 1).then(|| orgs[0].0)) {
        f.0.push(("org".into(), o.to_string()));
    }
    render(&FormTpl {
        p: &p,
        errors: FormErrors::default(),
        f,
        orgs,
        action: "/jeunes/accueil/offres/nouvelle".into(),
        title_id: "youth-offer-new",
    })
}

/// The search text of an offer: its words folded (see [`fold`]).
fn search_text(p: &Ctx, i: &OfferInput, org_name: &str) -> String {
    fold(&format!(
        "{} {} {} {} {} {} {} {}",
        i.title,
        i.job_label,
        i.sector,
        i.rome.as_str(),
        i.description,
        org_name,
        crate::web::commune_name(p, &i.commune),
        p.t(i.kind.message_id()),
    ))
}

/// The axes to store: the host's choice, plus "shortage job" when the job is on the staff list
/// and "ESS discovery" when the host is an ESS structure.
async fn final_axes(tx: &mut Tx, i: &OfferInput, org_kind: &str) -> anyhow::Result<String> {
    let mut axes = i.axes.clone();
    if shortage::is_shortage(tx, &i.rome).await? {
        axes.push(Axis::ShortageJob);
    }
    if matches!(
        org_kind,
        "association" | "cooperative" | "mutual" | "foundation" | "ess_company"
    ) {
        axes.push(Axis::EssDiscovery);
    }
    axes.sort();
    axes.dedup();
    Ok(Axis::join(&axes))
}

fn values(p: &Ctx, i: &OfferInput, axes: String, org_name: &str) -> Vec<sea_query::Value> {
    vec![
        i.kind.as_str().into(),
        i.title.clone().into(),
        axes.into(),
        i.rome.as_str().into(),
        i.job_label.clone().into(),
        i.sector.clone().into(),
        i.school_level.map(|l| l.as_str().to_owned()).into(),
        i.start.into(),
        i.end.into(),
        i.weeks
            .iter()
            .map(|w| w.to_string())
            .collect::<Vec<_>>()
            .join(", ")
            .into(),
        i.schedule.start.format("%H:%M").to_string().into(),
        i.schedule.end.format("%H:%M").to_string().into(),
        (i.schedule.break_minutes as i64).into(),
        (i.schedule.days_per_week as i64).into(),
        i.places.into(),
        i.group_size.into(),
        i.commune.clone().into(),
        i.address.clone().into(),
        i.min_age.into(),
        i.max_age.into(),
        i.accessibility.clone().into(),
        i.description.clone().into(),
        search_text(p, i, org_name).into(),
        Utc::now().into(),
    ]
}

async fn create(p: Ctx, Form(f): Form<Fields>) -> AppResult<Response> {
    let u = p.require_user()?;
    let db = p.state.db();
    let orgs = model::my_orgs(db, u.id, HOST_KINDS).await?;
    if orgs.is_empty() {
        return Err(AppError::Forbidden);
    }
    let ids: Vec<i64> = orgs.iter().map(|o| o.0).collect();
    let input = match input::parse(&f, &ids, |c| p.state.territory().contains(c)) {
        Ok(i) => i,
        Err(problems) => {
            return render_invalid(&FormTpl {
                errors: form_errors(&p, &problems),
                p: &p,
                f,
                orgs,
                action: "/jeunes/accueil/offres/nouvelle".into(),
                title_id: "youth-offer-new",
            })
        }
    };
    let org = essor_platform::orgs::by_id(db, essor_domain::ids::OrgId(input.org_id))
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = db.begin().await?;
    let axes = final_axes(&mut tx, &input, &org.kind).await?;
    let mut v = vec![input.org_id.into(), u.id.0.into()];
    v.extend(values(&p, &input, axes, &org.name));
    let id = insert(
        &mut tx,
        "INSERT INTO youth_offers (org_id, created_by, kind, title, axes, rome_code, job_label, sector, \
         school_level, start_date, end_date, iso_weeks, day_start, day_end, break_minutes, days_per_week, \
         places, group_size, commune_code, address, min_age, max_age, accessibility, description, \
         search_text, updated_at, created_at, state) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
         $20, $21, $22, $23, $24, $25, $26, $26, 'draft')",
        v,
    )
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(u.id),
            action: "youth.offer.create",
            record_type: "youth_offer",
            record_id: id.to_string(),
            summary: json!({ "org": input.org_id, "kind": input.kind.as_str() }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/jeunes/accueil/offres/{id}"),
        "youth-flash-offer-saved",
    ))
}

async fn edit_form(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let (offer, actor) = model::require_offer_manager(&p, id).await?;
    if actor != OfferActor::Host || !offer.state().editable() {
        return Err(AppError::Forbidden);
    }
    let orgs = vec![(offer.org_id, offer.org_name.clone())];
    render(&FormTpl {
        p: &p,
        errors: FormErrors::default(),
        f: fields_of(&offer),
        orgs,
        action: format!("/jeunes/accueil/offres/{id}/modifier"),
        title_id: "youth-offer-edit",
    })
}

async fn update(p: Ctx, Path(id): Path<i64>, Form(f): Form<Fields>) -> AppResult<Response> {
    let (offer, actor) = model::require_offer_manager(&p, id).await?;
    if actor != OfferActor::Host || !offer.state().editable() {
        return Err(AppError::Forbidden);
    }
    let u = p.require_user()?;
    let db = p.state.db();
    let orgs = vec![(offer.org_id, offer.org_name.clone())];
    let input = match input::parse(&f, &[offer.org_id], |c| p.state.territory().contains(c)) {
        Ok(i) => i,
        Err(problems) => {
            return render_invalid(&FormTpl {
                errors: form_errors(&p, &problems),
                p: &p,
                f,
                orgs,
                action: format!("/jeunes/accueil/offres/{id}/modifier"),
                title_id: "youth-offer-edit",
            })
        }
    };
    let org_kind = essor_platform::orgs::by_id(db, essor_domain::ids::OrgId(offer.org_id))
        .await?
        .map(|o| o.kind)
        .unwrap_or_default();
    let mut tx = db.begin().await?;
    // A rejected offer goes back to draft when revised.
    if offer.state() == OfferState::Rejected {
        if let Err(e) =
            model::transition_offer(&mut tx, &offer, OfferEvent::Revise, actor, u.id, None).await?
        {
            return Ok(see_other_flash(
                &format!("/jeunes/accueil/offres/{id}"),
                e.0,
            ));
        }
    }
    let axes = final_axes(&mut tx, &input, &org_kind).await?;
    let mut v = values(&p, &input, axes, &offer.org_name);
    v.push(id.into());
    exec(
        &mut tx,
        "UPDATE youth_offers SET kind = $1, title = $2, axes = $3, rome_code = $4, job_label = $5, \
         sector = $6, school_level = $7, start_date = $8, end_date = $9, iso_weeks = $10, day_start = $11, \
         day_end = $12, break_minutes = $13, days_per_week = $14, places = $15, group_size = $16, \
         commune_code = $17, address = $18, min_age = $19, max_age = $20, accessibility = $21, \
         description = $22, search_text = $23, updated_at = $24 WHERE id = $25",
        v,
    )
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(u.id),
            action: "youth.offer.update",
            record_type: "youth_offer",
            record_id: id.to_string(),
            summary: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/jeunes/accueil/offres/{id}"),
        "youth-flash-offer-saved",
    ))
}

// ---- Managing an offer ---------------------------------------------------------------------

/// A group's request for an action, as the host sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub state: String,
    pub message: String,
    pub group_name: String,
    pub level: String,
    pub size: i64,
    pub org_name: String,
    pub created_at: chrono::DateTime<Utc>,
}

impl RequestRow {
    pub fn state_message_id(&self) -> String {
        RequestState::parse(&self.state)
            .unwrap_or(RequestState::Declined)
            .message_id()
    }

    pub fn is_open(&self) -> bool {
        self.state == RequestState::Requested.as_str()
    }
}

#[derive(Template)]
#[template(path = "youth/offer_manage.html")]
struct ManageTpl<'a> {
    p: &'a Ctx,
    offer: Offer,
    is_host: bool,
    history: Vec<Transition>,
    applications: Vec<model::Application>,
    requests: Vec<RequestRow>,
}

impl ManageTpl<'_> {
    fn can_submit(&self) -> bool {
        self.is_host && self.offer.state() == OfferState::Draft
    }
    fn can_edit(&self) -> bool {
        self.is_host && self.offer.state().editable()
    }
    fn can_close(&self) -> bool {
        self.is_host
            && matches!(
                self.offer.state(),
                OfferState::Draft | OfferState::Submitted | OfferState::Published
            )
    }
    fn can_moderate(&self) -> bool {
        self.p.is_staff() && self.offer.state() == OfferState::Submitted
    }
    fn commune(&self) -> String {
        crate::web::commune_name(self.p, &self.offer.commune_code)
    }
}

async fn manage(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let (offer, actor) = model::require_offer_manager(&p, id).await?;
    let db = p.state.db();
    let history = model::offer_history(db, id).await?;
    let applications = model::all(
        db,
        &format!(
            "SELECT {} FROM {} WHERE a.offer_id = $1 ORDER BY a.created_at",
            model::APP_COLUMNS,
            model::APP_FROM
        ),
        vec![id.into()],
    )
    .await?;
    let requests = model::all(
        db,
        "SELECT r.id, r.state, r.message, g.name AS group_name, g.level, g.size, o.name AS org_name, r.created_at \
         FROM youth_group_requests r JOIN youth_groups g ON g.id = r.group_id \
         JOIN organisations o ON o.id = g.org_id WHERE r.offer_id = $1 ORDER BY r.id",
        vec![id.into()],
    )
    .await?;
    render(&ManageTpl {
        p: &p,
        offer,
        is_host: actor == OfferActor::Host,
        history,
        applications,
        requests,
    })
}

async fn host_transition(p: Ctx, id: i64, event: OfferEvent, flash: &str) -> AppResult<Response> {
    let (offer, actor) = model::require_offer_manager(&p, id).await?;
    if actor != OfferActor::Host {
        return Err(AppError::Forbidden);
    }
    let u = p.require_user()?;
    let mut tx = p.state.db().begin().await?;
    let r = model::transition_offer(&mut tx, &offer, event, actor, u.id, None).await?;
    tx.commit().await?;
    let to = format!("/jeunes/accueil/offres/{id}");
    Ok(match r {
        Ok(_) => see_other_flash(&to, flash),
        Err(e) => see_other_flash(&to, e.0),
    })
}

async fn submit(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    host_transition(p, id, OfferEvent::Submit, "youth-flash-offer-submitted").await
}

async fn close(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    host_transition(p, id, OfferEvent::Close, "youth-flash-offer-closed").await
}

// ---- Moderation (staff) --------------------------------------------------------------------

async fn moderate(
    p: Ctx,
    id: i64,
    event: OfferEvent,
    reason: Option<String>,
) -> AppResult<Response> {
    let u = p.require_staff()?;
    let offer = model::offer(p.state.db(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = p.state.db().begin().await?;
    let r = model::transition_offer(
        &mut tx,
        &offer,
        event,
        OfferActor::Staff,
        u.id,
        reason.as_deref(),
    )
    .await?;
    match r {
        Ok(_) => {
            tx.commit().await?;
            let flash = if event == OfferEvent::Approve {
                "youth-flash-offer-approved"
            } else {
                "youth-flash-offer-rejected"
            };
            Ok(see_other_flash("/staff/jeunes", flash))
        }
        Err(e) => {
            tx.rollback().await?;
            Ok(see_other_flash(
                &format!("/jeunes/accueil/offres/{id}"),
                e.0,
            ))
        }
    }
}

async fn approve(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    moderate(p, id, OfferEvent::Approve, None).await
}

async fn reject(p: Ctx, Path(id): Path<i64>, Form(f): Form<Fields>) -> AppResult<Response> {
    let reason = f.get("reason");
    moderate(p, id, OfferEvent::Reject, Some(reason)).await
}

/// Offers waiting for moderation (staff home of the module).
pub async fn submitted_offers(db: &essor_platform::db::Db) -> anyhow::Result<Vec<Offer>> {
    model::all(
        db,
        &format!(
            "SELECT {} FROM {} WHERE o.state = 'submitted' ORDER BY o.updated_at",
            model::OFFER_COLUMNS,
            model::OFFER_FROM
        ),
        vec![],
    )
    .await
}
