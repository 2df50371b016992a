//! Access rows of the youth module, and the records they need.
//!
//! The world holds: a published offer and a draft offer of the Company persona's company; a pupil
//! registered by the SchoolStaff persona's collège, with a group, a group request for the offer,
//! an application to it already accepted (so the host sees the pupil) and its convention; a
//! placement campaign with the pupil in it.

use super::{r, Answer, Persona::*, Row, World, PUBLIC, SIGNED_IN, STAFF};
use chrono::{Duration, Utc};
use essor_youth::model::{exec, insert, sql};

async fn org_of(w: &World, email: &str) -> i64 {
    let (id,): (i64,) = w
        .state
        .db()
        .fetch_one(&sql(
            "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1",
            vec![email.into()],
        ))
        .await
        .unwrap();
    id
}

async fn user(w: &World, email: &str) -> i64 {
    let (id,): (i64,) = w
        .state
        .db()
        .fetch_one(&sql(
            "SELECT id FROM users WHERE email = $1",
            vec![email.into()],
        ))
        .await
        .unwrap();
    id
}

async fn offer(tx: &mut essor_platform::db::Tx, org: i64, by: i64, state: &str) -> i64 {
    let start = Utc::now().date_naive() + Duration::days(60);
    insert(
        tx,
        "INSERT INTO youth_offers (org_id, created_by, kind, title, axes, rome_code, job_label, sector, \
         school_level, start_date, end_date, iso_weeks, day_start, day_end, break_minutes, days_per_week, \
         places, group_size, commune_code, address, min_age, max_age, accessibility, description, state, \
         search_text, created_at, updated_at) VALUES ($1, $2, 'observation_placement', 'Stage', 'shortage_job', \
         'D1102', 'Boulanger', 'Alimentation', NULL, $3, $4, '', '09:00', '16:00', 60, 5, 2, 1, '92050', \
         '1 rue', 14, 18, '', 'Pétrir', $5, 'stage', $6, $6)",
        vec![
            org.into(),
            by.into(),
            start.into(),
            (start + Duration::days(4)).into(),
            state.into(),
            Utc::now().into(),
        ],
    )
    .await
    .unwrap()
}

