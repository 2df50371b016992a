//! Demo calls for `essor demo`: the Progr'ESS call of the Hauts-de-Seine, open now with the
//! CERFA 12156 form, plus one upcoming and one closed call. Dates are relative to today so the
//! demo always shows the three sections of the public list.

use super::queries::{self, CallData};
use super::time;
use crate::model::{self, Call};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use essor_domain::forms::cerfa_12156_template;
use essor_domain::ids::{CallId, UserId};
use essor_domain::lifecycle::CallEvent;
use essor_domain::money::Cents;
use essor_domain::org::OrgKind;
use essor_platform::audit::{self, Entry};
use essor_platform::db::Tx;
use essor_platform::orgs::DocumentKind;
use essor_platform::AppState;
use serde_json::json;

const DESCRIPTION: &str = "\
Le Département soutient l’économie sociale et solidaire selon quatre axes : **observer et échanger**, \
**former et accompagner**, **soutenir** et **valoriser**. Progr’ESS, nouvel appel à projets départemental, \
s’adresse aux initiatives locales à fort impact social, pour un entrepreneuriat plus local, citoyen et solidaire.

## Le thème de cette édition : la vie quotidienne

Des initiatives innovantes qui répondent aux besoins fondamentaux du quotidien, notamment des publics les \
plus fragiles : se nourrir, se loger, se déplacer, accéder aux droits et au numérique, prendre soin.

## Qui peut candidater ?

- les associations dont le siège est dans les Hauts-de-Seine ;
- les entreprises agréées ESUS (Entreprise solidaire d’utilité sociale) dont le siège est dans le département.

## Comment candidater ?

Déposez votre dossier en ligne avant la date limite. Le formulaire reprend le formulaire unique de demande \
de subvention (CERFA 12156) : les informations de votre structure sont préremplies depuis votre profil.

Les porteurs de projets qui ont déposé leur dossier peuvent aussi participer à la **matinée des financements \
à impact**, pour présenter leur projet à des financeurs.
";

/// `days` from today, at `hh:mm` in `tz`.
fn at_local(tz: Tz, days: i64, time: &str) -> anyhow::Result<DateTime<Utc>> {
    let date = (Utc::now().with_timezone(&tz) + Duration::days(days)).date_naive();
    time::local_to_utc(&date.format("%Y-%m-%d").to_string(), time, tz)
        .map_err(|e| anyhow::anyhow!("demo date: {}", e.code()))
}

struct DemoCall {
    slug: &'static str,
    title: &'static str,
    theme: &'static str,
    summary: &'static str,
    opens_in_days: i64,
    closes_in_days: i64,
    envelope_euros: i64,
    max_euros: i64,
    prefix: &'static str,
    /// Closed after publication.
    closed: bool,
}

const CALLS: [DemoCall; 3] = [
    DemoCall {
        slug: "progress-vie-quotidienne",
        title: "Progr’ESS — Vie quotidienne",
        theme: "Vie quotidienne",
        summary: "Appel à projets départemental pour les initiatives locales à fort impact social : \
                  des réponses innovantes aux besoins fondamentaux du quotidien, notamment des publics les plus fragiles.",
        opens_in_days: -1,
        closes_in_days: 30,
        envelope_euros: 500_000,
        max_euros: 30_000,
        prefix: "PRG",
        closed: false,
    },
    DemoCall {
        slug: "solidarites-numeriques",
        title: "Solidarités numériques",
        theme: "Inclusion numérique",
        summary: "Accompagner les habitants éloignés du numérique : médiation, équipement, accès aux droits en ligne.",
        opens_in_days: 20,
        closes_in_days: 80,
        envelope_euros: 200_000,
        max_euros: 15_000,
        prefix: "NUM",
        closed: false,
    },
    DemoCall {
        slug: "progress-edition-pilote",
        title: "Progr’ESS — Édition pilote",
        theme: "Alimentation durable",
        summary: "Édition pilote de l’appel à projets : circuits courts, lutte contre le gaspillage, épiceries solidaires.",
        opens_in_days: -150,
        closes_in_days: -60,
        envelope_euros: 250_000,
        max_euros: 20_000,
        prefix: "PIL",
        closed: true,
    },
];

async fn seed_call(
    tx: &mut Tx,
    state: &AppState,
    staff: UserId,
    d: &DemoCall,
) -> anyhow::Result<CallId> {
    let tz = state.tz();
    let data = CallData {
        slug: d.slug.to_owned(),
        title: d.title.to_owned(),
        theme: d.theme.to_owned(),
        summary: d.summary.to_owned(),
        description: DESCRIPTION.to_owned(),
        opens_at: at_local(tz, d.opens_in_days, "09:00")?,
        closes_at: at_local(tz, d.closes_in_days, "17:00")?,
        time_zone: tz.name().to_owned(),
        eligible_kinds: vec![OrgKind::Association, OrgKind::EssCompany],
        require_esus: true,
        territory_rule: "head_office".to_owned(),
        eligibility_rules: "[]".to_owned(),
        max_amount: Cents::from_euros(d.max_euros),
        envelope: Cents::from_euros(d.envelope_euros),
        required_documents: vec![DocumentKind::Statutes, DocumentKind::BankDetails],
        contact_name: "Service de l’économie sociale et solidaire".to_owned(),
        contact_email: "ess@essor.demo".to_owned(),
        file_prefix: d.prefix.to_owned(),
    };
    let id = queries::insert_call(tx, &data, staff).await?;
    audit::record(
        tx,
        Entry {
            actor: Some(staff),
            action: "call.create",
            record_type: "call",
            record_id: id.to_string(),
            summary: json!({ "slug": data.slug, "title": data.title, "demo": true }),
        },
    )
    .await?;
    let form = queries::insert_revision(tx, id, 1, &cerfa_12156_template(), staff).await?;
    let mut events = vec![CallEvent::Publish];
    if d.closed {
        events.push(CallEvent::Close);
    }
    for event in events {
        let call: Call = queries::lock_call(tx, id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo call {id} vanished"))?;
        model::transition_call(tx, &call, event, false, staff)
            .await?
            .map_err(|e| anyhow::anyhow!("demo call {}: {}", d.slug, e.code))?;
        if event == CallEvent::Publish {
            queries::publish_revision(tx, id, form).await?;
        }
    }
    Ok(id)
}

/// Creates the demo calls as `staff`; returns the open Progr'ESS call. Fails when they exist.
pub async fn seed_demo(state: &AppState, staff: UserId) -> anyhow::Result<CallId> {
    for d in &CALLS {
        if queries::slug_taken(state.db(), d.slug, None).await? {
            anyhow::bail!("demo call {} exists already", d.slug);
        }
    }
    let mut tx = state.db().begin().await?;
    let mut first = None;
    for d in &CALLS {
        let id = seed_call(&mut tx, state, staff, d).await?;
        first.get_or_insert(id);
    }
    tx.commit().await?;
    first.ok_or_else(|| anyhow::anyhow!("no demo call"))
}
