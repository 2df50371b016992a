//! The certificate of attendance, as a PDF: the participant's name, the workshop's title, date,
//! duration and trainer, the département's name and a verification code anyone can check at
//! `/ateliers/verifier`. The participant downloads their own, only once marked present; staff
//! download anyone's (still only for people marked present).

use super::model::{self as wm, duration_text, Details};
use super::public::visible_workshop;
use crate::model::{self, Event, RegState, Registration};
use crate::staff::staff_event;
use crate::util::trl;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use essor_platform::i18n::Locale;
use essor_platform::pdf::{Block, Document};
use essor_platform::storage::content_disposition;
use essor_platform::web::{AppError, AppResult, Ctx};
use essor_platform::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ateliers/{id}/certificate.pdf", get(own))
        .route("/staff/ateliers/{id}/certificate/{reg}", get(staff))
}

/// The document's text, in `locale`.
pub fn certificate_pdf(
    state: &AppState,
    e: &Event,
    d: Option<&Details>,
    r: &Registration,
    code: &str,
    locale: Locale,
) -> Vec<u8> {
    let territory = state.config().territory_name.clone();
    let date = e
        .starts_at
        .with_timezone(&e.tz())
        .format(match locale {
            Locale::Fr => "%d/%m/%Y",
            Locale::En => "%Y-%m-%d",
        })
        .to_string();
    let duration = d
        .map(|d| d.duration())
        .unwrap_or_else(|| duration_text((e.ends_at - e.starts_at).num_minutes()));
    let trainer = d.map(|d| d.trainer()).unwrap_or_default();
    let args = [
        ("territory", territory.clone()),
        ("name", r.display_name.clone()),
        ("title", e.title.clone()),
        ("date", date.clone()),
        ("duration", duration.clone()),
    ];
    let t = |id: &str| trl(state, locale, id, &args);
    let mut doc = Document::new(format!(
        "{} — {}",
        t("workshops-certificate-title"),
        e.title
    ));
    doc.footer = format!("Essor · {territory}");
    doc.push(Block::Title(t("workshops-certificate-title")));
    doc.push(Block::Paragraph(t("workshops-certificate-text")));
    doc.push(Block::Space);
    doc.push(Block::Field(
        t("workshops-f-participant"),
        r.display_name.clone(),
    ));
    doc.push(Block::Field(t("workshops-f-workshop"), e.title.clone()));
    doc.push(Block::Field(t("events-f-date"), date));
    doc.push(Block::Field(t("workshops-f-duration"), duration));
    if !trainer.is_empty() {
        doc.push(Block::Field(t("workshops-f-trainer"), trainer));
    }
    doc.push(Block::Field(t("workshops-f-territory"), territory));
    doc.push(Block::Space);
    doc.push(Block::Field(t("workshops-f-code"), code.to_owned()));
    doc.push(Block::Note(format!(
        "{} {}/ateliers/verifier?code={code}",
        t("workshops-certificate-verify"),
        state.config().base_url()
    )));
    doc.render()
}

/// The PDF of `r`, if marked present (404 otherwise: no certificate for a no-show).
async fn respond(p: &Ctx, e: &Event, r: &Registration) -> AppResult<Response> {
    if r.state() != RegState::Attended {
        return Err(AppError::NotFound);
    }
    let db = p.state.db();
    let cert = match wm::certificate_of(db, r.id).await? {
        Some(c) => c,
        None => {
            // Marked present before this module existed: issue the code now.
            let mut tx = db.begin().await?;
            wm::issue_certificate(&mut tx, r.id).await?;
            tx.commit().await?;
            wm::certificate_of(db, r.id)
                .await?
                .ok_or(AppError::NotFound)?
        }
    };
    let d = wm::details(db, e.id).await?;
    let bytes = certificate_pdf(&p.state, e, d.as_ref(), r, &cert.code, p.locale());
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".parse().unwrap()),
            (
                header::CONTENT_DISPOSITION,
                content_disposition(&format!("attestation-atelier-{}.pdf", e.id)),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// One's own certificate: no registration id in the URL.
async fn own(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let user = p.require_user()?.clone();
    let w = visible_workshop(&p, &id).await?;
    let r = model::registration_of(p.state.db(), w.ev.id, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    respond(&p, &w.ev, &r).await
}

async fn staff(p: Ctx, Path((id, reg)): Path<(String, String)>) -> AppResult<Response> {
    let e = staff_event(&p, &id).await?;
    let reg: i64 = reg.parse().map_err(|_| AppError::NotFound)?;
    let r = model::registration(p.state.db(), reg)
        .await?
        .filter(|r| r.event_id == e.id)
        .ok_or(AppError::NotFound)?;
    respond(&p, &e, &r).await
}
