//! Domain types of the youth bridge, parsed at the boundary (parse, don't validate): a value of
//! these types is always well-formed, so the rest of the module never re-checks strings.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};

/// A refusal while parsing: the Fluent id of the message to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid(pub &'static str);

macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident, $prefix:literal { $($variant:ident => $s:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),* }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($s => Some($name::$variant),)* _ => None }
            }

            /// Fluent id of the value's name.
            pub fn message_id(self) -> String {
                format!(concat!($prefix, "-{}"), self.as_str().replace('_', "-"))
            }
        }
    };
}
pub(crate) use str_enum;

// ---- UAI -----------------------------------------------------------------------------------

/// Unité administrative immatriculée: the national number of a school, 7 characters (3 of
/// département, 4 of serial number) and a check letter: the 7 digits modulo 23, in the alphabet
/// without I, O and Q. Corsican codes (2A/2B) are not accepted: the territory is not Corsica and
/// their check rule differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uai(String);

const UAI_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPRSTUVWXYZ";

impl Uai {
    pub fn parse(s: &str) -> Result<Uai, Invalid> {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let b = s.as_bytes();
        if b.len() != 8 || !b[..7].iter().all(u8::is_ascii_digit) || !b[7].is_ascii_uppercase() {
            return Err(Invalid("youth-uai-format"));
        }
        let n: u32 = s[..7].parse().map_err(|_| Invalid("youth-uai-format"))?;
        if UAI_LETTERS[(n % 23) as usize] != b[7] {
            return Err(Invalid("youth-uai-check"));
        }
        Ok(Uai(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

// ---- ROME ----------------------------------------------------------------------------------

/// A job code of France Travail's ROME v3: a domain letter A–N and four digits (e.g. K1303).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RomeCode(String);

impl RomeCode {
    pub fn parse(s: &str) -> Result<RomeCode, Invalid> {
        let s = s.trim().to_ascii_uppercase();
        let b = s.as_bytes();
        let ok = b.len() == 5
            && (b'A'..=b'N').contains(&b[0])
            && b[1..].iter().all(u8::is_ascii_digit)
            // Sub-domain and job numbers start at 1 (A1101, K1303, M1805).
            && b[1] != b'0'
            && &s[3..] != "00";
        if ok {
            Ok(RomeCode(s))
        } else {
            Err(Invalid("youth-rome-format"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A comma- or space-separated list, each code parsed; empty lists are refused.
    pub fn parse_list(s: &str) -> Result<Vec<RomeCode>, Invalid> {
        let codes = s
            .split([',', ' ', ';'])
            .filter(|c| !c.trim().is_empty())
            .map(RomeCode::parse)
            .collect::<Result<Vec<_>, _>>()?;
        if codes.is_empty() {
            return Err(Invalid("youth-rome-format"));
        }
        Ok(codes)
    }
}

// ---- ISO week ------------------------------------------------------------------------------

/// An ISO 8601 week such as 2027-W23 (how 1élève1stage lists placement weeks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct IsoWeek {
    pub year: i32,
    pub week: u32,
}

impl IsoWeek {
    pub fn parse(s: &str) -> Result<IsoWeek, Invalid> {
        let s = s.trim().to_ascii_uppercase();
        let (y, w) = s.split_once("-W").ok_or(Invalid("youth-week-format"))?;
        let year: i32 = y.parse().map_err(|_| Invalid("youth-week-format"))?;
        let week: u32 = w.parse().map_err(|_| Invalid("youth-week-format"))?;
        // Rejects week 53 of a 52-week year, week 0, etc.
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or(Invalid("youth-week-format"))?;
        Ok(IsoWeek { year, week })
    }

    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).expect("checked at parse")
    }

    pub fn friday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Fri).expect("checked at parse")
    }

    pub fn of(d: NaiveDate) -> IsoWeek {
        let w = d.iso_week();
        IsoWeek {
            year: w.year(),
            week: w.week(),
        }
    }

    /// A list such as "2027-W23, 2027-W24", sorted and without duplicates.
    pub fn parse_list(s: &str) -> Result<Vec<IsoWeek>, Invalid> {
        let mut v = s
            .split([',', ' ', ';'])
            .filter(|w| !w.trim().is_empty())
            .map(IsoWeek::parse)
            .collect::<Result<Vec<_>, _>>()?;
        v.sort();
        v.dedup();
        Ok(v)
    }
}

impl std::fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

// ---- Ages ----------------------------------------------------------------------------------

/// Age in whole years on `on` (a birthday counts from its day; 29 February from 1 March).
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

str_enum!(
    /// Age bands of the statistics and of the rules for minors.
    AgeBand, "youth-age-band" {
        Under16 => "under_16",
        From16To17 => "16_17",
        From18To25 => "18_25",
        Over25 => "over_25",
    }
);

impl AgeBand {
    pub fn of(age: i32) -> AgeBand {
        match age {
            ..=15 => AgeBand::Under16,
            16..=17 => AgeBand::From16To17,
            18..=25 => AgeBand::From18To25,
            _ => AgeBand::Over25,
        }
    }

    pub fn is_minor(self) -> bool {
        matches!(self, AgeBand::Under16 | AgeBand::From16To17)
    }
}

/// The programme's public: 14 to 25 year-olds (checked on offers' age ranges).
pub const MIN_AGE: i32 = 14;
pub const MAX_AGE: i32 = 25;
/// From this age a young person creates their own account and applies alone.
pub const SELF_SIGN_UP_AGE: i32 = 16;

// ---- Offers --------------------------------------------------------------------------------

str_enum!(OfferKind, "youth-kind" {
    CompanyVisit => "company_visit",
    ObservationPlacement => "observation_placement",
    JobShadowing => "job_shadowing",
    SchoolTalk => "school_talk",
    Apprenticeship => "apprenticeship",
    JobDating => "job_dating",
});

str_enum!(Axis, "youth-axis" {
    Apprenticeship => "apprenticeship",
    ShortageJob => "shortage_job",
    EssDiscovery => "ess_discovery",
});

impl Axis {
    /// "apprenticeship,shortage_job" → axes, unknown names dropped (stored values are ours).
    pub fn parse_set(s: &str) -> Vec<Axis> {
        let mut v: Vec<Axis> = s.split(',').filter_map(Axis::parse).collect();
        v.sort();
        v.dedup();
        v
    }

    pub fn join(v: &[Axis]) -> String {
        v.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(",")
    }
}

str_enum!(SchoolLevel, "youth-level" {
    Fourth => "4e",
    Third => "3e",
    Second => "2nde",
    First => "1re",
    Final => "terminale",
    Cap => "cap",
    Higher => "superieur",
    OutOfSchool => "hors_scolarite",
});

/// Observation placements have a fixed shape (domain-fr §5): 3e, five days in one week; 2nde,
/// two weeks in June.
pub fn check_observation_dates(
    level: Option<SchoolLevel>,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<(), Invalid> {
    match level {
        Some(SchoolLevel::Third) => {
            let days = working_days(start, end);
            if days != 5 || IsoWeek::of(start) != IsoWeek::of(end) {
                return Err(Invalid("youth-observation-3e"));
            }
        }
        Some(SchoolLevel::Second) => {
            let span = (end - start).num_days() + 1;
            if start.month() != 6 || end.month() != 6 || !(12..=14).contains(&span) {
                return Err(Invalid("youth-observation-2nde"));
            }
        }
        _ => {}
    }
    Ok(())
}

/// Monday to Friday days between two dates, both included.
pub fn working_days(start: NaiveDate, end: NaiveDate) -> i64 {
    start
        .iter_days()
        .take_while(|d| *d <= end)
        .filter(|d| d.weekday().number_from_monday() <= 5)
        .count() as i64
}

// ---- Hours of minors -----------------------------------------------------------------------

/// A working day's shape: from, to, unpaid break, days a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub break_minutes: u32,
    pub days_per_week: u32,
}

/// A rule of the Code du travail the schedule breaks, with its message id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoursBreach {
    /// More than the daily maximum (hours) for the band.
    Daily(u32),
    /// More than 35 hours a week.
    Weekly(u32),
    /// Before 6:00 or after 20:00 (under 16), after 22:00 (16–17).
    Night(u32),
}

impl HoursBreach {
    pub fn message_id(self) -> &'static str {
        match self {
            HoursBreach::Daily(_) => "youth-hours-daily",
            HoursBreach::Weekly(_) => "youth-hours-weekly",
            HoursBreach::Night(_) => "youth-hours-night",
        }
    }

    /// The limit, the Fluent argument of the message.
    pub fn limit(self) -> u32 {
        match self {
            HoursBreach::Daily(h) | HoursBreach::Weekly(h) | HoursBreach::Night(h) => h,
        }
    }
}

impl Schedule {
    pub fn parse(
        start: &str,
        end: &str,
        break_minutes: &str,
        days: &str,
    ) -> Result<Schedule, Invalid> {
        let t = |s: &str| {
            NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| Invalid("youth-time-format"))
        };
        let (start, end) = (t(start)?, t(end)?);
        let break_minutes: u32 = break_minutes
            .trim()
            .parse()
            .map_err(|_| Invalid("youth-break-format"))?;
        let days_per_week: u32 = days
            .trim()
            .parse()
            .map_err(|_| Invalid("youth-days-format"))?;
        if end <= start {
            return Err(Invalid("youth-time-order"));
        }
        if !(1..=6).contains(&days_per_week) {
            return Err(Invalid("youth-days-format"));
        }
        let s = Schedule {
            start,
            end,
            break_minutes,
            days_per_week,
        };
        if break_minutes as i64 >= (end - start).num_minutes() {
            return Err(Invalid("youth-break-format"));
        }
        Ok(s)
    }

