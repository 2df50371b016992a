//! Each participant's agenda (page, PDF, ICS calendar) with times and table numbers and a
//! check-in QR code; e-mailed when staff publish the schedule; the printable master schedule
//! per table and per slot for the venue.
//!
//! A participant's agenda has no id in its URL: it is always the signed-in person's own, so no
//! one can read another's by changing a number. Staff read anyone's from the back-office.

use crate::model::{self, sql, Audience, Event, Registration};
use crate::schedule::{meeting_views, slot_labels, tables, MeetingView, SlotView};
use crate::staff::{items, staff_event, Item};
use crate::util::{hm, local, queue_mail, trl};
use askama::Template;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use essor_domain::ids::UserId;
use essor_platform::audit::{self, Entry};
use essor_platform::i18n::Locale;
use essor_platform::pdf::{Block, Document};
use essor_platform::storage::content_disposition;
use essor_platform::web::{render, AppError, AppResult, Ctx};
use essor_platform::AppState;
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/events/{id}/agenda", get(page))
        .route("/events/{id}/agenda.pdf", get(pdf))
        .route("/events/{id}/agenda.ics", get(ics))
        .route("/staff/events/{id}/agenda/{reg}", get(staff_page))
        .route("/staff/events/{id}/master", get(master))
}

/// One line of an agenda: a programme item or a meeting.
#[derive(Debug, Clone)]
pub struct Line {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub title: String,
    /// Table number for a meeting.
    pub table: Option<i64>,
    pub uid: String,
    pub meeting_id: Option<i64>,
}

pub struct Agenda {
    pub reg: Registration,
    pub lines: Vec<Line>,
    pub checkin_url: String,
}

/// The agenda of `reg`: the programme, then its meetings (only once the schedule is published,
/// unless `draft` is asked by staff).
pub async fn agenda(
    state: &AppState,
    e: &Event,
    reg: Registration,
    locale: Locale,
    draft: bool,
) -> anyhow::Result<Agenda> {
    let db = state.db();
    let mut lines: Vec<Line> = items(db, e.id)
        .await?
        .into_iter()
        .map(|i: Item| Line {
            start: i.starts_at,
            end: i.ends_at,
            title: i.title,
            table: None,
            uid: format!("item-{}", i.id),
            meeting_id: None,
        })
        .collect();
    if e.schedule_published_at.is_some() || draft {
        let slots = e.slots();
        let regs = model::registrations(db, e.id).await?;
        let funders: Vec<&Registration> = regs
            .iter()
            .filter(|r| r.audience() == Audience::Funder)
            .collect();
        let t = tables(&funders);
        for m in model::meetings(db, e.id).await? {
            if m.holder_id != reg.id && m.funder_id != reg.id {
                continue;
            }
            let Some((s, en)) = slots.get(m.slot as usize) else {
                continue;
            };
            let other = if m.holder_id == reg.id {
                &m.funder_name
            } else {
                &m.holder_name
            };
            let table = t.get(&m.funder_id).copied().unwrap_or(0) + m.seat;
            lines.push(Line {
                start: *s,
                end: *en,
                title: trl(
                    state,
                    locale,
                    "events-agenda-meeting",
                    &[("who", other.clone()), ("table", table.to_string())],
                ),
                table: Some(table),
                uid: format!("meeting-{}", m.id),
                meeting_id: Some(m.id),
            });
        }
    }
    lines.sort_by_key(|l| (l.start, l.table));
    Ok(Agenda {
        checkin_url: format!(
            "{}/staff/events/{}/checkin/t/{}",
            state.config().base_url(),
            e.id,
            reg.checkin_token
        ),
        reg,
        lines,
    })
}

/// The check-in URL as an SVG QR code, ready to inline in HTML.
pub fn qr_svg(url: &str) -> String {
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(180, 180)
                .build();
            match svg.find("<svg") {
                Some(i) => svg[i..].replacen(
                    "<svg",
                    "<svg role=\"img\" aria-labelledby=\"qr-label\" focusable=\"false\"",
                    1,
                ),
                None => svg,
            }
        }
        Err(_) => String::new(),
    }
}

#[derive(Template)]
#[template(path = "agenda/page.html")]
struct PageTpl<'a> {
    p: &'a Ctx,
    ev: &'a Event,
    a: Agenda,
    rows: Vec<(String, Line)>,
    qr: String,
    staff_view: bool,
    published: bool,
}

async fn own(p: &Ctx, id: &str) -> AppResult<(Event, Registration)> {
    let user = p.require_user()?;
    let e = crate::register::visible_event(p, id).await?;
    let r = model::registration_of(p.state.db(), e.id, user.id)
        .await?
        .filter(|r| r.state().holds_seat())
        .ok_or(AppError::NotFound)?;
    Ok((e, r))
}

