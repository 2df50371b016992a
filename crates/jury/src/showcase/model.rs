//! The showcase's records: the page a laureate writes, its pictures and its progress updates,
//! and the staff's hiding of a page. Writes take a transaction so the audit entry goes with them.

use chrono::{DateTime, Utc};
use essor_domain::ids::UserId;
use essor_platform::db::{Db, Tx};
use sea_query::{Expr, Func, Iden, OnConflict, Order, Query};
use std::collections::HashMap;

/// Most pictures a page shows.
pub const MAX_PICTURES: usize = 6;
/// Largest picture accepted (bytes).
pub const MAX_PICTURE_BYTES: u64 = 5 * 1024 * 1024;
/// Longest story, update body and alternative text (characters).
pub const MAX_STORY: usize = 10_000;
pub const MAX_UPDATE: usize = 4_000;
pub const MAX_ALT: usize = 250;

#[derive(Iden)]
pub enum ShowcasePages {
    Table,
    AwardId,
    Story,
    Beneficiaries,
    Jobs,
    Sdgs,
    HiddenReason,
    HiddenBy,
    HiddenAt,
    UpdatedBy,
    UpdatedAt,
}

#[derive(Iden)]
pub enum ShowcasePictures {
    Table,
    Id,
    AwardId,
    StorageKey,
    ContentType,
    Size,
    Alt,
    Position,
    UploadedBy,
    CreatedAt,
}

#[derive(Iden)]
pub enum ShowcaseUpdates {
    Table,
    Id,
    AwardId,
    Title,
    Body,
    PostedBy,
    PostedAt,
}

/// What the laureate wrote; an award without a row has an empty page.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct Page {
    pub story: String,
    pub beneficiaries: Option<i64>,
    pub jobs: Option<i64>,
    pub sdgs: String,
    pub hidden_reason: Option<String>,
    pub hidden_at: Option<DateTime<Utc>>,
}

impl Page {
    /// The goals, in order, ignoring anything that is not a number from 1 to 17.
    pub fn goals(&self) -> Vec<u8> {
        parse_goals(&self.sdgs)
    }

    pub fn hidden(&self) -> bool {
        self.hidden_at.is_some()
    }
}

