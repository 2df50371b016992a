//! The observatory's figures as tables: each is a list of rows (a key, a label, values), the
//! one source for the chart, the HTML table, the CSV and the JSON.

use crate::sirene::families::{Family, SECTION_LETTERS, SIZE_BANDS};
use crate::sirene::store::{self, Dir, ACTIVE};
use essor_calls::exports::awarded_amount;
use essor_calls::model::Files;
use essor_platform::db::Db;
use essor_platform::i18n::Tr;
use essor_platform::territory::Territory;
use sea_query::{Alias, Expr, Func, Query, SimpleExpr};
use std::collections::BTreeMap;

/// The figures, in page order; `slug` is their address (`/observatoire/{slug}.csv`).
pub const SLUGS: [&str; 6] = [
    "communes",
    "familles",
    "secteurs",
    "effectifs",
    "evolution",
    "appels-communes",
];

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub key: String,
    pub label: String,
    pub values: Vec<i64>,
}

#[derive(Debug, Clone)]
pub struct Figure {
    pub slug: &'static str,
    pub title: String,
    pub intro: String,
    /// Machine names of the columns: the key, the label, then each value (CSV and JSON).
    pub keys: Vec<&'static str>,
    /// Human names of the same columns (table headers).
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// Which value column the chart draws.
    pub charted: usize,
    /// Values that are amounts in cents (shown in euros).
    pub money: Vec<usize>,
}

/// (group key, establishments, structures) among active rows, grouped by `col`.
async fn grouped(db: &Db, col: Dir) -> anyhow::Result<BTreeMap<String, (i64, i64)>> {
    let rows: Vec<(Option<String>, i64, i64)> = db
        .fetch_all(
            Query::select()
                .column(col)
                .expr(Expr::col(Dir::Id).count())
                .expr(Func::count_distinct(Expr::col(Dir::Siren)))
                .from(Dir::Table)
                .and_where(Expr::col(Dir::Status).eq(ACTIVE))
                .group_by_col(col),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|(k, a, b)| (k.unwrap_or_default(), (a, b)))
        .collect())
}

fn two(t: &Tr) -> Vec<String> {
    vec![
        t.t("observatory-fig-establishments"),
        t.t("observatory-fig-structures"),
    ]
}

pub async fn communes(db: &Db, t: &Tr, territory: &Territory) -> anyhow::Result<Figure> {
    let g = grouped(db, Dir::CommuneCode).await?;
    let rows = territory
        .communes
        .iter()
        .map(|c| {
            let (a, b) = g.get(&c.code).copied().unwrap_or_default();
            Row {
                key: c.code.clone(),
                label: c.name.clone(),
                values: vec![a, b],
            }
        })
        .collect();
    Ok(Figure {
        slug: "communes",
        title: t.t("observatory-fig-communes"),
        intro: t.t("observatory-fig-communes-intro"),
        keys: vec!["code_commune", "commune", "etablissements", "structures"],
        headers: [
            vec![t.t("observatory-fig-code"), t.t("observatory-col-commune")],
            two(t),
        ]
        .concat(),
        rows,
        charted: 0,
        money: vec![],
    })
}

pub async fn families(db: &Db, t: &Tr) -> anyhow::Result<Figure> {
    let g = grouped(db, Dir::LegalFamily).await?;
    let rows = Family::ALL
        .iter()
        .map(|f| {
            let (a, b) = g.get(f.code()).copied().unwrap_or_default();
            Row {
                key: f.code().to_owned(),
                label: t.t(&f.message_id()),
                values: vec![a, b],
            }
        })
        .collect();
    Ok(Figure {
        slug: "familles",
        title: t.t("observatory-fig-families"),
        intro: t.t("observatory-fig-families-intro"),
        keys: vec!["famille", "libelle", "etablissements", "structures"],
        headers: [
            vec![t.t("observatory-fig-code"), t.t("observatory-col-family")],
            two(t),
        ]
        .concat(),
        rows,
        charted: 0,
        money: vec![],
    })
}

