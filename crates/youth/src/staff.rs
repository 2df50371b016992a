//! The module's staff home: offers waiting for moderation and the way to every staff page.

use crate::model::Offer;
use askama::Template;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use essor_platform::web::{render, AppResult, Ctx};
use essor_platform::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/staff/jeunes", get(home))
}

#[derive(Template)]
#[template(path = "youth/staff_home.html")]
struct HomeTpl<'a> {
    p: &'a Ctx,
    submitted: Vec<Offer>,
}

async fn home(p: Ctx) -> AppResult<Response> {
    p.require_staff()?;
    let submitted = crate::offers::submitted_offers(p.state.db()).await?;
    render(&HomeTpl { p: &p, submitted })
}
