//! The records every room shares, their queries, the transitions (history row + audit entry,
//! guarded by the old state) and who may see what.
//!
//! Statements are raw SQL with `$n` placeholders written to run unchanged on SQLite and
//! PostgreSQL (plain SELECT/INSERT/UPDATE, no dialect feature).

use crate::lifecycle::{ApplicationEvent, ApplicationState, OfferActor, OfferEvent, OfferState};
use crate::types::{age_on, AgeBand, Axis, Invalid, OfferKind, Schedule};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use essor_domain::ids::{OrgId, UserId};
use essor_platform::audit::{self, Entry};
use essor_platform::db::{Db, Raw, Row, Tx};
use essor_platform::web::{AppError, AppResult, Ctx};
use sea_query::Value;
use sea_query_binder::SqlxValues;
use serde_json::json;

/// Raw SQL with its values (`$1`… placeholders).
pub fn sql(text: &str, values: Vec<Value>) -> Raw {
    Raw(text.to_owned(), SqlxValues(sea_query::Values(values)))
}

pub async fn all<T: Row>(db: &Db, text: &str, values: Vec<Value>) -> anyhow::Result<Vec<T>> {
    db.fetch_all(&sql(text, values)).await
}

pub async fn one<T: Row>(db: &Db, text: &str, values: Vec<Value>) -> anyhow::Result<Option<T>> {
    db.fetch_optional(&sql(text, values)).await
}

pub async fn exec(tx: &mut Tx, text: &str, values: Vec<Value>) -> anyhow::Result<u64> {
    tx.execute(&sql(text, values)).await
}

/// Inserts and returns the new row's id.
pub async fn insert(tx: &mut Tx, text: &str, values: Vec<Value>) -> anyhow::Result<i64> {
    let (id,): (i64,) = tx
        .fetch_one(&sql(&format!("{text} RETURNING id"), values))
        .await?;
    Ok(id)
}

// ---- Offers --------------------------------------------------------------------------------

pub const OFFER_COLUMNS: &str = "o.id, o.org_id, o.created_by, o.kind, o.title, o.axes, o.rome_code, \
    o.job_label, o.sector, o.school_level, o.start_date, o.end_date, o.iso_weeks, o.day_start, o.day_end, \
    o.break_minutes, o.days_per_week, o.places, o.group_size, o.commune_code, o.address, o.min_age, \
    o.max_age, o.accessibility, o.description, o.state, o.reject_reason, o.created_at, o.updated_at, \
    g.name AS org_name";

pub const OFFER_FROM: &str = "youth_offers o JOIN organisations g ON g.id = o.org_id";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Offer {
    pub id: i64,
    pub org_id: i64,
    pub created_by: i64,
    pub kind: String,
    pub title: String,
    pub axes: String,
    pub rome_code: String,
    pub job_label: String,
    pub sector: String,
    pub school_level: Option<String>,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub iso_weeks: String,
    pub day_start: String,
    pub day_end: String,
    pub break_minutes: i64,
    pub days_per_week: i64,
    pub places: i64,
    pub group_size: i64,
    pub commune_code: String,
    pub address: String,
    pub min_age: i64,
    pub max_age: i64,
    pub accessibility: String,
    pub description: String,
    pub state: String,
    pub reject_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub org_name: String,
}

impl Offer {
    pub fn state(&self) -> OfferState {
        OfferState::parse(&self.state).unwrap_or(OfferState::Closed)
    }

    pub fn kind(&self) -> OfferKind {
        OfferKind::parse(&self.kind).unwrap_or(OfferKind::CompanyVisit)
    }

    pub fn kind_message_id(&self) -> String {
        self.kind().message_id()
    }

    pub fn axes(&self) -> Vec<Axis> {
        Axis::parse_set(&self.axes)
    }

    pub fn axis_message_ids(&self) -> Vec<String> {
        self.axes().iter().map(|a| a.message_id()).collect()
    }

    pub fn state_message_id(&self) -> String {
        self.state().message_id()
    }

