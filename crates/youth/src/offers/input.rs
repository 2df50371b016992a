//! The offer form parsed into a valid offer, or the list of what is wrong with it.

use crate::types::{
    check_observation_dates, AgeBand, Axis, IsoWeek, OfferKind, RomeCode, Schedule, SchoolLevel,
    MAX_AGE, MIN_AGE,
};
use crate::web::{date, int_in, Fields};
use chrono::NaiveDate;

/// A valid offer as the host entered it (the shortage-job tag is added from the staff list).
#[derive(Debug, Clone)]
pub struct OfferInput {
    pub org_id: i64,
    pub kind: OfferKind,
    pub title: String,
    pub axes: Vec<Axis>,
    pub rome: RomeCode,
    pub job_label: String,
    pub sector: String,
    pub school_level: Option<SchoolLevel>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub weeks: Vec<IsoWeek>,
    pub schedule: Schedule,
    pub places: i64,
    pub group_size: i64,
    pub commune: String,
    pub address: String,
    pub min_age: i64,
    pub max_age: i64,
    pub accessibility: String,
    pub description: String,
}

/// A field and the message to show beside it (Fluent id and one optional `limit` argument).
pub type Problem = (&'static str, &'static str, Option<u32>);

/// The youngest age band the offer admits: the one whose limits apply to its hours.
pub fn youngest_band(min_age: i64, max_age: i64) -> AgeBand {
    AgeBand::of(min_age.min(max_age) as i32)
}

