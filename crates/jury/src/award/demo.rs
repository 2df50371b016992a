//! Demo: one past commission on a closed call, with a laureate who agreed to the showcase.
//! Filled in once the demo's call and files exist (see `crate::demo`).

use essor_platform::AppState;

pub async fn seed(_state: &AppState) -> anyhow::Result<()> {
    Ok(())
}
