//! The directory as open data: a CSV of the active and closed establishments (never the rows
//! merely absent from the last import) and its Table Schema. Partial diffusion is respected as
//! on the public pages: no street or postal code, no natural person's name.

use crate::directory::Entry;
use crate::sirene::store::{hides_name, Dir, ABSENT};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use essor_platform::storage::content_disposition;
use essor_platform::web::{AppResult, Ctx};
use sea_query::{Expr, Order};

/// A column of the file: name, Table Schema type, required, description, pattern.
pub struct Field {
    pub name: &'static str,
    pub kind: &'static str,
    pub required: bool,
    pub description: &'static str,
    pub pattern: Option<&'static str>,
}

const fn f(
    name: &'static str,
    kind: &'static str,
    required: bool,
    description: &'static str,
    pattern: Option<&'static str>,
) -> Field {
    Field {
        name,
        kind,
        required,
        description,
        pattern,
    }
}

pub const FIELDS: &[Field] = &[
    f(
        "siret",
        "string",
        true,
        "Numéro SIRET de l’établissement (14 chiffres)",
        Some("^[0-9]{14}$"),
    ),
    f(
        "siren",
        "string",
        true,
        "Numéro SIREN de l’unité légale (9 chiffres)",
        Some("^[0-9]{9}$"),
    ),
    f(
        "nom",
        "string",
        false,
        "Dénomination de l’unité légale (vide pour une personne physique en diffusion partielle)",
        None,
    ),
    f("sigle", "string", false, "Sigle de l’unité légale", None),
    f(
        "rna",
        "string",
        false,
        "Numéro RNA de l’association",
        Some("^W[0-9A-Z]{9}$"),
    ),
    f(
        "categorie_juridique",
        "string",
        true,
        "Catégorie juridique INSEE (4 caractères)",
        Some("^[0-9]{4}$"),
    ),
    f(
        "famille",
        "string",
        true,
        "Famille : association, cooperative, mutual, foundation, ess_company",
        Some("^(association|cooperative|mutual|foundation|ess_company)$"),
    ),
    f(
        "ess",
        "boolean",
        true,
        "Unité légale inscrite à l’ESS dans SIRENE",
        None,
    ),
    f("siege", "boolean", true, "Établissement siège", None),
    f(
        "code_naf",
        "string",
        false,
        "Activité principale de l’établissement (NAF rév. 2)",
        Some("^[0-9]{2}\\.[0-9]{2}[A-Z]$"),
    ),
    f(
        "section_naf",
        "string",
        false,
        "Section de la NAF (A à U)",
        Some("^[A-U]$"),
    ),
    f(
        "tranche_effectif",
        "string",
        false,
        "Tranche d’effectif salarié de l’établissement (codes INSEE)",
        Some("^(NN|[0-5][0-9])$"),
    ),
    f(
        "code_commune",
        "string",
        true,
        "Code officiel géographique de la commune",
        Some("^[0-9][0-9AB][0-9]{3}$"),
    ),
    f("commune", "string", true, "Nom de la commune", None),
    f(
        "code_postal",
        "string",
        false,
        "Code postal (vide en diffusion partielle)",
        Some("^[0-9]{5}$"),
    ),
    f(
        "adresse",
        "string",
        false,
        "Numéro et voie (vide en diffusion partielle)",
        None,
    ),
    f(
        "date_creation",
        "date",
        false,
        "Date de création de l’établissement",
        None,
    ),
    f(
        "etat",
        "string",
        true,
        "active (en activité) ou closed (fermé, ou unité légale cessée)",
        Some("^(active|closed)$"),
    ),
];

pub fn table_schema() -> serde_json::Value {
    let fields: Vec<serde_json::Value> = FIELDS
        .iter()
        .map(|f| {
            let mut c = serde_json::Map::new();
            c.insert("required".into(), f.required.into());
            if let Some(p) = f.pattern {
                c.insert("pattern".into(), p.into());
            }
            let mut o = serde_json::json!({
                "name": f.name,
                "type": f.kind,
                "description": f.description,
                "constraints": c,
            });
            if f.kind == "boolean" {
                o["trueValues"] = serde_json::json!(["true"]);
                o["falseValues"] = serde_json::json!(["false"]);
            }
            o
        })
        .collect();
    serde_json::json!({
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "name": "annuaire-ess",
        "title": "Annuaire des structures de l’ESS du territoire",
        "description": "Établissements des unités légales de l’économie sociale et solidaire situés dans le territoire, d’après le répertoire SIRENE de l’INSEE.",
        "licenses": [{"name": "etalab-2.0", "title": super::LICENCE, "path": super::LICENCE_URL}],
        "fields": fields,
        "primaryKey": ["siret"],
        "missingValues": [""],
    })
}

pub async fn schema() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/schema+json"),
        )],
        table_schema().to_string(),
    )
        .into_response()
}

fn record(p: &Ctx, e: &Entry) -> Vec<String> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let partial = e.partial_diffusion;
    vec![
        e.siret.clone(),
        e.siren.clone(),
        if hides_name(partial, &e.legal_category) {
            String::new()
        } else {
            e.name.clone()
        },
        o(&e.acronym),
        o(&e.rna),
        e.legal_category.clone(),
        e.legal_family.clone(),
        e.ess_flag.to_string(),
        e.head_office.to_string(),
        o(&e.naf),
        o(&e.naf_section),
        o(&e.size_band),
        e.commune_code.clone(),
        crate::directory::commune_name(p, &e.commune_code),
        if partial {
            String::new()
        } else {
            o(&e.postal_code)
        },
        if partial { String::new() } else { o(&e.street) },
        o(&e.created_on),
        e.status.clone(),
    ]
}

/// The file, built in keyset pages (the territory's directory is small: a few MB at most).
pub async fn csv(p: Ctx) -> AppResult<Response> {
    let mut w = csv::Writer::from_writer(vec![]);
    w.write_record(FIELDS.iter().map(|f| f.name))
        .map_err(anyhow::Error::from)?;
    let mut after = 0i64;
    loop {
        let mut q = crate::directory::queries_select();
        q.and_where(Expr::col((Dir::Table, Dir::Status)).ne(ABSENT))
            .and_where(Expr::col((Dir::Table, Dir::Id)).gt(after))
            .order_by((Dir::Table, Dir::Id), Order::Asc)
            .limit(1000);
        let page: Vec<Entry> = p.state.db().fetch_all(&q).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for e in &page {
            w.write_record(record(&p, e)).map_err(anyhow::Error::from)?;
        }
    }
    let body = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                content_disposition("annuaire-ess.csv"),
            ),
            (
                header::LINK,
                HeaderValue::from_static(
                    "</donnees-ouvertes/annuaire.schema.json>; rel=\"describedby\"",
                ),
            ),
        ],
        body,
    )
        .into_response())
}
