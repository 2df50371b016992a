//! Young people and their applications: from 16 a young person signs up and fills their own
//! profile (the `young` role); younger ones are registered by their referent (see `schools`).
//! Applications: submitted → accepted / refused / withdrawn / expired (15 days, periodic job);
//! accepting one cancels the person's other pending applications for overlapping dates in the
//! same transaction, and creates the convention of a minor.

use crate::conventions::{self, Convention, Party};
use crate::followup::{self, Attendance, Feedback};
use crate::lifecycle::{ApplicationEvent, ApplicationState};
use crate::model::{self, exec, insert, Application, Person, Side, Transition, Viewer};
use crate::types::{age_on, SchoolLevel, MAX_AGE, SELF_SIGN_UP_AGE};
use crate::web::{communes, date, Fields};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::Utc;
use essor_domain::role::Role;
use essor_platform::audit::{self, Entry};
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/jeunes/profil", get(profile_form).post(save_profile))
        .route("/jeunes/moi", get(me))
        .route("/jeunes/offres/{id}/candidater", post(apply))
        .route("/jeunes/candidatures/{id}", get(show))
        .route("/jeunes/candidatures/{id}/accepter", post(accept))
        .route("/jeunes/candidatures/{id}/refuser", post(refuse))
        .route("/jeunes/candidatures/{id}/retirer", post(withdraw))
        .route("/jeunes/candidatures/{id}/commencer", post(start))
        .route("/jeunes/candidatures/{id}/terminer", post(complete))
        .route("/jeunes/personnes/{id}", get(person_page))
}

// ---- Own profile (16 and over) -------------------------------------------------------------

#[derive(Template)]
#[template(path = "youth/profile.html")]
struct ProfileTpl<'a> {
    p: &'a Ctx,
    errors: FormErrors,
    f: Fields,
}

impl ProfileTpl<'_> {
    fn levels(&self) -> Vec<(String, String)> {
        SchoolLevel::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), self.p.t(k.message_id())))
            .collect()
    }
    fn communes(&self) -> Vec<(String, String)> {
        communes(self.p)
    }
}

async fn profile_form(p: Ctx) -> AppResult<Response> {
    let u = p.require_user()?;
    let f = match model::person_of_user(p.state.db(), u.id).await? {
        Some(y) => Fields(
            [
                ("first_name", y.first_name),
                ("last_name", y.last_name),
                ("birth_date", y.birth_date.to_string()),
                ("school_level", y.school_level),
                ("commune", y.commune_code),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
        ),
        None => Fields::default(),
    };
    render(&ProfileTpl {
        p: &p,
        errors: FormErrors::default(),
        f,
    })
}

async fn save_profile(p: Ctx, Form(f): Form<Fields>) -> AppResult<Response> {
    let u = p.require_user()?;
    let db = p.state.db();
    let mut errors = FormErrors::default();
    for n in ["first_name", "last_name"] {
        if f.get(n).is_empty() {
            errors.add(n, p.t("youth-field-required"));
        }
    }
    let today = Utc::now().date_naive();
    let birth = date(&f.get("birth_date"));
    match birth.map(|b| age_on(b, today)) {
        Some(a) if a < SELF_SIGN_UP_AGE => errors.add("birth_date", p.t("youth-too-young-alone")),
        Some(a) if a > MAX_AGE => errors.add("birth_date", p.t("youth-age-range")),
        Some(_) => {}
        None => errors.add("birth_date", p.t("youth-dates-required")),
    }
    let level = SchoolLevel::parse(&f.get("school_level"));
    if level.is_none() {
        errors.add("school_level", p.t("youth-field-required"));
    }
    let commune = f.get("commune");
    if !p.state.territory().contains(&commune) {
        errors.add("commune", p.t("youth-field-commune"));
    }
    if !errors.is_empty() {
        return render_invalid(&ProfileTpl { p: &p, errors, f });
    }
    let now = Utc::now();
    let vals = vec![
        f.get("first_name").into(),
        f.get("last_name").into(),
        birth.into(),
        level.expect("checked").as_str().into(),
        commune.into(),
        now.into(),
        u.id.0.into(),
    ];
    let mut tx = db.begin().await?;
    if exec(
        &mut tx,
        "UPDATE youth_people SET first_name = $1, last_name = $2, birth_date = $3, school_level = $4, \
         commune_code = $5, last_activity_at = $6 WHERE user_id = $7",
        vals.clone(),
    )
    .await?
        == 0
    {
        exec(
            &mut tx,
            "INSERT INTO youth_people (first_name, last_name, birth_date, school_level, commune_code, \
             last_activity_at, user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $6)",
            vals,
        )
        .await?;
    }
    essor_accounts::users::grant_role(&mut tx, u.id, Role::Young).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(u.id),
            action: "youth.profile.save",
            record_type: "user",
            record_id: u.id.0.to_string(),
            summary: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash("/jeunes/moi", "youth-flash-saved"))
}