async fn render_agenda(
    p: &Ctx,
    e: &Event,
    r: Registration,
    staff_view: bool,
) -> AppResult<Response> {
    let a = agenda(&p.state, e, r, p.locale(), staff_view).await?;
    let tz = e.tz();
    let rows = a
        .lines
        .iter()
        .map(|l| {
            (
                format!("{}–{}", hm(&l.start, tz), hm(&l.end, tz)),
                l.clone(),
            )
        })
        .collect();
    let qr = qr_svg(&a.checkin_url);
    render(&PageTpl {
        p,
        ev: e,
        rows,
        qr,
        a,
        staff_view,
        published: e.schedule_published_at.is_some(),
    })
}

async fn page(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (e, r) = own(&p, &id).await?;
    render_agenda(&p, &e, r, false).await
}

async fn staff_page(p: Ctx, Path((id, reg)): Path<(String, String)>) -> AppResult<Response> {
    let e = staff_event(&p, &id).await?;
    let reg: i64 = reg.parse().map_err(|_| AppError::NotFound)?;
    let r = model::registration(p.state.db(), reg)
        .await?
        .filter(|r| r.event_id == e.id)
        .ok_or(AppError::NotFound)?;
    render_agenda(&p, &e, r, true).await
}

pub fn agenda_pdf(state: &AppState, e: &Event, a: &Agenda, locale: Locale) -> Vec<u8> {
    let t = |id: &str| trl(state, locale, id, &[]);
    let tz = e.tz();
    let mut d = Document::new(format!("{} — {}", t("events-agenda-title"), e.title));
    d.footer = format!("Essor · {}", state.territory().name);
    d.push(Block::Title(e.title.clone()));
    d.push(Block::Field(
        t("events-f-when"),
        format!(
            "{} ({})",
            local(locale, &e.starts_at, tz),
            t("events-paris-time")
        ),
    ));
    d.push(Block::Field(t("events-f-venue"), e.venue.clone()));
    d.push(Block::Field(t("events-col-who"), a.reg.name().to_owned()));
    d.push(Block::Heading(t("events-agenda-title")));
    if a.lines.is_empty() {
        d.push(Block::Paragraph(t("events-agenda-empty")));
    }
    for l in &a.lines {
        d.push(Block::Field(
            format!("{}–{}", hm(&l.start, tz), hm(&l.end, tz)),
            l.title.clone(),
        ));
    }
    d.push(Block::Space);
    d.push(Block::Note(format!(
        "{} {}",
        t("events-agenda-checkin-note"),
        a.checkin_url
    )));
    d.render()
}

async fn pdf(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (e, r) = own(&p, &id).await?;
    let a = agenda(&p.state, &e, r, p.locale(), false).await?;
    let bytes = agenda_pdf(&p.state, &e, &a, p.locale());
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".parse().unwrap()),
            (
                header::CONTENT_DISPOSITION,
                content_disposition(&format!("agenda-{}.pdf", e.id)),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// RFC 5545 text escaping: backslash, semicolon, comma and line breaks.
pub fn ics_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 5545 folding: lines of at most 75 octets, continued by CRLF and one space, never inside
/// a UTF-8 character.
pub fn ics_fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if len + n > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += n;
    }
    out.push_str("\r\n");
    out
}

fn ics_time(t: &DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

pub fn agenda_ics(state: &AppState, e: &Event, a: &Agenda, now: DateTime<Utc>) -> String {
    let host = state
        .config()
        .base_url()
        .split("://")
        .nth(1)
        .unwrap_or("essor")
        .trim_end_matches('/')
        .to_owned();
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Essor//events//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        out.push_str(&ics_fold(l));
    }
    let mut push_event =
        |uid: &str, start: &DateTime<Utc>, end: &DateTime<Utc>, summary: &str, desc: &str| {
            out.push_str(&ics_fold("BEGIN:VEVENT"));
            out.push_str(&ics_fold(&format!("UID:{uid}-r{}@{host}", a.reg.id)));
            out.push_str(&ics_fold(&format!("DTSTAMP:{}", ics_time(&now))));
            out.push_str(&ics_fold(&format!("DTSTART:{}", ics_time(start))));
            out.push_str(&ics_fold(&format!("DTEND:{}", ics_time(end))));
            out.push_str(&ics_fold(&format!("SUMMARY:{}", ics_escape(summary))));
            out.push_str(&ics_fold(&format!("LOCATION:{}", ics_escape(&e.venue))));
            if !desc.is_empty() {
                out.push_str(&ics_fold(&format!("DESCRIPTION:{}", ics_escape(desc))));
            }
            out.push_str(&ics_fold("END:VEVENT"));
        };
    push_event(
        &format!("event-{}", e.id),
        &e.starts_at,
        &e.ends_at,
        &e.title,
        &e.description,
    );
    for l in &a.lines {
        push_event(&l.uid, &l.start, &l.end, &l.title, "");
    }
    out.push_str(&ics_fold("END:VCALENDAR"));
    out
}

async fn ics(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (e, r) = own(&p, &id).await?;
    let a = agenda(&p.state, &e, r, p.locale(), false).await?;
    let body = agenda_ics(&p.state, &e, &a, Utc::now());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".parse().unwrap(),
            ),
            (
                header::CONTENT_DISPOSITION,
                content_disposition(&format!("agenda-{}.ics", e.id)),
            ),
        ],
        body,
    )
        .into_response())
}

