//! The jury's records (tables of `0020_jury.sql`) and the queries every room shares: settings,
//! the grid, reviewers, the files that go to the jury, conflicts of interest, bids, reviews and
//! their scores. Plain SQL with `$n` placeholders runs on both engines.

use chrono::{DateTime, Utc};
use essor_domain::ids::UserId;
use essor_platform::db::{Db, Raw, Tx};
use sea_query::Value;
use sea_query_binder::SqlxValues;
use std::collections::{BTreeSet, HashMap};

/// Raw SQL with its bound values.
pub fn raw(sql: &str, values: Vec<Value>) -> Raw {
    Raw(sql.to_owned(), SqlxValues(sea_query::Values(values)))
}

pub fn v<T: Into<Value>>(x: T) -> Value {
    x.into()
}

/// Path ids are numbers; anything else is a page that does not exist.
pub fn parse_id(s: &str) -> Option<i64> {
    s.parse::<i64>().ok().filter(|n| *n > 0)
}

// ---- Settings ------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Settings {
    pub call_id: i64,
    pub reviews_per_file: i64,
    pub default_min_load: i64,
    pub default_max_load: i64,
    pub hide_others_until_submitted: bool,
    /// `total` or `fair`: the solver's objective last chosen.
    pub objective: String,
}

impl Settings {
    pub fn defaults(call_id: i64) -> Settings {
        Settings {
            call_id,
            reviews_per_file: 3,
            default_min_load: 0,
            default_max_load: 10,
            hide_others_until_submitted: true,
            objective: "total".into(),
        }
    }
}

pub async fn settings(db: &Db, call: i64) -> anyhow::Result<Settings> {
    let row: Option<Settings> = db
        .fetch_optional(&raw(
            "SELECT call_id, reviews_per_file, default_min_load, default_max_load, \
             hide_others_until_submitted, objective FROM jury_settings WHERE call_id = $1",
            vec![v(call)],
        ))
        .await?;
    Ok(row.unwrap_or_else(|| Settings::defaults(call)))
}

pub async fn save_settings(tx: &mut Tx, s: &Settings) -> anyhow::Result<()> {
    let n = tx
        .execute(&raw(
            "UPDATE jury_settings SET reviews_per_file = $2, default_min_load = $3, \
             default_max_load = $4, hide_others_until_submitted = $5, objective = $6, updated_at = $7 \
             WHERE call_id = $1",
            vec![
                v(s.call_id),
                v(s.reviews_per_file),
                v(s.default_min_load),
                v(s.default_max_load),
                v(s.hide_others_until_submitted),
                v(s.objective.clone()),
                v(Utc::now()),
            ],
        ))
        .await?;
    if n == 0 {
        tx.execute(&raw(
            "INSERT INTO jury_settings (call_id, reviews_per_file, default_min_load, default_max_load, \
             hide_others_until_submitted, objective, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            vec![
                v(s.call_id),
                v(s.reviews_per_file),
                v(s.default_min_load),
                v(s.default_max_load),
                v(s.hide_others_until_submitted),
                v(s.objective.clone()),
                v(Utc::now()),
            ],
        ))
        .await?;
    }
    Ok(())
}

// ---- Grid ----------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Criterion {
    pub id: i64,
    pub call_id: i64,
    pub position: i64,
    pub title: String,
    pub description: String,
    pub weight: i64,
    pub scale_min: i64,
    pub scale_max: i64,
    /// JSON array of strings, one per level from `scale_min` to `scale_max`.
    pub anchors: String,
    pub elimination_below: Option<i64>,
    pub comment_required: bool,
}

impl Criterion {
    pub fn anchors(&self) -> Vec<String> {
        serde_json::from_str(&self.anchors).unwrap_or_default()
    }

    /// Each level with its written anchor.
    pub fn levels(&self) -> Vec<(i64, String)> {
        let anchors = self.anchors();
        (self.scale_min..=self.scale_max)
            .enumerate()
            .map(|(i, l)| (l, anchors.get(i).cloned().unwrap_or_default()))
            .collect()
    }