pub fn parse_goals(raw: &str) -> Vec<u8> {
    let mut out: Vec<u8> = raw
        .split(',')
        .filter_map(|s| s.trim().parse::<u8>().ok())
        .filter(|g| (1..=17).contains(g))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

pub fn goals_text(goals: &[u8]) -> String {
    goals
        .iter()
        .map(|g| g.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

pub async fn page(db: &Db, award: i64) -> anyhow::Result<Page> {
    Ok(db
        .fetch_optional(
            Query::select()
                .columns([
                    ShowcasePages::Story,
                    ShowcasePages::Beneficiaries,
                    ShowcasePages::Jobs,
                    ShowcasePages::Sdgs,
                    ShowcasePages::HiddenReason,
                    ShowcasePages::HiddenAt,
                ])
                .from(ShowcasePages::Table)
                .and_where(Expr::col(ShowcasePages::AwardId).eq(award)),
        )
        .await?
        .unwrap_or_default())
}

/// Every page at once, by award (the public list filters on their goals and hiding).
pub async fn pages(db: &Db) -> anyhow::Result<Vec<(i64, Page)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        award_id: i64,
        #[sqlx(flatten)]
        page: Page,
    }
    let rows: Vec<Row> = db
        .fetch_all(
            Query::select()
                .columns([
                    ShowcasePages::AwardId,
                    ShowcasePages::Story,
                    ShowcasePages::Beneficiaries,
                    ShowcasePages::Jobs,
                    ShowcasePages::Sdgs,
                    ShowcasePages::HiddenReason,
                    ShowcasePages::HiddenAt,
                ])
                .from(ShowcasePages::Table),
        )
        .await?;
    Ok(rows.into_iter().map(|r| (r.award_id, r.page)).collect())
}

/// Inserts the page row when missing, so the updates below always have one to change.
async fn ensure(tx: &mut Tx, award: i64, now: DateTime<Utc>) -> anyhow::Result<()> {
    tx.execute(
        Query::insert()
            .into_table(ShowcasePages::Table)
            .columns([ShowcasePages::AwardId, ShowcasePages::UpdatedAt])
            .values_panic([award.into(), now.into()])
            .on_conflict(
                OnConflict::column(ShowcasePages::AwardId)
                    .do_nothing()
                    .to_owned(),
            ),
    )
    .await?;
    Ok(())
}

pub struct PageInput {
    pub story: String,
    pub beneficiaries: Option<i64>,
    pub jobs: Option<i64>,
    pub goals: Vec<u8>,
}

pub async fn save(tx: &mut Tx, award: i64, input: &PageInput, by: UserId) -> anyhow::Result<()> {
    let now = Utc::now();
    ensure(tx, award, now).await?;
    tx.execute(
        Query::update()
            .table(ShowcasePages::Table)
            .values([
                (ShowcasePages::Story, input.story.clone().into()),
                (ShowcasePages::Beneficiaries, input.beneficiaries.into()),
                (ShowcasePages::Jobs, input.jobs.into()),
                (ShowcasePages::Sdgs, goals_text(&input.goals).into()),
                (ShowcasePages::UpdatedBy, by.0.into()),
                (ShowcasePages::UpdatedAt, now.into()),
            ])
            .and_where(Expr::col(ShowcasePages::AwardId).eq(award)),
    )
    .await?;
    Ok(())
}

/// Hides the page (`Some(reason)`) or shows it again (`None`).
pub async fn set_hidden(
    tx: &mut Tx,
    award: i64,
    reason: Option<&str>,
    by: UserId,
) -> anyhow::Result<()> {
    let now = Utc::now();
    ensure(tx, award, now).await?;
    let (reason, by_col, at): (Option<String>, Option<i64>, Option<DateTime<Utc>>) = match reason {
        Some(r) => (Some(r.to_owned()), Some(by.0), Some(now)),
        None => (None, None, None),
    };
    tx.execute(
        Query::update()
            .table(ShowcasePages::Table)
            .values([
                (ShowcasePages::HiddenReason, reason.into()),
                (ShowcasePages::HiddenBy, by_col.into()),
                (ShowcasePages::HiddenAt, at.into()),
                (ShowcasePages::UpdatedAt, now.into()),
            ])
            .and_where(Expr::col(ShowcasePages::AwardId).eq(award)),
    )
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Picture {
    pub id: i64,
    pub award_id: i64,
    pub storage_key: String,
    pub content_type: String,
    pub size: i64,
    pub alt: String,
    pub position: i64,
}

fn picture_select() -> sea_query::SelectStatement {
    Query::select()
        .columns([
            ShowcasePictures::Id,
            ShowcasePictures::AwardId,
            ShowcasePictures::StorageKey,
            ShowcasePictures::ContentType,
            ShowcasePictures::Size,
            ShowcasePictures::Alt,
            ShowcasePictures::Position,
        ])
        .from(ShowcasePictures::Table)
        .to_owned()
}

pub async fn pictures(db: &Db, award: i64) -> anyhow::Result<Vec<Picture>> {
    db.fetch_all(
        picture_select()
            .and_where(Expr::col(ShowcasePictures::AwardId).eq(award))
            .order_by(ShowcasePictures::Position, Order::Asc)
            .order_by(ShowcasePictures::Id, Order::Asc),
    )
    .await
}

/// The first picture of each award that has one, by award (the list's thumbnails).
pub async fn first_pictures(db: &Db) -> anyhow::Result<HashMap<i64, Picture>> {
    let all: Vec<Picture> = db
        .fetch_all(
            picture_select()
                .order_by(ShowcasePictures::Position, Order::Desc)
                .order_by(ShowcasePictures::Id, Order::Desc),
        )
        .await?;
    // Last in wins: the first picture of each award, as the order is reversed.
    Ok(all.into_iter().map(|p| (p.award_id, p)).collect())
}

pub async fn picture(db: &Db, award: i64, id: i64) -> anyhow::Result<Option<Picture>> {
    db.fetch_optional(
        picture_select()
            .and_where(Expr::col(ShowcasePictures::AwardId).eq(award))
            .and_where(Expr::col(ShowcasePictures::Id).eq(id)),
    )
    .await
}

/// Adds a picture at the end, unless the page already has [`MAX_PICTURES`] (`Ok(None)`): the
/// count is read inside the transaction, so two uploads at once cannot pass six.
pub async fn add_picture(
    tx: &mut Tx,
    award: i64,
    key: &str,
    content_type: &str,
    size: u64,
    alt: &str,
    by: UserId,
) -> anyhow::Result<Option<i64>> {
    let (count, last): (i64, Option<i64>) = tx
        .fetch_one(
            Query::select()
                .expr(Func::count(Expr::col(ShowcasePictures::Id)))
                .expr(Func::max(Expr::col(ShowcasePictures::Position)))
                .from(ShowcasePictures::Table)
                .and_where(Expr::col(ShowcasePictures::AwardId).eq(award)),
        )
        .await?;
    if count as usize >= MAX_PICTURES {
        return Ok(None);
    }
    let id = tx
        .insert_id(
            Query::insert()
                .into_table(ShowcasePictures::Table)
                .columns([
                    ShowcasePictures::AwardId,
                    ShowcasePictures::StorageKey,
                    ShowcasePictures::ContentType,
                    ShowcasePictures::Size,
                    ShowcasePictures::Alt,
                    ShowcasePictures::Position,
                    ShowcasePictures::UploadedBy,
                    ShowcasePictures::CreatedAt,
                ])
                .values_panic([
                    award.into(),
                    key.into(),
                    content_type.into(),
                    (size as i64).into(),
                    alt.into(),
                    (last.unwrap_or(0) + 1).into(),
                    by.0.into(),
                    Utc::now().into(),
                ])
                .to_owned(),
        )
        .await?;
    Ok(Some(id))
}

pub async fn delete_picture(tx: &mut Tx, award: i64, id: i64) -> anyhow::Result<u64> {
    tx.execute(
        Query::delete()
            .from_table(ShowcasePictures::Table)
            .and_where(Expr::col(ShowcasePictures::AwardId).eq(award))
            .and_where(Expr::col(ShowcasePictures::Id).eq(id)),
    )
    .await
}

pub async fn set_alt(tx: &mut Tx, award: i64, id: i64, alt: &str) -> anyhow::Result<u64> {
    tx.execute(
        Query::update()
            .table(ShowcasePictures::Table)
            .values([(ShowcasePictures::Alt, alt.into())])
            .and_where(Expr::col(ShowcasePictures::AwardId).eq(award))
            .and_where(Expr::col(ShowcasePictures::Id).eq(id)),
    )
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Update {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub posted_at: DateTime<Utc>,
}

pub async fn updates(db: &Db, award: i64) -> anyhow::Result<Vec<Update>> {
    db.fetch_all(
        Query::select()
            .columns([
                ShowcaseUpdates::Id,
                ShowcaseUpdates::Title,
                ShowcaseUpdates::Body,
                ShowcaseUpdates::PostedAt,
            ])
            .from(ShowcaseUpdates::Table)
            .and_where(Expr::col(ShowcaseUpdates::AwardId).eq(award))
            .order_by(ShowcaseUpdates::PostedAt, Order::Desc)
            .order_by(ShowcaseUpdates::Id, Order::Desc),
    )
    .await
}

pub async fn add_update(
    tx: &mut Tx,
    award: i64,
    title: &str,
    body: &str,
    by: UserId,
) -> anyhow::Result<i64> {
    tx.insert_id(
        Query::insert()
            .into_table(ShowcaseUpdates::Table)
            .columns([
                ShowcaseUpdates::AwardId,
                ShowcaseUpdates::Title,
                ShowcaseUpdates::Body,
                ShowcaseUpdates::PostedBy,
                ShowcaseUpdates::PostedAt,
            ])
            .values_panic([
                award.into(),
                title.into(),
                body.into(),
                by.0.into(),
                Utc::now().into(),
            ])
            .to_owned(),
    )
    .await
}

pub async fn delete_update(tx: &mut Tx, award: i64, id: i64) -> anyhow::Result<u64> {
    tx.execute(
        Query::delete()
            .from_table(ShowcaseUpdates::Table)
            .and_where(Expr::col(ShowcaseUpdates::AwardId).eq(award))
            .and_where(Expr::col(ShowcaseUpdates::Id).eq(id)),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_keep_only_1_to_17_sorted_once() {
        assert_eq!(parse_goals("13, 2,2,0,18,x,17"), vec![2, 13, 17]);
        assert_eq!(goals_text(&parse_goals("1,11")), "1,11");
        assert!(parse_goals("").is_empty());
    }
}
