//! Placement campaigns: when offers are oversubscribed (e.g. 3e placements for a whole collège),
//! staff gather offers and young people; young people (or their referent) rank the offers;
//! "Run" builds the solver input (shared/formats/solvers.md, `placement`) and runs
//! `essor_solve::placement`: applicant-proposing deferred acceptance, priorities (REP+ schools,
//! priority neighbourhoods) before a seeded lottery. Results and each person's explanation are
//! saved, so every young person sees why they got what they got.

use crate::model::{self, exec, insert, Person};
use crate::schools;
use crate::web::Fields;
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{DateTime, Utc};
use essor_platform::audit::{self, Entry};
use essor_platform::db::Db;
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use essor_solve::placement::{self, Applicant, Instance, Offer as SolverOffer, Reason, Standing};
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/jeunes/campagnes", get(list).post(create))
        .route("/staff/jeunes/campagnes/{id}", get(show))
        .route("/staff/jeunes/campagnes/{id}/offres", post(add_offer))
        .route("/staff/jeunes/campagnes/{id}/jeunes", post(add_person))
        .route("/staff/jeunes/campagnes/{id}/lancer", post(run_route))
        .route(
            "/jeunes/campagnes/{id}/jeunes/{person}",
            get(choices_page).post(save_choices),
        )
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Campaign {
    pub id: i64,
    pub name: String,
    pub seed: i64,
    pub state: String,
    pub run_at: Option<DateTime<Utc>>,
}

impl Campaign {
    pub fn is_run(&self) -> bool {
        self.state == "run"
    }
}

pub async fn campaign(db: &Db, id: i64) -> anyhow::Result<Option<Campaign>> {
    model::one(
        db,
        "SELECT id, name, seed, state, run_at FROM youth_campaigns WHERE id = $1",
        vec![id.into()],
    )
    .await
}

/// The campaigns a young person takes part in, as (id, name).
pub async fn campaigns_of(db: &Db, person: i64) -> anyhow::Result<Vec<(i64, String)>> {
    model::all(
        db,
        "SELECT c.id, c.name FROM youth_campaigns c JOIN youth_campaign_people p ON p.campaign_id = c.id \
         WHERE p.person_id = $1 ORDER BY c.id",
        vec![person.into()],
    )
    .await
}

/// The solver input of a campaign: offers "o{id}" with their capacity, young people "y{id}" with
/// their ranked choices and their priority.
pub async fn instance(db: &Db, c: &Campaign) -> anyhow::Result<Instance> {
    let offers: Vec<(i64, i64)> = model::all(
        db,
        "SELECT offer_id, capacity FROM youth_campaign_offers WHERE campaign_id = $1 ORDER BY offer_id",
        vec![c.id.into()],
    )
    .await?;
    let people: Vec<(i64, i64)> = model::all(
        db,
        "SELECT person_id, priority FROM youth_campaign_people WHERE campaign_id = $1 ORDER BY person_id",
        vec![c.id.into()],
    )
    .await?;
    let choices: Vec<(i64, i64)> = model::all(
        db,
        "SELECT person_id, offer_id FROM youth_campaign_choices WHERE campaign_id = $1 ORDER BY person_id, rank",
        vec![c.id.into()],
    )
    .await?;
    Ok(Instance {
        seed: c.seed as u64,
        offers: offers
            .iter()
            .map(|(o, cap)| SolverOffer {
                id: format!("o{o}"),
                capacity: (*cap).max(0) as usize,
                ranking: None,
            })
            .collect(),
        applicants: people
            .iter()
            .map(|(y, prio)| Applicant {
                id: format!("y{y}"),
                preferences: choices
                    .iter()
                    .filter(|(p, _)| p == y)
                    .map(|(_, o)| format!("o{o}"))
                    .collect(),
                priority: *prio as f64,
            })
            .collect(),
    })
}

fn num(id: &str) -> i64 {
    id[1..].parse().unwrap_or(0)
}

fn standing_json(s: &Standing) -> serde_json::Value {
    match s {
        Standing::Ranked(r) => json!({ "ranked": r }),
        Standing::Priority { priority, lottery } => {
            json!({ "priority": priority, "lottery": lottery.to_string() })
        }
    }
}

