//! Demo data for `essor demo` (called after the accounts and calls demo).

use essor_platform::AppState;

pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    crate::award::demo::seed(state).await?;
    Ok(())
}