// ---- My applications -----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "youth/me.html")]
struct MeTpl<'a> {
    p: &'a Ctx,
    me: Option<Person>,
    applications: Vec<Application>,
    campaigns: Vec<(i64, String)>,
}

async fn me(p: Ctx) -> AppResult<Response> {
    let u = p.require_user()?;
    let db = p.state.db();
    let me = model::person_of_user(db, u.id).await?;
    let (mut applications, mut campaigns) = (vec![], vec![]);
    if let Some(y) = &me {
        applications = model::all(
            db,
            &format!(
                "SELECT {} FROM {} WHERE a.person_id = $1 ORDER BY a.created_at DESC",
                model::APP_COLUMNS,
                model::APP_FROM
            ),
            vec![y.id.into()],
        )
        .await?;
        campaigns = crate::campaigns::campaigns_of(db, y.id).await?;
    }
    render(&MeTpl {
        p: &p,
        me,
        applications,
        campaigns,
    })
}

// ---- Applying ------------------------------------------------------------------------------

/// Applies for the young person themself, or for a pupil their referent registered.
async fn apply(p: Ctx, Path(offer_id): Path<i64>, Form(f): Form<Fields>) -> AppResult<Response> {
    let u = p.require_user()?;
    let db = p.state.db();
    let offer = model::offer(db, offer_id)
        .await?
        .filter(|o| o.is_published())
        .ok_or(AppError::NotFound)?;
    let person_id: i64 = f.get("person").parse().map_err(|_| AppError::NotFound)?;
    let person = model::person(db, person_id)
        .await?
        .filter(|y| y.anonymised_at.is_none())
        .ok_or(AppError::NotFound)?;
    match model::viewer_of(db, &person, u.id, false).await? {
        Some(Viewer::Themself | Viewer::Referent) => {}
        _ => return Err(AppError::NotFound),
    }
    let back = format!("/jeunes/offres/{offer_id}");
    if let Err(e) = offer.age_fits(person.birth_date) {
        return Ok(see_other_flash(&back, e.0));
    }
    let now = Utc::now();
    let mut tx = db.begin().await?;
    let id = match insert(
        &mut tx,
        "INSERT INTO youth_applications (offer_id, person_id, submitted_by, motivation, state, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'submitted', $5, $5)",
        vec![
            offer_id.into(),
            person_id.into(),
            u.id.0.into(),
            f.get("motivation").into(),
            now.into(),
        ],
    )
    .await
    {
        Ok(id) => id,
        Err(e) if essor_platform::db::is_unique_violation(&e) => {
            return Ok(see_other_flash(&back, "youth-already-applied"))
        }
        Err(e) => return Err(e.into()),
    };
    exec(
        &mut tx,
        "INSERT INTO youth_application_transitions (application_id, from_state, to_state, event, actor_id, at) \
         VALUES ($1, '', 'submitted', 'submit', $2, $3)",
        vec![id.into(), u.id.0.into(), now.into()],
    )
    .await?;
    model::touch_person(&mut tx, person_id).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(u.id),
            action: "youth.application.submit",
            record_type: "youth_application",
            record_id: id.to_string(),
            summary: json!({ "offer": offer_id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/jeunes/candidatures/{id}"),
        "youth-flash-applied",
    ))
}

