//! Demo: a past edition of Progr'ESS (2025, closed) whose commission met, with a laureate (the
//! demo association) on the showcase: its file accepted through the lifecycle, an award with a
//! paid and a planned instalment, and its consent. Run after the accounts demo (it needs the demo
//! staff and association); does nothing when they are missing.

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

const PAST_SLUG: &str = "progress-2025";

/// The 2025 edition, closed for a year, with the CERFA 12156 form.
async fn past_call(state: &AppState, staff: i64) -> anyhow::Result<calls::Call> {
    let db = state.db();
    if let Some(c) = calls::call_by_slug(db, PAST_SLUG).await? {
        return Ok(c);
    }
    let now = Utc::now();
    let a = |s: &str| Alias::new(s);
    let mut tx = db.begin().await?;
    let call = tx
        .insert_id(
            Query::insert()
                .into_table(a("calls"))
                .columns(
                    [
                        "slug",
                        "title",
                        "theme",
                        "summary",
                        "description",
                        "opens_at",
                        "closes_at",
                        "time_zone",
                        "eligible_kinds",
                        "territory_rule",
                        "eligibility_rules",
                        "required_documents",
                        "contact_name",
                        "contact_email",
                        "file_prefix",
                        "state",
                        "created_by",
                        "created_at",
                        "updated_at",
                        "max_amount",
                        "envelope",
                    ]
                    .map(a),
                )
                .values_panic([
                    PAST_SLUG.into(),
                    "Progr’ESS 2025".into(),
                    "Vie quotidienne".into(),
                    "L’édition 2025 de l’appel à projets départemental.".into(),
                    "Édition close : voir les lauréats sur la page des lauréats.".into(),
                    (now - Duration::days(400)).into(),
                    (now - Duration::days(330)).into(),
                    "Europe/Paris".into(),
                    "[\"association\"]".into(),
                    "head_office".into(),
                    "[]".into(),
                    "[]".into(),
                    "Service de l’ESS".into(),
                    "ess@essor.demo".into(),
                    "P25".into(),
                    "closed".into(),
                    staff.into(),
                    (now - Duration::days(420)).into(),
                    now.into(),
                    2_000_000i64.into(),
                    15_000_000i64.into(),
                ])
                .to_owned(),
        )
        .await?;
    let form = tx
        .insert_id(
            Query::insert()
                .into_table(a("call_forms"))
                .columns(
                    [
                        "call_id",
                        "revision",
                        "schema",
                        "created_by",
                        "created_at",
                        "published_at",
                    ]
                    .map(a),
                )
                .values_panic([
                    call.into(),
                    1.into(),
                    serde_json::to_string(&essor_domain::forms::cerfa::cerfa_12156_template())?
                        .into(),
                    staff.into(),
                    (now - Duration::days(420)).into(),
                    (now - Duration::days(400)).into(),
                ])
                .to_owned(),
        )
        .await?;
    tx.execute(
        Query::update()
            .table(a("calls"))
            .value(a("current_form_id"), form)
            .and_where(Expr::col(a("id")).eq(call)),
    )
    .await?;
    tx.commit().await?;
    calls::call_by_id(db, essor_domain::ids::CallId(call))
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo call vanished"))
}

pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let db = state.db();
    let (Some(staff), Some(owner)) = (
        user_id(state, "agent@essor.demo").await?,
        user_id(state, "asso@essor.demo").await?,
    ) else {
        return Ok(());
    };
    let call = past_call(state, staff).await?;
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
    let decided_at = now - Duration::days(300);
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
                    format!("{}-2025-00001", call.file_prefix).into(),
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
                    (now - Duration::days(340)).into(),
                    (now - Duration::days(350)).into(),
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
    showcase_page(state, award, UserId(owner)).await
}

const STORY: &str =
    "L’épicerie solidaire du Petit-Nanterre ouvre **trois après-midis par semaine** \
aux familles orientées par les travailleurs sociaux du quartier.

Les produits y coûtent 10 à 30 % de leur prix habituel ; la différence finance un atelier \
cuisine hebdomadaire et un potager partagé, tenus par des bénévoles formés.

- 2 400 paniers par an
- un atelier cuisine chaque jeudi
- une conseillère en économie sociale et familiale présente le mardi";

/// What the demo laureate wrote on its public page: story, figures, goals, two pictures and a
/// progress update.
async fn showcase_page(state: &AppState, award: i64, owner: UserId) -> anyhow::Result<()> {
    use crate::showcase::model;
    let mut tx = state.db().begin().await?;
    model::save(
        &mut tx,
        award,
        &model::PageInput {
            story: STORY.to_owned(),
            beneficiaries: Some(640),
            jobs: Some(2),
            goals: vec![1, 2, 10],
        },
        owner,
    )
    .await?;
    model::add_update(
        &mut tx,
        award,
        "Le potager a donné sa première récolte",
        "Quarante familles ont cueilli tomates et courgettes en septembre ; \
         l’atelier cuisine les a transformées en conserves pour l’hiver.",
        owner,
    )
    .await?;
    tx.commit().await?;
    for (bytes, alt) in [
        (
            &include_bytes!("../../assets/demo-garden.png")[..],
            "Le potager partagé de l’épicerie, au pied des immeubles, un jour de soleil",
        ),
        (
            &include_bytes!("../../assets/demo-workshop.png")[..],
            "L’atelier de réparation voisin de l’épicerie : deux roues de vélo au mur",
        ),
    ] {
        crate::showcase::add_picture_bytes(state, award, bytes, alt, owner).await?;
    }
    Ok(())
}