/// Publishes the schedule: every holder and funder with a seat gets their agenda by e-mail, in
/// the same transaction as the change.
pub async fn publish_schedule(state: &AppState, e: &Event, by: UserId) -> anyhow::Result<()> {
    let db = state.db();
    let mut published = e.clone();
    published.schedule_published_at = Some(Utc::now());
    let regs: Vec<Registration> = model::registrations(db, e.id)
        .await?
        .into_iter()
        .filter(|r| r.audience() != Audience::Public && r.state().holds_seat())
        .collect();
    let mut mails = vec![];
    for r in regs {
        let l = crate::util::locale_of(&r.locale);
        let email = r.email.clone();
        let a = agenda(state, &published, r, l, true).await?;
        let tz = e.tz();
        let mut lines = vec![trl(
            state,
            l,
            "events-mail-agenda-body",
            &[
                ("title", e.title.clone()),
                ("when", local(l, &e.starts_at, tz)),
                ("venue", e.venue.clone()),
            ],
        )];
        for line in &a.lines {
            lines.push(format!(
                "{}–{} {}",
                hm(&line.start, tz),
                hm(&line.end, tz),
                line.title
            ));
        }
        let subject = trl(
            state,
            l,
            "events-mail-agenda-subject",
            &[("title", e.title.clone())],
        );
        mails.push((email, subject, lines.join("\n"), l));
    }
    let mut tx = db.begin().await?;
    tx.execute(&sql(
        "UPDATE events SET schedule_published_at = $1, updated_at = $1 WHERE id = $2",
        vec![Utc::now().into(), e.id.into()],
    ))
    .await?;
    let link = format!("{}/events/{}/agenda", state.config().base_url(), e.id);
    for (to, subject, body, l) in mails {
        queue_mail(
            &mut tx,
            &to,
            subject,
            &[body],
            Some((&link, trl(state, l, "events-agenda-title", &[]))),
        )
        .await?;
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(by),
            action: "event.schedule_publish",
            record_type: "event",
            record_id: e.id.to_string(),
            summary: json!({}),
        },
    )
    .await?;
    tx.commit().await
}

pub struct TableRow {
    pub table: i64,
    pub funder: String,
    /// One cell per slot: the holder met there.
    pub cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "agenda/master.html")]
struct MasterTpl<'a> {
    p: &'a Ctx,
    ev: &'a Event,
    slots: Vec<SlotView>,
    by_table: Vec<TableRow>,
    by_slot: Vec<(String, Vec<MeetingView>)>,
}

async fn master(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let e = staff_event(&p, &id).await?;
    let db = p.state.db();
    let slots = slot_labels(&e);
    let regs = model::registrations(db, e.id).await?;
    let funders: Vec<&Registration> = regs
        .iter()
        .filter(|r| r.audience() == Audience::Funder && r.state().holds_seat())
        .collect();
    let t = tables(&funders);
    let views = meeting_views(db, &e).await?;
    let mut by_table = vec![];
    let mut fs = funders.clone();
    fs.sort_by_key(|r| r.id);
    for f in fs {
        for seat in 0..f.representatives.max(1) {
            let table = t.get(&f.id).copied().unwrap_or(0) + seat;
            let cells = slots
                .iter()
                .map(|s| {
                    views
                        .iter()
                        .find(|v| v.table == table && v.m.slot as usize == s.index)
                        .map(|v| v.m.holder_name.clone())
                        .unwrap_or_default()
                })
                .collect();
            by_table.push(TableRow {
                table,
                funder: f.name().to_owned(),
                cells,
            });
        }
    }
    let mut by_slot = vec![];
    for s in &slots {
        let mut ms: Vec<MeetingView> = views
            .iter()
            .filter(|v| v.m.slot as usize == s.index)
            .map(|v| MeetingView {
                m: v.m.clone(),
                time: v.time.clone(),
                table: v.table,
            })
            .collect();
        ms.sort_by_key(|v| v.table);
        by_slot.push((s.label.clone(), ms));
    }
    render(&MasterTpl {
        p: &p,
        ev: &e,
        slots,
        by_table,
        by_slot,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ics_escaping_and_folding() {
        assert_eq!(ics_escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let long = format!("SUMMARY:{}", "é".repeat(60));
        let folded = ics_fold(&long);
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
            assert!(std::str::from_utf8(line.as_bytes()).is_ok());
        }
        assert!(folded.contains("\r\n "));
        // Unfolding gives the line back.
        assert_eq!(folded.replace("\r\n ", "").trim_end(), long);
        assert_eq!(ics_fold("BEGIN:VEVENT"), "BEGIN:VEVENT\r\n");
    }

    #[test]
    fn qr_code_is_an_accessible_svg() {
        let svg = qr_svg("http://essor.test/staff/events/1/checkin/t/abc");
        assert!(svg.starts_with("<svg role=\"img\""));
        assert!(!svg.contains("<?xml"));
    }
}