/// Runs the campaign: solves, saves every young person's result and explanation.
pub async fn run(db: &Db, c: &Campaign, by: essor_domain::ids::UserId) -> anyhow::Result<()> {
    let inst = instance(db, c).await?;
    let solved = placement::solve(&inst).map_err(|e| anyhow::anyhow!("{}", e.0))?;
    let mut tx = db.begin().await?;
    exec(
        &mut tx,
        "DELETE FROM youth_campaign_results WHERE campaign_id = $1",
        vec![c.id.into()],
    )
    .await?;
    for a in &inst.applicants {
        let e = solved.explain(&a.id).expect("every applicant is known");
        let rank = e
            .got
            .as_ref()
            .and_then(|g| a.preferences.iter().position(|o| o == g))
            .map(|r| r + 1);
        let refused: Vec<serde_json::Value> = e
            .refused
            .iter()
            .map(|r| match &r.reason {
                Reason::NotAcceptable => {
                    json!({ "offer": num(&r.offer), "reason": "not_acceptable" })
                }
                Reason::NoPlaces => json!({ "offer": num(&r.offer), "reason": "no_places" }),
                Reason::Full { cutoff, yours } => json!({
                    "offer": num(&r.offer), "reason": "full",
                    "cutoff": standing_json(cutoff), "yours": standing_json(yours),
                }),
            })
            .collect();
        let explanation = json!({ "rank": rank, "refused": refused, "priority": a.priority });
        exec(
            &mut tx,
            "INSERT INTO youth_campaign_results (campaign_id, person_id, offer_id, lottery, explanation) \
             VALUES ($1, $2, $3, $4, $5)",
            vec![
                c.id.into(),
                num(&a.id).into(),
                e.got.as_deref().map(num).into(),
                e.lottery.to_string().into(),
                explanation.to_string().into(),
            ],
        )
        .await?;
    }
    exec(
        &mut tx,
        "UPDATE youth_campaigns SET state = 'run', run_at = $1 WHERE id = $2",
        vec![Utc::now().into(), c.id.into()],
    )
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(by),
            action: "youth.campaign.run",
            record_type: "youth_campaign",
            record_id: c.id.to_string(),
            summary: json!({ "seed": c.seed, "placed": solved.placement().matches.len() }),
        },
    )
    .await?;
    tx.commit().await
}

// ---- Staff pages ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "youth/campaigns.html")]
struct ListTpl<'a> {
    p: &'a Ctx,
    campaigns: Vec<Campaign>,
    errors: FormErrors,
    f: Fields,
}

async fn list_tpl(p: &Ctx, errors: FormErrors, f: Fields) -> AppResult<ListTpl<'_>> {
    let campaigns = model::all(
        p.state.db(),
        "SELECT id, name, seed, state, run_at FROM youth_campaigns ORDER BY id DESC",
        vec![],
    )
    .await?;
    Ok(ListTpl {
        p,
        campaigns,
        errors,
        f,
    })
}

async fn list(p: Ctx) -> AppResult<Response> {
    p.require_staff()?;
    render(&list_tpl(&p, FormErrors::default(), Fields::default()).await?)
}

async fn create(p: Ctx, Form(f): Form<Fields>) -> AppResult<Response> {
    let u = p.require_staff()?;
    let mut errors = FormErrors::default();
    let name = f.get("name");
    if name.is_empty() {
        errors.add("name", p.t("youth-field-required"));
    }
    let seed = f.get("seed").parse::<i64>().ok().filter(|s| *s >= 0);
    if seed.is_none() {
        errors.add("seed", p.t("youth-seed-format"));
    }
    if !errors.is_empty() {
        return render_invalid(&list_tpl(&p, errors, f).await?);
    }
    let mut tx = p.state.db().begin().await?;
    let id = insert(
        &mut tx,
        "INSERT INTO youth_campaigns (name, seed, state, created_by, created_at) VALUES ($1, $2, 'open', $3, $4)",
        vec![name.into(), seed.into(), u.id.0.into(), Utc::now().into()],
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/jeunes/campagnes/{id}"),
        "youth-flash-saved",
    ))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CampaignOffer {
    pub offer_id: i64,
    pub title: String,
    pub capacity: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CampaignPerson {
    pub person_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub priority: i64,
    pub offer_id: Option<i64>,
    pub lottery: Option<String>,
}

#[derive(Template)]
#[template(path = "youth/campaign.html")]
struct ShowTpl<'a> {
    p: &'a Ctx,
    c: Campaign,
    offers: Vec<CampaignOffer>,
    people: Vec<CampaignPerson>,
    published: Vec<(i64, String)>,
    candidates: Vec<(i64, String)>,
    input_json: String,
}