    /// Minutes of work a day, breaks excluded.
    pub fn daily_minutes(&self) -> u32 {
        (self.end - self.start).num_minutes() as u32 - self.break_minutes
    }

    pub fn weekly_minutes(&self) -> u32 {
        self.daily_minutes() * self.days_per_week
    }

    /// The limits for minors (Code du travail L3162-1 to L3163-2; domain-fr §5): under 16, 7 h a
    /// day, 35 h a week, nothing before 6:00 or after 20:00; 16–17, 8 h a day, 35 h a week,
    /// nothing between 22:00 and 6:00. Adults: no rule here.
    pub fn check_for(&self, band: AgeBand) -> Result<(), HoursBreach> {
        let (daily, night_from) = match band {
            AgeBand::Under16 => (7, 20),
            AgeBand::From16To17 => (8, 22),
            _ => return Ok(()),
        };
        if self.start < NaiveTime::from_hms_opt(6, 0, 0).expect("time")
            || self.end > NaiveTime::from_hms_opt(night_from, 0, 0).expect("time")
        {
            return Err(HoursBreach::Night(night_from));
        }
        if self.daily_minutes() > daily * 60 {
            return Err(HoursBreach::Daily(daily));
        }
        if self.weekly_minutes() > 35 * 60 {
            return Err(HoursBreach::Weekly(35));
        }
        Ok(())
    }

