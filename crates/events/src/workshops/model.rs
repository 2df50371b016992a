//! A workshop's details (on an event of kind `workshop`), the list of topics, and the queries
//! the catalogue, the survey and the certificates share.

use crate::model::{self, sql, Event, EventKind, EVENT_COLS};
use chrono::{DateTime, Utc};
use essor_platform::db::{Db, Tx};
use std::collections::HashMap;

/// In person (at the event's venue) or online (a link only registered participants see).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    InPerson,
    Online,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::InPerson, Format::Online];
    pub fn as_str(self) -> &'static str {
        match self {
            Format::InPerson => "in_person",
            Format::Online => "online",
        }
    }
    pub fn parse(s: &str) -> Option<Format> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
    pub fn message_id(self) -> String {
        format!("workshops-format-{}", self.as_str().replace('_', "-"))
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Details {
    pub event_id: i64,
    pub topic: String,
    pub trainer_name: String,
    pub trainer_org: String,
    pub format: String,
    /// Shown only to participants holding a seat (and staff).
    pub online_link: String,
    pub duration_minutes: i64,
}

impl Details {
    pub fn format(&self) -> Format {
        Format::parse(&self.format).unwrap_or(Format::InPerson)
    }
    pub fn is_online(&self) -> bool {
        self.format() == Format::Online
    }
    /// "Nom (Organisation)".
    pub fn trainer(&self) -> String {
        if self.trainer_org.is_empty() {
            self.trainer_name.clone()
        } else {
            format!("{} ({})", self.trainer_name, self.trainer_org)
        }
    }
    pub fn duration(&self) -> String {
        duration_text(self.duration_minutes)
    }
}

/// "3 h", "1 h 30", "45 min".
pub fn duration_text(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

const DETAIL_COLS: &str =
    "event_id, topic, trainer_name, trainer_org, format, online_link, duration_minutes";

pub async fn details(db: &Db, event_id: i64) -> anyhow::Result<Option<Details>> {
    db.fetch_optional(&sql(
        &format!("SELECT {DETAIL_COLS} FROM workshops WHERE event_id = $1"),
        vec![event_id.into()],
    ))
    .await
}

/// Writes (inserts or replaces) the details of a workshop.
pub async fn save_details(tx: &mut Tx, d: &Details) -> anyhow::Result<()> {
    tx.execute(&sql(
        "DELETE FROM workshops WHERE event_id = $1",
        vec![d.event_id.into()],
    ))
    .await?;
    tx.execute(&sql(
        "INSERT INTO workshops (event_id, topic, trainer_name, trainer_org, format, online_link, \
         duration_minutes, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        vec![
            d.event_id.into(),
            d.topic.clone().into(),
            d.trainer_name.clone().into(),
            d.trainer_org.clone().into(),
            d.format.clone().into(),
            d.online_link.clone().into(),
            d.duration_minutes.into(),
            Utc::now().into(),
        ],
    ))
    .await?;
    Ok(())
}

/// A workshop: its event and its details (missing while staff have not filled them in).
#[derive(Debug, Clone)]
pub struct Workshop {
    pub ev: Event,
    pub details: Option<Details>,
    /// Seats taken in the public audience and people waiting.
    pub taken: i64,
    pub waiting: i64,
}

impl Workshop {
    pub fn topic(&self) -> &str {
        self.details
            .as_ref()
            .map(|d| d.topic.as_str())
            .unwrap_or("")
    }
    pub fn format(&self) -> Option<Format> {
        self.details.as_ref().map(|d| d.format())
    }
    pub fn is_full(&self) -> bool {
        self.taken >= self.ev.capacity_public
    }
    pub fn free(&self) -> i64 {
        (self.ev.capacity_public - self.taken).max(0)
    }
}

/// Every workshop (published only, unless `drafts`), by start.
pub async fn workshops(db: &Db, drafts: bool) -> anyhow::Result<Vec<Workshop>> {
    load(db, drafts, None).await
}

/// One workshop, drafts included (callers decide who may see a draft).
pub async fn workshop(db: &Db, id: i64) -> anyhow::Result<Option<Workshop>> {
    Ok(load(db, true, Some(id)).await?.into_iter().next())
}

/// Workshops with their details and counts; `only` restricts to one event.
async fn load(db: &Db, drafts: bool, only: Option<i64>) -> anyhow::Result<Vec<Workshop>> {
    let events: Vec<Event> = db
        .fetch_all(&sql(
            &format!(
                "SELECT {EVENT_COLS} FROM events WHERE kind = $1 AND (state = 'published' OR $2) \
                 AND ($3 IS NULL OR id = $3) ORDER BY starts_at, id"
            ),
            vec![
                EventKind::Workshop.as_str().into(),
                drafts.into(),
                only.into(),
            ],
        ))
        .await?;
    let all: Vec<Details> = db
        .fetch_all(&sql(
            &format!("SELECT {DETAIL_COLS} FROM workshops WHERE ($1 IS NULL OR event_id = $1)"),
            vec![only.into()],
        ))
        .await?;
    let mut by_event: HashMap<i64, Details> = all.into_iter().map(|d| (d.event_id, d)).collect();
    let counts: Vec<(i64, String, i64)> = db
        .fetch_all(&sql(
            "SELECT r.event_id, r.state, COUNT(*) FROM event_registrations r JOIN events e ON e.id = r.event_id \
             WHERE e.kind = $1 AND r.audience = 'public' AND ($2 IS NULL OR e.id = $2) \
             GROUP BY r.event_id, r.state",
            vec![EventKind::Workshop.as_str().into(), only.into()],
        ))
        .await?;
    Ok(events
        .into_iter()
        .map(|ev| {
            let count = |pred: &dyn Fn(&str) -> bool| {
                counts
                    .iter()
                    .filter(|(e, s, _)| *e == ev.id && pred(s))
                    .map(|(_, _, n)| n)
                    .sum::<i64>()
            };
            let taken = count(&|s| model::RegState::parse(s).is_some_and(|s| s.holds_seat()));
            let waiting = count(&|s| s == "waitlisted");
            Workshop {
                details: by_event.remove(&ev.id),
                ev,
                taken,
                waiting,
            }
        })
        .collect())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Topic {
    pub id: i64,
    pub label: String,
}

pub async fn topics(db: &Db) -> anyhow::Result<Vec<Topic>> {
    db.fetch_all(&sql(
        "SELECT id, label FROM workshop_topics ORDER BY label",
        vec![],
    ))
    .await
}

/// Topics staff listed, then any free-text topic used by a published workshop.
pub async fn topics_in_use(db: &Db) -> anyhow::Result<Vec<String>> {
    let mut out: Vec<String> = topics(db).await?.into_iter().map(|t| t.label).collect();
    let used: Vec<(String,)> = db
        .fetch_all(&sql(
            "SELECT DISTINCT w.topic FROM workshops w JOIN events e ON e.id = w.event_id \
             WHERE e.state = 'published' ORDER BY w.topic",
            vec![],
        ))
        .await?;
    for (t,) in used {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    Ok(out)
}

pub async fn add_topic(tx: &mut Tx, label: &str) -> anyhow::Result<bool> {
    let exists: Option<(i64,)> = tx
        .fetch_optional(&sql(
            "SELECT id FROM workshop_topics WHERE label = $1",
            vec![label.into()],
        ))
        .await?;
    if exists.is_some() {
        return Ok(false);
    }
    tx.execute(&sql(
        "INSERT INTO workshop_topics (label, created_at) VALUES ($1, $2)",
        vec![label.into(), Utc::now().into()],
    ))
    .await?;
    Ok(true)
}

/// The certificate of a registration: its verification code, issued when the person is first
/// marked present (kept if they are later marked absent, but then not downloadable).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Certificate {
    pub registration_id: i64,
    pub code: String,
    pub issued_at: DateTime<Utc>,
}

/// A short code, easy to read out: 12 characters without 0/O/1/I, in groups of four.
pub fn new_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    let raw: Vec<char> = (0..12)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    raw.chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

pub async fn issue_certificate(tx: &mut Tx, reg_id: i64) -> anyhow::Result<()> {
    let exists: Option<(i64,)> = tx
        .fetch_optional(&sql(
            "SELECT id FROM workshop_certificates WHERE registration_id = $1",
            vec![reg_id.into()],
        ))
        .await?;
    if exists.is_none() {
        tx.execute(&sql(
            "INSERT INTO workshop_certificates (registration_id, code, issued_at) VALUES ($1, $2, $3)",
            vec![reg_id.into(), new_code().into(), Utc::now().into()],
        ))
        .await?;
    }
    Ok(())
}

pub async fn certificate_of(db: &Db, reg_id: i64) -> anyhow::Result<Option<Certificate>> {
    db.fetch_optional(&sql(
        "SELECT registration_id, code, issued_at FROM workshop_certificates WHERE registration_id = $1",
        vec![reg_id.into()],
    ))
    .await
}

pub async fn certificate_by_code(db: &Db, code: &str) -> anyhow::Result<Option<Certificate>> {
    db.fetch_optional(&sql(
        "SELECT registration_id, code, issued_at FROM workshop_certificates WHERE code = $1",
        vec![code.trim().to_uppercase().into()],
    ))
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_codes() {
        assert_eq!(duration_text(180), "3 h");
        assert_eq!(duration_text(90), "1 h 30");
        assert_eq!(duration_text(45), "45 min");
        let c = new_code();
        assert_eq!(c.len(), 14);
        assert!(c
            .chars()
            .all(|ch| ch == '-' || (ch.is_ascii_alphanumeric() && !"01OI".contains(ch))));
        assert_ne!(new_code(), new_code());
    }
}
