//! Opening and closing instants as staff type them: a local date and time in the call's time
//! zone, stored in UTC. A local time that a daylight-saving change skips or repeats is refused
//! with a clear message rather than guessed.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Time zones offered for a call: metropolitan France and the overseas départements and
/// collectivités, plus UTC. The configuration's zone is added when it is not among them.
pub(crate) const ZONES: [&str; 11] = [
    "Europe/Paris",
    "America/Guadeloupe",
    "America/Martinique",
    "America/Cayenne",
    "Indian/Reunion",
    "Indian/Mayotte",
    "America/Miquelon",
    "Pacific/Noumea",
    "Pacific/Tahiti",
    "Pacific/Wallis",
    "UTC",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimeError {
    Date,
    Time,
    /// The local time occurs twice (clocks go back).
    Ambiguous,
    /// The local time does not exist (clocks go forward).
    Skipped,
}

impl TimeError {
    pub(crate) fn code(self) -> &'static str {
        match self {
            TimeError::Date => "admin-error-date",
            TimeError::Time => "admin-error-time",
            TimeError::Ambiguous => "admin-error-time-ambiguous",
            TimeError::Skipped => "admin-error-time-skipped",
        }
    }

    /// Whether the message belongs beside the date input (else the time input).
    pub(crate) fn on_date(self) -> bool {
        self == TimeError::Date
    }
}

/// A date from a date input (`2027-01-15`) or typed by hand (`15/01/2027`).
pub(crate) fn parse_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

/// A time from a time input (`17:00`, `17:00:00`) or typed the French way (`17h`, `17h30`).
pub(crate) fn parse_time(input: &str) -> Option<NaiveTime> {
    let s = input.trim().to_ascii_lowercase();
    if let Ok(t) = NaiveTime::parse_from_str(&s, "%H:%M") {
        return Some(t);
    }
    if let Ok(t) = NaiveTime::parse_from_str(&s, "%H:%M:%S") {
        return Some(t);
    }
    let (h, m) = s.split_once('h')?;
    let h: u32 = h.trim().parse().ok()?;
    let m: u32 = if m.trim().is_empty() {
        0
    } else {
        m.trim().parse().ok()?
    };
    NaiveTime::from_hms_opt(h, m, 0)
}

/// The UTC instant of a local date and time in `tz`.
pub(crate) fn local_to_utc(date: &str, time: &str, tz: Tz) -> Result<DateTime<Utc>, TimeError> {
    let d = parse_date(date).ok_or(TimeError::Date)?;
    let t = parse_time(time).ok_or(TimeError::Time)?;
    match tz.from_local_datetime(&NaiveDateTime::new(d, t)) {
        LocalResult::Single(at) => Ok(at.with_timezone(&Utc)),
        LocalResult::Ambiguous(..) => Err(TimeError::Ambiguous),
        LocalResult::None => Err(TimeError::Skipped),
    }
}

/// The values of a date input and a time input showing `at` in `tz`.
pub(crate) fn local_inputs(at: &DateTime<Utc>, tz: Tz) -> (String, String) {
    let local = at.with_timezone(&tz);
    (
        local.format("%Y-%m-%d").to_string(),
        local.format("%H:%M").to_string(),
    )
}

/// A time zone name typed or chosen: a known IANA name.
pub(crate) fn parse_zone(input: &str) -> Option<Tz> {
    input.trim().parse::<Tz>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paris() -> Tz {
        chrono_tz::Europe::Paris
    }

    #[test]
    fn five_pm_in_paris_is_four_pm_utc_in_winter_and_three_in_summer() {
        let winter = local_to_utc("2027-01-15", "17:00", paris()).unwrap();
        assert_eq!(winter.to_rfc3339(), "2027-01-15T16:00:00+00:00");
        let summer = local_to_utc("2027-07-15", "17:00", paris()).unwrap();
        assert_eq!(summer.to_rfc3339(), "2027-07-15T15:00:00+00:00");
        assert_eq!(
            local_inputs(&winter, paris()),
            ("2027-01-15".into(), "17:00".into())
        );
        assert_eq!(
            local_inputs(&summer, paris()),
            ("2027-07-15".into(), "17:00".into())
        );
    }

    #[test]
    fn overseas_zones() {
        let reunion = parse_zone("Indian/Reunion").unwrap();
        let at = local_to_utc("15/01/2027", "17h", reunion).unwrap();
        assert_eq!(at.to_rfc3339(), "2027-01-15T13:00:00+00:00");
        assert!(ZONES.iter().all(|z| parse_zone(z).is_some()));
        assert!(parse_zone("Mars/Olympus").is_none());
    }

    #[test]
    fn daylight_saving_gaps_and_overlaps_are_refused() {
        // 29 March 2026: 02:00 → 03:00 in Paris; 25 October 2026: 03:00 → 02:00.
        assert_eq!(
            local_to_utc("2026-03-29", "02:30", paris()),
            Err(TimeError::Skipped)
        );
        assert_eq!(
            local_to_utc("2026-10-25", "02:30", paris()),
            Err(TimeError::Ambiguous)
        );
        assert!(local_to_utc("2026-10-25", "03:30", paris()).is_ok());
    }

    #[test]
    fn unreadable_inputs() {
        assert_eq!(local_to_utc("", "17:00", paris()), Err(TimeError::Date));
        assert_eq!(
            local_to_utc("2027-02-30", "17:00", paris()),
            Err(TimeError::Date)
        );
        assert_eq!(
            local_to_utc("2027-01-15", "25:00", paris()),
            Err(TimeError::Time)
        );
        assert_eq!(
            local_to_utc("2027-01-15", "", paris()),
            Err(TimeError::Time)
        );
        assert_eq!(parse_time("17h30"), NaiveTime::from_hms_opt(17, 30, 0));
        assert_eq!(parse_time("9:05"), NaiveTime::from_hms_opt(9, 5, 0));
    }
}