    pub fn schedule(&self) -> Schedule {
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").unwrap_or_default();
        Schedule {
            start: t(&self.day_start),
            end: t(&self.day_end),
            break_minutes: self.break_minutes as u32,
            days_per_week: self.days_per_week as u32,
        }
    }

    pub fn is_published(&self) -> bool {
        self.state() == OfferState::Published
    }

    /// The age of someone born on `birth` must be within the offer's range on its first day and
    /// still on its last (nobody turns too old half-way).
    pub fn age_fits(&self, birth: NaiveDate) -> Result<(), Invalid> {
        let (a, b) = (age_on(birth, self.start_date), age_on(birth, self.end_date));
        if (a as i64) < self.min_age {
            Err(Invalid("youth-age-too-young"))
        } else if (b as i64) > self.max_age {
            Err(Invalid("youth-age-too-old"))
        } else {
            Ok(())
        }
    }

    pub fn overlaps(&self, other: &Offer) -> bool {
        self.start_date <= other.end_date && other.start_date <= self.end_date
    }
}

pub async fn offer(db: &Db, id: i64) -> anyhow::Result<Option<Offer>> {
    one(
        db,
        &format!("SELECT {OFFER_COLUMNS} FROM {OFFER_FROM} WHERE o.id = $1"),
        vec![id.into()],
    )
    .await
}

/// Moves an offer and records the history row and the audit entry in `tx`.
pub async fn transition_offer(
    tx: &mut Tx,
    offer: &Offer,
    event: OfferEvent,
    actor: OfferActor,
    actor_id: UserId,
    reason: Option<&str>,
) -> anyhow::Result<Result<OfferState, Invalid>> {
    let from = offer.state();
    let to = match from.apply(event, actor, reason) {
        Ok(to) => to,
        Err(e) => return Ok(Err(e)),
    };
    let now = Utc::now();
    let reject_reason = if to == OfferState::Rejected {
        reason.map(str::to_owned)
    } else {
        None
    };
    let n = exec(
        tx,
        "UPDATE youth_offers SET state = $1, reject_reason = $2, updated_at = $3 WHERE id = $4 AND state = $5",
        vec![
            to.as_str().into(),
            reject_reason.into(),
            now.into(),
            offer.id.into(),
            from.as_str().into(),
        ],
    )
    .await?;
    if n == 0 {
        return Ok(Err(Invalid("youth-transition-stale")));
    }
    exec(
        tx,
        "INSERT INTO youth_offer_transitions (offer_id, from_state, to_state, event, actor_id, reason, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        vec![
            offer.id.into(),
            from.as_str().into(),
            to.as_str().into(),
            event.as_str().into(),
            actor_id.0.into(),
            reason.map(str::to_owned).into(),
            now.into(),
        ],
    )
    .await?;
    audit::record(
        tx,
        Entry {
            actor: Some(actor_id),
            action: "youth.offer.transition",
            record_type: "youth_offer",
            record_id: offer.id.to_string(),
            summary: json!({ "from": from.as_str(), "to": to.as_str(), "event": event.as_str() }),
        },
    )
    .await?;
    Ok(Ok(to))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Transition {
    pub from_state: String,
    pub to_state: String,
    pub event: String,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
    pub actor_name: Option<String>,
}

pub async fn offer_history(db: &Db, id: i64) -> anyhow::Result<Vec<Transition>> {
    all(
        db,
        "SELECT t.from_state, t.to_state, t.event, t.reason, t.at, u.display_name AS actor_name \
         FROM youth_offer_transitions t LEFT JOIN users u ON u.id = t.actor_id \
         WHERE t.offer_id = $1 ORDER BY t.id",
        vec![id.into()],
    )
    .await
}

// ---- Membership ----------------------------------------------------------------------------

/// Whether `user` belongs to organisation `org`.
pub async fn is_member(db: &Db, org: i64, user: UserId) -> anyhow::Result<bool> {
    Ok(essor_platform::orgs::role_of(db, OrgId(org), user)
        .await?
        .is_some())
}

