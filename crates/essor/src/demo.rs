//! `essor demo`: realistic demo data and the logins to try it.

use essor_platform::AppState;

pub const DEMO_PASSWORD: &str = "essor-demo-2026";

pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    essor_accounts::demo::seed(state, DEMO_PASSWORD).await?;
    let staff = essor_accounts::users::by_email(
        state.db(),
        &essor_domain::email::Email::parse("agent@essor.demo")?,
    )
    .await?
    .ok_or_else(|| anyhow::anyhow!("the demo staff account is missing"))?;
    essor_calls::admin::demo::seed_demo(state, staff.id()).await?;
    essor_jury::demo::seed(state).await?;
    essor_events::demo::seed(state).await?;
    essor_youth::demo::seed(state).await?;
    essor_observatory::demo::seed(state).await?;
    Ok(())
}

pub fn print_logins(state: &AppState) {
    println!();
    println!(
        "Essor demo — {} — {}",
        state.config().territory_name,
        state.config().base_url()
    );
    println!("Every demo account uses the password: {DEMO_PASSWORD}");
    for (email, what) in essor_accounts::demo::LOGINS {
        println!("  {email:<32} {what}");
    }
    println!(
        "Mail is written to {}",
        state.config().outbox_dir().display()
    );
    println!();
}
