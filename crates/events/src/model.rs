//! The records every room shares: events, registrations (with their state machine and history),
//! financing requests, wishes and meetings, and the small SQL helpers over both engines.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use essor_domain::ids::UserId;
use essor_platform::audit::{self, Entry};
use essor_platform::db::{Db, Raw, Tx};
use sea_query::Value;
use sea_query_binder::SqlxValues;
use serde_json::json;

/// Raw SQL with `$n` placeholders, for both engines.
pub fn sql(text: &str, values: Vec<Value>) -> Raw {
    Raw(text.to_owned(), SqlxValues(sea_query::Values(values)))
}

/// Every column of `events`, in the order of [`Event`].
pub const EVENT_COLS: &str = "id, kind, title, description, venue, starts_at, ends_at, time_zone, \
    registration_opens_at, registration_closes_at, capacity_holders, capacity_funders, capacity_public, \
    max_wishes, state, meetings_start, meetings_end, meeting_minutes, gap_minutes, tables, objective, \
    schedule_published_at, created_by, created_at, updated_at";

/// What an event is: the workshops of a later module reuse `general` events with their own kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    General,
    FinancingMorning,
    Workshop,
}

impl EventKind {
    pub const ALL: [EventKind; 3] = [
        EventKind::General,
        EventKind::FinancingMorning,
        EventKind::Workshop,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::General => "general",
            EventKind::FinancingMorning => "financing_morning",
            EventKind::Workshop => "workshop",
        }
    }
    pub fn parse(s: &str) -> Option<EventKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Event {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub venue: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub time_zone: String,
    pub registration_opens_at: DateTime<Utc>,
    /// To the second: a registration at `registration_closes_at` or later is refused.
    pub registration_closes_at: DateTime<Utc>,
    pub capacity_holders: i64,
    pub capacity_funders: i64,
    pub capacity_public: i64,
    /// How many funders a project holder may choose.
    pub max_wishes: i64,
    /// `draft` or `published`.
    pub state: String,
    pub meetings_start: Option<DateTime<Utc>>,
    pub meetings_end: Option<DateTime<Utc>>,
    pub meeting_minutes: i64,
    pub gap_minutes: i64,
    pub tables: i64,
    /// `total` or `fair`.
    pub objective: String,
    pub schedule_published_at: Option<DateTime<Utc>>,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Event {
    pub fn kind(&self) -> EventKind {
        EventKind::parse(&self.kind).unwrap_or(EventKind::General)
    }
    pub fn is_morning(&self) -> bool {
        self.kind() == EventKind::FinancingMorning
    }
    pub fn is_published(&self) -> bool {
        self.state == "published"
    }
    pub fn tz(&self) -> Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris)
    }
    pub fn registration_open(&self, now: DateTime<Utc>) -> bool {
        self.is_published()
            && now >= self.registration_opens_at
            && now < self.registration_closes_at
    }
    pub fn capacity(&self, a: Audience) -> i64 {
        match a {
            Audience::Holder => self.capacity_holders,
            Audience::Funder => self.capacity_funders,
            Audience::Public => self.capacity_public,
        }
    }
    /// The speed-meeting slots: (start, end) of each, from the block's start, every
    /// `meeting + gap` minutes, as long as a meeting ends within the block.
    pub fn slots(&self) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        compute_slots(
            self.meetings_start,
            self.meetings_end,
            self.meeting_minutes,
            self.gap_minutes,
        )
    }
}

pub fn compute_slots(
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    meeting: i64,
    gap: i64,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let (Some(start), Some(end)) = (start, end) else {
        return vec![];
    };
    if meeting <= 0 || gap < 0 {
        return vec![];
    }
    let mut out = vec![];
    let mut at = start;
    while at + Duration::minutes(meeting) <= end && out.len() < 200 {
        out.push((at, at + Duration::minutes(meeting)));
        at += Duration::minutes(meeting + gap);
    }
    out
}

pub async fn event(db: &Db, id: i64) -> anyhow::Result<Option<Event>> {
    db.fetch_optional(&sql(
        &format!("SELECT {EVENT_COLS} FROM events WHERE id = $1"),
        vec![id.into()],
    ))
    .await
}

/// Who a registration is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Holder,
    Funder,
    Public,
}

