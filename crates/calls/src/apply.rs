//! Being written.
use axum::Router;
use essor_platform::jobs::Registry;
use essor_platform::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}

pub fn jobs(_r: &mut Registry) {}