/// The signed-in person's organisations of the given kinds, as (id, name).
pub async fn my_orgs(db: &Db, user: UserId, kinds: &[&str]) -> anyhow::Result<Vec<(i64, String)>> {
    Ok(essor_platform::orgs::orgs_of(db, user)
        .await?
        .into_iter()
        .filter(|o| kinds.contains(&o.kind.as_str()))
        .map(|o| (o.id, o.name))
        .collect())
}

/// Organisation kinds that host young people.
pub const HOST_KINDS: &[&str] = &[
    "commercial_company",
    "ess_company",
    "association",
    "cooperative",
    "mutual",
    "foundation",
    "public_body",
];
/// Organisation kinds whose members are referents of young people.
pub const REFERENT_KINDS: &[&str] = &["school", "youth_structure"];

/// 404 unless the signed-in person may manage the offer (a member of its host, or staff).
pub async fn require_offer_manager(p: &Ctx, id: i64) -> AppResult<(Offer, OfferActor)> {
    let u = p.require_user()?;
    let offer = offer(p.state.db(), id).await?.ok_or(AppError::NotFound)?;
    if is_member(p.state.db(), offer.org_id, u.id).await? {
        Ok((offer, OfferActor::Host))
    } else if u.is_staff() {
        Ok((offer, OfferActor::Staff))
    } else {
        Err(AppError::NotFound)
    }
}

// ---- Young people --------------------------------------------------------------------------

pub const PERSON_COLUMNS: &str = "y.id, y.user_id, y.org_id, y.registered_by, y.first_name, y.last_name, \
    y.birth_date, y.school_level, y.commune_code, y.guardian_name, y.guardian_email, y.guardian_phone, \
    y.last_activity_at, y.anonymised_at, y.created_at";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Person {
    pub id: i64,
    pub user_id: Option<i64>,
    pub org_id: Option<i64>,
    pub registered_by: Option<i64>,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: NaiveDate,
    pub school_level: String,
    pub commune_code: String,
    pub guardian_name: Option<String>,
    pub guardian_email: Option<String>,
    pub guardian_phone: Option<String>,
    pub last_activity_at: DateTime<Utc>,
    pub anonymised_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl Person {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }

    pub fn age(&self, on: NaiveDate) -> i32 {
        age_on(self.birth_date, on)
    }

    pub fn is_minor_on(&self, on: NaiveDate) -> bool {
        AgeBand::of(self.age(on)).is_minor()
    }

    pub fn level_message_id(&self) -> String {
        crate::types::SchoolLevel::parse(&self.school_level)
            .map(|l| l.message_id())
            .unwrap_or_else(|| "youth-level-hors-scolarite".into())
    }
}

pub async fn person(db: &Db, id: i64) -> anyhow::Result<Option<Person>> {
    one(
        db,
        &format!("SELECT {PERSON_COLUMNS} FROM youth_people y WHERE y.id = $1"),
        vec![id.into()],
    )
    .await
}

pub async fn person_of_user(db: &Db, user: UserId) -> anyhow::Result<Option<Person>> {
    one(
        db,
        &format!("SELECT {PERSON_COLUMNS} FROM youth_people y WHERE y.user_id = $1"),
        vec![user.0.into()],
    )
    .await
}

/// Why someone may see a young person's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// The young person themself.
    Themself,
    /// A member of the school or youth structure that registered them.
    Referent,
    /// A member of a host organisation that accepted them.
    Host,
    Staff,
}

impl Viewer {
    pub fn as_str(self) -> &'static str {
        match self {
            Viewer::Themself => "self",
            Viewer::Referent => "referent",
            Viewer::Host => "host",
            Viewer::Staff => "staff",
        }
    }
}

