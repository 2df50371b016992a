//! placeholder
use axum::Router;
use essor_platform::AppState;
pub fn routes() -> Router<AppState> {
    Router::new()
}
