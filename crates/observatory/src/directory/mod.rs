//! The public directory of the territory's ESS structures (`/annuaire`): search by name (accents
//! and case ignored on both engines: the query is folded in Rust like `search_text` was at
//! import), filters by sector (NAF section), commune, legal family and size band, pagination,
//! and a page per establishment.
//!
//! Partial diffusion (`statutDiffusion = P`): no address beyond the commune, and no name when
//! the unit is a natural person; a structure with an account on Essor (same SIRET) is marked,
//! with a link to its profile for those who may open it.

mod queries;

pub use queries::{select as queries_select, Entry, Filters};

use crate::sirene::families::{Family, SECTION_LETTERS, SIZE_BANDS};
use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use essor_platform::web::{render, AppError, AppResult, Ctx};
use essor_platform::AppState;

pub const PAGE_SIZE: u64 = 25;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/annuaire", get(list))
        .route("/annuaire/{siret}", get(show))
}

/// An option of a filter's select: value, label, selected.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "directory/list.html")]
struct ListTpl<'a> {
    p: &'a Ctx,
    f: Filters,
    entries: Vec<Entry>,
    total: i64,
    page: u64,
    pages: u64,
    sectors: Vec<Choice>,
    communes: Vec<Choice>,
    families: Vec<Choice>,
    sizes: Vec<Choice>,
    prev: Option<String>,
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "directory/show.html")]
struct ShowTpl<'a> {
    p: &'a Ctx,
    e: Entry,
    /// Where this visitor may open the structure's Essor profile, if anywhere.
    profile: Option<String>,
}

fn choices(p: &Ctx, values: Vec<(String, String)>, chosen: &str) -> Vec<Choice> {
    let mut v = vec![Choice {
        value: String::new(),
        label: p.t("observatory-filter-any"),
        selected: chosen.is_empty(),
    }];
    v.extend(values.into_iter().map(|(value, label)| Choice {
        selected: value == chosen,
        value,
        label,
    }));
    v
}

pub fn sector_label(p: &Ctx, s: &str) -> String {
    p.t(format!("observatory-naf-{s}"))
}

pub fn size_label(p: &Ctx, s: &str) -> String {
    p.t(format!("observatory-size-{s}"))
}

pub fn commune_name(p: &Ctx, code: &str) -> String {
    p.state
        .territory()
        .commune(code)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| code.to_owned())
}

async fn list(p: Ctx, Query(raw): Query<queries::RawFilters>) -> AppResult<Response> {
    let f = Filters::parse(raw, p.state.territory());
    let db = p.state.db();
    let total = queries::count(db, &f).await?;
    let pages = ((total as u64).div_ceil(PAGE_SIZE)).max(1);
    let page = f.page.clamp(1, pages);
    let entries = queries::search(db, &f, page, PAGE_SIZE).await?;
    let link = |n: u64| format!("/annuaire?{}", f.query_string(n));
    let tpl = ListTpl {
        sectors: choices(
            &p,
            SECTION_LETTERS
                .iter()
                .map(|s| (s.to_string(), sector_label(&p, &s.to_string())))
                .collect(),
            &f.sector,
        ),
        communes: choices(
            &p,
            p.state
                .territory()
                .communes
                .iter()
                .map(|c| (c.code.clone(), c.name.clone()))
                .collect(),
            &f.commune,
        ),
        families: choices(
            &p,
            Family::ALL
                .iter()
                .map(|x| (x.code().to_owned(), p.t(x.message_id())))
                .collect(),
            f.family.map(|x| x.code()).unwrap_or(""),
        ),
        sizes: choices(
            &p,
            SIZE_BANDS
                .iter()
                .map(|(c, _)| (c.to_string(), size_label(&p, c)))
                .collect(),
            &f.size,
        ),
        prev: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
        p: &p,
        entries,
        total,
        page,
        pages,
        f,
    };
    render(&tpl)
}

async fn show(p: Ctx, Path(siret): Path<String>) -> AppResult<Response> {
    let siret = essor_domain::identifiers::Siret::parse(&siret).map_err(|_| AppError::NotFound)?;
    let e = queries::by_siret(p.state.db(), siret.as_str())
        .await?
        .ok_or(AppError::NotFound)?;
    let profile = match (e.org_id, &p.user) {
        (Some(_), Some(_)) if p.is_staff() => e.org_id.map(|id| format!("/staff/orgs/{id}")),
        (Some(id), Some(u)) if queries::is_member(p.state.db(), id, u.id.0).await? => {
            Some(format!("/orgs/{id}"))
        }
        _ => None,
    };
    render(&ShowTpl { p: &p, e, profile })
}

impl Entry {
    /// The name shown in public: hidden for a natural person under partial diffusion.
    pub fn public_name(&self, p: &Ctx) -> String {
        if crate::sirene::store::hides_name(self.partial_diffusion, &self.legal_category) {
            return p.t("observatory-name-withheld");
        }
        match (&self.usual_name, self.name.is_empty()) {
            (Some(u), true) => u.clone(),
            (_, true) => p.t("observatory-name-unknown"),
            _ => self.name.clone(),
        }
    }

    /// Street and postal code are shown only under full diffusion.
    pub fn shows_address(&self) -> bool {
        !self.partial_diffusion
    }

    pub fn family_label(&self, p: &Ctx) -> String {
        Family::parse(&self.legal_family)
            .map(|f| p.t(f.message_id()))
            .unwrap_or_else(|| self.legal_family.clone())
    }

    pub fn sector(&self, p: &Ctx) -> String {
        self.naf_section
            .as_deref()
            .map(|s| sector_label(p, s))
            .unwrap_or_else(|| "—".into())
    }

    pub fn size(&self, p: &Ctx) -> String {
        self.size_band
            .as_deref()
            .map(|s| size_label(p, s))
            .unwrap_or_else(|| p.t("observatory-size-unknown"))
    }

    pub fn commune(&self, p: &Ctx) -> String {
        commune_name(p, &self.commune_code)
    }

    pub fn status_label(&self, p: &Ctx) -> String {
        p.t(format!("observatory-status-{}", self.status))
    }
}