/// Who `user` is to `person`, or `None` when they may not see the record. A host sees the young
/// person only once an application to one of its offers was accepted.
pub async fn viewer_of(
    db: &Db,
    person: &Person,
    user: UserId,
    is_staff: bool,
) -> anyhow::Result<Option<Viewer>> {
    if person.user_id == Some(user.0) {
        return Ok(Some(Viewer::Themself));
    }
    if let Some(org) = person.org_id {
        if is_member(db, org, user).await? {
            return Ok(Some(Viewer::Referent));
        }
    }
    let hosts: Vec<(i64,)> = all(
        db,
        "SELECT COUNT(*) FROM youth_applications a JOIN youth_offers o ON o.id = a.offer_id \
         JOIN memberships m ON m.org_id = o.org_id \
         WHERE a.person_id = $1 AND m.user_id = $2 AND a.state IN ('accepted', 'started', 'completed')",
        vec![person.id.into(), user.0.into()],
    )
    .await?;
    if hosts.first().is_some_and(|(n,)| *n > 0) {
        return Ok(Some(Viewer::Host));
    }
    Ok(is_staff.then_some(Viewer::Staff))
}

/// Records that someone else than the young person opened a minor's record.
pub async fn log_access(
    db: &Db,
    person: &Person,
    viewer: Viewer,
    user: UserId,
    path: &str,
) -> anyhow::Result<()> {
    if viewer == Viewer::Themself || !person.is_minor_on(Utc::now().date_naive()) {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    exec(
        &mut tx,
        "INSERT INTO youth_access_log (person_id, viewer_id, viewer_role, path, at) VALUES ($1, $2, $3, $4, $5)",
        vec![
            person.id.into(),
            user.0.into(),
            viewer.as_str().into(),
            path.into(),
            Utc::now().into(),
        ],
    )
    .await?;
    tx.commit().await
}

/// The person, if the signed-in user may see them (404 otherwise, so nobody learns the record
/// exists); every access to a minor's data by someone else than themself is logged.
pub async fn require_person(p: &Ctx, id: i64) -> AppResult<(Person, Viewer)> {
    let u = p.require_user()?;
    let person = person(p.state.db(), id).await?.ok_or(AppError::NotFound)?;
    let viewer = viewer_of(p.state.db(), &person, u.id, u.is_staff())
        .await?
        .ok_or(AppError::NotFound)?;
    log_access(p.state.db(), &person, viewer, u.id, &p.path).await?;
    Ok((person, viewer))
}

pub async fn touch_person(tx: &mut Tx, person: i64) -> anyhow::Result<()> {
    exec(
        tx,
        "UPDATE youth_people SET last_activity_at = $1 WHERE id = $2",
        vec![Utc::now().into(), person.into()],
    )
    .await?;
    Ok(())
}

// ---- Applications --------------------------------------------------------------------------

pub const APP_COLUMNS: &str = "a.id, a.offer_id, a.person_id, a.submitted_by, a.motivation, a.state, \
    a.decided_at, a.created_at, a.updated_at, o.title AS offer_title, o.org_id AS host_org_id, \
    o.start_date, o.end_date, y.first_name, y.last_name, y.birth_date, y.org_id AS referent_org_id, \
    y.user_id AS young_user_id";

pub const APP_FROM: &str = "youth_applications a JOIN youth_offers o ON o.id = a.offer_id \
    JOIN youth_people y ON y.id = a.person_id";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Application {
    pub id: i64,
    pub offer_id: i64,
    pub person_id: i64,
    pub submitted_by: i64,
    pub motivation: String,
    pub state: String,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub offer_title: String,
    pub host_org_id: i64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: NaiveDate,
    pub referent_org_id: Option<i64>,
    pub young_user_id: Option<i64>,
}

impl Application {
    pub fn state(&self) -> ApplicationState {
        ApplicationState::parse(&self.state).unwrap_or(ApplicationState::Cancelled)
    }

    pub fn state_message_id(&self) -> String {
        self.state().message_id()
    }

    pub fn young_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }

    pub fn age(&self) -> i32 {
        age_on(self.birth_date, self.start_date)
    }

    /// A minor on the first day: a convention is required.
    pub fn needs_convention(&self) -> bool {
        AgeBand::of(self.age()).is_minor()
    }
}

