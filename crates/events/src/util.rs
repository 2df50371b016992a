//! Small helpers every room uses: messages with several arguments, times in the event's zone,
//! amounts, and e-mails rendered in the recipient's language.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use essor_domain::money::Cents;
use essor_platform::db::Tx;
use essor_platform::i18n::{Locale, Tr};
use essor_platform::mail::{self, SendMail};
use essor_platform::web::Ctx;
use essor_platform::AppState;

pub fn tr(p: &Ctx, id: &str, args: &[(&str, String)]) -> String {
    trl(&p.state, p.locale(), id, args)
}

pub fn trl(state: &AppState, locale: Locale, id: &str, args: &[(&str, String)]) -> String {
    let args: Vec<(&str, _)> = args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
    state.i18n().get(locale, id, &args)
}

pub fn money(locale: Locale, c: Cents) -> String {
    match locale {
        Locale::Fr => c.format_fr(),
        Locale::En => c.format_en(),
    }
}

/// "12/03/2027 09:30" in the event's zone.
pub fn local(locale: Locale, at: &DateTime<Utc>, tz: Tz) -> String {
    let l = at.with_timezone(&tz);
    match locale {
        Locale::Fr => l.format("%d/%m/%Y %H:%M").to_string(),
        Locale::En => l.format("%Y-%m-%d %H:%M").to_string(),
    }
}

pub fn hm(at: &DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%H:%M").to_string()
}

pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Queues an e-mail in the caller's transaction: a subject and paragraphs (already translated),
/// an optional link; text and HTML parts.
pub async fn queue_mail(
    tx: &mut Tx,
    to: &str,
    subject: String,
    paragraphs: &[String],
    link: Option<(&str, String)>,
) -> anyhow::Result<()> {
    let mut text = paragraphs.join("\n\n");
    let mut html: String = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>", escape_html(p).replace('\n', "<br>")))
        .collect();
    if let Some((url, label)) = link {
        text.push_str(&format!("\n\n{label}: {url}\n"));
        html.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>",
            escape_html(url),
            escape_html(&label)
        ));
    }
    mail::queue(
        tx,
        SendMail {
            to: to.to_owned(),
            subject,
            text,
            html,
        },
    )
    .await
}

pub fn locale_of(s: &str) -> Locale {
    Locale::parse(s).unwrap_or_default()
}

pub fn tr_for(state: &AppState, locale: &str) -> Tr {
    Tr::new(state.i18n(), locale_of(locale))
}

/// Parses "12/03/2027" or "2027-03-12" and "09:30" into a UTC instant in `tz`.
pub fn parse_local(date: &str, time: &str, tz: Tz) -> Option<DateTime<Utc>> {
    use chrono::{NaiveDate, NaiveTime, TimeZone};
    let date = date.trim();
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(date, "%d/%m/%Y"))
        .ok()?;
    let time = time.trim();
    let t = NaiveTime::parse_from_str(time, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M:%S"))
        .ok()?;
    tz.from_local_datetime(&d.and_time(t))
        .earliest()
        .map(|l| l.with_timezone(&Utc))
}

pub fn date_input(at: &DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d").to_string()
}

pub fn time_input(at: &DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_times_to_the_second() {
        let tz = chrono_tz::Europe::Paris;
        let at = parse_local("2027-03-12", "09:30", tz).unwrap();
        assert_eq!(at.to_rfc3339(), "2027-03-12T08:30:00+00:00");
        let summer = parse_local("12/07/2027", "23:59:59", tz).unwrap();
        assert_eq!(summer.to_rfc3339(), "2027-07-12T21:59:59+00:00");
        assert!(parse_local("2027-13-01", "09:00", tz).is_none());
        assert_eq!(time_input(&summer, tz), "23:59:59");
    }
}