    pub fn anchor_of(&self, level: i64) -> String {
        self.levels()
            .into_iter()
            .find(|(l, _)| *l == level)
            .map(|(_, a)| a)
            .unwrap_or_default()
    }

    pub fn eliminates(&self, value: i64) -> bool {
        self.elimination_below.is_some_and(|t| value < t)
    }
}

const CRITERION_COLUMNS: &str = "id, call_id, position, title, description, weight, scale_min, \
    scale_max, anchors, elimination_below, comment_required";

pub async fn criteria(db: &Db, call: i64) -> anyhow::Result<Vec<Criterion>> {
    db.fetch_all(&raw(
        &format!(
            "SELECT {CRITERION_COLUMNS} FROM jury_criteria WHERE call_id = $1 ORDER BY position, id"
        ),
        vec![v(call)],
    ))
    .await
}

pub async fn criterion(db: &Db, call: i64, id: i64) -> anyhow::Result<Option<Criterion>> {
    db.fetch_optional(&raw(
        &format!("SELECT {CRITERION_COLUMNS} FROM jury_criteria WHERE call_id = $1 AND id = $2"),
        vec![v(call), v(id)],
    ))
    .await
}

/// A criterion as validated from the form (see `grid::parse`).
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionData {
    pub title: String,
    pub description: String,
    pub weight: i64,
    pub scale_min: i64,
    pub scale_max: i64,
    pub anchors: Vec<String>,
    pub elimination_below: Option<i64>,
    pub comment_required: bool,
}

pub async fn insert_criterion(tx: &mut Tx, call: i64, d: &CriterionData) -> anyhow::Result<i64> {
    let (pos,): (i64,) = tx
        .fetch_one(&raw(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM jury_criteria WHERE call_id = $1",
            vec![v(call)],
        ))
        .await?;
    let (id,): (i64,) = tx
        .fetch_one(&raw(
            "INSERT INTO jury_criteria (call_id, position, title, description, weight, scale_min, \
             scale_max, anchors, elimination_below, comment_required, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            vec![
                v(call),
                v(pos),
                v(d.title.clone()),
                v(d.description.clone()),
                v(d.weight),
                v(d.scale_min),
                v(d.scale_max),
                v(serde_json::to_string(&d.anchors)?),
                v(d.elimination_below),
                v(d.comment_required),
                v(Utc::now()),
            ],
        ))
        .await?;
    Ok(id)
}

pub async fn update_criterion(
    tx: &mut Tx,
    call: i64,
    id: i64,
    d: &CriterionData,
) -> anyhow::Result<()> {
    tx.execute(&raw(
        "UPDATE jury_criteria SET title = $3, description = $4, weight = $5, scale_min = $6, \
         scale_max = $7, anchors = $8, elimination_below = $9, comment_required = $10 \
         WHERE call_id = $1 AND id = $2",
        vec![
            v(call),
            v(id),
            v(d.title.clone()),
            v(d.description.clone()),
            v(d.weight),
            v(d.scale_min),
            v(d.scale_max),
            v(serde_json::to_string(&d.anchors)?),
            v(d.elimination_below),
            v(d.comment_required),
        ],
    ))
    .await?;
    Ok(())
}

pub async fn delete_criterion(tx: &mut Tx, call: i64, id: i64) -> anyhow::Result<u64> {
    tx.execute(&raw(
        "DELETE FROM jury_criteria WHERE call_id = $1 AND id = $2",
        vec![v(call), v(id)],
    ))
    .await
}

/// Once a reviewer has scored anything, the grid is frozen: changing a scale or deleting a
/// criterion would silently change the meaning of scores already given.
pub async fn grid_locked(db: &Db, call: i64) -> anyhow::Result<bool> {
    let (n,): (i64,) = db
        .fetch_one(&raw(
            "SELECT COUNT(*) FROM jury_scores s JOIN jury_assignments a ON a.id = s.assignment_id \
             WHERE a.call_id = $1 AND s.value IS NOT NULL",
            vec![v(call)],
        ))
        .await?;
    Ok(n > 0)
}

