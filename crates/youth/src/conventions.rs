//! The convention of a minor's placement (domain-fr §5): a PDF naming the school, the host, the
//! young person and the legal representative, with the hours; each party confirms through a
//! personal link (a random token, stored hashed, e-mailed); the placement cannot start before
//! every party has confirmed. Hours are checked against the limits for the young person's age.

use crate::model::{self, exec, insert, Application};
use crate::types::{AgeBand, HoursBreach, Invalid};
use askama::Template;
use axum::extract::Path;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, NaiveDate, Utc};
use essor_platform::audit::{self, Entry};
use essor_platform::db::{Db, Tx};
use essor_platform::i18n::{Locale, Tr};
use essor_platform::mail::{self, SendMail};
use essor_platform::pdf::{Block, Document};
use essor_platform::web::{render, see_other_flash, AppError, AppResult, Ctx};
use essor_platform::{password, AppState};
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/jeunes/candidatures/{id}/convention.pdf",
            get(pdf_for_party),
        )
        .route(
            "/jeunes/convention/{token}",
            get(confirm_page).post(confirm),
        )
        .route(
            "/jeunes/convention/{token}/convention.pdf",
            get(pdf_by_token),
        )
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Convention {
    pub id: i64,
    pub application_id: i64,
    pub school_name: String,
    pub host_name: String,
    pub young_name: String,
    pub guardian_name: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub day_start: String,
    pub day_end: String,
    pub break_minutes: i64,
    pub days_per_week: i64,
    pub confirmed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Party {
    pub id: i64,
    pub party: String,
    pub name: String,
    pub confirmed_at: Option<DateTime<Utc>>,
}

impl Party {
    pub fn message_id(&self) -> String {
        format!("youth-party-{}", self.party)
    }
}

const CONVENTION_COLUMNS: &str =
    "id, application_id, school_name, host_name, young_name, guardian_name, \
    start_date, end_date, day_start, day_end, break_minutes, days_per_week, confirmed_at";

pub async fn of_application(db: &Db, app: i64) -> anyhow::Result<Option<Convention>> {
    model::one(
        db,
        &format!("SELECT {CONVENTION_COLUMNS} FROM youth_conventions WHERE application_id = $1"),
        vec![app.into()],
    )
    .await
}

pub async fn parties(db: &Db, convention: i64) -> anyhow::Result<Vec<Party>> {
    model::all(
        db,
        "SELECT id, party, name, confirmed_at FROM youth_convention_parties WHERE convention_id = $1 ORDER BY id",
        vec![convention.into()],
    )
    .await
}

/// Whether the placement may start: no convention is needed (an adult) or all confirmed.
pub async fn ready(db: &Db, app: &Application) -> anyhow::Result<bool> {
    if !app.needs_convention() {
        return Ok(true);
    }
    Ok(of_application(db, app.id)
        .await?
        .is_some_and(|c| c.confirmed_at.is_some()))
}

/// The hours of the offer checked for this young person's age on the first day.
pub fn check_hours(offer: &model::Offer, birth: NaiveDate) -> Result<(), HoursBreach> {
    let band = AgeBand::of(crate::types::age_on(birth, offer.start_date));
    offer.schedule().check_for(band)
}

/// Creates the convention of an accepted minor and e-mails each party their link, in `tx`.
/// `host_contact` is the host member who accepted. Refuses hours a minor may not work.
pub async fn create(
    tx: &mut Tx,
    state: &AppState,
    app: &Application,
    host_contact: (&str, &str),
) -> anyhow::Result<Result<(), Invalid>> {
    let db = state.db();
    let offer = model::offer(db, app.offer_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("offer"))?;
    let person = model::person(db, app.person_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("person"))?;
    if let Err(b) = check_hours(&offer, person.birth_date) {
        return Ok(Err(Invalid(b.message_id())));
    }
    let school = match person.org_id {
        Some(org) => essor_platform::orgs::by_id(db, essor_domain::ids::OrgId(org)).await?,
        None => None,
    };
    // The school's party is the referent who registered the young person.
    let referent: Option<(String, String)> = match person.registered_by {
        Some(u) => {
            model::one(
                db,
                "SELECT display_name, email FROM users WHERE id = $1",
                vec![u.into()],
            )
            .await?
        }
        None => None,
    };
    let young_email: Option<(String,)> = match person.user_id {
        Some(u) => model::one(db, "SELECT email FROM users WHERE id = $1", vec![u.into()]).await?,
        None => None,
    };
    let guardian = person.guardian_name.clone().unwrap_or_default();
    let id = insert(
        tx,
        "INSERT INTO youth_conventions (application_id, school_name, host_name, young_name, guardian_name, \
         start_date, end_date, day_start, day_end, break_minutes, days_per_week, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        vec![
            app.id.into(),
            school.as_ref().map(|s| s.name.clone()).unwrap_or_default().into(),
            offer.org_name.clone().into(),
            person.name().into(),
            guardian.clone().into(),
            offer.start_date.into(),
            offer.end_date.into(),
            offer.day_start.clone().into(),
            offer.day_end.clone().into(),
            offer.break_minutes.into(),
            offer.days_per_week.into(),
            Utc::now().into(),
        ],
    )
    .await?;
    let mut list: Vec<(&str, String, String)> = vec![];
    if let (Some(s), Some((rname, remail))) = (&school, &referent) {
        list.push(("school", format!("{} ({rname})", s.name), remail.clone()));
    }
    list.push((
        "host",
        format!("{} ({})", offer.org_name, host_contact.0),
        host_contact.1.to_owned(),
    ));
    // A pupil without an account receives the link through their referent, who hands it over.
    let young_to = young_email
        .map(|(e,)| e)
        .or_else(|| referent.as_ref().map(|r| r.1.clone()));
    if let Some(to) = young_to {
        list.push(("young", person.name(), to));
    }
    if let Some(g) = &person.guardian_email {
        list.push(("guardian", guardian.clone(), g.clone()));
    }
    let t = Tr::new(state.i18n(), Locale::Fr);
    for (party, name, email) in list {
        let (token, hash) = password::new_token();
        insert(
            tx,
            "INSERT INTO youth_convention_parties (convention_id, party, name, email, token_hash) VALUES ($1, $2, $3, $4, $5)",
            vec![id.into(), party.into(), name.clone().into(), email.clone().into(), hash.into()],
        )
        .await?;
        let link = format!("{}/jeunes/convention/{token}", state.config().base_url());
        let args = |id: &str| {
            state.i18n().get(
                Locale::Fr,
                id,
                &[
                    ("young", person.name().into()),
                    ("host", offer.org_name.clone().into()),
                    ("party", t.t(&format!("youth-party-{party}")).into()),
                    ("link", link.clone().into()),
                ],
            )
        };
        let text = args("youth-mail-convention-body");
        let html = format!(
            "<p>{}</p>",
            html_escape(&text).replace('\n', "<br>").replace(
                &html_escape(&link),
                &format!("<a href=\"{0}\">{0}</a>", html_escape(&link))
            )
        );
        mail::queue(
            tx,
            SendMail {
                to: email,
                subject: args("youth-mail-convention-subject"),
                text,
                html,
            },
        )
        .await?;
    }
    audit::record(
        tx,
        Entry {
            actor: None,
            action: "youth.convention.create",
            record_type: "youth_convention",
            record_id: id.to_string(),
            summary: json!({ "application": app.id }),
        },
    )
    .await?;
    Ok(Ok(()))
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The convention as a PDF document.
pub fn document(t: &Tr, c: &Convention, parties: &[Party]) -> Vec<u8> {
    let mut d = Document::new(t.t("youth-convention-title"));
    d.footer = t.t("youth-convention-footer");
    d.push(Block::Title(t.t("youth-convention-title")));
    d.push(Block::Paragraph(t.t("youth-convention-intro")));
    if !c.school_name.is_empty() {
        d.push(Block::Field(
            t.t("youth-party-school"),
            c.school_name.clone(),
        ));
    }
    d.push(Block::Field(t.t("youth-party-host"), c.host_name.clone()));
    d.push(Block::Field(t.t("youth-party-young"), c.young_name.clone()));
    d.push(Block::Field(
        t.t("youth-party-guardian"),
        c.guardian_name.clone(),
    ));
    d.push(Block::Heading(t.t("youth-convention-when")));
    d.push(Block::Field(
        t.t("youth-dates"),
        format!(
            "{} – {}",
            c.start_date.format("%d/%m/%Y"),
            c.end_date.format("%d/%m/%Y")
        ),
    ));
    d.push(Block::Field(
        t.t("youth-hours"),
        format!(
            "{} – {} ({} min) · {} j/sem.",
            c.day_start, c.day_end, c.break_minutes, c.days_per_week
        ),
    ));
    d.push(Block::Note(t.t("youth-convention-rules")));
    d.push(Block::Heading(t.t("youth-convention-confirmations")));
    for p in parties {
        d.push(Block::Field(
            format!("{} — {}", t.t(&p.message_id()), p.name),
            match p.confirmed_at {
                Some(at) => at.format("%d/%m/%Y %H:%M UTC").to_string(),
                None => t.t("youth-convention-waiting"),
            },
        ));
    }
    d.render()
}

fn pdf_response(bytes: Vec<u8>) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("inline; filename=\"convention.pdf\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

async fn pdf_for_party(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let (app, _) = model::require_application(&p, id).await?;
    let c = of_application(p.state.db(), app.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let parties = parties(p.state.db(), c.id).await?;
    Ok(pdf_response(document(&p.t, &c, &parties)))
}

/// The party and convention a link designates; unknown tokens are not found.
async fn by_token(db: &Db, token: &str) -> AppResult<(Party, Convention)> {
    let hash = password::token_hash(token);
    let party: Option<(i64, i64)> = model::one(
        db,
        "SELECT id, convention_id FROM youth_convention_parties WHERE token_hash = $1",
        vec![hash.into()],
    )
    .await?;
    let (pid, cid) = party.ok_or(AppError::NotFound)?;
    let c: Convention = model::one(
        db,
        &format!("SELECT {CONVENTION_COLUMNS} FROM youth_conventions WHERE id = $1"),
        vec![cid.into()],
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let party = parties(db, cid)
        .await?
        .into_iter()
        .find(|p| p.id == pid)
        .ok_or(AppError::NotFound)?;
    Ok((party, c))
}

#[derive(Template)]
#[template(path = "youth/convention_confirm.html")]
struct ConfirmTpl<'a> {
    p: &'a Ctx,
    token: String,
    party: Party,
    c: Convention,
    parties: Vec<Party>,
}

async fn confirm_page(p: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    let (party, c) = by_token(p.state.db(), &token).await?;
    let parties = parties(p.state.db(), c.id).await?;
    render(&ConfirmTpl {
        p: &p,
        token,
        party,
        c,
        parties,
    })
}

async fn confirm(p: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    let db = p.state.db();
    let (party, c) = by_token(db, &token).await?;
    let now = Utc::now();
    let mut tx = db.begin().await?;
    exec(
        &mut tx,
        "UPDATE youth_convention_parties SET confirmed_at = $1 WHERE id = $2 AND confirmed_at IS NULL",
        vec![now.into(), party.id.into()],
    )
    .await?;
    let (left,): (i64,) = tx
        .fetch_one(&model::sql(
            "SELECT COUNT(*) FROM youth_convention_parties WHERE convention_id = $1 AND confirmed_at IS NULL",
            vec![c.id.into()],
        ))
        .await?;
    if left == 0 {
        exec(
            &mut tx,
            "UPDATE youth_conventions SET confirmed_at = $1 WHERE id = $2 AND confirmed_at IS NULL",
            vec![now.into(), c.id.into()],
        )
        .await?;
    }
    audit::record(
        &mut tx,
        Entry {
            actor: p.user.as_ref().map(|u| u.id),
            action: "youth.convention.confirm",
            record_type: "youth_convention",
            record_id: c.id.to_string(),
            summary: json!({ "party": party.party, "all_confirmed": left == 0 }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/jeunes/convention/{token}"),
        "youth-flash-convention-confirmed",
    ))
}

async fn pdf_by_token(p: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    let (_, c) = by_token(p.state.db(), &token).await?;
    let parties = parties(p.state.db(), c.id).await?;
    Ok(pdf_response(document(&p.t, &c, &parties)))
}
