//! The public showcase of laureates who agreed to appear: `/laureats` lists them (project,
//! organisation, commune, amount), `/laureats/{id}` shows one project with the indicators its
//! file expects (the CERFA 12156 `indicators` group, when the form has it). Only awards whose
//! laureate consented, on files still accepted, exist here: anything else is 404.

use crate::award::shared::{money, path_id};
use crate::award::{self, Award};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use essor_domain::forms::{Answers, Value};
use essor_platform::web::{render, AppError, AppResult, Ctx};
use essor_platform::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/laureats", get(list))
        .route("/laureats/{id}", get(show))
}

/// (indicator, target) pairs the file expects, from its answers.
pub fn indicators(answers_json: &str) -> Vec<(String, String)> {
    let Ok(answers) = serde_json::from_str::<Answers>(answers_json) else {
        return vec![];
    };
    let text = |a: &Answers, id: &str| match a.get(id) {
        Some(Value::Text(s)) => s.trim().to_owned(),
        _ => String::new(),
    };
    match answers.get("indicators") {
        Some(Value::Group(items)) => items
            .iter()
            .map(|i| (text(i, "indicator"), text(i, "target")))
            .filter(|(i, _)| !i.is_empty())
            .collect(),
        _ => vec![],
    }
}

pub struct Card {
    pub id: i64,
    pub title: String,
    pub org: String,
    pub commune: String,
    pub amount: String,
    pub call: String,
    pub year: String,
    pub indicators: Vec<(String, String)>,
}

fn card(p: &Ctx, a: &Award) -> Card {
    let commune = a
        .commune_code
        .as_deref()
        .map(|c| {
            p.state
                .territory()
                .commune(c)
                .map(|x| x.name.clone())
                .unwrap_or_else(|| c.to_owned())
        })
        .unwrap_or_default();
    Card {
        id: a.id,
        title: a.title.clone(),
        org: a.org_name.clone(),
        commune,
        amount: money(p.lang(), a.amount),
        call: a.call_title.clone(),
        year: a
            .decided_at
            .with_timezone(&p.state.tz())
            .format("%Y")
            .to_string(),
        indicators: indicators(&a.answers),
    }
}

#[derive(Template)]
#[template(path = "jury/showcase/list.html")]
struct ListTpl<'a> {
    p: &'a Ctx,
    cards: Vec<Card>,
}

#[derive(Template)]
#[template(path = "jury/showcase/show.html")]
struct ShowTpl<'a> {
    p: &'a Ctx,
    c: Card,
}

/// GET /laureats
async fn list(p: Ctx) -> AppResult<Response> {
    let cards = award::showcased(p.state.db())
        .await?
        .iter()
        .map(|a| card(&p, a))
        .collect();
    render(&ListTpl { p: &p, cards })
}

/// GET /laureats/{id}
async fn show(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let id = path_id(&id)?;
    let a = award::showcased(p.state.db())
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or(AppError::NotFound)?;
    render(&ShowTpl {
        c: card(&p, &a),
        p: &p,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicators_come_from_the_group_and_skip_blank_lines() {
        let json = r#"{"indicators":{"Group":[{"indicator":{"Text":"Paniers"},"target":{"Text":"500"}},{"indicator":{"Text":" "}}]}}"#;
        let got = indicators(json);
        // Whatever the exact serialisation, blank indicators never show and bad JSON gives none.
        assert!(got.iter().all(|(i, _)| !i.trim().is_empty()));
        assert!(indicators("not json").is_empty());
    }
}
