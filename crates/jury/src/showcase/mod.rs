//! The public showcase of supported projects. A laureate organisation writes its page at
//! `/awards/{id}/showcase` (story, beneficiaries, jobs, UN sustainable-development goals, up to
//! six pictures with their alternative text, progress updates); `/laureats` lists the public
//! pages with filters, `/laureats/{id}` shows one.
//!
//! A page is public when the laureate consented (`/awards/{id}/consent`), the file is still
//! accepted and staff have not hidden it; anything else is 404 for the public. Members of the
//! organisation and staff see a preview of a page that is not public, and its pictures.
//!
//! Rooms: `model` (records), `public` (list, page, pictures), `manage` (the laureate's editing
//! and the staff's moderation).

pub mod manage;
pub mod model;
pub mod public;

use crate::award::{self, Award};
use axum::routing::{get, post};
use axum::Router;
use essor_domain::forms::{Answers, Value};
use essor_domain::ids::UserId;
use essor_platform::db::Db;
use essor_platform::storage::FileType;
use essor_platform::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/laureats", get(public::list))
        .route("/laureats/{id}", get(public::show))
        .route("/laureats/{id}/photos/{pic}", get(public::photo))
        .route(
            "/awards/{id}/showcase",
            get(manage::page).post(manage::save),
        )
        .route("/awards/{id}/showcase/pictures", post(manage::add_picture))
        .route(
            "/awards/{id}/showcase/pictures/{pic}",
            post(manage::edit_picture),
        )
        .route(
            "/awards/{id}/showcase/pictures/{pic}/delete",
            post(manage::delete_picture),
        )
        .route("/awards/{id}/showcase/updates", post(manage::add_update))
        .route(
            "/awards/{id}/showcase/updates/{update}/delete",
            post(manage::delete_update),
        )
        .route("/awards/{id}/showcase/moderation", post(manage::moderate))
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

/// Whether the public may see this award's page.
pub fn is_public(a: &Award, page: &model::Page) -> bool {
    a.showcase_consent && a.file_state == "accepted" && !page.hidden()
}

/// The public pages, most recent decision first, with what the laureates wrote.
pub async fn public_pages(db: &Db) -> anyhow::Result<Vec<(Award, model::Page)>> {
    let mut pages: std::collections::HashMap<i64, model::Page> =
        model::pages(db).await?.into_iter().collect();
    Ok(award::showcased(db)
        .await?
        .into_iter()
        .map(|a| {
            let page = pages.remove(&a.id).unwrap_or_default();
            (a, page)
        })
        .filter(|(a, page)| is_public(a, page))
        .collect())
}

/// Stores a JPEG or PNG given whole and adds it to the page (the demo and tests; people's
/// uploads stream through `manage`). `Ok(None)` when the page already has its six pictures.
pub async fn add_picture_bytes(
    state: &AppState,
    award: i64,
    bytes: &[u8],
    alt: &str,
    by: UserId,
) -> anyhow::Result<Option<i64>> {
    let stored = state
        .storage()
        .put_bytes(
            &format!("showcase/{award}"),
            bytes.to_vec(),
            model::MAX_PICTURE_BYTES,
            &[FileType::Jpeg, FileType::Png],
        )
        .await
        .map_err(|e| anyhow::anyhow!("storing a picture: {e}"))?;
    let mut tx = state.db().begin().await?;
    let content_type = stored.file_type.content_type("");
    let id = model::add_picture(
        &mut tx,
        award,
        &stored.key,
        content_type,
        stored.size,
        alt,
        by,
    )
    .await?;
    tx.commit().await?;
    if id.is_none() {
        state.storage().delete(&stored.key).await?;
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicators_come_from_the_group_and_skip_blank_lines() {
        let json = r#"{"indicators":{"group":[{"indicator":{"text":"Paniers"},"target":{"text":"500"}},{"indicator":{"text":" "}}]}}"#;
        let got = indicators(json);
        assert_eq!(got, vec![("Paniers".to_owned(), "500".to_owned())]);
        assert!(indicators("not json").is_empty());
    }
}