pub async fn application(db: &Db, id: i64) -> anyhow::Result<Option<Application>> {
    one(
        db,
        &format!("SELECT {APP_COLUMNS} FROM {APP_FROM} WHERE a.id = $1"),
        vec![id.into()],
    )
    .await
}

/// Moves an application and records history and audit in `tx`.
pub async fn transition_application(
    tx: &mut Tx,
    app: &Application,
    event: ApplicationEvent,
    convention_ready: bool,
    actor_id: Option<UserId>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<Result<ApplicationState, Invalid>> {
    let from = app.state();
    let to = match from.apply(event, convention_ready) {
        Ok(to) => to,
        Err(e) => return Ok(Err(e)),
    };
    let n = exec(
        tx,
        "UPDATE youth_applications SET state = $1, updated_at = $2, \
         decided_at = CASE WHEN $3 THEN $2 ELSE decided_at END WHERE id = $4 AND state = $5",
        vec![
            to.as_str().into(),
            now.into(),
            matches!(to, ApplicationState::Accepted | ApplicationState::Refused).into(),
            app.id.into(),
            from.as_str().into(),
        ],
    )
    .await?;
    if n == 0 {
        return Ok(Err(Invalid("youth-transition-stale")));
    }
    exec(
        tx,
        "INSERT INTO youth_application_transitions (application_id, from_state, to_state, event, actor_id, reason, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        vec![
            app.id.into(),
            from.as_str().into(),
            to.as_str().into(),
            event.as_str().into(),
            actor_id.map(|a| a.0).into(),
            reason.map(str::to_owned).into(),
            now.into(),
        ],
    )
    .await?;
    touch_person(tx, app.person_id).await?;
    audit::record(
        tx,
        Entry {
            actor: actor_id,
            action: "youth.application.transition",
            record_type: "youth_application",
            record_id: app.id.to_string(),
            summary: json!({ "from": from.as_str(), "to": to.as_str(), "event": event.as_str() }),
        },
    )
    .await?;
    Ok(Ok(to))
}

pub async fn application_history(db: &Db, id: i64) -> anyhow::Result<Vec<Transition>> {
    all(
        db,
        "SELECT t.from_state, t.to_state, t.event, t.reason, t.at, u.display_name AS actor_name \
         FROM youth_application_transitions t LEFT JOIN users u ON u.id = t.actor_id \
         WHERE t.application_id = $1 ORDER BY t.id",
        vec![id.into()],
    )
    .await
}

/// Who looks at an application: the young person (or their referent), the host, or staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Young,
    Referent,
    Host,
    Staff,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Young => "young",
            Side::Referent => "referent",
            Side::Host => "host",
            Side::Staff => "staff",
        }
    }
}

/// The application and the reader's side, or 404. The host sees pending applications (to decide)
/// but the young person's record only once accepted (see [`viewer_of`]).
pub async fn require_application(p: &Ctx, id: i64) -> AppResult<(Application, Side)> {
    let u = p.require_user()?;
    let db = p.state.db();
    let app = application(db, id).await?.ok_or(AppError::NotFound)?;
    let referent = match app.referent_org_id {
        Some(org) => is_member(db, org, u.id).await?,
        None => false,
    };
    let side = if app.young_user_id == Some(u.id.0) {
        Side::Young
    } else if referent {
        Side::Referent
    } else if is_member(db, app.host_org_id, u.id).await? {
        Side::Host
    } else if u.is_staff() {
        Side::Staff
    } else {
        return Err(AppError::NotFound);
    };
    if app.needs_convention() && side != Side::Young {
        if let Some(person) = person(db, app.person_id).await? {
            let viewer = match side {
                Side::Referent => Viewer::Referent,
                Side::Host => Viewer::Host,
                _ => Viewer::Staff,
            };
            log_access(db, &person, viewer, u.id, &p.path).await?;
        }
    }
    Ok((app, side))
}