impl Audience {
    pub const ALL: [Audience; 3] = [Audience::Holder, Audience::Funder, Audience::Public];
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Holder => "holder",
            Audience::Funder => "funder",
            Audience::Public => "public",
        }
    }
    pub fn parse(s: &str) -> Option<Audience> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
    pub fn message_id(self) -> String {
        format!("events-audience-{}", self.as_str())
    }
}

/// The registration lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegState {
    Registered,
    Waitlisted,
    Cancelled,
    Attended,
    NoShow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegEvent {
    /// A first registration, or a new one after a cancellation: a seat or the waiting list.
    Register {
        seat_free: bool,
    },
    /// The first waiting person gets the seat a cancellation freed.
    Promote,
    Cancel,
    CheckIn,
    MarkNoShow,
}

impl RegEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            RegEvent::Register { .. } => "register",
            RegEvent::Promote => "promote",
            RegEvent::Cancel => "cancel",
            RegEvent::CheckIn => "check_in",
            RegEvent::MarkNoShow => "mark_no_show",
        }
    }
}

impl RegState {
    pub const ALL: [RegState; 5] = [
        RegState::Registered,
        RegState::Waitlisted,
        RegState::Cancelled,
        RegState::Attended,
        RegState::NoShow,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RegState::Registered => "registered",
            RegState::Waitlisted => "waitlisted",
            RegState::Cancelled => "cancelled",
            RegState::Attended => "attended",
            RegState::NoShow => "no_show",
        }
    }
    pub fn parse(s: &str) -> Option<RegState> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
    pub fn message_id(self) -> String {
        format!("events-state-{}", self.as_str().replace('_', "-"))
    }
    /// Holds a seat (counts against the capacity).
    pub fn holds_seat(self) -> bool {
        matches!(
            self,
            RegState::Registered | RegState::Attended | RegState::NoShow
        )
    }

    /// The next state, or `None` when the event is not allowed from here. `None` as the current
    /// state is a person not yet registered.
    pub fn next(from: Option<RegState>, ev: RegEvent) -> Option<RegState> {
        use RegState::*;
        match (from, ev) {
            (None | Some(Cancelled), RegEvent::Register { seat_free: true }) => Some(Registered),
            (None | Some(Cancelled), RegEvent::Register { seat_free: false }) => Some(Waitlisted),
            (Some(Waitlisted), RegEvent::Promote) => Some(Registered),
            (Some(Registered | Waitlisted), RegEvent::Cancel) => Some(Cancelled),
            (Some(Registered | NoShow), RegEvent::CheckIn) => Some(Attended),
            (Some(Registered | Attended), RegEvent::MarkNoShow) => Some(NoShow),
            _ => None,
        }
    }
}

pub const REG_COLS: &str =
    "r.id, r.event_id, r.user_id, r.org_id, r.audience, r.state, r.queued_at, \
    r.file_id, r.request_id, r.share_file, r.instruments, r.ticket_min, r.ticket_max, r.themes, \
    r.territories, r.stages, r.representatives, r.unavailable, r.checkin_token, r.created_at, \
    u.display_name, u.email, u.locale, o.name AS org_name";

pub const REG_FROM: &str = "event_registrations r JOIN users u ON u.id = r.user_id \
    LEFT JOIN organisations o ON o.id = r.org_id";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Registration {
    pub id: i64,
    pub event_id: i64,
    pub user_id: i64,
    pub org_id: Option<i64>,
    pub audience: String,
    pub state: String,
    pub queued_at: DateTime<Utc>,
    pub file_id: Option<i64>,
    pub request_id: Option<i64>,
    /// The applicant lets the funders of the event see the file or the deck.
    pub share_file: bool,
    /// Funder profile (JSON list of instrument codes).
    pub instruments: String,
    pub ticket_min: Option<i64>,
    pub ticket_max: Option<i64>,
    pub themes: String,
    pub territories: String,
    /// JSON list of stage codes.
    pub stages: String,
    pub representatives: i64,
    /// JSON list of slot numbers the participant does not attend.
    pub unavailable: String,
    pub checkin_token: String,
    pub created_at: DateTime<Utc>,
    pub display_name: String,
    pub email: String,
    pub locale: String,
    pub org_name: Option<String>,
}

