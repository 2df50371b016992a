//! The receipt of a submission (PDF and e-mail) and the PDF of the whole file.

use super::emails::Notice;
use super::render::{read_pages, ReadPage};
use super::{answers_of, link, load, local_date, org_facts, text, Arg, Lang, Loaded};
use axum::extract::Path;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use essor_domain::forms::resolve;
use essor_domain::lifecycle::FileState;
use essor_domain::money::Cents;
use essor_platform::pdf::{Block, Document};
use essor_platform::web::{AppError, AppResult, Ctx};
use essor_platform::AppState;

/// Label–value lines that identify a file: number, call, organisation, dates, amount.
fn identity(state: &AppState, l: &Loaded, lang: &Lang) -> Vec<(String, String)> {
    let tz = l.call.tz();
    let mut facts = vec![
        (lang.t("apply-fact-number"), l.file.number.clone()),
        (lang.t("apply-fact-call"), l.call.title.clone()),
        (lang.t("apply-fact-org"), l.org.name.clone()),
    ];
    if let Some(siret) = l.org.siret_formatted() {
        facts.push((lang.t("apply-fact-siret"), siret));
    }
    if let Some(rna) = &l.org.rna {
        facts.push((lang.t("apply-fact-rna"), rna.clone()));
    }
    if let Some(at) = l.file.submitted_at {
        let when = lang.ta(
            "apply-at-zone",
            &[
                ("at", Arg::S(text::datetime_secs(at, tz, lang))),
                ("zone", Arg::S(text::zone(&l.call.time_zone))),
            ],
        );
        facts.push((lang.t("apply-fact-submitted"), when));
    }
    if let Some(c) = l.file.requested_amount {
        facts.push((lang.t("apply-fact-requested"), text::cents(Cents(c), lang)));
    }
    let _ = state;
    facts
}

/// The receipt e-mail of a file just submitted (`l.file` carries the submission instant).
pub(crate) fn receipt_mail(state: &AppState, lang: &Lang, l: &Loaded) -> Notice {
    let args = [
        ("number", Arg::S(l.file.number.clone())),
        ("call", Arg::S(l.call.title.clone())),
        ("territory", Arg::S(state.territory().name.clone())),
    ];
    Notice {
        subject: lang.ta("apply-mail-receipt-subject", &args),
        paragraphs: vec![
            lang.ta("apply-mail-receipt-intro", &args),
            lang.ta(
                "apply-mail-receipt-pdf",
                &[(
                    "link",
                    Arg::S(link(state, &format!("/files/{}/receipt.pdf", l.file.id))),
                )],
            ),
        ],
        facts: identity(state, l, lang),
        action: lang.t("apply-mail-open-file"),
        link: link(state, &format!("/files/{}", l.file.id)),
    }
}

fn pdf_response(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            ),
            (
                header::CONTENT_DISPOSITION,
                super::attachments::content_disposition(name),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        bytes,
    )
        .into_response()
}

fn answers_blocks(doc: &mut Document, pages: &[ReadPage], max_len: Option<usize>) {
    for page in pages {
        doc.push(Block::Heading(page.title.clone()));
        for section in &page.sections {
            doc.push(Block::Paragraph(section.title.clone()));
            for row in &section.rows {
                let value = match max_len {
                    Some(max) if row.value.chars().count() > max => {
                        let cut: String = row.value.chars().take(max).collect();
                        format!("{cut}…")
                    }
                    _ => row.value.clone(),
                };
                doc.push(Block::Field(row.label.clone(), value));
            }
        }
    }
}

/// The pages of answers as they are displayed (hidden fields left out).
async fn pages(p: &Ctx, l: &Loaded, lang: &Lang) -> AppResult<Vec<ReadPage>> {
    let today = local_date(Utc::now(), l.call.tz());
    let facts = org_facts(&p.state, &l.org, today).await?;
    let resolved = resolve(&l.schema, &answers_of(&l.file), &facts);
    Ok(read_pages(&l.schema, &resolved, lang, l.file.id))
}

/// The receipt: what was submitted, when, by whom, with a summary of the answers.
pub(super) async fn receipt_pdf(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let l = load(&p, &id).await?;
    if l.file.submitted_at.is_none() || l.file.state() == FileState::Draft {
        return Err(AppError::NotFound);
    }
    let lang = Lang::of(&p);
    let territory = p.state.territory().name.clone();
    let mut doc = Document::new(lang.ta(
        "apply-receipt-title-number",
        &[("number", Arg::S(l.file.number.clone()))],
    ));
    doc.footer = format!("Essor · {territory} — {}", l.file.number);
    doc.push(Block::Title(lang.t("apply-receipt-title")))
        .push(Block::Paragraph(lang.ta(
            "apply-receipt-intro",
            &[("territory", Arg::S(territory))],
        )));
    for (label, value) in identity(&p.state, &l, &lang) {
        doc.push(Block::Field(label, value));
    }
    doc.push(Block::Space)
        .push(Block::Heading(lang.t("apply-receipt-summary")));
    let pages = pages(&p, &l, &lang).await?;
    answers_blocks(&mut doc, &pages, Some(160));
    doc.push(Block::Space)
        .push(Block::Note(lang.t("apply-receipt-note")));
    Ok(pdf_response(
        doc.render(),
        &format!(
            "{}-{}.pdf",
            lang.t("apply-receipt-file-name"),
            l.file.number
        ),
    ))
}

/// The whole file: every page, section and answer. A draft says so at the top.
pub(super) async fn file_pdf(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let l = load(&p, &id).await?;
    let lang = Lang::of(&p);
    let territory = p.state.territory().name.clone();
    let mut doc = Document::new(lang.ta(
        "apply-pdf-title",
        &[("number", Arg::S(l.file.number.clone()))],
    ));
    doc.footer = format!("Essor · {territory} — {}", l.file.number);
    doc.push(Block::Title(lang.ta(
        "apply-pdf-title",
        &[("number", Arg::S(l.file.number.clone()))],
    )));
    let state = l.file.state();
    doc.push(Block::Paragraph(format!(
        "{} : {}",
        lang.t("apply-fact-state"),
        lang.t(&super::files::state_message(state))
    )));
    if state == FileState::Draft {
        doc.push(Block::Paragraph(lang.t("apply-pdf-draft")));
    }
    for (label, value) in identity(&p.state, &l, &lang) {
        doc.push(Block::Field(label, value));
    }
    let pages = pages(&p, &l, &lang).await?;
    answers_blocks(&mut doc, &pages, None);
    Ok(pdf_response(
        doc.render(),
        &format!("{}-{}.pdf", lang.t("apply-pdf-file-name"), l.file.number),
    ))
}
