//! Demo data for `essor demo` (called after the accounts and calls demo).

use essor_platform::AppState;

pub async fn seed(_state: &AppState) -> anyhow::Result<()> {
    Ok(())
}