impl Registration {
    pub fn state(&self) -> RegState {
        RegState::parse(&self.state).unwrap_or(RegState::Cancelled)
    }
    pub fn audience(&self) -> Audience {
        Audience::parse(&self.audience).unwrap_or(Audience::Public)
    }
    /// The name shown to others: the organisation, else the person.
    pub fn name(&self) -> &str {
        self.org_name.as_deref().unwrap_or(&self.display_name)
    }
    pub fn instrument_list(&self) -> Vec<String> {
        serde_json::from_str(&self.instruments).unwrap_or_default()
    }
    pub fn stage_list(&self) -> Vec<String> {
        serde_json::from_str(&self.stages).unwrap_or_default()
    }
    pub fn unavailable_slots(&self) -> Vec<usize> {
        serde_json::from_str(&self.unavailable).unwrap_or_default()
    }
}

pub async fn registration(db: &Db, id: i64) -> anyhow::Result<Option<Registration>> {
    db.fetch_optional(&sql(
        &format!("SELECT {REG_COLS} FROM {REG_FROM} WHERE r.id = $1"),
        vec![id.into()],
    ))
    .await
}

pub async fn registration_of(
    db: &Db,
    event_id: i64,
    user: UserId,
) -> anyhow::Result<Option<Registration>> {
    db.fetch_optional(&sql(
        &format!("SELECT {REG_COLS} FROM {REG_FROM} WHERE r.event_id = $1 AND r.user_id = $2"),
        vec![event_id.into(), user.0.into()],
    ))
    .await
}

pub async fn registrations(db: &Db, event_id: i64) -> anyhow::Result<Vec<Registration>> {
    db.fetch_all(&sql(
        &format!(
            "SELECT {REG_COLS} FROM {REG_FROM} WHERE r.event_id = $1 ORDER BY r.audience, r.queued_at, r.id"
        ),
        vec![event_id.into()],
    ))
    .await
}

/// Seats taken in an audience (registered, attended or absent).
pub async fn seats_taken(tx: &mut Tx, event_id: i64, a: Audience) -> anyhow::Result<i64> {
    let (n,): (i64,) = tx
        .fetch_one(&sql(
            "SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND audience = $2 \
             AND state IN ('registered', 'attended', 'no_show')",
            vec![event_id.into(), a.as_str().into()],
        ))
        .await?;
    Ok(n)
}

/// 1-based place on the waiting list of the registration's audience.
pub async fn waiting_position(db: &Db, r: &Registration) -> anyhow::Result<i64> {
    let (n,): (i64,) = db
        .fetch_one(&sql(
            "SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND audience = $2 \
             AND state = 'waitlisted' AND (queued_at < $3 OR (queued_at = $3 AND id <= $4))",
            vec![
                r.event_id.into(),
                r.audience.clone().into(),
                r.queued_at.into(),
                r.id.into(),
            ],
        ))
        .await?;
    Ok(n)
}

/// Moves a registration, guarded by its current state, with a history row and an audit entry.
/// Returns the new state, or `None` when the transition is not allowed (or lost a race).
pub async fn transition(
    tx: &mut Tx,
    reg_id: i64,
    from: RegState,
    ev: RegEvent,
    actor: Option<UserId>,
) -> anyhow::Result<Option<RegState>> {
    let Some(to) = RegState::next(Some(from), ev) else {
        return Ok(None);
    };
    let now = Utc::now();
    let n = tx
        .execute(&sql(
            "UPDATE event_registrations SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4",
            vec![
                to.as_str().into(),
                now.into(),
                reg_id.into(),
                from.as_str().into(),
            ],
        ))
        .await?;
    if n == 0 {
        return Ok(None);
    }
    history(tx, reg_id, Some(from), to, ev, actor).await?;
    Ok(Some(to))
}

