//! The import's records and the directory's rows: one `sirene_imports` row per run (progress and
//! counts), and the establishments upserted by SIRET, compared by fingerprint so that a second
//! run of the same files writes nothing.

use super::parse::{Establishment, Malformed};
use chrono::{DateTime, Utc};
use essor_calls::instruction::search_fold;
use essor_platform::db::{Db, Tx};
use sea_query::{Expr, Iden, Order, Query};
use std::collections::{HashMap, HashSet};

#[derive(Iden, Clone, Copy)]
pub enum SireneImports {
    Table,
    Id,
    State,
    Origin,
    UnitsName,
    EstablishmentsName,
    UnitsPath,
    EstablishmentsPath,
    Phase,
    BytesTotal,
    BytesRead,
    UnitsRead,
    UnitsKept,
    LinesRead,
    Kept,
    Added,
    Updated,
    Closed,
    Absent,
    Unchanged,
    Malformed,
    MalformedExamples,
    Error,
    RequestedBy,
    CreatedAt,
    StartedAt,
    FinishedAt,
}

#[derive(Iden, Clone, Copy)]
pub enum Dir {
    #[iden = "directory_establishments"]
    Table,
    Id,
    Siret,
    Siren,
    Name,
    Acronym,
    UsualName,
    SearchText,
    Rna,
    LegalCategory,
    LegalFamily,
    EssFlag,
    PartialDiffusion,
    HeadOffice,
    Naf,
    NafSection,
    SizeBand,
    CommuneCode,
    PostalCode,
    Street,
    CreatedOn,
    Status,
    Fingerprint,
    FirstImportId,
    LastImportId,
    StatusChangedAt,
    CreatedAt,
    UpdatedAt,
}

pub const ACTIVE: &str = "active";
pub const CLOSED: &str = "closed";
pub const ABSENT: &str = "absent";

