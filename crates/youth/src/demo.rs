//! Demo data for `essor demo` (called after the accounts and calls demo): the demo company
//! (entreprise@essor.demo, Le Fournil de Puteaux) publishes a 3e observation placement in a
//! shortage job (bakery, ROME D1102) and an apprenticeship offer; the demo collège
//! (ecole@essor.demo, Collège Jean Jaurès) has its UAI, a 3e class and a registered pupil of 14.

use crate::model::{exec, insert, sql};
use crate::types::{fold, IsoWeek};
use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use essor_platform::db::Tx;
use essor_platform::AppState;

async fn org_of(state: &AppState, email: &str) -> anyhow::Result<Option<(i64, i64)>> {
    state
        .db()
        .fetch_optional(&sql(
            "SELECT m.org_id, u.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1 ORDER BY m.org_id",
            vec![email.into()],
        ))
        .await
}

#[allow(clippy::too_many_arguments)]
async fn offer(
    tx: &mut Tx,
    org: (i64, i64),
    kind: &str,
    title: &str,
    axes: &str,
    rome: (&str, &str),
    level: Option<&str>,
    dates: (NaiveDate, NaiveDate),
    ages: (i64, i64),
    description: &str,
) -> anyhow::Result<i64> {
    let now = Utc::now();
    let weeks = if kind == "observation_placement" {
        IsoWeek::of(dates.0).to_string()
    } else {
        String::new()
    };
    let id = insert(
        tx,
        "INSERT INTO youth_offers (org_id, created_by, kind, title, axes, rome_code, job_label, sector, \
         school_level, start_date, end_date, iso_weeks, day_start, day_end, break_minutes, days_per_week, \
         places, group_size, commune_code, address, min_age, max_age, accessibility, description, state, \
         search_text, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'Alimentation', $8, $9, $10, \
         $11, '09:00', '16:00', 60, 5, 2, 1, '92062', '3 rue Jean Jaurès, 92800 Puteaux', $12, $13, \
         'Boutique et fournil de plain-pied', $14, 'published', $15, $16, $16)",
        vec![
            org.0.into(),
            org.1.into(),
            kind.into(),
            title.into(),
            axes.into(),
            rome.0.into(),
            rome.1.into(),
            level.map(str::to_owned).into(),
            dates.0.into(),
            dates.1.into(),
            weeks.into(),
            ages.0.into(),
            ages.1.into(),
            description.into(),
            fold(&format!("{title} {} {} {description} Le Fournil de Puteaux Puteaux", rome.1, rome.0)).into(),
            now.into(),
        ],
    )
    .await?;
    for (from, to, event) in [
        ("draft", "submitted", "submit"),
        ("submitted", "published", "approve"),
    ] {
        exec(
            tx,
            "INSERT INTO youth_offer_transitions (offer_id, from_state, to_state, event, actor_id, at) VALUES ($1, $2, $3, $4, NULL, $5)",
            vec![id.into(), from.into(), to.into(), event.into(), now.into()],
        )
        .await?;
    }
    Ok(id)
}

pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let (Some(company), Some(school)) = (
        org_of(state, "entreprise@essor.demo").await?,
        org_of(state, "ecole@essor.demo").await?,
    ) else {
        return Ok(());
    };
    let today = Utc::now().date_naive();
    // The first Monday at least five weeks ahead: a 3e placement week.
    let mut monday = today + Duration::days(35);
    while monday.weekday() != Weekday::Mon {
        monday += Duration::days(1);
    }
    let mut tx = state.db().begin().await?;
    offer(
        &mut tx,
        company,
        "observation_placement",
        "Stage de 3e : une semaine au fournil",
        "shortage_job",
        ("D1102", "Boulangère, boulanger"),
        Some("3e"),
        (monday, monday + Duration::days(4)),
        (14, 16),
        "Pétrir la pâte, façonner les baguettes, suivre la cuisson et tenir la boutique avec l’équipe.",
    )
    .await?;
    offer(
        &mut tx,
        company,
        "apprenticeship",
        "CAP boulanger en apprentissage",
        "apprenticeship,shortage_job",
        ("D1102", "Boulangère, boulanger"),
        None,
        (
            monday + Duration::days(90),
            monday + Duration::days(90 + 730),
        ),
        (16, 25),
        "Deux ans en alternance entre le CFA et le fournil : pains, viennoiseries, commandes.",
    )
    .await?;
    let now = Utc::now();
    exec(
        &mut tx,
        "INSERT INTO youth_structures (org_id, uai, rep_plus, priority_neighbourhood, updated_at) VALUES ($1, $2, TRUE, FALSE, $3)",
        // 0921234 mod 23 = 15 → the check letter S.
        vec![school.0.into(), "0921234S".into(), now.into()],
    )
    .await?;
    exec(
        &mut tx,
        "INSERT INTO youth_groups (org_id, referent_id, name, level, size, min_age, max_age, created_at) \
         VALUES ($1, $2, '3e B', '3e', 24, 14, 15, $3)",
        vec![school.0.into(), school.1.into(), now.into()],
    )
    .await?;
    // 14 years and four months old: 14 on the placement week too.
    let birth = today - Duration::days(14 * 365 + 120);
    exec(
        &mut tx,
        "INSERT INTO youth_people (org_id, registered_by, first_name, last_name, birth_date, school_level, \
         commune_code, guardian_name, guardian_email, guardian_phone, last_activity_at, created_at) \
         VALUES ($1, $2, 'Inès', 'Martin', $3, '3e', '92024', 'Sophie Martin', 'parent.martin@example.org', \
         '06 00 00 00 00', $4, $4)",
        vec![school.0.into(), school.1.into(), birth.into(), now.into()],
    )
    .await?;
    tx.commit().await
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_uai_is_valid() {
        assert!(crate::types::Uai::parse("0921234S").is_ok());
    }
}