// ---- An application / placement ------------------------------------------------------------

#[derive(Template)]
#[template(path = "youth/application.html")]
struct ShowTpl<'a> {
    p: &'a Ctx,
    app: Application,
    side: Side,
    history: Vec<Transition>,
    convention: Option<Convention>,
    parties: Vec<Party>,
    attendance: Vec<Attendance>,
    feedback: Vec<Feedback>,
}

impl ShowTpl<'_> {
    fn is_host(&self) -> bool {
        self.side == Side::Host
    }
    fn pending(&self) -> bool {
        self.app.state() == ApplicationState::Submitted
    }
    fn can_withdraw(&self) -> bool {
        matches!(self.side, Side::Young | Side::Referent)
            && matches!(
                self.app.state(),
                ApplicationState::Submitted | ApplicationState::Accepted
            )
    }
    fn can_start(&self) -> bool {
        self.is_host() && self.app.state() == ApplicationState::Accepted
    }
    fn started(&self) -> bool {
        self.app.state() == ApplicationState::Started
    }
    fn is_placement(&self) -> bool {
        self.app.state().is_placement()
    }
    fn ready(&self) -> bool {
        !self.app.needs_convention()
            || self
                .convention
                .as_ref()
                .is_some_and(|c| c.confirmed_at.is_some())
    }
    /// The feedback form this reader may fill (once), if any.
    fn feedback_role(&self) -> Option<&'static str> {
        if !matches!(
            self.app.state(),
            ApplicationState::Started | ApplicationState::Completed
        ) {
            return None;
        }
        let role = match self.side {
            Side::Young => "young",
            Side::Host => "host",
            Side::Referent => "referent",
            Side::Staff => return None,
        };
        (!self.feedback.iter().any(|f| f.author_role == role)).then_some(role)
    }
    fn today(&self) -> String {
        Utc::now()
            .with_timezone(&self.p.state.tz())
            .date_naive()
            .to_string()
    }
}

async fn show(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let (app, side) = model::require_application(&p, id).await?;
    let db = p.state.db();
    let history = model::application_history(db, id).await?;
    let convention = conventions::of_application(db, id).await?;
    let parties = match &convention {
        Some(c) => conventions::parties(db, c.id).await?,
        None => vec![],
    };
    let attendance = followup::attendance_of(db, id).await?;
    let feedback = followup::feedback_of(db, id).await?;
    render(&ShowTpl {
        p: &p,
        app,
        side,
        history,
        convention,
        parties,
        attendance,
        feedback,
    })
}

/// Accepts a pending application, in one transaction: cancels the person's other pending
/// applications for overlapping dates, and creates the convention of a minor.
async fn accept(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let (app, side) = model::require_application(&p, id).await?;
    if side != Side::Host {
        return Err(AppError::Forbidden);
    }
    let u = p.require_user()?;
    let back = format!("/jeunes/candidatures/{id}");
    let outcome = accept_application(&p.state, &app, u.id, (&u.display_name, &u.email)).await?;
    Ok(match outcome {
        Ok(()) => see_other_flash(&back, "youth-flash-accepted"),
        Err(e) => see_other_flash(&back, e.0),
    })
}

