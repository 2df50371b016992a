//! Demo workshops (called at the end of the events demo): a list of topics; two upcoming
//! workshops, one in person and full with a waiting list (the demo association holds a seat),
//! one online (the demo ESS company registered); one past workshop with its attendance (the
//! demo association was present: its certificate downloads and its survey is still to answer),
//! a no-show and survey answers from the other attendees.

use super::model::{add_topic, issue_certificate, save_details, Details};
use super::survey::{record, NewAnswer};
use crate::model::{self, sql, Audience, EventKind, RegEvent, RegState};
use crate::morning::FunderProfile;
use crate::register::{register_in, NewRegistration};
use crate::staff::{insert_event, EventData};
use crate::util::parse_local;
use chrono::{Duration, Utc};
use essor_domain::ids::UserId;
use essor_platform::AppState;

pub const TOPICS: [&str; 5] = [
    "Comptabilité et gestion",
    "Financement",
    "Gouvernance",
    "Communication",
    "Mesure d’impact",
];

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

/// A participant who does not sign in (disabled account).
async fn extra(state: &AppState, n: usize, name: &str) -> anyhow::Result<i64> {
    let email = format!("participant{n}@atelier.essor.demo");
    if let Some(id) = user_id(state, &email).await? {
        return Ok(id);
    }
    let (u,): (i64,) = state
        .db()
        .fetch_one(&sql(
            "INSERT INTO users (email, password_hash, display_name, locale, email_verified_at, disabled, created_at) \
             VALUES ($1, '!', $2, 'fr', $3, $4, $3) RETURNING id",
            vec![email.into(), name.into(), Utc::now().into(), true.into()],
        ))
        .await?;
    Ok(u)
}

struct Spec {
    title: &'static str,
    description: &'static str,
    topic: &'static str,
    trainer: (&'static str, &'static str),
    online: bool,
    days: i64,
    capacity: i64,
}