impl ShowTpl<'_> {
    fn offer_options(&self) -> Vec<(String, String)> {
        self.published
            .iter()
            .map(|(i, t)| (i.to_string(), t.clone()))
            .collect()
    }
    fn people_options(&self) -> Vec<(String, String)> {
        self.candidates
            .iter()
            .map(|(i, t)| (i.to_string(), t.clone()))
            .collect()
    }
    fn no_errors(&self) -> FormErrors {
        FormErrors::default()
    }
    fn title_of(&self, offer: &Option<i64>) -> String {
        match offer {
            Some(o) => self
                .offers
                .iter()
                .find(|x| x.offer_id == *o)
                .map(|x| x.title.clone())
                .unwrap_or_default(),
            None => self.p.t("youth-campaign-unplaced"),
        }
    }
}

async fn show(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    p.require_staff()?;
    let db = p.state.db();
    let c = campaign(db, id).await?.ok_or(AppError::NotFound)?;
    let offers = model::all(
        db,
        "SELECT co.offer_id, o.title, co.capacity FROM youth_campaign_offers co JOIN youth_offers o ON o.id = co.offer_id \
         WHERE co.campaign_id = $1 ORDER BY o.title",
        vec![id.into()],
    )
    .await?;
    let people = model::all(
        db,
        "SELECT cp.person_id, y.first_name, y.last_name, cp.priority, r.offer_id, r.lottery \
         FROM youth_campaign_people cp JOIN youth_people y ON y.id = cp.person_id \
         LEFT JOIN youth_campaign_results r ON r.campaign_id = cp.campaign_id AND r.person_id = cp.person_id \
         WHERE cp.campaign_id = $1 ORDER BY y.last_name, y.first_name",
        vec![id.into()],
    )
    .await?;
    let published = model::all(
        db,
        "SELECT id, title FROM youth_offers WHERE state = 'published' ORDER BY title",
        vec![],
    )
    .await?;
    let candidates: Vec<(i64, String, String)> = model::all(
        db,
        "SELECT id, first_name, last_name FROM youth_people WHERE anonymised_at IS NULL ORDER BY last_name, first_name",
        vec![],
    )
    .await?;
    let input_json = serde_json::to_string_pretty(&instance_json(&instance(db, &c).await?))?;
    render(&ShowTpl {
        p: &p,
        c,
        offers,
        people,
        published,
        candidates: candidates
            .into_iter()
            .map(|(i, f, l)| (i, format!("{f} {l}")))
            .collect(),
        input_json,
    })
}

/// The instance in the JSON format of `essor solve placement`, for staff to download or rerun.
pub fn instance_json(i: &Instance) -> serde_json::Value {
    json!({
        "seed": i.seed,
        "offers": i.offers.iter().map(|o| json!({ "id": o.id, "capacity": o.capacity })).collect::<Vec<_>>(),
        "applicants": i.applicants.iter().map(|a| json!({ "id": a.id, "preferences": a.preferences, "priority": a.priority })).collect::<Vec<_>>(),
    })
}

