//! The youth bridge through HTTP, on every database engine available: offers and moderation,
//! catalogue search, schools and pupils, applications, conventions, placement, follow-up,
//! protection of minors, expiry and anonymisation, campaigns.

use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use essor_accounts::users;
use essor_domain::email::Email;
use essor_domain::role::Role;
use essor_platform::testing::{self, Client};
use essor_platform::Module;

use essor_accounts::testing::{login, person, PASSWORD};

/// An organisation in Nanterre (92050), by its id.
async fn create_org(c: &mut Client, kind: &str, name: &str, seed: u32) -> i64 {
    essor_accounts::testing::create_org(c, kind, name, seed, "92050")
        .await
        .0
}

fn modules() -> Vec<Module> {
    vec![essor_accounts::module(), essor_youth::module()]
}

fn id_from(loc: Option<&str>, prefix: &str) -> i64 {
    loc.unwrap_or_else(|| panic!("no redirect"))
        .trim_start_matches(prefix)
        .parse()
        .unwrap()
}

/// The Monday of a week at least 40 days ahead.
fn next_monday() -> NaiveDate {
    let mut d = Utc::now().date_naive() + Duration::days(40);
    while d.weekday() != Weekday::Mon {
        d += Duration::days(1);
    }
    d
}

#[allow(clippy::too_many_arguments)]
fn offer_fields<'a>(
    org: &'a str,
    kind: &'a str,
    title: &'a str,
    rome: &'a str,
    start: &'a str,
    end: &'a str,
    min_age: &'a str,
    max_age: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("org", org),
        ("kind", kind),
        ("title", title),
        ("rome_code", rome),
        ("job_label", "Boulangère, boulanger"),
        ("sector", "Alimentation"),
        (
            "school_level",
            if kind == "observation_placement" {
                "3e"
            } else {
                ""
            },
        ),
        ("start_date", start),
        ("end_date", end),
        ("iso_weeks", ""),
        ("day_start", "09:00"),
        ("day_end", "16:00"),
        ("break_minutes", "60"),
        ("days_per_week", "5"),
        ("places", "2"),
        ("group_size", "1"),
        ("commune", "92062"),
        ("address", "3 rue Jean Jaurès"),
        ("min_age", min_age),
        ("max_age", max_age),
        ("accessibility", "Locaux de plain-pied"),
        (
            "description",
            "Pétrir, façonner, cuire le pain avec l’équipe.",
        ),
    ]
}

#[tokio::test]
async fn the_whole_bridge_works_on_every_engine() {
    for t in testing::databases().await {
        journey(&t).await;
    }
}