    pub fn hours_text(&self) -> String {
        let m = self.daily_minutes();
        format!(
            "{}–{} ({} h {:02})",
            self.start.format("%H:%M"),
            self.end.format("%H:%M"),
            m / 60,
            m % 60
        )
    }
}

// ---- Search --------------------------------------------------------------------------------

/// Text folded for search: lower case, French accents and ligatures removed, anything else than
/// letters and digits turned into single spaces. Stored in `search_text` and applied to the
/// query the same way, so "Pâtisserie" finds "patissier" on SQLite and PostgreSQL alike.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let r: &str = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
            'ç' => "c",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ÿ' | 'ý' => "y",
            'ñ' => "n",
            'œ' => "oe",
            'æ' => "ae",
            c if c.is_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => " ",
        };
        out.push_str(r);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn uai_check_letter() {
        // 750655 mod 23 = 4 → E (lycée Louis-le-Grand).
        assert_eq!(Uai::parse("0750655E").unwrap().as_str(), "0750655E");
        assert_eq!(Uai::parse(" 0750655e ").unwrap().as_str(), "0750655E");
        assert_eq!(Uai::parse("0750655F"), Err(Invalid("youth-uai-check")));
        assert_eq!(Uai::parse("075065E"), Err(Invalid("youth-uai-format")));
        assert_eq!(Uai::parse("02A0655E"), Err(Invalid("youth-uai-format")));
        // The letters I, O and Q are never used.
        for n in 0..23u32 {
            let l = UAI_LETTERS[n as usize];
            assert!(!matches!(l, b'I' | b'O' | b'Q'));
        }
    }

    #[test]
    fn rome_codes() {
        assert_eq!(RomeCode::parse("k1303").unwrap().as_str(), "K1303");
        assert!(RomeCode::parse("M1805").is_ok());
        assert!(RomeCode::parse("D1102").is_ok());
        assert!(RomeCode::parse("Z1303").is_err(), "domains end at N");
        assert!(RomeCode::parse("K0303").is_err());
        assert!(RomeCode::parse("K1300").is_err());
        assert!(RomeCode::parse("K130").is_err());
        assert_eq!(
            RomeCode::parse_list("K1303, J1304").unwrap().len(),
            2,
            "lists"
        );
        assert!(RomeCode::parse_list(" ").is_err());
    }

    #[test]
    fn iso_weeks() {
        let w = IsoWeek::parse("2027-w23").unwrap();
        assert_eq!(w.to_string(), "2027-W23");
        assert_eq!(w.monday(), d("2027-06-07"));
        assert_eq!(w.friday(), d("2027-06-11"));
        assert!(IsoWeek::parse("2027-W53").is_err(), "2027 has 52 weeks");
        assert!(IsoWeek::parse("2026-W53").is_ok(), "2026 has 53 weeks");
        assert!(IsoWeek::parse("2027-23").is_err());
        assert_eq!(
            IsoWeek::parse_list("2027-W24, 2027-W23 2027-W24").unwrap(),
            vec![
                IsoWeek::parse("2027-W23").unwrap(),
                IsoWeek::parse("2027-W24").unwrap()
            ]
        );
        assert_eq!(IsoWeek::of(d("2027-01-01")).to_string(), "2026-W53");
    }

    #[test]
    fn ages_and_bands() {
        assert_eq!(age_on(d("2012-06-10"), d("2026-06-09")), 13);
        assert_eq!(age_on(d("2012-06-10"), d("2026-06-10")), 14);
        assert_eq!(age_on(d("2008-02-29"), d("2026-02-28")), 17);
        assert_eq!(age_on(d("2008-02-29"), d("2026-03-01")), 18);
        assert_eq!(AgeBand::of(14), AgeBand::Under16);
        assert_eq!(AgeBand::of(16), AgeBand::From16To17);
        assert_eq!(AgeBand::of(17), AgeBand::From16To17);
        assert_eq!(AgeBand::of(18), AgeBand::From18To25);
        assert!(AgeBand::of(17).is_minor() && !AgeBand::of(18).is_minor());
        assert_eq!(AgeBand::From16To17.message_id(), "youth-age-band-16-17");
    }

    #[test]
    fn hours_of_minors() {
        let s = |a, b, br, days| Schedule::parse(a, b, br, days).unwrap();
        // 9:00–16:00 with 1 h break: 6 h a day, 30 h a week: fine for everyone.
        assert_eq!(
            s("09:00", "16:00", "60", "5").check_for(AgeBand::Under16),
            Ok(())
        );
        // 8 h a day: too much under 16, fine at 16–17.
        let eight = s("08:00", "17:00", "60", "4");
        assert_eq!(
            eight.check_for(AgeBand::Under16),
            Err(HoursBreach::Daily(7))
        );
        assert_eq!(eight.check_for(AgeBand::From16To17), Ok(()));
        // 7 h × 6 days = 42 h: over 35 h a week.
        assert_eq!(
            s("08:00", "16:00", "60", "6").check_for(AgeBand::Under16),
            Err(HoursBreach::Weekly(35))
        );
        // Evenings: until 21:00 is night under 16, not at 17.
        let evening = s("15:00", "21:00", "30", "3");
        assert_eq!(
            evening.check_for(AgeBand::Under16),
            Err(HoursBreach::Night(20))
        );
        assert_eq!(evening.check_for(AgeBand::From16To17), Ok(()));
        assert_eq!(
            s("17:00", "23:00", "30", "3").check_for(AgeBand::From16To17),
            Err(HoursBreach::Night(22))
        );
        assert_eq!(
            s("05:30", "11:00", "0", "3").check_for(AgeBand::From16To17),
            Err(HoursBreach::Night(22))
        );
        // Adults: no rule of this module.
        assert_eq!(
            s("05:00", "23:00", "0", "6").check_for(AgeBand::From18To25),
            Ok(())
        );
        assert_eq!(
            Schedule::parse("16:00", "09:00", "0", "5"),
            Err(Invalid("youth-time-order"))
        );
        assert_eq!(
            Schedule::parse("9h", "16:00", "0", "5"),
            Err(Invalid("youth-time-format"))
        );
        assert_eq!(
            s("09:00", "16:00", "60", "5").hours_text(),
            "09:00–16:00 (6 h 00)"
        );
    }

    #[test]
    fn observation_placement_shapes() {
        // 3e: Monday to Friday of one week.
        assert!(check_observation_dates(
            Some(SchoolLevel::Third),
            d("2026-12-07"),
            d("2026-12-11")
        )
        .is_ok());
        assert!(check_observation_dates(
            Some(SchoolLevel::Third),
            d("2026-12-07"),
            d("2026-12-10")
        )
        .is_err());
        assert!(check_observation_dates(
            Some(SchoolLevel::Third),
            d("2026-12-09"),
            d("2026-12-15")
        )
        .is_err());
        // 2nde: two weeks in June.
        assert!(check_observation_dates(
            Some(SchoolLevel::Second),
            d("2027-06-14"),
            d("2027-06-25")
        )
        .is_ok());
        assert!(check_observation_dates(
            Some(SchoolLevel::Second),
            d("2027-05-31"),
            d("2027-06-11")
        )
        .is_err());
        assert!(check_observation_dates(
            Some(SchoolLevel::Second),
            d("2027-06-14"),
            d("2027-06-18")
        )
        .is_err());
        assert!(check_observation_dates(None, d("2027-06-14"), d("2027-06-14")).is_ok());
    }

    #[test]
    fn folding_for_search() {
        assert_eq!(fold("Pâtisserie — Œufs & CRÈME"), "patisserie oeufs creme");
        assert_eq!(fold("  petite-enfance  "), "petite enfance");
        assert_eq!(fold("Boulangère à Puteaux"), "boulangere a puteaux");
    }

    #[test]
    fn enums_round_trip() {
        for k in OfferKind::ALL {
            assert_eq!(OfferKind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(
            OfferKind::ObservationPlacement.message_id(),
            "youth-kind-observation-placement"
        );
        assert_eq!(
            Axis::parse_set("shortage_job,apprenticeship,bogus,apprenticeship"),
            vec![Axis::Apprenticeship, Axis::ShortageJob]
        );
        assert_eq!(SchoolLevel::parse("3e"), Some(SchoolLevel::Third));
    }
}