async fn open_campaign(p: &Ctx, id: i64) -> AppResult<Campaign> {
    p.require_staff()?;
    let c = campaign(p.state.db(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(c)
}

async fn add_offer(p: Ctx, Path(id): Path<i64>, Form(f): Form<Fields>) -> AppResult<Response> {
    let c = open_campaign(&p, id).await?;
    let offer = model::offer(p.state.db(), f.get("offer").parse().unwrap_or(0))
        .await?
        .filter(|o| o.is_published())
        .ok_or(AppError::BadRequest)?;
    let mut tx = p.state.db().begin().await?;
    exec(
        &mut tx,
        "DELETE FROM youth_campaign_offers WHERE campaign_id = $1 AND offer_id = $2",
        vec![c.id.into(), offer.id.into()],
    )
    .await?;
    exec(
        &mut tx,
        "INSERT INTO youth_campaign_offers (campaign_id, offer_id, capacity) VALUES ($1, $2, $3)",
        vec![c.id.into(), offer.id.into(), offer.places.into()],
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/jeunes/campagnes/{id}"),
        "youth-flash-saved",
    ))
}

/// Adds a young person; their priority comes from their school or structure (REP+, QPV).
pub async fn add_person_to(db: &Db, campaign: i64, person: &Person) -> anyhow::Result<()> {
    let priority = match person.org_id {
        Some(org) => schools::structure(db, org).await?.priority(),
        None => 0,
    };
    let mut tx = db.begin().await?;
    exec(
        &mut tx,
        "DELETE FROM youth_campaign_people WHERE campaign_id = $1 AND person_id = $2",
        vec![campaign.into(), person.id.into()],
    )
    .await?;
    exec(
        &mut tx,
        "INSERT INTO youth_campaign_people (campaign_id, person_id, priority) VALUES ($1, $2, $3)",
        vec![campaign.into(), person.id.into(), priority.into()],
    )
    .await?;
    tx.commit().await
}

async fn add_person(p: Ctx, Path(id): Path<i64>, Form(f): Form<Fields>) -> AppResult<Response> {
    let c = open_campaign(&p, id).await?;
    let person = model::person(p.state.db(), f.get("person").parse().unwrap_or(0))
        .await?
        .ok_or(AppError::BadRequest)?;
    add_person_to(p.state.db(), c.id, &person).await?;
    Ok(see_other_flash(
        &format!("/staff/jeunes/campagnes/{id}"),
        "youth-flash-saved",
    ))
}

async fn run_route(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let c = open_campaign(&p, id).await?;
    let u = p.require_staff()?;
    run(p.state.db(), &c, u.id).await?;
    Ok(see_other_flash(
        &format!("/staff/jeunes/campagnes/{id}"),
        "youth-flash-campaign-run",
    ))
}

// ---- The young person's side: choices and result -------------------------------------------

/// One line of "why": an offer ranked higher than the result and what happened to it.
pub struct Why {
    pub offer: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "youth/campaign_choices.html")]
struct ChoicesTpl<'a> {
    p: &'a Ctx,
    c: Campaign,
    person: Person,
    offers: Vec<CampaignOffer>,
    ranks: Vec<(i64, i64)>,
    got: Option<String>,
    rank: Option<i64>,
    lottery: String,
    why: Vec<Why>,
}

