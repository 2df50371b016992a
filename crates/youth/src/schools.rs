//! Schools (with their UAI code) and youth structures (missions locales, youth centres…): their
//! youth profile and priority flags, their referents' groups and the pupils they register, and
//! the requests of an action for a group, which the host accepts or declines.

use crate::lifecycle::RequestState;
use crate::model::{self, exec, insert, Person, REFERENT_KINDS};
use crate::types::{age_on, SchoolLevel, Uai, MAX_AGE};
use crate::web::{communes, date, int_in, Fields};
use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::Utc;
use essor_domain::email::Email;
use essor_platform::audit::{self, Entry};
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/jeunes/etablissement", get(dashboard))
        .route("/jeunes/etablissement/{org}/profil", post(save_profile))
        .route("/jeunes/etablissement/{org}/groupes", post(add_group))
        .route("/jeunes/etablissement/{org}/jeunes", post(register_young))
        .route(
            "/jeunes/offres/{id}/demande-groupe",
            post(request_for_group),
        )
        .route("/jeunes/demandes/{id}/accepter", post(accept_request))
        .route("/jeunes/demandes/{id}/refuser", post(decline_request))
}

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct Structure {
    pub org_id: i64,
    pub uai: Option<String>,
    pub rep_plus: bool,
    pub priority_neighbourhood: bool,
}

impl Structure {
    /// Priority in placement campaigns: REP+ schools and priority neighbourhoods (QPV) first.
    pub fn priority(&self) -> i64 {
        i64::from(self.rep_plus) * 2 + i64::from(self.priority_neighbourhood)
    }
}

pub async fn structure(db: &essor_platform::db::Db, org: i64) -> anyhow::Result<Structure> {
    Ok(model::one(
        db,
        "SELECT org_id, uai, rep_plus, priority_neighbourhood FROM youth_structures WHERE org_id = $1",
        vec![org.into()],
    )
    .await?
    .unwrap_or(Structure {
        org_id: org,
        ..Default::default()
    }))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Group {
    pub id: i64,
    pub name: String,
    pub level: String,
    pub size: i64,
    pub min_age: i64,
    pub max_age: i64,
    pub referent: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RequestOfGroup {
    pub id: i64,
    pub state: String,
    pub group_name: String,
    pub offer_id: i64,
    pub offer_title: String,
}

impl RequestOfGroup {
    pub fn state_message_id(&self) -> String {
        RequestState::parse(&self.state)
            .unwrap_or(RequestState::Declined)
            .message_id()
    }
}

#[derive(Template)]
#[template(path = "youth/school.html")]
struct DashTpl<'a> {
    p: &'a Ctx,
    orgs: Vec<(i64, String)>,
    org: Option<(i64, String)>,
    structure: Structure,
    groups: Vec<Group>,
    pupils: Vec<Person>,
    requests: Vec<RequestOfGroup>,
    applications: Vec<model::Application>,
    errors: FormErrors,
    f: Fields,
}

impl DashTpl<'_> {
    fn levels(&self) -> Vec<(String, String)> {
        SchoolLevel::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), self.p.t(k.message_id())))
            .collect()
    }
    fn communes(&self) -> Vec<(String, String)> {
        communes(self.p)
    }
    fn uai(&self) -> String {
        if self.f.0.is_empty() {
            self.structure.uai.clone().unwrap_or_default()
        } else {
            self.f.get("uai")
        }
    }
}

#[derive(serde::Deserialize)]
struct OrgQuery {
    org: Option<i64>,
}