pub async fn sectors(db: &Db, t: &Tr) -> anyhow::Result<Figure> {
    let g = grouped(db, Dir::NafSection).await?;
    let mut rows: Vec<Row> = SECTION_LETTERS
        .iter()
        .map(|s| s.to_string())
        .filter_map(|s| {
            g.get(&s).map(|(a, b)| Row {
                label: t.t(&format!("observatory-naf-{s}")),
                key: s,
                values: vec![*a, *b],
            })
        })
        .collect();
    if let Some((a, b)) = g.get("") {
        rows.push(Row {
            key: String::new(),
            label: t.t("observatory-size-unknown"),
            values: vec![*a, *b],
        });
    }
    Ok(Figure {
        slug: "secteurs",
        title: t.t("observatory-fig-sectors"),
        intro: t.t("observatory-fig-sectors-intro"),
        keys: vec!["section_naf", "libelle", "etablissements", "structures"],
        headers: [
            vec![t.t("observatory-fig-code"), t.t("observatory-col-sector")],
            two(t),
        ]
        .concat(),
        rows,
        charted: 0,
        money: vec![],
    })
}

pub async fn sizes(db: &Db, t: &Tr) -> anyhow::Result<Figure> {
    let g = grouped(db, Dir::SizeBand).await?;
    let mut rows: Vec<Row> = SIZE_BANDS
        .iter()
        .filter_map(|(c, _)| {
            g.get(*c).map(|(a, b)| Row {
                key: c.to_string(),
                label: t.t(&format!("observatory-size-{c}")),
                values: vec![*a, *b],
            })
        })
        .collect();
    if let Some((a, b)) = g.get("") {
        rows.push(Row {
            key: String::new(),
            label: t.t("observatory-size-unknown"),
            values: vec![*a, *b],
        });
    }
    Ok(Figure {
        slug: "effectifs",
        title: t.t("observatory-fig-sizes"),
        intro: t.t("observatory-fig-sizes-intro"),
        keys: vec![
            "tranche_effectif",
            "libelle",
            "etablissements",
            "structures",
        ],
        headers: [
            vec![t.t("observatory-fig-code"), t.t("observatory-col-size")],
            two(t),
        ]
        .concat(),
        rows,
        charted: 0,
        money: vec![],
    })
}

/// The counts of the two latest finished imports, side by side.
pub async fn change(db: &Db, t: &Tr) -> anyhow::Result<Figure> {
    let imports = store::latest_done(db, 2).await?;
    let latest = imports.first();
    let previous = imports.get(1);
    let pick =
        |i: Option<&store::ImportRow>, f: fn(&store::ImportRow) -> i64| i.map(f).unwrap_or(0);
    type Count = fn(&store::ImportRow) -> i64;
    let lines: [(&str, &str, Count); 6] = [
        ("retenus", "observatory-import-kept", |i| i.kept),
        ("ajoutes", "observatory-import-added", |i| i.added),
        ("mis_a_jour", "observatory-import-updated", |i| i.updated),
        ("fermes", "observatory-import-closed", |i| i.closed),
        ("absents", "observatory-import-absent", |i| i.absent),
        ("inchanges", "observatory-import-unchanged", |i| i.unchanged),
    ];
    let rows = lines
        .iter()
        .map(|(k, id, f)| Row {
            key: k.to_string(),
            label: t.t(id),
            values: vec![pick(latest, *f), pick(previous, *f)],
        })
        .collect();
    Ok(Figure {
        slug: "evolution",
        title: t.t("observatory-fig-change"),
        intro: match (latest, previous) {
            (Some(l), Some(p)) => t.t1(
                "observatory-fig-change-intro",
                "ids",
                format!("#{} / #{}", l.id, p.id),
            ),
            _ => t.t("observatory-fig-change-none"),
        },
        keys: vec!["mesure", "libelle", "dernier_import", "import_precedent"],
        headers: vec![
            t.t("observatory-fig-code"),
            t.t("observatory-fig-measure"),
            t.t("observatory-fig-latest"),
            t.t("observatory-fig-previous"),
        ],
        rows,
        charted: 0,
        money: vec![],
    })
}