impl ChoicesTpl<'_> {
    fn rank_of(&self, offer: &i64) -> String {
        self.ranks
            .iter()
            .find(|(o, _)| o == offer)
            .map(|(_, r)| r.to_string())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct ResultRow {
    offer_id: Option<i64>,
    lottery: String,
    explanation: String,
}

/// The campaign and person, if the signed-in user is the young person or their referent (staff
/// may look too); 404 otherwise.
async fn require_participant(p: &Ctx, id: i64, person: i64) -> AppResult<(Campaign, Person)> {
    let (person, _viewer) = model::require_person(p, person).await?;
    let c = campaign(p.state.db(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let inside: Option<(i64,)> = model::one(
        p.state.db(),
        "SELECT priority FROM youth_campaign_people WHERE campaign_id = $1 AND person_id = $2",
        vec![id.into(), person.id.into()],
    )
    .await?;
    inside.ok_or(AppError::NotFound)?;
    Ok((c, person))
}

async fn choices_page(p: Ctx, Path((id, person)): Path<(i64, i64)>) -> AppResult<Response> {
    let (c, person) = require_participant(&p, id, person).await?;
    let db = p.state.db();
    let offers: Vec<CampaignOffer> = model::all(
        db,
        "SELECT co.offer_id, o.title, co.capacity FROM youth_campaign_offers co JOIN youth_offers o ON o.id = co.offer_id \
         WHERE co.campaign_id = $1 ORDER BY o.title",
        vec![id.into()],
    )
    .await?;
    let ranks = model::all(
        db,
        "SELECT offer_id, rank FROM youth_campaign_choices WHERE campaign_id = $1 AND person_id = $2",
        vec![id.into(), person.id.into()],
    )
    .await?;
    let result: Option<ResultRow> = model::one(
        db,
        "SELECT offer_id, lottery, explanation FROM youth_campaign_results WHERE campaign_id = $1 AND person_id = $2",
        vec![id.into(), person.id.into()],
    )
    .await?;
    let title = |o: i64| {
        offers
            .iter()
            .find(|x| x.offer_id == o)
            .map(|x| x.title.clone())
            .unwrap_or_default()
    };
    let (mut got, mut rank, mut lottery, mut why) = (None, None, String::new(), vec![]);
    if let Some(r) = result {
        got = r.offer_id.map(title);
        lottery = r.lottery;
        let e: serde_json::Value = serde_json::from_str(&r.explanation)?;
        rank = e["rank"].as_i64();
        for x in e["refused"].as_array().cloned().unwrap_or_default() {
            let offer = title(x["offer"].as_i64().unwrap_or(0));
            let text = match x["reason"].as_str() {
                Some("full") => {
                    let cp = x["cutoff"]["priority"].as_f64().unwrap_or(0.0);
                    let yp = x["yours"]["priority"].as_f64().unwrap_or(0.0);
                    if cp > yp {
                        p.t("youth-why-full-priority")
                    } else {
                        p.t1(
                            "youth-why-full-lottery",
                            "cutoff",
                            x["cutoff"]["lottery"].as_str().unwrap_or(""),
                        )
                    }
                }
                Some("no_places") => p.t("youth-why-no-places"),
                _ => p.t("youth-why-not-acceptable"),
            };
            why.push(Why { offer, text });
        }
    }
    render(&ChoicesTpl {
        p: &p,
        c,
        person,
        offers,
        ranks,
        got,
        rank,
        lottery,
        why,
    })
}

/// Saves the ranking: each offer's field `rank_{offer}` holds its rank (empty = not wanted).
async fn save_choices(
    p: Ctx,
    Path((id, person)): Path<(i64, i64)>,
    Form(f): Form<Fields>,
) -> AppResult<Response> {
    let (c, person) = require_participant(&p, id, person).await?;
    let back = format!("/jeunes/campagnes/{id}/jeunes/{}", person.id);
    if c.is_run() {
        return Ok(see_other_flash(&back, "youth-campaign-closed"));
    }
    let db = p.state.db();
    let offers: Vec<(i64,)> = model::all(
        db,
        "SELECT offer_id FROM youth_campaign_offers WHERE campaign_id = $1",
        vec![id.into()],
    )
    .await?;
    let mut ranked: Vec<(i64, i64)> = offers
        .iter()
        .filter_map(|(o,)| {
            f.get(&format!("rank_{o}"))
                .parse::<i64>()
                .ok()
                .filter(|r| *r >= 1)
                .map(|r| (*o, r))
        })
        .collect();
    // Ranks are renumbered 1, 2, 3… in the order given (ties by offer id).
    ranked.sort_by_key(|(o, r)| (*r, *o));
    let mut tx = db.begin().await?;
    exec(
        &mut tx,
        "DELETE FROM youth_campaign_choices WHERE campaign_id = $1 AND person_id = $2",
        vec![id.into(), person.id.into()],
    )
    .await?;
    for (i, (o, _)) in ranked.iter().enumerate() {
        exec(
            &mut tx,
            "INSERT INTO youth_campaign_choices (campaign_id, person_id, offer_id, rank) VALUES ($1, $2, $3, $4)",
            vec![id.into(), person.id.into(), (*o).into(), (i as i64 + 1).into()],
        )
        .await?;
    }
    model::touch_person(&mut tx, person.id).await?;
    tx.commit().await?;
    Ok(see_other_flash(&back, "youth-flash-saved"))
}