// ---- Reviewers -----------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewerState {
    Invited,
    Active,
    Removed,
}

impl ReviewerState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewerState::Invited => "invited",
            ReviewerState::Active => "active",
            ReviewerState::Removed => "removed",
        }
    }

    pub fn parse(s: &str) -> Option<ReviewerState> {
        [Self::Invited, Self::Active, Self::Removed]
            .into_iter()
            .find(|x| x.as_str() == s)
    }

    /// The only moves: an invitation is accepted, a reviewer is removed, a removed one is
    /// invited again.
    pub fn apply(self, event: &str) -> Option<ReviewerState> {
        match (self, event) {
            (ReviewerState::Invited, "accept") => Some(ReviewerState::Active),
            (ReviewerState::Invited | ReviewerState::Active, "remove") => {
                Some(ReviewerState::Removed)
            }
            (ReviewerState::Removed, "reinvite") => Some(ReviewerState::Invited),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Reviewer {
    pub id: i64,
    pub call_id: i64,
    pub user_id: Option<i64>,
    pub email: String,
    pub name: String,
    /// Comma-separated tags.
    pub expertise: String,
    pub min_load: i64,
    pub max_load: i64,
    pub state: String,
    pub invited_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
}

impl Reviewer {
    pub fn state(&self) -> ReviewerState {
        ReviewerState::parse(&self.state).unwrap_or(ReviewerState::Removed)
    }

    pub fn tags(&self) -> Vec<String> {
        split_tags(&self.expertise)
    }

    pub fn is_in_pool(&self) -> bool {
        self.state() != ReviewerState::Removed
    }
}

/// Tags as typed, trimmed, without empties or duplicates (case-insensitive).
pub fn split_tags(s: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    s.split(',')
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty() && seen.insert(t.to_lowercase()))
        .collect()
}

const REVIEWER_COLUMNS: &str = "id, call_id, user_id, email, name, expertise, min_load, max_load, \
    state, invited_at, accepted_at";

pub async fn reviewers(db: &Db, call: i64) -> anyhow::Result<Vec<Reviewer>> {
    db.fetch_all(&raw(
        &format!(
            "SELECT {REVIEWER_COLUMNS} FROM jury_reviewers WHERE call_id = $1 ORDER BY name, id"
        ),
        vec![v(call)],
    ))
    .await
}

pub async fn reviewer(db: &Db, call: i64, id: i64) -> anyhow::Result<Option<Reviewer>> {
    db.fetch_optional(&raw(
        &format!("SELECT {REVIEWER_COLUMNS} FROM jury_reviewers WHERE call_id = $1 AND id = $2"),
        vec![v(call), v(id)],
    ))
    .await
}

/// The reviewer records of a person (one per call), active only.
pub async fn reviewers_of_user(db: &Db, user: UserId) -> anyhow::Result<Vec<Reviewer>> {
    db.fetch_all(&raw(
        &format!(
            "SELECT {REVIEWER_COLUMNS} FROM jury_reviewers WHERE user_id = $1 AND state = 'active' \
             ORDER BY call_id"
        ),
        vec![v(user.0)],
    ))
    .await
}

pub async fn reviewer_of_user_in_call(
    db: &Db,
    user: UserId,
    call: i64,
) -> anyhow::Result<Option<Reviewer>> {
    db.fetch_optional(&raw(
        &format!(
            "SELECT {REVIEWER_COLUMNS} FROM jury_reviewers WHERE user_id = $1 AND call_id = $2 \
             AND state = 'active'"
        ),
        vec![v(user.0), v(call)],
    ))
    .await
}

/// The invited reviewer behind a live invitation token (by its hash).
pub async fn reviewer_by_token(db: &Db, hash: &str) -> anyhow::Result<Option<Reviewer>> {
    db.fetch_optional(&raw(
        &format!(
            "SELECT {REVIEWER_COLUMNS} FROM jury_reviewers WHERE token_hash = $1 \
             AND state = 'invited' AND token_expires_at > $2"
        ),
        vec![v(hash.to_owned()), v(Utc::now())],
    ))
    .await
}

/// Moves a reviewer, with its history row; `false` when the move is not allowed from the
/// current state (or someone else moved it first).
pub async fn transition_reviewer(
    tx: &mut Tx,
    r: &Reviewer,
    event: &str,
    actor: Option<UserId>,
) -> anyhow::Result<bool> {
    let from = r.state();
    let Some(to) = from.apply(event) else {
        return Ok(false);
    };
    let now = Utc::now();
    let n = tx
        .execute(&raw(
            "UPDATE jury_reviewers SET state = $2, updated_at = $3 WHERE id = $1 AND state = $4",
            vec![v(r.id), v(to.as_str()), v(now), v(from.as_str())],
        ))
        .await?;
    if n == 0 {
        return Ok(false);
    }
    tx.execute(&raw(
        "INSERT INTO jury_reviewer_transitions (reviewer_id, from_state, to_state, event, actor_id, at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        vec![
            v(r.id),
            v(from.as_str()),
            v(to.as_str()),
            v(event),
            v(actor.map(|a| a.0)),
            v(now),
        ],
    ))
    .await?;
    Ok(true)
}