/// Calls for projects by the applicant's commune: files received, laureates (accepted files)
/// and the amounts awarded to them (as the SCDL file counts them).
pub async fn calls_by_commune(db: &Db, t: &Tr, territory: &Territory) -> anyhow::Result<Figure> {
    let accepted = || Expr::col((Files::Table, Files::State)).eq("accepted");
    // SUM is NUMERIC on PostgreSQL: cast back to BIGINT so both engines give an i64.
    let total = |e: SimpleExpr| {
        Func::cast_as(
            Func::coalesce([Func::sum(e).into(), Expr::val(0).into()]),
            Alias::new("BIGINT"),
        )
    };
    let rows: Vec<(Option<String>, i64, i64, i64)> = db
        .fetch_all(
            Query::select()
                .expr(Expr::col((Files::Table, Files::CommuneCode)))
                .expr(Expr::col((Files::Table, Files::Id)).count())
                .expr(total(Expr::case(accepted(), 1).finally(0).into()))
                // The amount the SCDL export counts: the commission's, else the request.
                .expr(total(
                    Expr::case(accepted(), awarded_amount()).finally(0).into(),
                ))
                .from(Files::Table)
                .and_where(Expr::col((Files::Table, Files::SubmittedAt)).is_not_null())
                .group_by_col((Files::Table, Files::CommuneCode)),
        )
        .await?;
    let by: BTreeMap<String, (i64, i64, i64)> = rows
        .into_iter()
        .map(|(c, a, b, m)| (c.unwrap_or_default(), (a, b, m)))
        .collect();
    let mut out: Vec<Row> = territory
        .communes
        .iter()
        .filter_map(|c| {
            by.get(&c.code).map(|(a, b, m)| Row {
                key: c.code.clone(),
                label: c.name.clone(),
                values: vec![*a, *b, *m],
            })
        })
        .collect();
    let elsewhere = by
        .iter()
        .filter(|(k, _)| !territory.contains(k))
        .fold((0, 0, 0), |acc, (_, (a, b, m))| {
            (acc.0 + a, acc.1 + b, acc.2 + m)
        });
    if elsewhere != (0, 0, 0) {
        out.push(Row {
            key: String::new(),
            label: t.t("observatory-fig-elsewhere"),
            values: vec![elsewhere.0, elsewhere.1, elsewhere.2],
        });
    }
    Ok(Figure {
        slug: "appels-communes",
        title: t.t("observatory-fig-calls"),
        intro: t.t("observatory-fig-calls-intro"),
        keys: vec![
            "code_commune",
            "commune",
            "dossiers",
            "laureats",
            "montant_attribue_centimes",
        ],
        headers: vec![
            t.t("observatory-fig-code"),
            t.t("observatory-col-commune"),
            t.t("observatory-fig-files"),
            t.t("observatory-fig-laureates"),
            t.t("observatory-fig-amount"),
        ],
        rows: out,
        charted: 0,
        money: vec![2],
    })
}

pub async fn figure(
    db: &Db,
    t: &Tr,
    territory: &Territory,
    slug: &str,
) -> anyhow::Result<Option<Figure>> {
    Ok(Some(match slug {
        "communes" => communes(db, t, territory).await?,
        "familles" => families(db, t).await?,
        "secteurs" => sectors(db, t).await?,
        "effectifs" => sizes(db, t).await?,
        "evolution" => change(db, t).await?,
        "appels-communes" => calls_by_commune(db, t, territory).await?,
        _ => return Ok(None),
    }))
}
