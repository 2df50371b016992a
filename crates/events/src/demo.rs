//! Demo data for `essor demo` (called after the accounts and calls demo): a published financing
//! morning with the demo funder (`funder@essor.demo`, two tables) and two more funders, the demo
//! association and ESS company as project holders with four more, their wishes, and a computed,
//! saved and published schedule (so every agenda shows its meetings).

use crate::model::{self, sql, Audience, EventKind};
use crate::morning::{insert_request, FunderProfile, NewRequest, Source};
use crate::register::{register_in, NewRegistration};
use crate::staff::{insert_event, EventData};
use crate::util::parse_local;
use chrono::{Duration, Utc};
use essor_domain::ids::UserId;
use essor_platform::AppState;

async fn user_id(state: &AppState, email: &str) -> anyhow::Result<Option<i64>> {
    let row: Option<(i64,)> = state
        .db()
        .fetch_optional(&sql(
            "SELECT id FROM users WHERE email = $1",
            vec![email.into()],
        ))
        .await?;
    Ok(row.map(|r| r.0))
}

async fn first_org(state: &AppState, user: i64, kind: Option<&str>) -> anyhow::Result<Option<i64>> {
    let rows: Vec<(i64, String)> = state
        .db()
        .fetch_all(&sql(
            "SELECT o.id, o.kind FROM organisations o JOIN memberships m ON m.org_id = o.id WHERE m.user_id = $1 ORDER BY o.id",
            vec![user.into()],
        ))
        .await?;
    Ok(rows
        .into_iter()
        .find(|(_, k)| kind.is_none_or(|want| want == k))
        .map(|r| r.0))
}

/// A demo participant who does not sign in (disabled account) with an organisation.
async fn extra(
    state: &AppState,
    email: &str,
    person: &str,
    kind: &str,
    org: &str,
    commune: &str,
) -> anyhow::Result<(i64, i64)> {
    let now = Utc::now();
    let mut tx = state.db().begin().await?;
    let (u,): (i64,) = tx
        .fetch_one(&sql(
            "INSERT INTO users (email, password_hash, display_name, locale, email_verified_at, disabled, created_at) \
             VALUES ($1, '!', $2, 'fr', $3, $4, $3) RETURNING id",
            vec![email.into(), person.into(), now.into(), true.into()],
        ))
        .await?;
    let (o,): (i64,) = tx
        .fetch_one(&sql(
            "INSERT INTO organisations (kind, name, address, commune_code, contact_email, created_at, updated_at) \
             VALUES ($1, $2, 'Hauts-de-Seine', $3, $4, $5, $5) RETURNING id",
            vec![kind.into(), org.into(), commune.into(), email.into(), now.into()],
        ))
        .await?;
    tx.execute(&sql(
        "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)",
        vec![o.into(), u.into(), now.into()],
    ))
    .await?;
    tx.commit().await?;
    Ok((u, o))
}

pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let Some(staff) = user_id(state, "agent@essor.demo").await? else {
        return Ok(());
    };
    let tz = chrono_tz::Europe::Paris;
    let day = (Utc::now() + Duration::days(21))
        .with_timezone(&tz)
        .format("%Y-%m-%d")
        .to_string();
    let at = |t: &str| parse_local(&day, t, tz).expect("valid demo time");
    let mut tx = state.db().begin().await?;
    let id = insert_event(
        &mut tx,
        &EventData {
            kind: EventKind::FinancingMorning,
            title: "Matinée des financements à impact".into(),
            description: "Conférence sur la finance solidaire, pitchs des projets, puis rendez-vous en tête-à-tête entre porteurs de projet et financeurs (subventions, prêts d’honneur, prêts bancaires, fonds propres, garanties, contrats à impact).".into(),
            venue: "Hôtel du Département, Nanterre".into(),
            starts_at: at("09:00"),
            ends_at: at("12:30"),
            opens_at: Utc::now() - Duration::days(7),
            closes_at: at("09:00") - Duration::days(2),
            capacity: [30, 12, 60],
            max_wishes: 4,
        },
        staff,
    )
    .await?;
    tx.execute(&sql(
        "UPDATE events SET state = 'published', meetings_start = $1, meetings_end = $2, meeting_minutes = 15, \
         gap_minutes = 5, tables = 12, objective = 'fair' WHERE id = $3",
        vec![at("09:30").into(), at("12:00").into(), id.into()],
    ))
    .await?;
    for (kind, title, s, e) in [
        (
            "conference",
            "Financer l’impact : panorama des outils",
            "09:00",
            "09:20",
        ),
        ("pitches", "Pitchs éclair des projets", "09:20", "09:30"),
        (
            "speed_meetings",
            "Rendez-vous porteurs – financeurs",
            "09:30",
            "12:00",
        ),
        ("other", "Échanges libres", "12:00", "12:30"),
    ] {
        tx.execute(&sql(
            "INSERT INTO event_items (event_id, kind, title, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5)",
            vec![id.into(), kind.into(), title.into(), at(s).into(), at(e).into()],
        ))
        .await?;
    }
    tx.commit().await?;
    let e = model::event(state.db(), id).await?.expect("just created");

    // Funders: the demo funder with two tables, and two more.
    let mut funders = vec![];
    let mut funder_people = vec![];
    if let Some(u) = user_id(state, "funder@essor.demo").await? {
        if let Some(o) = first_org(state, u, Some("funder")).await? {
            funder_people.push((
                u,
                o,
                2,
                vec!["honour_loan", "guarantee", "equity"],
                Some(500_000),
                Some(10_000_000),
                "alimentation, mobilité, réemploi",
            ));
        }
    }
    let (u, o) = extra(
        state,
        "banque@essor.demo",
        "Bruno Banque",
        "funder",
        "Banque coopérative (démo)",
        "92050",
    )
    .await?;
    funder_people.push((
        u,
        o,
        1,
        vec!["bank_loan", "guarantee"],
        Some(2_000_000),
        Some(30_000_000),
        "réemploi, insertion",
    ));
    let (u, o) = extra(
        state,
        "fondation@essor.demo",
        "Flore Fondation",
        "funder",
        "Fondation territoriale (démo)",
        "92012",
    )
    .await?;
    funder_people.push((
        u,
        o,
        1,
        vec!["grant", "impact_contract"],
        Some(300_000),
        Some(5_000_000),
        "alimentation, culture, insertion",
    ));
    for (u, o, reps, inst, min, max, themes) in funder_people {
        let mut tx = state.db().begin().await?;
        if let Some((reg, _)) = register_in(
            &mut tx,
            state,
            &e,
            UserId(u),
            &NewRegistration {
                audience: Audience::Funder,
                org: Some(o),
                source: None,
                share_file: false,
                profile: FunderProfile {
                    instruments: inst.into_iter().map(String::from).collect(),
                    ticket_min: min,
                    ticket_max: max,
                    themes: themes.into(),
                    territories: "Hauts-de-Seine".into(),
                    stages: vec!["creation".into(), "development".into()],
                    representatives: reps,
                },
            },
        )
        .await?
        {
            funders.push(reg);
        }
        tx.commit().await?;
    }

    // Project holders: the demo association and ESS company, and four more.
    let mut holder_people = vec![];
    for email in ["asso@essor.demo", "esus@essor.demo"] {
        if let Some(u) = user_id(state, email).await? {
            if let Some(o) = first_org(state, u, None).await? {
                holder_people.push((u, o));
            }
        }
    }
    for (email, person, org, commune) in [
        (
            "epicerie@essor.demo",
            "Élodie Épicerie",
            "Épicerie solidaire de Bagneux (démo)",
            "92007",
        ),
        (
            "recyclerie@essor.demo",
            "Rémi Recyclerie",
            "Recyclerie de Clichy (démo)",
            "92024",
        ),
        (
            "tiers-lieu@essor.demo",
            "Théo Tiers-Lieu",
            "Tiers-lieu culturel de Malakoff (démo)",
            "92046",
        ),
        (
            "mobilite@essor.demo",
            "Maya Mobilité",
            "Garage solidaire de Nanterre (démo)",
            "92050",
        ),
    ] {
        holder_people.push(extra(state, email, person, "association", org, commune).await?);
    }
    let pitches = [
        (
            3_000_000,
            "alimentation",
            "development",
            "honour_loan",
            "Étendre les jardins partagés à trois nouveaux quartiers.",
        ),
        (
            8_000_000,
            "mobilité",
            "development",
            "equity",
            "Ouvrir un deuxième atelier de réparation de vélos.",
        ),
        (
            1_500_000,
            "alimentation",
            "creation",
            "grant",
            "Une épicerie à prix solidaires au cœur de Bagneux.",
        ),
        (
            4_000_000,
            "réemploi",
            "development",
            "bank_loan",
            "Agrandir la recyclerie et créer quatre emplois d’insertion.",
        ),
        (
            2_500_000,
            "culture",
            "creation",
            "impact_contract",
            "Un tiers-lieu culturel ouvert aux associations du quartier.",
        ),
        (
            1_200_000,
            "mobilité",
            "creation",
            "guarantee",
            "Un garage solidaire pour les personnes en insertion.",
        ),
    ];
    let mut holders = vec![];
    for ((u, o), (amount, theme, stage, inst, summary)) in holder_people.into_iter().zip(pitches) {
        let mut tx = state.db().begin().await?;
        let request = insert_request(
            &mut tx,
            &NewRequest {
                org: o,
                by: u,
                amount,
                instruments: vec![inst.into()],
                stage: stage.into(),
                theme: theme.into(),
                summary: summary.into(),
                deck: None,
            },
        )
        .await?;
        if let Some((reg, _)) = register_in(
            &mut tx,
            state,
            &e,
            UserId(u),
            &NewRegistration {
                audience: Audience::Holder,
                org: Some(o),
                source: Some(Source {
                    file_id: None,
                    request_id: Some(request),
                    org_id: o,
                    org_name: String::new(),
                    label: String::new(),
                }),
                share_file: true,
                profile: FunderProfile::default(),
            },
        )
        .await?
        {
            holders.push(reg);
        }
        tx.commit().await?;
    }

    // Wishes: each holder asks two or three funders, each funder asks three projects.
    let now = Utc::now();
    let mut tx = state.db().begin().await?;
    let nf = funders.len();
    if nf > 0 {
        for (i, h) in holders.iter().enumerate() {
            for k in 0..(2 + i % 2) {
                let f = funders[(i + k) % nf];
                tx.execute(&sql(
                    "INSERT INTO event_wishes (event_id, from_id, to_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    vec![id.into(), (*h).into(), f.into(), now.into()],
                ))
                .await?;
            }
        }
        for (j, f) in funders.iter().enumerate() {
            for k in 0..3 {
                if let Some(h) = holders.get((j * 2 + k) % holders.len().max(1)) {
                    tx.execute(&sql(
                        "INSERT INTO event_wishes (event_id, from_id, to_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                        vec![id.into(), (*f).into(), (*h).into(), now.into()],
                    ))
                    .await?;
                }
            }
        }
    }
    tx.commit().await?;

    // The schedule, computed, saved and published.
    if let Ok(_run) = crate::schedule::run_solver(state.db(), &e, UserId(staff), 0, false).await? {
        if let Some(run) = crate::schedule::latest_run(state.db(), id).await? {
            crate::schedule::save_run(state.db(), &e, &run, UserId(staff)).await?;
            crate::agenda::publish_schedule(state, &e, UserId(staff)).await?;
        }
    }
    crate::workshops::demo::seed(state).await
}