pub async fn history(
    tx: &mut Tx,
    reg_id: i64,
    from: Option<RegState>,
    to: RegState,
    ev: RegEvent,
    actor: Option<UserId>,
) -> anyhow::Result<()> {
    tx.execute(&sql(
        "INSERT INTO event_registration_history (registration_id, from_state, to_state, event, actor_id, at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        vec![
            reg_id.into(),
            from.map(|s| s.as_str().to_owned()).into(),
            to.as_str().into(),
            ev.as_str().into(),
            actor.map(|a| a.0).into(),
            Utc::now().into(),
        ],
    ))
    .await?;
    audit::record(
        tx,
        Entry {
            actor,
            action: &format!("event_registration.{}", ev.as_str()),
            record_type: "event_registration",
            record_id: reg_id.to_string(),
            summary: json!({"from": from.map(|s| s.as_str()), "to": to.as_str()}),
        },
    )
    .await
    .context("audit")
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HistoryRow {
    pub from_state: Option<String>,
    pub to_state: String,
    pub event: String,
    pub at: DateTime<Utc>,
}

pub async fn history_of(db: &Db, reg_id: i64) -> anyhow::Result<Vec<HistoryRow>> {
    db.fetch_all(&sql(
        "SELECT from_state, to_state, event, at FROM event_registration_history \
         WHERE registration_id = $1 ORDER BY id",
        vec![reg_id.into()],
    ))
    .await
}

/// A meeting of the schedule, with both sides' names.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MeetingRow {
    pub id: i64,
    pub holder_id: i64,
    pub funder_id: i64,
    pub slot: i64,
    pub seat: i64,
    pub weight: i64,
    pub locked: bool,
    pub holder_name: String,
    pub funder_name: String,
}

pub async fn meetings(db: &Db, event_id: i64) -> anyhow::Result<Vec<MeetingRow>> {
    db.fetch_all(&sql(
        "SELECT m.id, m.holder_id, m.funder_id, m.slot, m.seat, m.weight, m.locked, \
         COALESCE(ho.name, hu.display_name) AS holder_name, COALESCE(fo.name, fu.display_name) AS funder_name \
         FROM event_meetings m \
         JOIN event_registrations h ON h.id = m.holder_id JOIN users hu ON hu.id = h.user_id \
         LEFT JOIN organisations ho ON ho.id = h.org_id \
         JOIN event_registrations f ON f.id = m.funder_id JOIN users fu ON fu.id = f.user_id \
         LEFT JOIN organisations fo ON fo.id = f.org_id \
         WHERE m.event_id = $1 ORDER BY m.slot, m.funder_id, m.seat",
        vec![event_id.into()],
    ))
    .await
}

/// Whether `user` belongs to organisation `org`.
pub async fn is_member(db: &Db, org: i64, user: UserId) -> anyhow::Result<bool> {
    let row: Option<(i64,)> = db
        .fetch_optional(&sql(
            "SELECT org_id FROM memberships WHERE org_id = $1 AND user_id = $2",
            vec![org.into(), user.0.into()],
        ))
        .await?;
    Ok(row.is_some())
}

/// An unguessable token (check-in links).
pub fn new_token() -> String {
    use rand::Rng;
    let bytes: [u8; 24] = rand::thread_rng().gen();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_state_machine() {
        use RegState::*;
        assert_eq!(
            RegState::next(None, RegEvent::Register { seat_free: true }),
            Some(Registered)
        );
        assert_eq!(
            RegState::next(None, RegEvent::Register { seat_free: false }),
            Some(Waitlisted)
        );
        assert_eq!(
            RegState::next(Some(Waitlisted), RegEvent::Promote),
            Some(Registered)
        );
        assert_eq!(RegState::next(Some(Registered), RegEvent::Promote), None);
        assert_eq!(
            RegState::next(Some(Cancelled), RegEvent::Register { seat_free: true }),
            Some(Registered)
        );
        assert_eq!(RegState::next(Some(Cancelled), RegEvent::CheckIn), None);
        assert_eq!(RegState::next(Some(Attended), RegEvent::Cancel), None);
        assert_eq!(
            RegState::next(Some(NoShow), RegEvent::CheckIn),
            Some(Attended)
        );
    }

    #[test]
    fn slots_of_a_morning() {
        let start = "2027-03-12T08:30:00Z".parse().unwrap();
        let end = "2027-03-12T11:00:00Z".parse().unwrap();
        let s = compute_slots(Some(start), Some(end), 15, 5);
        assert_eq!(s.len(), 7);
        assert_eq!(
            s[6].0,
            "2027-03-12T10:30:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert_eq!(
            s[6].1,
            "2027-03-12T10:45:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert!(compute_slots(Some(start), Some(end), 0, 5).is_empty());
    }
}