// ---- Files going to the jury ---------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JuryFile {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub org_id: i64,
    pub org_name: String,
    pub state: String,
    pub answers: String,
    pub form_id: i64,
    pub requested_amount: Option<i64>,
    pub excluded: bool,
}

impl JuryFile {
    /// What a reviewer may read before bidding: the stated objectives, cut short.
    pub fn summary(&self) -> String {
        let answers: serde_json::Value = serde_json::from_str(&self.answers).unwrap_or_default();
        let text = answers
            .get("objectives")
            .and_then(|o| o.get("text"))
            .and_then(|o| o.as_str())
            .unwrap_or_default();
        let mut s: String = text.chars().take(400).collect();
        if text.chars().count() > 400 {
            s.push('…');
        }
        s
    }

    /// Every text of the answers, for matching expertise tags.
    pub fn text(&self) -> String {
        fn walk(v: &serde_json::Value, out: &mut String) {
            match v {
                serde_json::Value::String(s) => {
                    out.push(' ');
                    out.push_str(s);
                }
                serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
                _ => {}
            }
        }
        let mut out = self.title.clone();
        if let Ok(a) = serde_json::from_str::<serde_json::Value>(&self.answers) {
            walk(&a, &mut out);
        }
        out
    }
}

/// The call's files the jury deals with: those under instruction (with `excluded` set when
/// staff kept one away), and any file that already has a review whatever its state now.
pub async fn jury_files(db: &Db, call: i64) -> anyhow::Result<Vec<JuryFile>> {
    db.fetch_all(&raw(
        "SELECT f.id, f.number, f.title, f.org_id, o.name AS org_name, f.state, f.answers, f.form_id, \
         f.requested_amount, (x.file_id IS NOT NULL) AS excluded \
         FROM files f JOIN organisations o ON o.id = f.org_id \
         LEFT JOIN jury_exclusions x ON x.file_id = f.id \
         WHERE f.call_id = $1 AND (f.state = 'under_instruction' \
           OR EXISTS (SELECT 1 FROM jury_assignments a WHERE a.file_id = f.id)) \
         ORDER BY f.number",
        vec![v(call)],
    ))
    .await
}

pub async fn jury_file(db: &Db, call: i64, file: i64) -> anyhow::Result<Option<JuryFile>> {
    Ok(jury_files(db, call)
        .await?
        .into_iter()
        .find(|f| f.id == file))
}

