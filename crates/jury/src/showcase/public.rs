//! `/laureats`: the public list with its filters (search ignoring accents, call, commune, year,
//! goal, amount band) and pages; `/laureats/{id}`: one project; `/laureats/{id}/photos/{pic}`:
//! its pictures. Laureates are a few dozen a year, so the list is filtered in memory from one
//! query rather than in SQL.

use super::model::{self, Page, Picture, Update};
use super::{indicators, is_public, public_pages};
use crate::award::shared::{is_member, money, path_id};
use crate::award::{self, Award};
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use essor_calls::instruction::search_fold;
use essor_calls::public::markdown::render_markdown;
use essor_platform::web::{render, urlencode, AppError, AppResult, Ctx};
use serde::Deserialize;

/// Cards per page of the list.
pub const PAGE_SIZE: usize = 12;

/// Amount bands of the filter, in cents: (value, lower bound included, upper bound excluded).
const BANDS: [(&str, i64, i64); 3] = [
    ("moins-10000", 0, 1_000_000),
    ("10000-30000", 1_000_000, 3_000_000),
    ("plus-30000", 3_000_000, i64::MAX),
];

pub struct Card {
    pub id: i64,
    pub title: String,
    pub org: String,
    pub commune: String,
    pub commune_code: String,
    pub amount: String,
    pub amount_cents: i64,
    pub call: String,
    pub call_id: i64,
    pub year: String,
    pub excerpt: String,
    pub goals: Vec<u8>,
    pub thumb: Option<(i64, String)>,
    /// Folded title, organisation, commune, call and story, for the search.
    pub fold: String,
}

pub fn commune_name(p: &Ctx, code: Option<&str>) -> String {
    code.map(|c| {
        p.state
            .territory()
            .commune(c)
            .map(|x| x.name.clone())
            .unwrap_or_else(|| c.to_owned())
    })
    .unwrap_or_default()
}

fn year(p: &Ctx, a: &Award) -> String {
    a.decided_at
        .with_timezone(&p.state.tz())
        .format("%Y")
        .to_string()
}