/// The counts of one import.
#[derive(Debug, Default, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Counts {
    pub units_read: i64,
    pub units_kept: i64,
    pub lines_read: i64,
    pub kept: i64,
    pub added: i64,
    pub updated: i64,
    pub closed: i64,
    pub absent: i64,
    pub unchanged: i64,
    pub malformed: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ImportRow {
    pub id: i64,
    pub state: String,
    pub origin: String,
    pub units_name: String,
    pub establishments_name: String,
    pub units_path: Option<String>,
    pub establishments_path: Option<String>,
    pub phase: String,
    pub bytes_total: i64,
    pub bytes_read: i64,
    pub units_read: i64,
    pub units_kept: i64,
    pub lines_read: i64,
    pub kept: i64,
    pub added: i64,
    pub updated: i64,
    pub closed: i64,
    pub absent: i64,
    pub unchanged: i64,
    pub malformed: i64,
    pub malformed_examples: String,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl ImportRow {
    pub fn examples(&self) -> Vec<Malformed> {
        serde_json::from_str(&self.malformed_examples).unwrap_or_default()
    }

    /// Progress in whole percent of the bytes to read.
    pub fn percent(&self) -> i64 {
        if self.state == "done" {
            100
        } else if self.bytes_total > 0 {
            (self.bytes_read * 100 / self.bytes_total).clamp(0, 100)
        } else {
            0
        }
    }

    pub fn is_finished(&self) -> bool {
        self.state == "done" || self.state == "failed"
    }
}

/// A new import record, `queued`.
pub async fn create(
    tx: &mut Tx,
    origin: &str,
    units: (&str, Option<&str>),
    establishments: (&str, Option<&str>),
    requested_by: Option<i64>,
) -> anyhow::Result<i64> {
    let mut q = Query::insert();
    q.into_table(SireneImports::Table)
        .columns([
            SireneImports::State,
            SireneImports::Origin,
            SireneImports::UnitsName,
            SireneImports::EstablishmentsName,
            SireneImports::UnitsPath,
            SireneImports::EstablishmentsPath,
            SireneImports::Phase,
            SireneImports::RequestedBy,
            SireneImports::CreatedAt,
        ])
        .values_panic([
            "queued".into(),
            origin.into(),
            units.0.into(),
            establishments.0.into(),
            units.1.into(),
            establishments.1.into(),
            "queued".into(),
            requested_by.into(),
            Utc::now().into(),
        ]);
    tx.insert_id(q).await
}

pub async fn get(db: &Db, id: i64) -> anyhow::Result<Option<ImportRow>> {
    db.fetch_optional(
        Query::select()
            .expr(Expr::cust("*"))
            .from(SireneImports::Table)
            .and_where(Expr::col(SireneImports::Id).eq(id)),
    )
    .await
}

/// The latest imports, newest first.
pub async fn latest(db: &Db, limit: u64) -> anyhow::Result<Vec<ImportRow>> {
    db.fetch_all(
        Query::select()
            .expr(Expr::cust("*"))
            .from(SireneImports::Table)
            .order_by(SireneImports::Id, Order::Desc)
            .limit(limit),
    )
    .await
}

/// The latest finished imports, newest first.
pub async fn latest_done(db: &Db, limit: u64) -> anyhow::Result<Vec<ImportRow>> {
    db.fetch_all(
        Query::select()
            .expr(Expr::cust("*"))
            .from(SireneImports::Table)
            .and_where(Expr::col(SireneImports::State).eq("done"))
            .order_by(SireneImports::Id, Order::Desc)
            .limit(limit),
    )
    .await
}

pub async fn start(db: &Db, id: i64, bytes_total: i64) -> anyhow::Result<()> {
    db.execute(
        Query::update()
            .table(SireneImports::Table)
            .values([
                (SireneImports::State, "running".into()),
                (SireneImports::Phase, "units".into()),
                (SireneImports::BytesTotal, bytes_total.into()),
                (SireneImports::StartedAt, Utc::now().into()),
            ])
            .and_where(Expr::col(SireneImports::Id).eq(id)),
    )
    .await?;
    Ok(())
}

pub async fn progress(db: &Db, id: i64, phase: &str, bytes_read: i64) -> anyhow::Result<()> {
    db.execute(
        Query::update()
            .table(SireneImports::Table)
            .values([
                (SireneImports::Phase, phase.into()),
                (SireneImports::BytesRead, bytes_read.into()),
            ])
            .and_where(Expr::col(SireneImports::Id).eq(id))
            .and_where(Expr::col(SireneImports::State).eq("running")),
    )
    .await?;
    Ok(())
}

pub async fn finish(
    db: &Db,
    id: i64,
    c: &Counts,
    examples: &[Malformed],
    bytes_total: i64,
) -> anyhow::Result<()> {
    db.execute(
        Query::update()
            .table(SireneImports::Table)
            .values([
                (SireneImports::State, "done".into()),
                (SireneImports::Phase, "done".into()),
                (SireneImports::BytesRead, bytes_total.into()),
                (SireneImports::UnitsRead, c.units_read.into()),
                (SireneImports::UnitsKept, c.units_kept.into()),
                (SireneImports::LinesRead, c.lines_read.into()),
                (SireneImports::Kept, c.kept.into()),
                (SireneImports::Added, c.added.into()),
                (SireneImports::Updated, c.updated.into()),
                (SireneImports::Closed, c.closed.into()),
                (SireneImports::Absent, c.absent.into()),
                (SireneImports::Unchanged, c.unchanged.into()),
                (SireneImports::Malformed, c.malformed.into()),
                (
                    SireneImports::MalformedExamples,
                    serde_json::to_string(examples)?.into(),
                ),
                (SireneImports::FinishedAt, Utc::now().into()),
            ])
            .and_where(Expr::col(SireneImports::Id).eq(id)),
    )
    .await?;
    Ok(())
}

pub async fn fail(db: &Db, id: i64, error: &str) -> anyhow::Result<()> {
    db.execute(
        Query::update()
            .table(SireneImports::Table)
            .values([
                (SireneImports::State, "failed".into()),
                (SireneImports::Phase, "failed".into()),
                (SireneImports::Error, error.into()),
                (SireneImports::FinishedAt, Utc::now().into()),
            ])
            .and_where(Expr::col(SireneImports::Id).eq(id)),
    )
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Existing {
    id: i64,
    siret: String,
    fingerprint: i64,
    status: String,
}

/// What the directory holds, by SIRET (the territory's rows only: small beside the files).
pub struct Directory {
    rows: HashMap<String, (i64, i64, String)>,
    seen: HashSet<i64>,
}

impl Directory {
    pub async fn load(db: &Db) -> anyhow::Result<Directory> {
        let rows: Vec<Existing> = db
            .fetch_all(
                Query::select()
                    .columns([Dir::Id, Dir::Siret, Dir::Fingerprint, Dir::Status])
                    .from(Dir::Table),
            )
            .await?;
        Ok(Directory {
            rows: rows
                .into_iter()
                .map(|r| (r.siret, (r.id, r.fingerprint, r.status)))
                .collect(),
            seen: HashSet::new(),
        })
    }

    /// Writes one batch in one transaction: inserts the new, updates the changed, leaves the
    /// unchanged alone.
    pub async fn apply(
        &mut self,
        db: &Db,
        import_id: i64,
        batch: Vec<Establishment>,
        c: &mut Counts,
    ) -> anyhow::Result<()> {
        let now = Utc::now();
        let mut tx = db.begin().await?;
        for e in batch {
            c.kept += 1;
            let fp = e.fingerprint();
            let status = if e.closed { CLOSED } else { ACTIVE };
            match self.rows.get(&e.siret).cloned() {
                None => {
                    let id = insert(&mut tx, &e, fp, status, import_id, now).await?;
                    self.seen.insert(id);
                    self.rows
                        .insert(e.siret.clone(), (id, fp, status.to_owned()));
                    c.added += 1;
                }
                Some((id, old_fp, old_status)) => {
                    // The same SIRET twice in one file counts once.
                    if !self.seen.insert(id) && old_fp == fp {
                        c.kept -= 1;
                        continue;
                    }
                    if old_fp == fp && old_status == status {
                        c.unchanged += 1;
                        continue;
                    }
                    update(&mut tx, id, &e, fp, status, &old_status, import_id, now).await?;
                    if status == CLOSED && old_status != CLOSED {
                        c.closed += 1;
                    } else {
                        c.updated += 1;
                    }
                    self.rows
                        .insert(e.siret.clone(), (id, fp, status.to_owned()));
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// After a complete pass: rows not seen in the files are no longer in scope (moved away,
    /// no longer ESS, gone from the stock). They are marked `absent`, never deleted.
    pub async fn mark_absent(
        &mut self,
        db: &Db,
        import_id: i64,
        c: &mut Counts,
    ) -> anyhow::Result<()> {
        let gone: Vec<i64> = self
            .rows
            .values()
            .filter(|(id, _, status)| status != ABSENT && !self.seen.contains(id))
            .map(|(id, _, _)| *id)
            .collect();
        let now = Utc::now();
        for chunk in gone.chunks(500) {
            let n = db
                .execute(
                    Query::update()
                        .table(Dir::Table)
                        .values([
                            (Dir::Status, ABSENT.into()),
                            (Dir::StatusChangedAt, now.into()),
                            (Dir::UpdatedAt, now.into()),
                            (Dir::LastImportId, import_id.into()),
                        ])
                        .and_where(Expr::col(Dir::Id).is_in(chunk.iter().copied())),
                )
                .await?;
            c.absent += n as i64;
        }
        Ok(())
    }
}

/// The text the directory search compares with: only what the public page shows (a natural
/// person's name under partial diffusion is not searchable).
pub fn search_text(e: &Establishment) -> String {
    let mut s = String::new();
    if !hides_name(e.partial_diffusion, &e.legal_category) {
        s.push_str(&e.name);
        for part in [&e.acronym, &e.usual_name].into_iter().flatten() {
            s.push(' ');
            s.push_str(part);
        }
    }
    search_fold(&s)
}

/// Partial diffusion (`statutDiffusion = P`) of a natural person (legal category 1xxx): no name.
pub fn hides_name(partial: bool, legal_category: &str) -> bool {
    partial && (legal_category.starts_with('1') || legal_category.is_empty())
}

fn values(e: &Establishment, fp: i64, status: &str) -> Vec<(Dir, sea_query::SimpleExpr)> {
    vec![
        (Dir::Siren, e.siren.clone().into()),
        (Dir::Name, e.name.clone().into()),
        (Dir::Acronym, e.acronym.clone().into()),
        (Dir::UsualName, e.usual_name.clone().into()),
        (Dir::SearchText, search_text(e).into()),
        (Dir::Rna, e.rna.clone().into()),
        (Dir::LegalCategory, e.legal_category.clone().into()),
        (Dir::LegalFamily, e.family.code().into()),
        (Dir::EssFlag, e.ess_flag.into()),
        (Dir::PartialDiffusion, e.partial_diffusion.into()),
        (Dir::HeadOffice, e.head_office.into()),
        (Dir::Naf, e.naf.clone().into()),
        (Dir::NafSection, e.naf_section.map(|c| c.to_string()).into()),
        (Dir::SizeBand, e.size_band.clone().into()),
        (Dir::CommuneCode, e.commune_code.clone().into()),
        (Dir::PostalCode, e.postal_code.clone().into()),
        (Dir::Street, e.street.clone().into()),
        (Dir::CreatedOn, e.created_on.clone().into()),
        (Dir::Status, status.into()),
        (Dir::Fingerprint, fp.into()),
    ]
}

async fn insert(
    tx: &mut Tx,
    e: &Establishment,
    fp: i64,
    status: &str,
    import_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<i64> {
    let mut v = values(e, fp, status);
    v.push((Dir::Siret, e.siret.clone().into()));
    v.push((Dir::FirstImportId, import_id.into()));
    v.push((Dir::LastImportId, import_id.into()));
    v.push((Dir::StatusChangedAt, now.into()));
    v.push((Dir::CreatedAt, now.into()));
    v.push((Dir::UpdatedAt, now.into()));
    let (cols, vals): (Vec<Dir>, Vec<sea_query::SimpleExpr>) = v.into_iter().unzip();
    let mut q = Query::insert();
    q.into_table(Dir::Table).columns(cols).values_panic(vals);
    tx.insert_id(q).await
}

#[allow(clippy::too_many_arguments)]
async fn update(
    tx: &mut Tx,
    id: i64,
    e: &Establishment,
    fp: i64,
    status: &str,
    old_status: &str,
    import_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut v = values(e, fp, status);
    v.push((Dir::LastImportId, import_id.into()));
    v.push((Dir::UpdatedAt, now.into()));
    if status != old_status {
        v.push((Dir::StatusChangedAt, now.into()));
    }
    tx.execute(
        Query::update()
            .table(Dir::Table)
            .values(v)
            .and_where(Expr::col(Dir::Id).eq(id)),
    )
    .await?;
    Ok(())
}