/// The acceptance itself (also used by tests and the demo).
pub async fn accept_application(
    state: &AppState,
    app: &Application,
    by: essor_domain::ids::UserId,
    host_contact: (&str, &str),
) -> anyhow::Result<Result<(), crate::types::Invalid>> {
    let db = state.db();
    let now = Utc::now();
    let mut tx = db.begin().await?;
    if let Err(e) = model::transition_application(
        &mut tx,
        app,
        ApplicationEvent::Accept,
        false,
        Some(by),
        None,
        now,
    )
    .await?
    {
        tx.rollback().await?;
        return Ok(Err(e));
    }
    // The person's other pending applications whose dates overlap this one's.
    let others: Vec<Application> = model::all(
        db,
        &format!(
            "SELECT {} FROM {} WHERE a.person_id = $1 AND a.id <> $2 AND a.state = 'submitted' \
             AND o.start_date <= $3 AND o.end_date >= $4",
            model::APP_COLUMNS,
            model::APP_FROM
        ),
        vec![
            app.person_id.into(),
            app.id.into(),
            app.end_date.into(),
            app.start_date.into(),
        ],
    )
    .await?;
    for o in &others {
        // A concurrent change is not an error here: the other application is simply left as is.
        let _ = model::transition_application(
            &mut tx,
            o,
            ApplicationEvent::Cancel,
            false,
            Some(by),
            Some("accepted elsewhere"),
            now,
        )
        .await?;
    }
    if app.needs_convention() {
        if let Err(e) = conventions::create(&mut tx, state, app, host_contact).await? {
            tx.rollback().await?;
            return Ok(Err(e));
        }
    }
    tx.commit().await?;
    Ok(Ok(()))
}

async fn simple(p: Ctx, id: i64, event: ApplicationEvent, sides: &[Side]) -> AppResult<Response> {
    let (app, side) = model::require_application(&p, id).await?;
    if !sides.contains(&side) {
        return Err(AppError::Forbidden);
    }
    let u = p.require_user()?;
    let ready = conventions::ready(p.state.db(), &app).await?;
    let mut tx = p.state.db().begin().await?;
    let r =
        model::transition_application(&mut tx, &app, event, ready, Some(u.id), None, Utc::now())
            .await?;
    tx.commit().await?;
    let back = format!("/jeunes/candidatures/{id}");
    Ok(match r {
        Ok(_) => see_other_flash(&back, "youth-flash-saved"),
        Err(e) => see_other_flash(&back, e.0),
    })
}

async fn refuse(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    simple(p, id, ApplicationEvent::Refuse, &[Side::Host]).await
}

async fn withdraw(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    simple(
        p,
        id,
        ApplicationEvent::Withdraw,
        &[Side::Young, Side::Referent],
    )
    .await
}

async fn start(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    simple(p, id, ApplicationEvent::Start, &[Side::Host]).await
}

async fn complete(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    simple(p, id, ApplicationEvent::Complete, &[Side::Host]).await
}

// ---- A young person's record ---------------------------------------------------------------

#[derive(Template)]
#[template(path = "youth/person.html")]
struct PersonTpl<'a> {
    p: &'a Ctx,
    y: Person,
    viewer: Viewer,
    applications: Vec<Application>,
}

impl PersonTpl<'_> {
    fn age(&self) -> i32 {
        self.y.age(Utc::now().date_naive())
    }
    fn commune(&self) -> String {
        crate::web::commune_name(self.p, &self.y.commune_code)
    }
    fn sees_contacts(&self) -> bool {
        self.viewer != Viewer::Host || self.y.org_id.is_some()
    }
}

async fn person_page(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let (y, viewer) = model::require_person(&p, id).await?;
    let db = p.state.db();
    let mut applications: Vec<Application> = model::all(
        db,
        &format!(
            "SELECT {} FROM {} WHERE a.person_id = $1 ORDER BY a.created_at DESC",
            model::APP_COLUMNS,
            model::APP_FROM
        ),
        vec![id.into()],
    )
    .await?;
    // A host sees only what concerns its own offers.
    if viewer == Viewer::Host {
        let u = p.require_user()?;
        let mut mine = vec![];
        for a in applications {
            if model::is_member(db, a.host_org_id, u.id).await? {
                mine.push(a);
            }
        }
        applications = mine;
    }
    render(&PersonTpl {
        p: &p,
        y,
        viewer,
        applications,
    })
}