#[cfg(test)]
mod tests {
    use essor_platform::testing;

    #[tokio::test]
    async fn the_demo_morning_has_a_published_schedule() {
        for t in testing::databases().await {
            let (state, _) = testing::app(&t, || vec![super::super::module()]);
            let db = state.db();
            let now = chrono::Utc::now();
            for (email, kind) in [
                ("agent@essor.demo", None),
                ("funder@essor.demo", Some("funder")),
                ("asso@essor.demo", Some("association")),
            ] {
                let mut tx = db.begin().await.unwrap();
                let (u,): (i64,) = tx
                    .fetch_one(&super::sql(
                        "INSERT INTO users (email, password_hash, display_name, locale, created_at) VALUES ($1, '!', $1, 'fr', $2) RETURNING id",
                        vec![email.into(), now.into()],
                    ))
                    .await
                    .unwrap();
                if let Some(k) = kind {
                    let (o,): (i64,) = tx
                        .fetch_one(&super::sql(
                            "INSERT INTO organisations (kind, name, address, commune_code, contact_email, created_at, updated_at) VALUES ($1, $2, 'x', '92050', 'c@x.org', $3, $3) RETURNING id",
                            vec![k.into(), email.into(), now.into()],
                        ))
                        .await
                        .unwrap();
                    tx.execute(&super::sql(
                        "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)",
                        vec![o.into(), u.into(), now.into()],
                    ))
                    .await
                    .unwrap();
                }
                tx.commit().await.unwrap();
            }
            super::seed(&state).await.unwrap();
            let (n,): (i64,) = db
                .fetch_one(&super::sql("SELECT COUNT(*) FROM event_meetings", vec![]))
                .await
                .unwrap();
            assert!(n >= 6, "{}: {n} meetings", t.label);
            let (published,): (Option<chrono::DateTime<chrono::Utc>>,) = db
                .fetch_one(&super::sql(
                    "SELECT schedule_published_at FROM events WHERE kind = 'financing_morning'",
                    vec![],
                ))
                .await
                .unwrap();
            assert!(published.is_some());
            let (regs,): (i64,) = db
                .fetch_one(&super::sql(
                    "SELECT COUNT(*) FROM event_registrations WHERE state = 'registered' \
                     AND event_id IN (SELECT id FROM events WHERE kind = 'financing_morning')",
                    vec![],
                ))
                .await
                .unwrap();
            assert_eq!(
                regs, 8,
                "{}: 3 funders and 5 holders (the association and four more)",
                t.label
            );
        }
    }
}
