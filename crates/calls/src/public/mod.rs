//! What visitors see: the open, upcoming and closed calls, and a call's page (what it funds,
//! who may apply, the deadline in its time zone with the time left, and the button to apply).
//!
//! Drafts and archived calls do not exist for visitors (404); staff see them with a banner.

pub mod markdown;

pub use markdown::render_markdown;

use crate::admin::queries;
use crate::admin::tr;
use crate::model::Call;
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use essor_domain::lifecycle::CallState;
use essor_platform::orgs::DocumentKind;
use essor_platform::web::{render, AppError, AppResult, Ctx};
use essor_platform::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/calls", get(list))
        .route("/calls/{slug}", get(show))
}

/// Where a call stands for applicants at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    Upcoming,
    Open,
    Closed,
}

pub(crate) fn phase(call: &Call, now: DateTime<Utc>) -> Phase {
    match call.state() {
        CallState::Published if now < call.opens_at => Phase::Upcoming,
        CallState::Published if now < call.closes_at => Phase::Open,
        _ => Phase::Closed,
    }
}

/// The time left before a deadline, as shown to applicants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimeLeft {
    /// Two days or more: whole days.
    Days(i64),
    /// Less than two days: hours and minutes.
    Hours(i64, i64),
    /// Less than an hour: minutes (at least one, so "0 min" is never shown while open).
    Minutes(i64),
    Over,
}

pub(crate) fn time_left(now: DateTime<Utc>, deadline: DateTime<Utc>) -> TimeLeft {
    let secs = (deadline - now).num_seconds();
    if secs <= 0 {
        TimeLeft::Over
    } else if secs >= 2 * 86_400 {
        TimeLeft::Days(secs / 86_400)
    } else if secs >= 3_600 {
        TimeLeft::Hours(secs / 3_600, (secs % 3_600) / 60)
    } else {
        TimeLeft::Minutes((secs / 60).max(1))
    }
}

pub(crate) fn time_left_text(p: &Ctx, left: TimeLeft) -> String {
    match left {
        TimeLeft::Days(d) => p.t.tn("public-left-days", "days", d),
        TimeLeft::Hours(h, m) => tr(
            p,
            "public-left-hours",
            &[("hours", h.to_string()), ("minutes", m.to_string())],
        ),
        TimeLeft::Minutes(m) => tr(p, "public-left-minutes", &[("minutes", m.to_string())]),
        TimeLeft::Over => p.t("public-left-over"),
    }
}

/// "heure de Paris": the zone's name, or its IANA name for zones without one.
fn zone_name(p: &Ctx, tz: Tz) -> String {
    let id = format!(
        "public-zone-{}",
        tz.name().to_ascii_lowercase().replace(['/', '_'], "-")
    );
    if p.state.i18n().has(p.locale(), &id) {
        p.t(&id)
    } else {
        tr(p, "public-zone-other", &[("zone", tz.name().to_owned())])
    }
}

/// "vendredi 15 janvier 2027 à 17:00 (heure de Paris)".
pub(crate) fn long_datetime(p: &Ctx, at: &DateTime<Utc>, tz: Tz) -> String {
    let l = at.with_timezone(&tz);
    tr(
        p,
        "public-datetime",
        &[
            (
                "weekday",
                p.t(format!(
                    "public-weekday-{}",
                    l.weekday().number_from_monday()
                )),
            ),
            ("day", l.day().to_string()),
            ("month", p.t(format!("public-month-{}", l.month()))),
            ("year", l.year().to_string()),
            ("time", l.format("%H:%M").to_string()),
            ("zone", zone_name(p, tz)),
        ],
    )
}

/// A call as listed.
struct Item {
    call: Call,
    /// The deadline (or the opening, for an upcoming call), in words.
    when: String,
    left: Option<String>,
}

#[derive(Template)]
#[template(path = "public/list.html")]
struct ListTpl<'a> {
    p: &'a Ctx,
    open: Vec<Item>,
    upcoming: Vec<Item>,
    closed: Vec<Item>,
}