async fn create(state: &AppState, staff: i64, s: &Spec) -> anyhow::Result<model::Event> {
    let tz = chrono_tz::Europe::Paris;
    let day = (Utc::now() + Duration::days(s.days))
        .with_timezone(&tz)
        .format("%Y-%m-%d")
        .to_string();
    let at = |t: &str| parse_local(&day, t, tz).expect("valid demo time");
    let mut tx = state.db().begin().await?;
    let id = insert_event(
        &mut tx,
        &EventData {
            kind: EventKind::Workshop,
            title: s.title.into(),
            description: s.description.into(),
            venue: if s.online {
                "En ligne".into()
            } else {
                "Nanterre, maison de l’ESS, 12 rue des Coopératives".into()
            },
            starts_at: at("09:30"),
            ends_at: at("12:30"),
            opens_at: Utc::now() - Duration::days(30),
            closes_at: at("09:00"),
            capacity: [0, 0, s.capacity],
            max_wishes: 5,
        },
        staff,
    )
    .await?;
    tx.execute(&sql(
        "UPDATE events SET state = 'published' WHERE id = $1",
        vec![id.into()],
    ))
    .await?;
    save_details(
        &mut tx,
        &Details {
            event_id: id,
            topic: s.topic.into(),
            trainer_name: s.trainer.0.into(),
            trainer_org: s.trainer.1.into(),
            format: if s.online { "online" } else { "in_person" }.into(),
            online_link: if s.online {
                "https://visio.example.org/essor-atelier-financement".into()
            } else {
                String::new()
            },
            duration_minutes: 180,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(model::event(state.db(), id).await?.expect("just created"))
}

async fn sign_up(state: &AppState, e: &model::Event, user: i64) -> anyhow::Result<i64> {
    let mut tx = state.db().begin().await?;
    let (reg, _) = register_in(
        &mut tx,
        state,
        e,
        UserId(user),
        &NewRegistration {
            audience: Audience::Public,
            org: None,
            source: None,
            share_file: false,
            profile: FunderProfile::default(),
        },
    )
    .await?
    .ok_or_else(|| anyhow::anyhow!("already registered"))?;
    tx.commit().await?;
    Ok(reg)
}

pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let Some(staff) = user_id(state, "agent@essor.demo").await? else {
        return Ok(());
    };
    let mut tx = state.db().begin().await?;
    for t in TOPICS {
        add_topic(&mut tx, t).await?;
    }
    tx.commit().await?;
    let names = [
        "Inès Moreau",
        "Julien Petit",
        "Fatou Diallo",
        "Marc Lefèvre",
        "Chloé Bernard",
        "Hugo Garnier",
        "Léa Rousseau",
    ];
    let mut people = vec![];
    for (i, n) in names.iter().enumerate() {
        people.push(extra(state, i + 1, n).await?);
    }
    let asso = user_id(state, "asso@essor.demo").await?;
    let esus = user_id(state, "esus@essor.demo").await?;

    // Upcoming, in person, full: three seats taken, two people waiting.
    let full = create(
        state,
        staff,
        &Spec {
            title: "Tenir la comptabilité d’une association",
            description: "Plan comptable associatif, budget prévisionnel, comptes annuels : les bases pour les bénévoles trésoriers.",
            topic: TOPICS[0],
            trainer: ("Claire Martin", "France Active Hauts-de-Seine"),
            online: false,
            days: 10,
            capacity: 3,
        },
    )
    .await?;
    let mut first = vec![];
    first.extend(asso);
    first.extend(people[..4].iter().copied());
    for u in first {
        sign_up(state, &full, u).await?;
    }

    // Upcoming, online, places left.
    let online = create(
        state,
        staff,
        &Spec {
            title: "Lever des fonds auprès de la finance solidaire",
            description: "Prêts d’honneur, garanties, titres associatifs, financement participatif : qui finance quoi, et comment préparer son dossier.",
            topic: TOPICS[1],
            trainer: ("Karim Benali", "Réseau des financeurs solidaires"),
            online: true,
            days: 17,
            capacity: 20,
        },
    )
    .await?;
    for u in esus.into_iter().chain(people[4..6].iter().copied()) {
        sign_up(state, &online, u).await?;
    }

    // Past: attendance recorded, a no-show, survey answers.
    let past = create(
        state,
        staff,
        &Spec {
            title: "Mesurer son impact social",
            description:
                "Choisir ses indicateurs, collecter les données, les présenter aux financeurs.",
            topic: TOPICS[4],
            trainer: ("Sophie Laurent", "Avise"),
            online: false,
            days: -12,
            capacity: 12,
        },
    )
    .await?;
    let answers = [
        (
            5,
            5,
            true,
            "Très concret, avec des exemples de notre secteur.",
        ),
        (4, 4, true, ""),
        (4, 3, true, "Un peu court sur la collecte des données."),
        (3, 4, false, ""),
    ];
    let mut attendees = vec![];
    attendees.extend(asso);
    attendees.extend(people[..4].iter().copied());
    let mut tx_regs = vec![];
    for u in attendees.iter().chain([&people[6]]) {
        tx_regs.push((*u, sign_up(state, &past, *u).await?));
    }
    let mut tx = state.db().begin().await?;
    let mut answered = 0;
    for (u, reg) in tx_regs {
        if u == people[6] {
            model::transition(
                &mut tx,
                reg,
                RegState::Registered,
                RegEvent::MarkNoShow,
                Some(UserId(staff)),
            )
            .await?;
            continue;
        }
        model::transition(
            &mut tx,
            reg,
            RegState::Registered,
            RegEvent::CheckIn,
            Some(UserId(staff)),
        )
        .await?;
        issue_certificate(&mut tx, reg).await?;
        // The demo association has its survey still to answer.
        if Some(u) != asso && answered < answers.len() {
            let (overall, usefulness, recommend, comment) = answers[answered];
            answered += 1;
            let r = model::registration(state.db(), reg).await?;
            if let Some(r) = r {
                record(
                    &mut tx,
                    &r,
                    &NewAnswer {
                        overall,
                        usefulness,
                        comment: comment.into(),
                        recommend,
                    },
                )
                .await?;
            }
        }
    }
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use essor_platform::testing;

    #[tokio::test]
    async fn demo_workshops_full_online_and_past() {
        for t in testing::databases().await {
            let (state, _) = testing::app(&t, || vec![crate::module()]);
            let db = state.db();
            let now = chrono::Utc::now();
            for email in ["agent@essor.demo", "asso@essor.demo", "esus@essor.demo"] {
                db.execute(&super::sql(
                    "INSERT INTO users (email, password_hash, display_name, locale, created_at) VALUES ($1, '!', $1, 'fr', $2)",
                    vec![email.into(), now.into()],
                ))
                .await
                .unwrap();
            }
            super::seed(&state).await.unwrap();
            let all = crate::workshops::model::workshops(db, false).await.unwrap();
            assert_eq!(all.len(), 3, "{}", t.label);
            let upcoming: Vec<_> = all.iter().filter(|w| w.ev.ends_at > now).collect();
            assert_eq!(upcoming.len(), 2);
            assert!(upcoming.iter().any(|w| w.is_full() && w.waiting == 2));
            let past = all.iter().find(|w| w.ev.ends_at < now).unwrap();
            let regs = crate::model::registrations(db, past.ev.id).await.unwrap();
            assert_eq!(regs.iter().filter(|r| r.state == "attended").count(), 5);
            assert_eq!(regs.iter().filter(|r| r.state == "no_show").count(), 1);
            let answers = crate::workshops::survey::answers(db, past.ev.id)
                .await
                .unwrap();
            assert_eq!(answers.len(), 4);
            // The demo association attended and has its certificate code.
            let asso = regs.iter().find(|r| r.email == "asso@essor.demo").unwrap();
            assert!(crate::workshops::model::certificate_of(db, asso.id)
                .await
                .unwrap()
                .is_some());
        }
    }
}
