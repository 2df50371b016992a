//! The directory's queries: filters parsed from the query string (unknown values dropped, never
//! passed to SQL), the search, the count, one establishment.

use crate::sirene::families::{Family, SECTION_LETTERS};
use crate::sirene::store::{Dir, ACTIVE};
use essor_calls::instruction::search_fold;
use essor_platform::db::Db;
use essor_platform::territory::Territory;
use sea_query::{Alias, Cond, Expr, Order, Query, SelectStatement};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct RawFilters {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub secteur: String,
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub famille: String,
    #[serde(default)]
    pub taille: String,
    #[serde(default)]
    pub page: Option<String>,
}

/// Valid filters only: a value that is not one of the offered choices is ignored.
#[derive(Debug, Default, Clone)]
pub struct Filters {
    pub q: String,
    pub words: Vec<String>,
    pub sector: String,
    pub commune: String,
    pub family: Option<Family>,
    pub size: String,
    pub page: u64,
}

impl Filters {
    pub fn parse(raw: RawFilters, territory: &Territory) -> Filters {
        let q: String = raw.q.trim().chars().take(100).collect();
        let words = search_fold(&q)
            .split(' ')
            .filter(|w| !w.is_empty())
            .take(8)
            .map(str::to_owned)
            .collect();
        let sector = raw.secteur.trim().to_ascii_uppercase();
        Filters {
            words,
            q,
            sector: if sector.len() == 1
                && SECTION_LETTERS.contains(&sector.chars().next().unwrap_or(' '))
            {
                sector
            } else {
                String::new()
            },
            commune: if territory.contains(raw.commune.trim()) {
                raw.commune.trim().to_owned()
            } else {
                String::new()
            },
            family: Family::parse(raw.famille.trim()),
            size: if crate::sirene::families::is_size_band(raw.taille.trim()) {
                raw.taille.trim().to_owned()
            } else {
                String::new()
            },
            page: raw.page.and_then(|p| p.parse().ok()).unwrap_or(1).max(1),
        }
    }

    /// The query string of these filters at page `n`.
    pub fn query_string(&self, n: u64) -> String {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", self.q.as_str()),
            ("secteur", &self.sector),
            ("commune", &self.commune),
            ("famille", self.family.map(|f| f.code()).unwrap_or("")),
            ("taille", &self.size),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        s.append_pair("page", &n.to_string());
        s.finish()
    }

    fn apply(&self, q: &mut SelectStatement) {
        q.and_where(Expr::col((Dir::Table, Dir::Status)).eq(ACTIVE));
        for w in &self.words {
            // `search_fold` leaves no LIKE wildcard in a word.
            q.and_where(Expr::col((Dir::Table, Dir::SearchText)).like(format!("%{w}%")));
        }
        if !self.sector.is_empty() {
            q.and_where(Expr::col((Dir::Table, Dir::NafSection)).eq(self.sector.clone()));
        }
        if !self.commune.is_empty() {
            q.and_where(Expr::col((Dir::Table, Dir::CommuneCode)).eq(self.commune.clone()));
        }
        if let Some(f) = self.family {
            q.and_where(Expr::col((Dir::Table, Dir::LegalFamily)).eq(f.code()));
        }
        if !self.size.is_empty() {
            q.and_where(Expr::col((Dir::Table, Dir::SizeBand)).eq(self.size.clone()));
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Entry {
    pub id: i64,
    pub siret: String,
    pub siren: String,
    pub name: String,
    pub acronym: Option<String>,
    pub usual_name: Option<String>,
    pub rna: Option<String>,
    pub legal_category: String,
    pub legal_family: String,
    pub ess_flag: bool,
    pub partial_diffusion: bool,
    pub head_office: bool,
    pub naf: Option<String>,
    pub naf_section: Option<String>,
    pub size_band: Option<String>,
    pub commune_code: String,
    pub postal_code: Option<String>,
    pub street: Option<String>,
    pub created_on: Option<String>,
    pub status: String,
    pub org_id: Option<i64>,
}

pub fn select() -> SelectStatement {
    let mut q = Query::select();
    q.columns(
        [
            Dir::Id,
            Dir::Siret,
            Dir::Siren,
            Dir::Name,
            Dir::Acronym,
            Dir::UsualName,
            Dir::Rna,
            Dir::LegalCategory,
            Dir::LegalFamily,
            Dir::EssFlag,
            Dir::PartialDiffusion,
            Dir::HeadOffice,
            Dir::Naf,
            Dir::NafSection,
            Dir::SizeBand,
            Dir::CommuneCode,
            Dir::PostalCode,
            Dir::Street,
            Dir::CreatedOn,
            Dir::Status,
        ]
        .map(|c| (Dir::Table, c)),
    )
    // The organisation on Essor with the same SIRET, if any (the first one).
    .expr_as(
        Expr::cust(
            "(SELECT MIN(o.id) FROM organisations o WHERE o.siret = directory_establishments.siret)",
        ),
        Alias::new("org_id"),
    )
    .from(Dir::Table);
    q
}

pub async fn count(db: &Db, f: &Filters) -> anyhow::Result<i64> {
    let mut q = Query::select();
    q.expr(Expr::col((Dir::Table, Dir::Id)).count())
        .from(Dir::Table);
    f.apply(&mut q);
    let (n,): (i64,) = db.fetch_one(&q).await?;
    Ok(n)
}

pub async fn search(db: &Db, f: &Filters, page: u64, size: u64) -> anyhow::Result<Vec<Entry>> {
    let mut q = select();
    f.apply(&mut q);
    q.order_by((Dir::Table, Dir::SearchText), Order::Asc)
        .order_by((Dir::Table, Dir::Id), Order::Asc)
        .limit(size)
        .offset((page - 1) * size);
    db.fetch_all(&q).await
}

pub async fn by_siret(db: &Db, siret: &str) -> anyhow::Result<Option<Entry>> {
    let mut q = select();
    q.and_where(Expr::col((Dir::Table, Dir::Siret)).eq(siret));
    db.fetch_optional(&q).await
}

pub async fn is_member(db: &Db, org: i64, user: i64) -> anyhow::Result<bool> {
    let row: Option<(i64,)> = db
        .fetch_optional(
            Query::select()
                .expr(Expr::col(Alias::new("org_id")))
                .from(Alias::new("memberships"))
                .cond_where(
                    Cond::all()
                        .add(Expr::col(Alias::new("org_id")).eq(org))
                        .add(Expr::col(Alias::new("user_id")).eq(user)),
                ),
        )
        .await?;
    Ok(row.is_some())
}