async fn journey(t: &testing::TestDb) {
    let label = t.label;
    let (state, router) = testing::app(t, modules);
    person(&state, "staff@t.org", &[Role::Staff]).await;
    person(&state, "patron@t.org", &[]).await;
    person(&state, "prof@t.org", &[]).await;
    person(&state, "autre@t.org", &[]).await;
    let mut staff = login(&router, "staff@t.org").await;
    let mut host = login(&router, "patron@t.org").await;
    let mut school = login(&router, "prof@t.org").await;
    let mut other = login(&router, "autre@t.org").await;
    let mut anon = Client::new(&router);
    let host_org = create_org(&mut host, "commercial_company", "Le Fournil", 11).await;
    let school_org = create_org(&mut school, "school", "Collège Jean Jaurès", 12).await;
    create_org(&mut other, "commercial_company", "Autre SARL", 13).await;

    // ---- 1. Offers: a 3e observation placement in a shortage job (bakery, D1102).
    let mon = next_monday();
    let (start, end) = (mon.to_string(), (mon + Duration::days(4)).to_string());
    let org = host_org.to_string();
    let mut f = offer_fields(
        &org,
        "observation_placement",
        "Découvrir la boulangerie",
        "D1102",
        &start,
        &end,
        "14",
        "16",
    );
    // Too long a day for 14-year-olds: refused with the limit.
    f.retain(|(k, _)| *k != "day_end");
    f.push(("day_end", "18:00"));
    let r = host.post("/jeunes/accueil/offres/nouvelle", &f).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
    assert!(r.body.contains("7 h au plus"), "{label}: {}", r.body);
    let f = offer_fields(
        &org,
        "observation_placement",
        "Découvrir la boulangerie",
        "D1102",
        &start,
        &end,
        "14",
        "16",
    );
    let r = host.post("/jeunes/accueil/offres/nouvelle", &f).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{label}: {}", r.body);
    let offer = id_from(r.location(), "/jeunes/accueil/offres/");
    let o = essor_youth::model::offer(state.db(), offer)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(o.state, "draft");
    assert!(
        o.axes.contains("shortage_job"),
        "tagged automatically: {}",
        o.axes
    );
    // A draft is unknown to visitors and to other companies.
    assert_eq!(
        anon.get(&format!("/jeunes/offres/{offer}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        other
            .get(&format!("/jeunes/accueil/offres/{offer}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = host
        .post(&format!("/jeunes/accueil/offres/{offer}/soumettre"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // Hosts cannot approve; a rejection needs a reason.
    assert_eq!(
        host.post(&format!("/staff/jeunes/offres/{offer}/approuver"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    staff
        .post(
            &format!("/staff/jeunes/offres/{offer}/refuser"),
            &[("reason", " ")],
        )
        .await;
    let o = essor_youth::model::offer(state.db(), offer)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        o.state, "submitted",
        "{label}: rejection without reason refused"
    );
    assert!(staff
        .get("/staff/jeunes")
        .await
        .body
        .contains("Découvrir la boulangerie"));
    staff
        .post(&format!("/staff/jeunes/offres/{offer}/approuver"), &[])
        .await;
    let o = essor_youth::model::offer(state.db(), offer)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(o.state, "published");
    let history = essor_youth::model::offer_history(state.db(), offer)
        .await
        .unwrap();
    assert_eq!(history.len(), 2, "submit and approve are in the history");

    // Catalogue: accents and case ignored, filters.
    let body = anon.get("/jeunes/offres?q=BOULANGERE").await.body;
    assert!(
        body.contains("Découvrir la boulangerie"),
        "{label}: folded search"
    );
    let body = anon
        .get("/jeunes/offres?q=d%C3%A9couvrir+boulangerie")
        .await
        .body;
    assert!(body.contains("Découvrir la boulangerie"));
    assert!(!anon
        .get("/jeunes/offres?q=informatique")
        .await
        .body
        .contains("Découvrir la boulangerie"));
    assert!(!anon
        .get("/jeunes/offres?age=20")
        .await
        .body
        .contains("Découvrir la boulangerie"));
    assert!(anon
        .get("/jeunes/offres?axis=shortage_job&kind=observation_placement&commune=92062")
        .await
        .body
        .contains("Découvrir la boulangerie"));
    assert!(!anon
        .get("/jeunes/offres?axis=apprenticeship")
        .await
        .body
        .contains("Découvrir la boulangerie"));

    // A second, overlapping offer (company visit) and an apprenticeship offer for 16–25.
    let f = offer_fields(
        &org,
        "company_visit",
        "Visite du fournil",
        "D1104",
        &start,
        &start,
        "14",
        "18",
    );
    let r = host.post("/jeunes/accueil/offres/nouvelle", &f).await;
    let visit = id_from(r.location(), "/jeunes/accueil/offres/");
    let (a_start, a_end) = (
        (mon + Duration::days(60)).to_string(),
        (mon + Duration::days(400)).to_string(),
    );
    let f = offer_fields(
        &org,
        "apprenticeship",
        "CAP boulanger en apprentissage",
        "D1102",
        &a_start,
        &a_end,
        "16",
        "25",
    );
    let r = host.post("/jeunes/accueil/offres/nouvelle", &f).await;
    let appr = id_from(r.location(), "/jeunes/accueil/offres/");
    for o in [visit, appr] {
        host.post(&format!("/jeunes/accueil/offres/{o}/soumettre"), &[])
            .await;
        staff
            .post(&format!("/staff/jeunes/offres/{o}/approuver"), &[])
            .await;
    }

    // ---- 2. The collège: UAI with its check letter, a group, a pupil of 14.
    let r = school
        .post(
            &format!("/jeunes/etablissement/{school_org}/profil"),
            &[("uai", "0750655F")],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{label}: bad check letter"
    );
    let r = school
        .post(
            &format!("/jeunes/etablissement/{school_org}/profil"),
            &[("uai", "0750655E"), ("rep_plus", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        essor_youth::schools::structure(state.db(), school_org)
            .await
            .unwrap()
            .rep_plus
    );
    // Another company cannot act for this school.
    assert_eq!(
        other
            .post(
                &format!("/jeunes/etablissement/{school_org}/profil"),
                &[("uai", "")]
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = school
        .post(
            &format!("/jeunes/etablissement/{school_org}/groupes"),
            &[
                ("group_name", "3e B"),
                ("group_level", "3e"),
                ("group_size", "24"),
                ("group_min_age", "14"),
                ("group_max_age", "15"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let birth = (mon - Duration::days(14 * 365 + 10)).to_string();
    let pupil = [
        ("first_name", "Inès"),
        ("last_name", "Martin"),
        ("birth_date", birth.as_str()),
        ("school_level", "3e"),
        ("commune", "92024"),
        ("guardian_name", ""),
        ("guardian_email", ""),
    ];
    let r = school
        .post(
            &format!("/jeunes/etablissement/{school_org}/jeunes"),
            &pupil,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{label}: a minor needs a legal representative"
    );
    let mut pupil = pupil.to_vec();
    pupil.retain(|(k, _)| !k.starts_with("guardian"));
    pupil.extend([
        ("guardian_name", "Sophie Martin"),
        ("guardian_email", "parent@t.org"),
        ("guardian_phone", "06 00 00 00 00"),
    ]);
    let r = school
        .post(
            &format!("/jeunes/etablissement/{school_org}/jeunes"),
            &pupil,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (pupil_id,): (i64,) = state
        .db()
        .fetch_one(&essor_youth::model::sql(
            "SELECT MAX(id) FROM youth_people",
            vec![],
        ))
        .await
        .unwrap();
    // The group asks for the visit; the host accepts.
    let (group_id,): (i64,) = state
        .db()
        .fetch_one(&essor_youth::model::sql(
            "SELECT MAX(id) FROM youth_groups",
            vec![],
        ))
        .await
        .unwrap();
    let r = school
        .post(
            &format!("/jeunes/offres/{visit}/demande-groupe"),
            &[
                ("group", &group_id.to_string()),
                ("message", "Une classe de 3e"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (req,): (i64,) = state
        .db()
        .fetch_one(&essor_youth::model::sql(
            "SELECT MAX(id) FROM youth_group_requests",
            vec![],
        ))
        .await
        .unwrap();
    assert_eq!(
        other
            .post(&format!("/jeunes/demandes/{req}/accepter"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    host.post(&format!("/jeunes/demandes/{req}/accepter"), &[])
        .await;
    let (st,): (String,) = state
        .db()
        .fetch_one(&essor_youth::model::sql(
            "SELECT state FROM youth_group_requests WHERE id = $1",
            vec![req.into()],
        ))
        .await
        .unwrap();
    assert_eq!(st, "accepted");

    // ---- 3. Applications: the referent applies for the pupil to both overlapping offers.
    let pid = pupil_id.to_string();
    let r = school
        .post(
            &format!("/jeunes/offres/{offer}/candidater"),
            &[("person", &pid), ("motivation", "Passionnée")],
        )
        .await;
    let app = id_from(r.location(), "/jeunes/candidatures/");
    let r = school
        .post(
            &format!("/jeunes/offres/{visit}/candidater"),
            &[("person", &pid)],
        )
        .await;
    let app2 = id_from(r.location(), "/jeunes/candidatures/");
    // Too young for the apprenticeship offer.
    let r = school
        .post(
            &format!("/jeunes/offres/{appr}/candidater"),
            &[("person", &pid)],
        )
        .await;
    assert_eq!(
        r.location(),
        Some(format!("/jeunes/offres/{appr}").as_str())
    );
    // Nobody else may apply for this pupil.
    assert_eq!(
        other
            .post(
                &format!("/jeunes/offres/{offer}/candidater"),
                &[("person", &pid)]
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Before acceptance the host does not see the pupil's record.
    assert_eq!(
        host.get(&format!("/jeunes/personnes/{pupil_id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = host
        .post(&format!("/jeunes/candidatures/{app}/accepter"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let a = essor_youth::model::application(state.db(), app)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.state, "accepted", "{label}");
    let a2 = essor_youth::model::application(state.db(), app2)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        a2.state, "cancelled",
        "{label}: the overlapping application is cancelled"
    );
    // Now the host sees the record, with the guardian's contact; every access is logged.
    let r = host.get(&format!("/jeunes/personnes/{pupil_id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("parent@t.org"));
    for path in [
        format!("/jeunes/personnes/{pupil_id}"),
        format!("/jeunes/candidatures/{app}"),
        format!("/jeunes/candidatures/{app}/convention.pdf"),
    ] {
        assert_eq!(
            other.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{label}: {path}"
        );
        assert!(anon.get(&path).await.status.is_redirection());
    }
    let log = essor_youth::followup::accesses(state.db(), 100)
        .await
        .unwrap();
    assert!(log
        .iter()
        .any(|l| l.viewer_role == "host" && l.person_id == pupil_id));
    assert!(
        staff
            .get("/staff/jeunes/acces")
            .await
            .body
            .contains("Le Fournil")
            || !log.is_empty()
    );

    // ---- 4. The convention: four parties, each with a link; no start before all confirm.
    let r = host
        .post(&format!("/jeunes/candidatures/{app}/commencer"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let a = essor_youth::model::application(state.db(), app)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        a.state, "accepted",
        "{label}: cannot start before the convention"
    );
    let pdf = host
        .get(&format!("/jeunes/candidatures/{app}/convention.pdf"))
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with("%PDF"));
    essor_platform::jobs::drain(&state).await.unwrap();
    let mails = testing::outbox(&state);
    let links: Vec<String> = mails
        .iter()
        .filter_map(|m| testing::link_path(m, "http://essor.test/jeunes/convention/"))
        .collect();
    assert_eq!(
        links.len(),
        4,
        "{label}: school, host, pupil (through the referent), guardian"
    );
    assert!(mails.iter().any(|m| m.contains("parent@t.org")));
    for (i, l) in links.iter().enumerate() {
        let mut c = Client::new(&router);
        assert_eq!(c.get(l).await.status, StatusCode::OK);
        assert_eq!(c.post(l, &[]).await.status, StatusCode::SEE_OTHER);
        let ready = essor_youth::conventions::ready(state.db(), &a)
            .await
            .unwrap();
        assert_eq!(
            ready,
            i == 3,
            "{label}: ready only after the last confirmation"
        );
    }
    assert_eq!(
        anon.get("/jeunes/convention/not-a-token").await.status,
        StatusCode::NOT_FOUND
    );
    host.post(&format!("/jeunes/candidatures/{app}/commencer"), &[])
        .await;
    let a = essor_youth::model::application(state.db(), app)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.state, "started");

    // ---- 6. Attendance and feedback.
    let r = host
        .post(
            &format!("/jeunes/candidatures/{app}/presence"),
            &[("day", &start), ("present", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        essor_youth::followup::attendance_of(state.db(), app)
            .await
            .unwrap()
            .len(),
        1
    );
    host.post(
        &format!("/jeunes/candidatures/{app}/avis"),
        &[("rating", "5"), ("comment", "Très motivée")],
    )
    .await;
    school
        .post(
            &format!("/jeunes/candidatures/{app}/avis"),
            &[("rating", "4"), ("comment", "Bon retour")],
        )
        .await;
    assert_eq!(
        essor_youth::followup::feedback_of(state.db(), app)
            .await
            .unwrap()
            .len(),
        2
    );
    let stats = essor_youth::followup::statistics(state.db()).await.unwrap();
    assert_eq!(
        stats
            .by_age_band
            .get("youth-age-band-under-16")
            .map(|c| c.placements),
        Some(1)
    );
    assert_eq!(
        stats
            .by_axis
            .get("youth-axis-shortage-job")
            .map(|c| c.applications),
        Some(2)
    );
    assert_eq!(
        staff.get("/staff/jeunes/statistiques").await.status,
        StatusCode::OK
    );
    assert_eq!(
        host.get("/staff/jeunes/statistiques").await.status,
        StatusCode::FORBIDDEN
    );

    // ---- 3 bis. A 17-year-old applies alone; a 15-year-old may not create a profile.
    person(&state, "jeune@t.org", &[]).await;
    let mut young = login(&router, "jeune@t.org").await;
    let too_young = (Utc::now().date_naive() - Duration::days(15 * 365 + 30)).to_string();
    let profile = |b: &str| {
        vec![
            ("first_name", "Yanis".to_owned()),
            ("last_name", "Benali".to_owned()),
            ("birth_date", b.to_owned()),
            ("school_level", "cap".to_owned()),
            ("commune", "92050".to_owned()),
        ]
    };
    let pf: Vec<(&str, String)> = profile(&too_young);
    let pf: Vec<(&str, &str)> = pf.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        young.post("/jeunes/profil", &pf).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let seventeen = (Utc::now().date_naive() - Duration::days(17 * 365 + 30)).to_string();
    let pf: Vec<(&str, String)> = profile(&seventeen);
    let pf: Vec<(&str, &str)> = pf.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        young.post("/jeunes/profil", &pf).await.status,
        StatusCode::SEE_OTHER
    );
    let me = essor_youth::model::person_of_user(
        state.db(),
        users::by_email(state.db(), &Email::parse("jeune@t.org").unwrap())
            .await
            .unwrap()
            .unwrap()
            .id(),
    )
    .await
    .unwrap()
    .unwrap();
    let show = young.get(&format!("/jeunes/offres/{appr}")).await.body;
    assert!(show.contains("Envoyer ma candidature"), "{label}");
    let r = young
        .post(
            &format!("/jeunes/offres/{appr}/candidater"),
            &[
                ("person", &me.id.to_string()),
                ("motivation", "Je veux être boulanger"),
            ],
        )
        .await;
    let own = id_from(r.location(), "/jeunes/candidatures/");
    assert!(young
        .get("/jeunes/moi")
        .await
        .body
        .contains("CAP boulanger en apprentissage"));
    // The young person cannot see the pupil, nor apply for them.
    assert_eq!(
        young
            .get(&format!("/jeunes/personnes/{pupil_id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        young
            .post(
                &format!("/jeunes/offres/{appr}/candidater"),
                &[("person", &pid)]
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // ---- Expiry after 15 days (injected clock).
    let n = essor_youth::followup::expire_due(state.db(), Utc::now() + Duration::days(14))
        .await
        .unwrap();
    assert_eq!(n, 0);
    let n = essor_youth::followup::expire_due(state.db(), Utc::now() + Duration::days(16))
        .await
        .unwrap();
    assert_eq!(n, 1, "{label}: the pending apprenticeship application");
    let a = essor_youth::model::application(state.db(), own)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.state, "expired");

    // ---- 5. A campaign: two young people, one place, the REP+ pupil has priority.
    let r = staff
        .post(
            "/staff/jeunes/campagnes",
            &[("name", "Stages de 3e"), ("seed", "42")],
        )
        .await;
    let camp = id_from(r.location(), "/staff/jeunes/campagnes/");
    staff
        .post(
            &format!("/staff/jeunes/campagnes/{camp}/offres"),
            &[("offer", &appr.to_string())],
        )
        .await;
    // The offer has 2 places: make it 1 to create competition.
    let mut tx = state.db().begin().await.unwrap();
    essor_youth::model::exec(
        &mut tx,
        "UPDATE youth_campaign_offers SET capacity = 1",
        vec![],
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    for y in [pupil_id, me.id] {
        staff
            .post(
                &format!("/staff/jeunes/campagnes/{camp}/jeunes"),
                &[("person", &y.to_string())],
            )
            .await;
    }
    let rank_field = format!("rank_{appr}");
    let r = young
        .post(
            &format!("/jeunes/campagnes/{camp}/jeunes/{}", me.id),
            &[(rank_field.as_str(), "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    school
        .post(
            &format!("/jeunes/campagnes/{camp}/jeunes/{pupil_id}"),
            &[(rank_field.as_str(), "1")],
        )
        .await;
    // Others cannot rank for someone.
    assert_eq!(
        other
            .get(&format!("/jeunes/campagnes/{camp}/jeunes/{}", me.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = staff
        .post(&format!("/staff/jeunes/campagnes/{camp}/lancer"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = young
        .get(&format!("/jeunes/campagnes/{camp}/jeunes/{}", me.id))
        .await
        .body;
    assert!(page.contains("Pas de place"), "{label}: {page}");
    assert!(
        page.contains("prioritaires"),
        "{label}: the reason is the REP+ priority"
    );
    let page = school
        .get(&format!("/jeunes/campagnes/{camp}/jeunes/{pupil_id}"))
        .await
        .body;
    assert!(page.contains("vœu n° 1"), "{label}");

    // ---- Anonymisation 12 months after the last activity (injected clock).
    let n = essor_youth::followup::anonymise_due(state.db(), Utc::now() + Duration::days(300), 12)
        .await
        .unwrap();
    assert_eq!(n, 0);
    let n = essor_youth::followup::anonymise_due(state.db(), Utc::now() + Duration::days(400), 12)
        .await
        .unwrap();
    assert_eq!(n, 2, "{label}");
    let p = essor_youth::model::person(state.db(), pupil_id)
        .await
        .unwrap()
        .unwrap();
    assert!(p.guardian_email.is_none() && p.last_name.is_empty() && p.first_name != "Inès");
    assert_eq!(p.birth_date.month(), 1, "only the year is kept");
}

#[tokio::test]
async fn shortage_list_is_seeded_and_retags_offers() {
    for t in testing::databases().await {
        let jobs = essor_youth::offers::shortage::list_all(&t.db)
            .await
            .unwrap();
        assert_eq!(jobs.len(), 3, "{}", t.label);
        assert!(jobs
            .iter()
            .any(|j| j.rome_codes.contains("K1303") && j.rome_codes.contains("J1304")));
        let (state, router) = testing::app(&t, modules);
        person(&state, "staff@t.org", &[Role::Staff]).await;
        let mut staff = login(&router, "staff@t.org").await;
        let r = staff
            .post(
                "/staff/jeunes/metiers-en-tension",
                &[
                    ("family", "Soudure"),
                    ("rome_codes", "Z999"),
                    ("source", "BMO"),
                    ("as_of", "2025-04-01"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = staff
            .post(
                "/staff/jeunes/metiers-en-tension",
                &[
                    ("family", "Soudure"),
                    ("rome_codes", "H2913"),
                    ("source", "BMO 2025"),
                    ("as_of", "2025-04-01"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            essor_youth::offers::shortage::list_all(&t.db)
                .await
                .unwrap()
                .len(),
            4
        );
    }
}

#[tokio::test]
async fn the_demo_has_a_published_shortage_placement_and_a_pupil_of_14() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        essor_accounts::demo::seed(&state, PASSWORD).await.unwrap();
        essor_youth::demo::seed(&state).await.unwrap();
        let mut anon = Client::new(&router);
        let body = anon
            .get("/jeunes/offres?axis=shortage_job&kind=observation_placement")
            .await
            .body;
        assert!(
            body.contains("Stage de 3e : une semaine au fournil"),
            "{}",
            t.label
        );
        let body = anon.get("/jeunes/offres?kind=apprenticeship").await.body;
        assert!(body.contains("CAP boulanger en apprentissage"));
        let mut school = login(&router, "ecole@essor.demo").await;
        let body = school.get("/jeunes/etablissement").await.body;
        assert!(
            body.contains("Inès Martin") && body.contains("3e B"),
            "{}",
            t.label
        );
        let (birth,): (NaiveDate,) = state
            .db()
            .fetch_one(&essor_youth::model::sql(
                "SELECT birth_date FROM youth_people",
                vec![],
            ))
            .await
            .unwrap();
        assert_eq!(essor_youth::types::age_on(birth, next_monday()), 14);
    }
}

/// Every name the module computes from an enum has its message in both languages.
#[test]
fn every_enum_value_has_its_messages() {
    use essor_platform::i18n::{I18n, Locale};
    use essor_youth::lifecycle::{ApplicationState, OfferState, RequestState};
    use essor_youth::types::{AgeBand, Axis, OfferKind, SchoolLevel};
    let i18n = I18n::load();
    let mut ids: Vec<String> = vec![];
    ids.extend(OfferKind::ALL.iter().map(|v| v.message_id()));
    ids.extend(Axis::ALL.iter().map(|v| v.message_id()));
    ids.extend(SchoolLevel::ALL.iter().map(|v| v.message_id()));
    ids.extend(AgeBand::ALL.iter().map(|v| v.message_id()));
    ids.extend(OfferState::ALL.iter().map(|v| v.message_id()));
    ids.extend(ApplicationState::ALL.iter().map(|v| v.message_id()));
    ids.extend(RequestState::ALL.iter().map(|v| v.message_id()));
    for p in ["school", "host", "young", "guardian"] {
        ids.push(format!("youth-party-{p}"));
    }
    for r in ["young", "host", "referent"] {
        ids.push(format!("youth-feedback-by-{r}"));
    }
    for id in ids {
        for l in Locale::ALL {
            assert!(i18n.has(l, &id), "{id} missing in {l:?}");
        }
    }
}

/// The hourly periodic work enqueues the housekeeping job, which expires old applications.
#[tokio::test]
async fn the_periodic_job_expires_applications_after_15_days() {
    use essor_youth::model::{insert, sql};
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let by = person(&state, "patron@t.org", &[]).await;
        let mut host = login(&router, "patron@t.org").await;
        let org = create_org(&mut host, "commercial_company", "Le Fournil", 21).await;
        let old = Utc::now() - Duration::days(16);
        let mut tx = state.db().begin().await.unwrap();
        let offer = insert(
            &mut tx,
            "INSERT INTO youth_offers (org_id, created_by, kind, title, axes, rome_code, job_label, sector, \
             start_date, end_date, iso_weeks, day_start, day_end, break_minutes, days_per_week, places, group_size, \
             commune_code, address, min_age, max_age, accessibility, description, state, search_text, created_at, updated_at) \
             VALUES ($1, $2, 'company_visit', 'Visite', '', 'D1102', 'Boulanger', 'Alimentation', $3, $3, '', '09:00', \
             '12:00', 0, 1, 5, 5, '92050', '1 rue', 14, 25, '', 'Visite', 'published', 'visite', $4, $4)",
            vec![org.into(), by.0.into(), (Utc::now().date_naive() + Duration::days(30)).into(), old.into()],
        )
        .await
        .unwrap();
        let young = insert(
            &mut tx,
            "INSERT INTO youth_people (first_name, last_name, birth_date, school_level, commune_code, last_activity_at, created_at) \
             VALUES ('Yanis', 'B', '2008-01-01', 'cap', '92050', $1, $1)",
            vec![old.into()],
        )
        .await
        .unwrap();
        let app = insert(
            &mut tx,
            "INSERT INTO youth_applications (offer_id, person_id, submitted_by, motivation, state, created_at, updated_at) \
             VALUES ($1, $2, $3, '', 'submitted', $4, $4)",
            vec![offer.into(), young.into(), by.0.into(), old.into()],
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        essor_platform::app::run_periodic(&state).await;
        essor_platform::jobs::drain(&state).await.unwrap();
        let (st,): (String,) = state
            .db()
            .fetch_one(&sql(
                "SELECT state FROM youth_applications WHERE id = $1",
                vec![app.into()],
            ))
            .await
            .unwrap();
        assert_eq!(st, "expired", "{}", t.label);
    }
}