async fn dashboard_for(
    p: &Ctx,
    wanted: Option<i64>,
    errors: FormErrors,
    f: Fields,
) -> AppResult<DashTpl<'_>> {
    let u = p.require_user()?;
    let db = p.state.db();
    let orgs = model::my_orgs(db, u.id, REFERENT_KINDS).await?;
    let org = match wanted {
        Some(w) => Some(
            orgs.iter()
                .find(|(id, _)| *id == w)
                .cloned()
                .ok_or(AppError::NotFound)?,
        ),
        None => orgs.first().cloned(),
    };
    let (mut structure, mut groups, mut pupils, mut requests, mut applications) =
        (Structure::default(), vec![], vec![], vec![], vec![]);
    if let Some((id, _)) = &org {
        let id = *id;
        structure = structure_of(db, id).await?;
        groups = model::all(
            db,
            "SELECT g.id, g.name, g.level, g.size, g.min_age, g.max_age, u.display_name AS referent \
             FROM youth_groups g JOIN users u ON u.id = g.referent_id WHERE g.org_id = $1 ORDER BY g.name",
            vec![id.into()],
        )
        .await?;
        pupils = model::all(
            db,
            &format!(
                "SELECT {} FROM youth_people y WHERE y.org_id = $1 AND y.anonymised_at IS NULL ORDER BY y.last_name, y.first_name",
                model::PERSON_COLUMNS
            ),
            vec![id.into()],
        )
        .await?;
        requests = model::all(
            db,
            "SELECT r.id, r.state, g.name AS group_name, o.id AS offer_id, o.title AS offer_title \
             FROM youth_group_requests r JOIN youth_groups g ON g.id = r.group_id \
             JOIN youth_offers o ON o.id = r.offer_id WHERE g.org_id = $1 ORDER BY r.id DESC",
            vec![id.into()],
        )
        .await?;
        applications = model::all(
            db,
            &format!(
                "SELECT {} FROM {} WHERE y.org_id = $1 ORDER BY a.created_at DESC",
                model::APP_COLUMNS,
                model::APP_FROM
            ),
            vec![id.into()],
        )
        .await?;
    }
    Ok(DashTpl {
        p,
        orgs,
        org,
        structure,
        groups,
        pupils,
        requests,
        applications,
        errors,
        f,
    })
}

async fn structure_of(db: &essor_platform::db::Db, org: i64) -> anyhow::Result<Structure> {
    structure(db, org).await
}

async fn dashboard(p: Ctx, Query(q): Query<OrgQuery>) -> AppResult<Response> {
    let tpl = dashboard_for(&p, q.org, FormErrors::default(), Fields::default()).await?;
    render(&tpl)
}