async fn list(p: Ctx) -> AppResult<Response> {
    let now = Utc::now();
    let (mut open, mut upcoming, mut closed) = (vec![], vec![], vec![]);
    for call in queries::public_calls(p.state.db()).await? {
        let tz = call.tz();
        match phase(&call, now) {
            Phase::Open => open.push(Item {
                when: tr(
                    &p,
                    "public-deadline-on",
                    &[("date", long_datetime(&p, &call.closes_at, tz))],
                ),
                left: Some(time_left_text(&p, time_left(now, call.closes_at))),
                call,
            }),
            Phase::Upcoming => upcoming.push(Item {
                when: tr(
                    &p,
                    "public-opens-on",
                    &[("date", long_datetime(&p, &call.opens_at, tz))],
                ),
                left: None,
                call,
            }),
            Phase::Closed => closed.push(Item {
                when: tr(
                    &p,
                    "public-closed-on",
                    &[("date", long_datetime(&p, &call.closes_at, tz))],
                ),
                left: None,
                call,
            }),
        }
    }
    // The soonest deadline and opening first; the latest closed first.
    upcoming.sort_by_key(|i| i.call.opens_at);
    closed.sort_by_key(|i| std::cmp::Reverse(i.call.closes_at));
    render(&ListTpl {
        p: &p,
        open,
        upcoming,
        closed,
    })
}

#[derive(Template)]
#[template(path = "public/show.html")]
struct ShowTpl<'a> {
    p: &'a Ctx,
    call: &'a Call,
    phase: Phase,
    description: String,
    now: DateTime<Utc>,
}

impl ShowTpl<'_> {
    fn is_open(&self) -> bool {
        self.phase == Phase::Open
    }

    fn is_upcoming(&self) -> bool {
        self.phase == Phase::Upcoming
    }

    /// The banner staff see on a page visitors cannot.
    fn hidden_banner(&self) -> Option<String> {
        match self.call.state() {
            CallState::Draft => Some(self.p.t("public-banner-draft")),
            CallState::Archived => Some(self.p.t("public-banner-archived")),
            _ => None,
        }
    }

    fn deadline(&self) -> String {
        long_datetime(self.p, &self.call.closes_at, self.call.tz())
    }

    fn opening(&self) -> String {
        long_datetime(self.p, &self.call.opens_at, self.call.tz())
    }

    fn left(&self) -> String {
        time_left_text(self.p, time_left(self.now, self.call.closes_at))
    }

    fn closed_on(&self) -> String {
        tr(self.p, "public-closed-on", &[("date", self.deadline())])
    }

    fn kinds(&self) -> Vec<&'static str> {
        self.call
            .eligible_kinds()
            .iter()
            .map(|k| k.message_id())
            .collect()
    }

    fn territory(&self) -> String {
        match self.call.territory_rule.as_str() {
            "head_office" => tr(
                self.p,
                "public-territory-head-office",
                &[("territory", self.p.territory_name().to_owned())],
            ),
            _ => self.p.t("public-territory-any"),
        }
    }

    fn documents(&self) -> Vec<String> {
        serde_json::from_str::<Vec<String>>(&self.call.required_documents)
            .unwrap_or_default()
            .iter()
            .filter_map(|d| DocumentKind::parse(d))
            .map(DocumentKind::message_id)
            .collect()
    }

    fn amount(&self, c: &Option<i64>) -> Option<String> {
        c.map(|c| crate::admin::money(self.p, essor_domain::money::Cents(c)))
    }

    fn apply_link(&self) -> String {
        format!("/calls/{}/eligibility", self.call.slug)
    }
}

async fn show(p: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let call = queries::call_by_slug(p.state.db(), &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !call.is_visible_to_public() && !p.is_staff() {
        return Err(AppError::NotFound);
    }
    let now = Utc::now();
    render(&ShowTpl {
        p: &p,
        phase: phase(&call, now),
        description: render_markdown(&call.description),
        call: &call,
        now,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn time_left_in_days_then_hours_then_minutes() {
        let deadline = Utc.with_ymd_and_hms(2027, 1, 15, 16, 0, 0).unwrap();
        let before = |secs: i64| time_left(deadline - chrono::Duration::seconds(secs), deadline);
        assert_eq!(before(12 * 86_400 + 3_600), TimeLeft::Days(12));
        assert_eq!(before(2 * 86_400), TimeLeft::Days(2));
        assert_eq!(before(2 * 86_400 - 1), TimeLeft::Hours(47, 59));
        assert_eq!(before(3 * 3_600 + 20 * 60), TimeLeft::Hours(3, 20));
        assert_eq!(before(3_600), TimeLeft::Hours(1, 0));
        assert_eq!(before(3_599), TimeLeft::Minutes(59));
        assert_eq!(before(30), TimeLeft::Minutes(1));
        assert_eq!(before(0), TimeLeft::Over);
        assert_eq!(before(-5), TimeLeft::Over);
    }
}