pub fn parse(
    f: &Fields,
    allowed_orgs: &[i64],
    in_territory: impl Fn(&str) -> bool,
) -> Result<OfferInput, Vec<Problem>> {
    let mut errs: Vec<Problem> = vec![];
    let req = |name: &'static str, errs: &mut Vec<Problem>| {
        let v = f.get(name);
        if v.is_empty() {
            errs.push((name, "youth-field-required", None));
        }
        v
    };
    let org_id = f
        .get("org")
        .parse::<i64>()
        .ok()
        .filter(|o| allowed_orgs.contains(o));
    if org_id.is_none() {
        errs.push(("org", "youth-field-org", None));
    }
    let kind = OfferKind::parse(&f.get("kind"));
    if kind.is_none() {
        errs.push(("kind", "youth-field-required", None));
    }
    let title = req("title", &mut errs);
    let job_label = req("job_label", &mut errs);
    let sector = req("sector", &mut errs);
    let address = req("address", &mut errs);
    let description = req("description", &mut errs);
    let accessibility = f.get("accessibility");
    let rome = match RomeCode::parse(&f.get("rome_code")) {
        Ok(r) => Some(r),
        Err(e) => {
            errs.push(("rome_code", e.0, None));
            None
        }
    };
    let school_level = match f.get("school_level").as_str() {
        "" => None,
        s => {
            let l = SchoolLevel::parse(s);
            if l.is_none() {
                errs.push(("school_level", "youth-field-required", None));
            }
            l
        }
    };
    let weeks = match IsoWeek::parse_list(&f.get("iso_weeks")) {
        Ok(w) => w,
        Err(e) => {
            errs.push(("iso_weeks", e.0, None));
            vec![]
        }
    };
    // Dates, or else the ISO weeks: Monday of the first to Friday of the last.
    let start = date(&f.get("start_date")).or_else(|| weeks.first().map(|w| w.monday()));
    let end = date(&f.get("end_date")).or_else(|| weeks.last().map(|w| w.friday()));
    let (start, end) = match (start, end) {
        (Some(s), Some(e)) if e >= s => (Some(s), Some(e)),
        (Some(_), Some(_)) => {
            errs.push(("end_date", "youth-dates-order", None));
            (None, None)
        }
        _ => {
            errs.push(("start_date", "youth-dates-required", None));
            (None, None)
        }
    };
    let schedule = match Schedule::parse(
        &f.get("day_start"),
        &f.get("day_end"),
        &f.get("break_minutes"),
        &f.get("days_per_week"),
    ) {
        Ok(s) => Some(s),
        Err(e) => {
            errs.push(("day_start", e.0, None));
            None
        }
    };
    let num = |name: &'static str, lo, hi, msg, errs: &mut Vec<Problem>| match int_in(
        &f.get(name),
        lo,
        hi,
        msg,
    ) {
        Ok(n) => Some(n),
        Err(m) => {
            errs.push((name, m, None));
            None
        }
    };
    let places = num("places", 1, 500, "youth-places-range", &mut errs);
    let group_size = num("group_size", 1, 500, "youth-places-range", &mut errs);
    let min_age = num(
        "min_age",
        MIN_AGE as i64,
        MAX_AGE as i64,
        "youth-age-range",
        &mut errs,
    );
    let max_age = num(
        "max_age",
        MIN_AGE as i64,
        MAX_AGE as i64,
        "youth-age-range",
        &mut errs,
    );
    if let (Some(a), Some(b)) = (min_age, max_age) {
        if a > b {
            errs.push(("max_age", "youth-age-order", None));
        }
    }
    let commune = f.get("commune");
    if !in_territory(&commune) {
        errs.push(("commune", "youth-field-commune", None));
    }
    if let (Some(OfferKind::ObservationPlacement), Some(s), Some(e)) = (kind, start, end) {
        if let Err(e) = check_observation_dates(school_level, s, e) {
            errs.push(("end_date", e.0, None));
        }
    }
    // The hours must suit the youngest person the offer admits.
    if let (Some(s), Some(a), Some(b)) = (schedule, min_age, max_age) {
        if let Err(breach) = s.check_for(youngest_band(a, b)) {
            errs.push(("day_end", breach.message_id(), Some(breach.limit())));
        }
    }
    let mut axes: Vec<Axis> = f
        .all("axes")
        .iter()
        .filter_map(|a| Axis::parse(a))
        .filter(|a| *a != Axis::ShortageJob)
        .collect();
    if kind == Some(OfferKind::Apprenticeship) {
        axes.push(Axis::Apprenticeship);
    }
    axes.sort();
    axes.dedup();
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(OfferInput {
        org_id: org_id.expect("checked"),
        kind: kind.expect("checked"),
        title,
        axes,
        rome: rome.expect("checked"),
        job_label,
        sector,
        school_level,
        start: start.expect("checked"),
        end: end.expect("checked"),
        weeks,
        schedule: schedule.expect("checked"),
        places: places.expect("checked"),
        group_size: group_size.expect("checked"),
        commune,
        address,
        min_age: min_age.expect("checked"),
        max_age: max_age.expect("checked"),
        accessibility,
        description,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(over: &[(&str, &str)]) -> Fields {
        let mut v: Vec<(String, String)> = [
            ("org", "7"),
            ("kind", "observation_placement"),
            ("title", "Stage d’observation en boulangerie"),
            ("rome_code", "D1102"),
            ("job_label", "Boulanger"),
            ("sector", "Alimentation"),
            ("school_level", "3e"),
            ("start_date", "2026-12-07"),
            ("end_date", "2026-12-11"),
            ("iso_weeks", ""),
            ("day_start", "09:00"),
            ("day_end", "16:00"),
            ("break_minutes", "60"),
            ("days_per_week", "5"),
            ("places", "2"),
            ("group_size", "1"),
            ("commune", "92062"),
            ("address", "3 rue Jean Jaurès"),
            ("min_age", "14"),
            ("max_age", "16"),
            ("accessibility", "Plain-pied"),
            ("description", "Pétrir, façonner, cuire."),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for (k, val) in over {
            v.retain(|(kk, _)| kk != k);
            v.push((k.to_string(), val.to_string()));
        }
        Fields(v)
    }

    fn ok(f: &Fields) -> Result<OfferInput, Vec<Problem>> {
        parse(f, &[7], |c| c.starts_with("92"))
    }

    fn fields_of(r: Result<OfferInput, Vec<Problem>>) -> Vec<&'static str> {
        r.unwrap_err().iter().map(|(f, _, _)| *f).collect()
    }

    #[test]
    fn a_valid_offer() {
        let o = ok(&fields(&[])).unwrap();
        assert_eq!(o.rome.as_str(), "D1102");
        assert_eq!(o.schedule.daily_minutes(), 360);
    }

    #[test]
    fn weeks_give_the_dates() {
        let o = ok(&fields(&[
            ("start_date", ""),
            ("end_date", ""),
            ("iso_weeks", "2026-W50"),
        ]))
        .unwrap();
        assert_eq!(o.start.to_string(), "2026-12-07");
        assert_eq!(o.end.to_string(), "2026-12-11");
    }

    #[test]
    fn refusals_name_their_field() {
        assert_eq!(fields_of(ok(&fields(&[("org", "8")]))), vec!["org"]);
        assert_eq!(
            fields_of(ok(&fields(&[("rome_code", "X12")]))),
            vec!["rome_code"]
        );
        assert_eq!(
            fields_of(ok(&fields(&[("commune", "75056")]))),
            vec!["commune"]
        );
        assert_eq!(
            fields_of(ok(&fields(&[("min_age", "12")]))),
            vec!["min_age"]
        );
        assert_eq!(
            fields_of(ok(&fields(&[("min_age", "18")]))),
            vec!["max_age"]
        );
        // 3e placement of four days.
        assert_eq!(
            fields_of(ok(&fields(&[("end_date", "2026-12-10")]))),
            vec!["end_date"]
        );
    }

    #[test]
    fn hours_must_suit_the_youngest() {
        // 8 h a day with pupils of 14: refused, with the limit.
        let e = ok(&fields(&[("day_end", "18:00")])).unwrap_err();
        assert_eq!(e, vec![("day_end", "youth-hours-daily", Some(7))]);
        // The same day for 16–17 year-olds on an apprenticeship offer: fine.
        assert!(ok(&fields(&[
            ("day_start", "08:00"),
            ("day_end", "17:00"),
            ("days_per_week", "4"),
            ("kind", "apprenticeship"),
            ("min_age", "16"),
            ("max_age", "25"),
        ]))
        .is_ok());
        // Evening until 21:00 under 16: night work.
        let e = ok(&fields(&[("day_start", "14:00"), ("day_end", "21:00")])).unwrap_err();
        assert_eq!(e[0].1, "youth-hours-night");
    }

    #[test]
    fn apprenticeship_is_tagged_and_shortage_never_chosen_by_hand() {
        let mut f = fields(&[
            ("kind", "apprenticeship"),
            ("min_age", "16"),
            ("max_age", "25"),
        ]);
        f.0.push(("axes".into(), "shortage_job".into()));
        f.0.push(("axes".into(), "ess_discovery".into()));
        let o = ok(&f).unwrap();
        assert_eq!(o.axes, vec![Axis::Apprenticeship, Axis::EssDiscovery]);
    }
}