// ---- Conflicts of interest -----------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConflictKind {
    /// The reviewer belongs to the applicant organisation.
    Member,
    /// Staff recorded a link between the reviewer and the organisation.
    Link,
    /// The reviewer declared it.
    Declared,
}

impl ConflictKind {
    pub fn message_id(self) -> &'static str {
        match self {
            ConflictKind::Member => "jury-conflict-member",
            ConflictKind::Link => "jury-conflict-link",
            ConflictKind::Declared => "jury-conflict-declared",
        }
    }
}

/// Every (file, reviewer) conflict of a call. Membership is matched on the reviewer's account,
/// or, before the invitation is accepted, on an account with the invited address.
pub async fn conflicts(db: &Db, call: i64) -> anyhow::Result<HashMap<(i64, i64), ConflictKind>> {
    let rows: Vec<(i64, i64, String)> = db
        .fetch_all(&raw(
            "SELECT f.id, r.id, 'member' FROM files f \
             JOIN jury_reviewers r ON r.call_id = f.call_id \
             JOIN memberships m ON m.org_id = f.org_id \
             LEFT JOIN users u ON LOWER(u.email) = LOWER(r.email) \
             WHERE f.call_id = $1 AND (m.user_id = r.user_id OR m.user_id = u.id) \
             UNION ALL \
             SELECT f.id, r.id, 'link' FROM files f \
             JOIN jury_reviewers r ON r.call_id = f.call_id \
             JOIN jury_links l ON l.reviewer_id = r.id AND l.org_id = f.org_id \
             WHERE f.call_id = $1 \
             UNION ALL \
             SELECT d.file_id, d.reviewer_id, 'declared' FROM jury_declared_conflicts d \
             JOIN jury_reviewers r ON r.id = d.reviewer_id WHERE r.call_id = $1",
            vec![v(call)],
        ))
        .await?;
    let mut out: HashMap<(i64, i64), ConflictKind> = HashMap::new();
    for (f, r, k) in rows {
        let kind = match k.as_str() {
            "member" => ConflictKind::Member,
            "link" => ConflictKind::Link,
            _ => ConflictKind::Declared,
        };
        out.entry((f, r))
            .and_modify(|e| *e = (*e).min(kind))
            .or_insert(kind);
    }
    Ok(out)
}

pub async fn conflict_of(
    db: &Db,
    call: i64,
    file: i64,
    reviewer: i64,
) -> anyhow::Result<Option<ConflictKind>> {
    Ok(conflicts(db, call).await?.get(&(file, reviewer)).copied())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Link {
    pub id: i64,
    pub reviewer_id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub note: String,
}

pub async fn links(db: &Db, call: i64) -> anyhow::Result<Vec<Link>> {
    db.fetch_all(&raw(
        "SELECT l.id, l.reviewer_id, l.org_id, o.name AS org_name, l.note FROM jury_links l \
         JOIN jury_reviewers r ON r.id = l.reviewer_id JOIN organisations o ON o.id = l.org_id \
         WHERE r.call_id = $1 ORDER BY o.name",
        vec![v(call)],
    ))
    .await
}

// ---- Bids ----------------------------------------------------------------------------------

/// (file, reviewer) → interest level (1 interested, 2 very interested).
pub async fn bids(db: &Db, call: i64) -> anyhow::Result<HashMap<(i64, i64), i64>> {
    let rows: Vec<(i64, i64, i64)> = db
        .fetch_all(&raw(
            "SELECT b.file_id, b.reviewer_id, b.level FROM jury_bids b \
             JOIN jury_reviewers r ON r.id = b.reviewer_id WHERE r.call_id = $1",
            vec![v(call)],
        ))
        .await?;
    Ok(rows.into_iter().map(|(f, r, l)| ((f, r), l)).collect())
}

// ---- Reviews (assignments) and scores ------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Assignment {
    pub id: i64,
    pub call_id: i64,
    pub file_id: i64,
    pub reviewer_id: i64,
    pub state: String,
    pub general_comment: String,
    pub submitted_at: Option<DateTime<Utc>>,
}