pub async fn setup(w: &World) -> Vec<(&'static str, String)> {
    let company = org_of(w, "company@t.org").await;
    let school = org_of(w, "school@t.org").await;
    let company_user = user(w, "company@t.org").await;
    let school_user = user(w, "school@t.org").await;
    let staff_user = user(w, "staff@t.org").await;
    let now = Utc::now();
    let mut tx = w.state.db().begin().await.unwrap();
    let published = offer(&mut tx, company, company_user, "published").await;
    let draft = offer(&mut tx, company, company_user, "draft").await;
    let birth = now.date_naive() - Duration::days(14 * 365 + 100);
    let person = insert(
        &mut tx,
        "INSERT INTO youth_people (org_id, registered_by, first_name, last_name, birth_date, school_level, \
         commune_code, guardian_name, guardian_email, last_activity_at, created_at) \
         VALUES ($1, $2, 'Inès', 'Martin', $3, '3e', '92050', 'Sophie Martin', 'parent@t.org', $4, $4)",
        vec![school.into(), school_user.into(), birth.into(), now.into()],
    )
    .await
    .unwrap();
    let app = insert(
        &mut tx,
        "INSERT INTO youth_applications (offer_id, person_id, submitted_by, motivation, state, created_at, updated_at) \
         VALUES ($1, $2, $3, '', 'accepted', $4, $4)",
        vec![published.into(), person.into(), school_user.into(), now.into()],
    )
    .await
    .unwrap();
    exec(
        &mut tx,
        "INSERT INTO youth_conventions (application_id, school_name, host_name, young_name, guardian_name, \
         start_date, end_date, day_start, day_end, break_minutes, days_per_week, created_at) \
         VALUES ($1, 'Org 4', 'Org 5', 'Inès Martin', 'Sophie Martin', $2, $2, '09:00', '16:00', 60, 5, $3)",
        vec![app.into(), now.date_naive().into(), now.into()],
    )
    .await
    .unwrap();
    let group = insert(
        &mut tx,
        "INSERT INTO youth_groups (org_id, referent_id, name, level, size, min_age, max_age, created_at) \
         VALUES ($1, $2, '3e B', '3e', 24, 14, 15, $3)",
        vec![school.into(), school_user.into(), now.into()],
    )
    .await
    .unwrap();
    let request = insert(
        &mut tx,
        "INSERT INTO youth_group_requests (group_id, offer_id, requested_by, message, state, created_at) \
         VALUES ($1, $2, $3, '', 'requested', $4)",
        vec![group.into(), published.into(), school_user.into(), now.into()],
    )
    .await
    .unwrap();
    let campaign = insert(
        &mut tx,
        "INSERT INTO youth_campaigns (name, seed, state, created_by, created_at) VALUES ('3e', 42, 'open', $1, $2)",
        vec![staff_user.into(), now.into()],
    )
    .await
    .unwrap();
    exec(
        &mut tx,
        "INSERT INTO youth_campaign_people (campaign_id, person_id, priority) VALUES ($1, $2, 0)",
        vec![campaign.into(), person.into()],
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    vec![
        ("{youth_offer}", published.to_string()),
        ("{youth_draft}", draft.to_string()),
        ("{youth_person}", person.to_string()),
        ("{youth_app}", app.to_string()),
        ("{youth_school}", school.to_string()),
        ("{youth_request}", request.to_string()),
        ("{youth_campaign}", campaign.to_string()),
    ]
}

/// People with an organisation that hosts young people (associations A and B, the company). The
/// plain member of A has left it by the time these rows run (a core row).
const HOSTS: &[super::Persona] = &[Owner, Outsider, Company];
/// Everyone but staff and the company, who get 404 on the company's records.
const NOT_COMPANY: &[super::Persona] = &[Jury, Young, Owner, Member, Outsider, Funder, SchoolStaff];
/// Everyone but staff, the company (host) and the collège (referent).
const STRANGERS: &[super::Persona] = &[Jury, Young, Owner, Member, Outsider, Funder];
/// Who may read the pupil's record and application: their referent, the host that accepted
/// them, and staff.
const PUPIL_READERS: &[super::Persona] = &[Admin, Staff, SchoolStaff, Company];

pub fn rows() -> Vec<Row> {
    use Answer::*;
    vec![
        // Public catalogue.
        r("GET", "/jeunes", PUBLIC, Ok, &[]),
        r("GET", "/jeunes/offres", PUBLIC, Ok, &[]),
        r("GET", "/jeunes/offres/{youth_offer}", PUBLIC, Ok, &[]),
        // Hosts: offers of their own organisations; staff moderate.
        r("GET", "/jeunes/accueil", SIGNED_IN, Login, &[]),
        r(
            "GET",
            "/jeunes/accueil/offres/nouvelle",
            HOSTS,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/jeunes/accueil/offres/nouvelle",
            HOSTS,
            Forbidden,
            &[],
        ),
        r(
            "GET",
            "/jeunes/accueil/offres/{youth_offer}",
            &[Admin, Staff, Company],
            NotFound,
            &[],
        ),
        r(
            "GET",
            "/jeunes/accueil/offres/{youth_draft}/modifier",
            &[Company],
            Forbidden,
            NOT_COMPANY,
        ),
        r(
            "POST",
            "/jeunes/accueil/offres/{youth_draft}/modifier",
            &[Company],
            Forbidden,
            NOT_COMPANY,
        ),
        r(
            "POST",
            "/jeunes/accueil/offres/{youth_draft}/soumettre",
            &[Company],
            Forbidden,
            NOT_COMPANY,
        ),
        r(
            "POST",
            "/jeunes/accueil/offres/{youth_draft}/cloturer",
            &[Company],
            Forbidden,
            NOT_COMPANY,
        ),
        r(
            "POST",
            "/staff/jeunes/offres/{youth_offer}/approuver",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/jeunes/offres/{youth_offer}/refuser",
            STAFF,
            Forbidden,
            &[],
        ),
        r("GET", "/staff/jeunes", STAFF, Forbidden, &[]),
        r(
            "GET",
            "/staff/jeunes/metiers-en-tension",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/jeunes/metiers-en-tension",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/jeunes/metiers-en-tension/1/supprimer",
            STAFF,
            Forbidden,
            &[],
        ),
        r("GET", "/staff/jeunes/statistiques", STAFF, Forbidden, &[]),
        r("GET", "/staff/jeunes/acces", STAFF, Forbidden, &[]),
        // Schools and youth structures: only their own members (referents).
        r("GET", "/jeunes/etablissement", SIGNED_IN, Login, &[]),
        r(
            "POST",
            "/jeunes/etablissement/{youth_school}/profil",
            &[SchoolStaff],
            NotFound,
            &[],
        ),
        r(
            "POST",
            "/jeunes/etablissement/{youth_school}/groupes",
            &[SchoolStaff],
            NotFound,
            &[],
        ),
        r(
            "POST",
            "/jeunes/etablissement/{youth_school}/jeunes",
            &[SchoolStaff],
            NotFound,
            &[],
        ),
        // Without a group (or a person) in the form, nobody learns anything.
        r(
            "POST",
            "/jeunes/offres/{youth_offer}/demande-groupe",
            &[],
            NotFound,
            &[],
        ),
        r(
            "POST",
            "/jeunes/offres/{youth_offer}/candidater",
            &[],
            NotFound,
            &[],
        ),
        r(
            "POST",
            "/jeunes/demandes/{youth_request}/accepter",
            &[Company],
            NotFound,
            &[],
        ),
        r(
            "POST",
            "/jeunes/demandes/{youth_request}/refuser",
            &[Company],
            NotFound,
            &[],
        ),
        // Young people's own pages.
        r("GET", "/jeunes/profil", SIGNED_IN, Login, &[]),
        r("POST", "/jeunes/profil", SIGNED_IN, Login, &[]),
        r("GET", "/jeunes/moi", SIGNED_IN, Login, &[]),
        // A minor's record and placement: referent, accepted host, staff; 404 for anyone else.
        r(
            "GET",
            "/jeunes/personnes/{youth_person}",
            PUPIL_READERS,
            NotFound,
            &[],
        ),
        r(
            "GET",
            "/jeunes/candidatures/{youth_app}",
            PUPIL_READERS,
            NotFound,
            &[],
        ),
        r(
            "GET",
            "/jeunes/candidatures/{youth_app}/convention.pdf",
            PUPIL_READERS,
            NotFound,
            &[],
        ),
        r(
            "POST",
            "/jeunes/candidatures/{youth_app}/accepter",
            &[Company],
            Forbidden,
            STRANGERS,
        ),
        r(
            "POST",
            "/jeunes/candidatures/{youth_app}/refuser",
            &[Company],
            Forbidden,
            STRANGERS,
        ),
        r(
            "POST",
            "/jeunes/candidatures/{youth_app}/commencer",
            &[Company],
            Forbidden,
            STRANGERS,
        ),
        r(
            "POST",
            "/jeunes/candidatures/{youth_app}/terminer",
            &[Company],
            Forbidden,
            STRANGERS,
        ),
        r(
            "POST",
            "/jeunes/candidatures/{youth_app}/presence",
            &[Company],
            Forbidden,
            STRANGERS,
        ),
        r(
            "POST",
            "/jeunes/candidatures/{youth_app}/avis",
            &[Company, SchoolStaff],
            Forbidden,
            STRANGERS,
        ),
        r(
            "POST",
            "/jeunes/candidatures/{youth_app}/retirer",
            &[SchoolStaff],
            Forbidden,
            STRANGERS,
        ),
        // Convention links: an unknown token is not found, whoever asks.
        r(
            "GET",
            "/jeunes/convention/not-a-token",
            &[],
            NotFound,
            &[Anonymous],
        ),
        r(
            "POST",
            "/jeunes/convention/not-a-token",
            &[],
            NotFound,
            &[Anonymous],
        ),
        r(
            "GET",
            "/jeunes/convention/not-a-token/convention.pdf",
            &[],
            NotFound,
            &[Anonymous],
        ),
        // Campaigns: staff run them; the young person's referent (or the accepted host) and
        // staff see the choices page.
        r("GET", "/staff/jeunes/campagnes", STAFF, Forbidden, &[]),
        r("POST", "/staff/jeunes/campagnes", STAFF, Forbidden, &[]),
        r(
            "GET",
            "/staff/jeunes/campagnes/{youth_campaign}",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/jeunes/campagnes/{youth_campaign}/offres",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/jeunes/campagnes/{youth_campaign}/jeunes",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/jeunes/campagnes/{youth_campaign}/lancer",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "GET",
            "/jeunes/campagnes/{youth_campaign}/jeunes/{youth_person}",
            PUPIL_READERS,
            NotFound,
            &[],
        ),
        r(
            "POST",
            "/jeunes/campagnes/{youth_campaign}/jeunes/{youth_person}",
            PUPIL_READERS,
            NotFound,
            &[],
        ),
    ]
}