/// 404 unless the signed-in person is a member (referent) of this school or youth structure.
async fn require_referent(p: &Ctx, org: i64) -> AppResult<()> {
    let u = p.require_user()?;
    let mine = model::my_orgs(p.state.db(), u.id, REFERENT_KINDS).await?;
    if mine.iter().any(|(id, _)| *id == org) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

async fn invalid(p: &Ctx, org: i64, errors: FormErrors, f: Fields) -> AppResult<Response> {
    let tpl = dashboard_for(p, Some(org), errors, f).await?;
    render_invalid(&tpl)
}

async fn save_profile(p: Ctx, Path(org): Path<i64>, Form(f): Form<Fields>) -> AppResult<Response> {
    require_referent(&p, org).await?;
    let u = p.require_user()?;
    let uai = match f.get("uai").as_str() {
        "" => None,
        s => match Uai::parse(s) {
            Ok(u) => Some(u),
            Err(e) => {
                let mut errors = FormErrors::default();
                errors.add("uai", p.t(e.0));
                return invalid(&p, org, errors, f).await;
            }
        },
    };
    let mut tx = p.state.db().begin().await?;
    let vals = vec![
        uai.as_ref().map(|u| u.as_str().to_owned()).into(),
        f.has("rep_plus").into(),
        f.has("priority_neighbourhood").into(),
        Utc::now().into(),
        org.into(),
    ];
    if exec(
        &mut tx,
        "UPDATE youth_structures SET uai = $1, rep_plus = $2, priority_neighbourhood = $3, updated_at = $4 WHERE org_id = $5",
        vals.clone(),
    )
    .await?
        == 0
    {
        exec(
            &mut tx,
            "INSERT INTO youth_structures (uai, rep_plus, priority_neighbourhood, updated_at, org_id) VALUES ($1, $2, $3, $4, $5)",
            vals,
        )
        .await?;
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(u.id),
            action: "youth.structure.update",
            record_type: "organisation",
            record_id: org.to_string(),
            summary: json!({ "uai": uai.map(|u| u.as_str().to_owned()) }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/jeunes/etablissement?org={org}"),
        "youth-flash-saved",
    ))
}

async fn add_group(p: Ctx, Path(org): Path<i64>, Form(f): Form<Fields>) -> AppResult<Response> {
    require_referent(&p, org).await?;
    let u = p.require_user()?;
    let mut errors = FormErrors::default();
    let name = f.get("group_name");
    if name.is_empty() {
        errors.add("group_name", p.t("youth-field-required"));
    }
    let level = SchoolLevel::parse(&f.get("group_level"));
    if level.is_none() {
        errors.add("group_level", p.t("youth-field-required"));
    }
    let mut num = |n: &str, lo, hi, msg| match int_in(&f.get(n), lo, hi, msg) {
        Ok(v) => Some(v),
        Err(m) => {
            errors.add(n, p.t(m));
            None
        }
    };
    let size = num("group_size", 1, 200, "youth-places-range");
    let min = num("group_min_age", 11, MAX_AGE as i64, "youth-age-range");
    let max = num("group_max_age", 11, MAX_AGE as i64, "youth-age-range");
    if let (Some(a), Some(b)) = (min, max) {
        if a > b {
            errors.add("group_max_age", p.t("youth-age-order"));
        }
    }
    if !errors.is_empty() {
        return invalid(&p, org, errors, f).await;
    }
    let mut tx = p.state.db().begin().await?;
    insert(
        &mut tx,
        "INSERT INTO youth_groups (org_id, referent_id, name, level, size, min_age, max_age, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        vec![
            org.into(),
            u.id.0.into(),
            name.into(),
            level.expect("checked").as_str().into(),
            size.into(),
            min.into(),
            max.into(),
            Utc::now().into(),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/jeunes/etablissement?org={org}"),
        "youth-flash-saved",
    ))
}

/// A young person registered by their referent: no account of their own; a minor needs a legal
/// representative's contact.
async fn register_young(
    p: Ctx,
    Path(org): Path<i64>,
    Form(f): Form<Fields>,
) -> AppResult<Response> {
    require_referent(&p, org).await?;
    let u = p.require_user()?;
    let mut errors = FormErrors::default();
    for n in ["first_name", "last_name"] {
        if f.get(n).is_empty() {
            errors.add(n, p.t("youth-field-required"));
        }
    }
    let today = Utc::now().date_naive();
    let birth = date(&f.get("birth_date"));
    match birth.map(|b| age_on(b, today)) {
        Some(a) if (11..=MAX_AGE).contains(&a) => {}
        Some(_) => errors.add("birth_date", p.t("youth-age-range")),
        None => errors.add("birth_date", p.t("youth-dates-required")),
    }
    let level = SchoolLevel::parse(&f.get("school_level"));
    if level.is_none() {
        errors.add("school_level", p.t("youth-field-required"));
    }
    let commune = f.get("commune");
    if !p.state.territory().contains(&commune) {
        errors.add("commune", p.t("youth-field-commune"));
    }
    let minor = birth.is_some_and(|b| age_on(b, today) < 18);
    let guardian_email = f.get("guardian_email");
    if minor {
        if f.get("guardian_name").is_empty() {
            errors.add("guardian_name", p.t("youth-guardian-required"));
        }
        if Email::parse(&guardian_email).is_err() {
            errors.add("guardian_email", p.t("youth-field-email"));
        }
    }
    if !errors.is_empty() {
        return invalid(&p, org, errors, f).await;
    }
    let opt = |s: String| if s.is_empty() { None } else { Some(s) };
    let mut tx = p.state.db().begin().await?;
    let now = Utc::now();
    let id = insert(
        &mut tx,
        "INSERT INTO youth_people (org_id, registered_by, first_name, last_name, birth_date, school_level, \
         commune_code, guardian_name, guardian_email, guardian_phone, last_activity_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
        vec![
            org.into(),
            u.id.0.into(),
            f.get("first_name").into(),
            f.get("last_name").into(),
            birth.into(),
            level.expect("checked").as_str().into(),
            commune.into(),
            opt(f.get("guardian_name")).into(),
            opt(guardian_email.to_lowercase()).into(),
            opt(f.get("guardian_phone")).into(),
            now.into(),
        ],
    )
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(u.id),
            action: "youth.person.register",
            record_type: "youth_person",
            record_id: id.to_string(),
            // No personal data in the audit log.
            summary: json!({ "org": org }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/jeunes/etablissement?org={org}"),
        "youth-flash-young-registered",
    ))
}