impl Assignment {
    pub fn is_submitted(&self) -> bool {
        self.state == "submitted"
    }
}

const ASSIGNMENT_COLUMNS: &str =
    "id, call_id, file_id, reviewer_id, state, general_comment, submitted_at";

pub async fn assignments(db: &Db, call: i64) -> anyhow::Result<Vec<Assignment>> {
    db.fetch_all(&raw(
        &format!(
            "SELECT {ASSIGNMENT_COLUMNS} FROM jury_assignments WHERE call_id = $1 ORDER BY id"
        ),
        vec![v(call)],
    ))
    .await
}

pub async fn assignment(db: &Db, id: i64) -> anyhow::Result<Option<Assignment>> {
    db.fetch_optional(&raw(
        &format!("SELECT {ASSIGNMENT_COLUMNS} FROM jury_assignments WHERE id = $1"),
        vec![v(id)],
    ))
    .await
}

pub async fn insert_assignment(
    tx: &mut Tx,
    call: i64,
    file: i64,
    reviewer: i64,
    by: Option<UserId>,
) -> anyhow::Result<i64> {
    let now = Utc::now();
    let (id,): (i64,) = tx
        .fetch_one(&raw(
            "INSERT INTO jury_assignments (call_id, file_id, reviewer_id, state, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, 'draft', $4, $5, $5) RETURNING id",
            vec![v(call), v(file), v(reviewer), v(by.map(|u| u.0)), v(now)],
        ))
        .await?;
    Ok(id)
}

/// Removes a review nobody has started (no score, not submitted); `false` otherwise.
pub async fn delete_untouched_assignment(tx: &mut Tx, call: i64, id: i64) -> anyhow::Result<bool> {
    let n = tx
        .execute(&raw(
            "DELETE FROM jury_assignments WHERE call_id = $1 AND id = $2 AND state = 'draft' \
             AND NOT EXISTS (SELECT 1 FROM jury_scores s WHERE s.assignment_id = jury_assignments.id \
               AND (s.value IS NOT NULL OR s.comment <> ''))",
            vec![v(call), v(id)],
        ))
        .await?;
    Ok(n > 0)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Score {
    pub assignment_id: i64,
    pub criterion_id: i64,
    pub value: Option<i64>,
    pub comment: String,
}

pub async fn scores(db: &Db, assignment: i64) -> anyhow::Result<Vec<Score>> {
    db.fetch_all(&raw(
        "SELECT assignment_id, criterion_id, value, comment FROM jury_scores WHERE assignment_id = $1",
        vec![v(assignment)],
    ))
    .await
}

pub async fn scores_of_file(db: &Db, file: i64) -> anyhow::Result<Vec<Score>> {
    db.fetch_all(&raw(
        "SELECT s.assignment_id, s.criterion_id, s.value, s.comment FROM jury_scores s \
         JOIN jury_assignments a ON a.id = s.assignment_id WHERE a.file_id = $1",
        vec![v(file)],
    ))
    .await
}

/// Weighted mean of a review's scores on the grid's scale, `None` until every criterion has a
/// value.
pub fn weighted(criteria: &[Criterion], scores: &[Score]) -> Option<f64> {
    let mut num = 0.0;
    let mut den = 0.0;
    for c in criteria {
        let s = scores
            .iter()
            .find(|s| s.criterion_id == c.id)
            .and_then(|s| s.value)?;
        num += (c.weight as f64) * (s as f64);
        den += c.weight as f64;
    }
    (den > 0.0).then(|| num / den)
}

pub fn fmt_score(x: f64, lang: &str) -> String {
    let s = format!("{x:.2}");
    if lang == "fr" {
        s.replace('.', ",")
    } else {
        s
    }
}
