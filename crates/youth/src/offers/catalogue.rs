//! The public catalogue of published offers: filters (kind, axis, job, commune, age, dates) and a
//! French full-text search on a folded column (accents and case ignored on both engines).

use crate::model::{self, Offer, Person, REFERENT_KINDS};
use crate::types::{fold, Axis, OfferKind};
use crate::web::{commune_name, communes, date};
use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use essor_platform::web::{render, AppError, AppResult, Ctx};
use essor_platform::AppState;
use sea_query::Value;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/jeunes", get(home))
        .route("/jeunes/offres", get(list))
        .route("/jeunes/offres/{id}", get(show))
}

#[derive(Template)]
#[template(path = "youth/home.html")]
struct HomeTpl<'a> {
    p: &'a Ctx,
}

async fn home(p: Ctx) -> AppResult<Response> {
    render(&HomeTpl { p: &p })
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct Filters {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub axis: String,
    #[serde(default)]
    pub job: String,
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub age: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

/// Published offers matching the filters, soonest first. Unknown filter values are ignored.
pub async fn search(db: &essor_platform::db::Db, f: &Filters) -> anyhow::Result<Vec<Offer>> {
    let mut wh = vec!["o.state = 'published'".to_owned()];
    let mut v: Vec<Value> = vec![];
    let bind = |v: &mut Vec<Value>, val: Value| {
        v.push(val);
        format!("${}", v.len())
    };
    if let Some(k) = OfferKind::parse(&f.kind) {
        let n = bind(&mut v, k.as_str().into());
        wh.push(format!("o.kind = {n}"));
    }
    if let Some(a) = Axis::parse(&f.axis) {
        // Axes are stored as a comma-separated list of known names.
        let n = bind(&mut v, format!("%{}%", a.as_str()).into());
        wh.push(format!("o.axes LIKE {n}"));
    }
    let job = fold(&f.job);
    if !job.is_empty() {
        let n = bind(&mut v, format!("%{job}%").into());
        let m = bind(&mut v, f.job.trim().to_ascii_uppercase().into());
        wh.push(format!("(o.search_text LIKE {n} OR o.rome_code = {m})"));
    }
    if !f.commune.is_empty() {
        let n = bind(&mut v, f.commune.clone().into());
        wh.push(format!("o.commune_code = {n}"));
    }
    if let Ok(age) = f.age.trim().parse::<i64>() {
        let n = bind(&mut v, age.into());
        wh.push(format!("o.min_age <= {n} AND o.max_age >= {n}"));
    }
    if let Some(d) = date(&f.from) {
        let n = bind(&mut v, d.into());
        wh.push(format!("o.end_date >= {n}"));
    }
    if let Some(d) = date(&f.to) {
        let n = bind(&mut v, d.into());
        wh.push(format!("o.start_date <= {n}"));
    }
    for word in fold(&f.q).split_whitespace().take(8) {
        let n = bind(&mut v, format!("%{word}%").into());
        wh.push(format!("o.search_text LIKE {n}"));
    }
    model::all(
        db,
        &format!(
            "SELECT {} FROM {} WHERE {} ORDER BY o.start_date, o.id LIMIT 200",
            model::OFFER_COLUMNS,
            model::OFFER_FROM,
            wh.join(" AND ")
        ),
        v,
    )
    .await
}

#[derive(Template)]
#[template(path = "youth/catalogue.html")]
struct ListTpl<'a> {
    p: &'a Ctx,
    f: Filters,
    offers: Vec<Offer>,
}

impl ListTpl<'_> {
    fn kinds(&self) -> Vec<(String, String)> {
        OfferKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), self.p.t(k.message_id())))
            .collect()
    }
    fn axes(&self) -> Vec<(String, String)> {
        Axis::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), self.p.t(k.message_id())))
            .collect()
    }
    fn communes(&self) -> Vec<(String, String)> {
        communes(self.p)
    }
    fn commune(&self, code: &str) -> String {
        commune_name(self.p, code)
    }
}

async fn list(p: Ctx, Query(f): Query<Filters>) -> AppResult<Response> {
    let offers = search(p.state.db(), &f).await?;
    render(&ListTpl { p: &p, f, offers })
}

/// A group of the signed-in referent, to request the offer for.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GroupChoice {
    pub id: i64,
    pub name: String,
}

#[derive(Template)]
#[template(path = "youth/offer_show.html")]
struct ShowTpl<'a> {
    p: &'a Ctx,
    offer: Offer,
    /// The signed-in young person's own profile (to apply alone).
    me: Option<Person>,
    /// Pupils the signed-in referent registered (to apply for them).
    pupils: Vec<Person>,
    groups: Vec<GroupChoice>,
    manager: bool,
}

impl ShowTpl<'_> {
    fn commune(&self) -> String {
        commune_name(self.p, &self.offer.commune_code)
    }
    fn pupil_options(&self) -> Vec<(String, String)> {
        self.pupils
            .iter()
            .map(|y| (y.id.to_string(), y.name()))
            .collect()
    }
    fn group_options(&self) -> Vec<(String, String)> {
        self.groups
            .iter()
            .map(|g| (g.id.to_string(), g.name.clone()))
            .collect()
    }
    fn no_errors(&self) -> essor_platform::web::FormErrors {
        Default::default()
    }
}

async fn show(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let db = p.state.db();
    let offer = model::offer(db, id).await?.ok_or(AppError::NotFound)?;
    let mut manager = false;
    if !offer.is_published() {
        // Hosts and staff may look at an offer before publication; nobody else knows it.
        match &p.user {
            Some(u) if u.is_staff() || model::is_member(db, offer.org_id, u.id).await? => {
                manager = true
            }
            _ => return Err(AppError::NotFound),
        }
    }
    let (mut me, mut pupils, mut groups) = (None, vec![], vec![]);
    if let Some(u) = &p.user {
        me = model::person_of_user(db, u.id).await?;
        for (org, _) in model::my_orgs(db, u.id, REFERENT_KINDS).await? {
            pupils.extend(
                model::all::<Person>(
                    db,
                    &format!(
                        "SELECT {} FROM youth_people y WHERE y.org_id = $1 AND y.anonymised_at IS NULL ORDER BY y.last_name",
                        model::PERSON_COLUMNS
                    ),
                    vec![org.into()],
                )
                .await?,
            );
            groups.extend(
                model::all::<GroupChoice>(
                    db,
                    "SELECT id, name FROM youth_groups WHERE org_id = $1 ORDER BY name",
                    vec![org.into()],
                )
                .await?,
            );
        }
    }
    render(&ShowTpl {
        p: &p,
        offer,
        me,
        pupils,
        groups,
        manager,
    })
}