async fn request_for_group(
    p: Ctx,
    Path(offer_id): Path<i64>,
    Form(f): Form<Fields>,
) -> AppResult<Response> {
    let u = p.require_user()?;
    let db = p.state.db();
    let offer = model::offer(db, offer_id)
        .await?
        .filter(|o| o.is_published())
        .ok_or(AppError::NotFound)?;
    let group: Option<(i64, i64, i64, i64)> = model::one(
        db,
        "SELECT id, org_id, min_age, max_age FROM youth_groups WHERE id = $1",
        vec![f.get("group").parse::<i64>().unwrap_or(0).into()],
    )
    .await?;
    // An unknown group is not found, like another school's.
    let Some((group_id, org, min_age, max_age)) = group else {
        return Err(AppError::NotFound);
    };
    require_referent(&p, org).await?;
    if max_age < offer.min_age || min_age > offer.max_age {
        return Ok(see_other_flash(
            &format!("/jeunes/offres/{offer_id}"),
            "youth-group-ages-mismatch",
        ));
    }
    let mut tx = db.begin().await?;
    insert(
        &mut tx,
        "INSERT INTO youth_group_requests (group_id, offer_id, requested_by, message, state, created_at) \
         VALUES ($1, $2, $3, $4, 'requested', $5)",
        vec![
            group_id.into(),
            offer_id.into(),
            u.id.0.into(),
            f.get("message").into(),
            Utc::now().into(),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/jeunes/etablissement?org={org}"),
        "youth-flash-request-sent",
    ))
}

async fn decide_request(p: Ctx, id: i64, to: RequestState) -> AppResult<Response> {
    let u = p.require_user()?;
    let db = p.state.db();
    let row: Option<(i64, i64)> = model::one(
        db,
        "SELECT r.offer_id, o.org_id FROM youth_group_requests r JOIN youth_offers o ON o.id = r.offer_id WHERE r.id = $1",
        vec![id.into()],
    )
    .await?;
    let (offer_id, host) = row.ok_or(AppError::NotFound)?;
    if !model::is_member(db, host, u.id).await? {
        return Err(AppError::NotFound);
    }
    let mut tx = db.begin().await?;
    let n = exec(
        &mut tx,
        "UPDATE youth_group_requests SET state = $1, decided_by = $2, decided_at = $3 WHERE id = $4 AND state = 'requested'",
        vec![to.as_str().into(), u.id.0.into(), Utc::now().into(), id.into()],
    )
    .await?;
    if n > 0 {
        audit::record(
            &mut tx,
            Entry {
                actor: Some(u.id),
                action: "youth.group_request.decide",
                record_type: "youth_group_request",
                record_id: id.to_string(),
                summary: json!({ "to": to.as_str() }),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/jeunes/accueil/offres/{offer_id}"),
        "youth-flash-saved",
    ))
}

async fn accept_request(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    decide_request(p, id, RequestState::Accepted).await
}

async fn decline_request(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    decide_request(p, id, RequestState::Declined).await
}
