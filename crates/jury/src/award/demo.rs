//! Demo: one past commission on the closed pilot call, with a laureate (the demo association)
//! on the showcase: its file accepted through the lifecycle, an award with a paid and a planned
//! instalment, and its consent. Run after the calls demo (it needs the pilot call and the demo
//! association); does nothing when they are missing.

use crate::award::{insert_instalment, JuryAwards, JuryInstalments};
use crate::commission::model::{self as cm, Decision, JuryCommissions};
use chrono::{Duration, Months, Utc};
use essor_calls::model::{self as calls, Files, FinalDecision};
use essor_domain::forms::{Answers, Value};
use essor_domain::ids::{FileId, UserId};
use essor_domain::money::Cents;
use essor_platform::AppState;
use sea_query::{Alias, Expr, Query};

async fn user_id(state: &AppState, email: &str) -> anyhow::Result<Option<i64>> {
    let row: Option<(i64,)> = state
        .db()
        .fetch_optional(
            Query::select()
                .column(Alias::new("id"))
                .from(Alias::new("users"))
                .and_where(Expr::col(Alias::new("email")).eq(email)),
        )
        .await?;
    Ok(row.map(|r| r.0))
}

pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let db = state.db();
    let Some(call) = calls::call_by_slug(db, "progress-edition-pilote").await? else {
        return Ok(());
    };
    let (Some(staff), Some(owner)) = (
        user_id(state, "agent@essor.demo").await?,
        user_id(state, "asso@essor.demo").await?,
    ) else {
        return Ok(());
    };
    let org: Option<(i64,)> = db
        .fetch_optional(
            Query::select()
                .column(Alias::new("org_id"))
                .from(Alias::new("memberships"))
                .and_where(Expr::col(Alias::new("user_id")).eq(owner))
                .limit(1),
        )
        .await?;
    let (Some((org,)), Some(form)) = (org, call.current_form_id) else {
        return Ok(());
    };
    let now = Utc::now();
    let decided_at = now - Duration::days(45);
    let amount = 1_500_000i64;
    let answers = Answers::new().with(
        "indicators",
        Value::Group(vec![
            Answers::new()
                .with(
                    "indicator",
                    Value::Text("Paniers solidaires distribués".into()),
                )
                .with("target", Value::Text("2 400 par an".into())),
            Answers::new()
                .with("indicator", Value::Text("Bénévoles formés".into()))
                .with("target", Value::Text("35".into())),
        ]),
    );
    let mut tx = db.begin().await?;
    let file_id = tx
        .insert_id(
            Query::insert()
                .into_table(Files::Table)
                .columns([
                    Files::Number,
                    Files::CallId,
                    Files::FormId,
                    Files::OrgId,
                    Files::CreatedBy,
                    Files::State,
                    Files::Answers,
                    Files::RawInputs,
                    Files::Title,
                    Files::RequestedAmount,
                    Files::CommuneCode,
                    Files::SearchText,
                    Files::SubmittedAt,
                    Files::CreatedAt,
                    Files::UpdatedAt,
                ])
                .values_panic([
                    format!("{}-PILOTE-00001", call.file_prefix).into(),
                    call.id.into(),
                    form.into(),
                    org.into(),
                    owner.into(),
                    "submitted".into(),
                    serde_json::to_string(&answers)?.into(),
                    "{}".into(),
                    "Épicerie solidaire du Petit-Nanterre".into(),
                    2_000_000i64.into(),
                    "92050".into(),
                    "epicerie solidaire du petit-nanterre".into(),
                    (now - Duration::days(100)).into(),
                    (now - Duration::days(110)).into(),
                    now.into(),
                ])
                .to_owned(),
        )
        .await?;
    tx.commit().await?;
    let file = calls::file_by_id(db, FileId(file_id))
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo file vanished"))?;

    let mut tx = db.begin().await?;
    let commission = tx
        .insert_id(
            Query::insert()
                .into_table(JuryCommissions::Table)
                .columns([
                    JuryCommissions::CallId,
                    JuryCommissions::State,
                    JuryCommissions::HeldOn,
                    JuryCommissions::Members,
                    JuryCommissions::CreatedBy,
                    JuryCommissions::CreatedAt,
                    JuryCommissions::ClosedBy,
                    JuryCommissions::ClosedAt,
                    JuryCommissions::UpdatedAt,
                ])
                .values_panic([
                    call.id.into(),
                    "closed".into(),
                    decided_at.date_naive().into(),
                    "Vice-présidence ESS, service ESS, deux personnalités qualifiées".into(),
                    staff.into(),
                    decided_at.into(),
                    staff.into(),
                    decided_at.into(),
                    decided_at.into(),
                ])
                .to_owned(),
        )
        .await?;
    cm::history(
        &mut tx,
        commission,
        "open",
        "closed",
        "close",
        UserId(staff),
    )
    .await?;
    cm::set_decision(
        &mut tx,
        commission,
        file.id,
        Decision::Laureate,
        Some(amount),
        "",
        UserId(staff),
    )
    .await?;
    calls::decide_file(
        &mut tx,
        &file,
        FinalDecision::Accept(Cents(amount)),
        UserId(staff),
        None,
    )
    .await?
    .map_err(|e| anyhow::anyhow!("demo award: {}", e.code))?;
    let decided_day = decided_at.date_naive();
    let award = tx
        .insert_id(
            Query::insert()
                .into_table(JuryAwards::Table)
                .columns([
                    JuryAwards::CallId,
                    JuryAwards::FileId,
                    JuryAwards::OrgId,
                    JuryAwards::Amount,
                    JuryAwards::ConventionRequired,
                    JuryAwards::ReportDueOn,
                    JuryAwards::ShowcaseConsent,
                    JuryAwards::ConsentBy,
                    JuryAwards::ConsentAt,
                    JuryAwards::DecidedAt,
                    JuryAwards::UpdatedAt,
                ])
                .values_panic([
                    call.id.into(),
                    file.id.into(),
                    org.into(),
                    amount.into(),
                    false.into(),
                    decided_day
                        .checked_add_months(Months::new(12))
                        .unwrap_or(decided_day)
                        .into(),
                    true.into(),
                    owner.into(),
                    (decided_at + Duration::days(3)).into(),
                    decided_at.into(),
                    now.into(),
                ])
                .to_owned(),
        )
        .await?;
    let first = insert_instalment(
        &mut tx,
        award,
        amount * 7 / 10,
        decided_day + Duration::days(30),
        UserId(staff),
    )
    .await?;
    tx.execute(
        Query::update()
            .table(JuryInstalments::Table)
            .values([
                (JuryInstalments::Status, "paid".into()),
                (
                    JuryInstalments::PaidOn,
                    (decided_day + Duration::days(32)).into(),
                ),
            ])
            .and_where(Expr::col(JuryInstalments::Id).eq(first)),
    )
    .await?;
    insert_instalment(
        &mut tx,
        award,
        amount - amount * 7 / 10,
        decided_day + Duration::days(300),
        UserId(staff),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_laureate_has_indicators() {
        let a = super::Answers::new().with(
            "indicators",
            super::Value::Group(vec![super::Answers::new()
                .with("indicator", super::Value::Text("X".into()))
                .with("target", super::Value::Text("1".into()))]),
        );
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(
            crate::showcase::indicators(&json),
            vec![("X".to_string(), "1".to_string())]
        );
    }
}