/// The story's first words as plain text (Markdown marks dropped), for the cards.
pub fn excerpt(story: &str, max: usize) -> String {
    let plain: String = story
        .chars()
        .map(|c| if "#*_>`[]|~".contains(c) { ' ' } else { c })
        .collect();
    let words: Vec<&str> = plain.split_whitespace().collect();
    let mut out = String::new();
    for w in words {
        if out.chars().count() + w.chars().count() + 1 > max {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn card(p: &Ctx, a: &Award, page: &Page, thumb: Option<&Picture>) -> Card {
    let commune = commune_name(p, a.commune_code.as_deref());
    let fold = search_fold(&format!(
        "{} {} {} {} {}",
        a.title, a.org_name, commune, a.call_title, page.story
    ));
    Card {
        id: a.id,
        title: a.title.clone(),
        org: a.org_name.clone(),
        commune_code: a.commune_code.clone().unwrap_or_default(),
        commune,
        amount: money(p.lang(), a.amount),
        amount_cents: a.amount,
        call: a.call_title.clone(),
        call_id: a.call_id,
        year: year(p, a),
        excerpt: excerpt(&page.story, 180),
        goals: page.goals(),
        thumb: thumb.map(|t| (t.id, t.alt.clone())),
        fold,
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct RawFilters {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub appel: String,
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub annee: String,
    #[serde(default)]
    pub odd: String,
    #[serde(default)]
    pub montant: String,
    #[serde(default)]
    pub page: String,
}

impl RawFilters {
    fn matches(&self, c: &Card) -> bool {
        let q = search_fold(&self.q);
        let words_match = q.split(' ').filter(|w| !w.is_empty()).all(|w| {
            // Whole words or their beginnings: "jardin" finds "jardins", "art" not "quartier".
            c.fold.split(' ').any(|word| word.starts_with(w))
        });
        let band = BANDS.iter().find(|(v, _, _)| *v == self.montant);
        words_match
            && (self.appel.is_empty() || self.appel == c.call_id.to_string())
            && (self.commune.is_empty() || self.commune == c.commune_code)
            && (self.annee.is_empty() || self.annee == c.year)
            && (self.odd.is_empty() || c.goals.iter().any(|g| g.to_string() == self.odd))
            && band.is_none_or(|(_, lo, hi)| (*lo..*hi).contains(&c.amount_cents))
    }

    /// The list's address with these filters and another page.
    fn link(&self, page: usize) -> String {
        let mut parts = vec![];
        for (k, v) in [
            ("q", &self.q),
            ("appel", &self.appel),
            ("commune", &self.commune),
            ("annee", &self.annee),
            ("odd", &self.odd),
            ("montant", &self.montant),
        ] {
            if !v.trim().is_empty() {
                parts.push(format!("{k}={}", urlencode(v.trim())));
            }
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            "/laureats".to_owned()
        } else {
            format!("/laureats?{}", parts.join("&"))
        }
    }
}

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn options(all: String, chosen: &str, mut items: Vec<(String, String)>) -> Vec<Opt> {
    items.sort_by(|a, b| a.1.cmp(&b.1));
    items.dedup();
    std::iter::once((String::new(), all))
        .chain(items)
        .map(|(value, label)| Opt {
            selected: value == chosen,
            value,
            label,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "jury/showcase/list.html")]
struct ListTpl<'a> {
    p: &'a Ctx,
    f: RawFilters,
    cards: Vec<Card>,
    total: usize,
    any: bool,
    page: usize,
    pages: usize,
    prev: Option<String>,
    next: Option<String>,
    calls: Vec<Opt>,
    communes: Vec<Opt>,
    years: Vec<Opt>,
    goals: Vec<Opt>,
    amounts: Vec<Opt>,
}

/// GET /laureats
pub async fn list(p: Ctx, Query(f): Query<RawFilters>) -> AppResult<Response> {
    let db = p.state.db();
    let shown = public_pages(db).await?;
    let thumbs = model::first_pictures(db).await?;
    let all: Vec<Card> = shown
        .iter()
        .map(|(a, page)| card(&p, a, page, thumbs.get(&a.id)))
        .collect();
    let all_label = p.t("jury-showcase-filter-all");
    let calls = options(
        all_label.clone(),
        &f.appel,
        all.iter()
            .map(|c| (c.call_id.to_string(), c.call.clone()))
            .collect(),
    );
    let communes = options(
        all_label.clone(),
        &f.commune,
        all.iter()
            .filter(|c| !c.commune_code.is_empty())
            .map(|c| (c.commune_code.clone(), c.commune.clone()))
            .collect(),
    );
    let mut years = options(
        all_label.clone(),
        &f.annee,
        all.iter()
            .map(|c| (c.year.clone(), c.year.clone()))
            .collect(),
    );
    // Most recent year first after "all".
    years[1..].reverse();
    let mut present: Vec<u8> = all.iter().flat_map(|c| c.goals.clone()).collect();
    present.sort_unstable();
    present.dedup();
    let goals = std::iter::once(Opt {
        value: String::new(),
        label: all_label.clone(),
        selected: f.odd.is_empty(),
    })
    .chain(present.iter().map(|g| Opt {
        value: g.to_string(),
        label: format!("{g}. {}", p.t(format!("jury-showcase-sdg-{g}"))),
        selected: f.odd == g.to_string(),
    }))
    .collect();
    let amounts = std::iter::once(Opt {
        value: String::new(),
        label: all_label,
        selected: f.montant.is_empty(),
    })
    .chain(BANDS.iter().map(|(v, _, _)| Opt {
        value: (*v).to_owned(),
        label: p.t(format!("jury-showcase-amount-{v}")),
        selected: f.montant == *v,
    }))
    .collect();
    let any = !all.is_empty();
    let matching: Vec<Card> = all.into_iter().filter(|c| f.matches(c)).collect();
    let total = matching.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = f.page.trim().parse::<usize>().unwrap_or(1).clamp(1, pages);
    let cards = matching
        .into_iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    render(&ListTpl {
        prev: (page > 1).then(|| f.link(page - 1)),
        next: (page < pages).then(|| f.link(page + 1)),
        p: &p,
        f,
        cards,
        total,
        any,
        page,
        pages,
        calls,
        communes,
        years,
        goals,
        amounts,
    })
}

/// What the viewer may see of an award's page.
struct Visible {
    a: Award,
    page: Page,
    public: bool,
    /// The viewer is a member of the laureate organisation.
    member: bool,
}

/// The award and its page when the viewer may see them (404 otherwise): public pages for
/// everyone, the others as a preview for staff and the laureate organisation's members.
async fn visible(p: &Ctx, raw_id: &str) -> AppResult<Visible> {
    let db = p.state.db();
    let a = award::award_by_id(db, path_id(raw_id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let page = model::page(db, a.id).await?;
    let public = is_public(&a, &page);
    let member = is_member(p, a.org_id).await?;
    if !public && !p.is_staff() && !member {
        return Err(AppError::NotFound);
    }
    Ok(Visible {
        a,
        page,
        public,
        member,
    })
}

pub struct UpdateView {
    pub title: String,
    pub date: String,
    pub body_html: String,
}

#[derive(Template)]
#[template(path = "jury/showcase/show.html")]
struct ShowTpl<'a> {
    p: &'a Ctx,
    a: &'a Award,
    page: &'a Page,
    public: bool,
    commune: String,
    amount: String,
    year: String,
    story_html: String,
    goals: Vec<u8>,
    pictures: Vec<Picture>,
    indicators: Vec<(String, String)>,
    updates: Vec<UpdateView>,
    may_edit: bool,
}

pub fn update_views(p: &Ctx, updates: Vec<Update>) -> Vec<UpdateView> {
    updates
        .into_iter()
        .map(|u| UpdateView {
            date: p.date(&u.posted_at.with_timezone(&p.state.tz()).date_naive()),
            body_html: render_markdown(&u.body),
            title: u.title,
        })
        .collect()
}

/// GET /laureats/{id}
pub async fn show(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let Visible {
        a,
        page,
        public,
        member: may_edit,
    } = visible(&p, &id).await?;
    let db = p.state.db();
    render(&ShowTpl {
        commune: commune_name(&p, a.commune_code.as_deref()),
        amount: money(p.lang(), a.amount),
        year: year(&p, &a),
        story_html: render_markdown(&page.story),
        goals: page.goals(),
        pictures: model::pictures(db, a.id).await?,
        indicators: indicators(&a.answers),
        updates: update_views(&p, model::updates(db, a.id).await?),
        may_edit,
        public,
        page: &page,
        a: &a,
        p: &p,
    })
}

/// GET /laureats/{id}/photos/{pic} — served inline only because the content was checked to be
/// JPEG or PNG on upload; `nosniff` keeps browsers from reading it as anything else.
pub async fn photo(p: Ctx, Path((id, pic)): Path<(String, String)>) -> AppResult<Response> {
    let Visible { a, public, .. } = visible(&p, &id).await?;
    let pic = model::picture(p.state.db(), a.id, path_id(&pic)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let content_type = match pic.content_type.as_str() {
        "image/png" => "image/png",
        "image/jpeg" => "image/jpeg",
        _ => return Err(AppError::NotFound),
    };
    let bytes = p.state.storage().get(&pic.storage_key).await?;
    let cache = if public {
        "public, max-age=3600"
    } else {
        "private, no-store"
    };
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_drops_marks_and_cuts_between_words() {
        assert_eq!(
            excerpt("# Titre\n\n**Un** _jardin_", 100),
            "Titre Un jardin"
        );
        let long = excerpt("mot ".repeat(100).as_str(), 20);
        assert!(long.ends_with('…'));
        assert!(long.chars().count() <= 21, "{long}");
        assert!(!long.contains("mo…"), "never cuts inside a word: {long}");
    }
}
