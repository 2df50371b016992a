//! Being written.
use axum::Router;
use essor_platform::jobs::Registry;
use essor_platform::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}

pub fn jobs(_r: &mut Registry) {}

/// The apply room's hourly work (draft reminders), if any.
pub fn periodic() -> Option<essor_platform::app::Periodic> {
    None
}
