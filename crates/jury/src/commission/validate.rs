//! Validation of one decision as typed: the amounts a commission may never exceed.

use super::model::Decision;
use crate::award::shared::parse_euros;

/// What bounds the amount of one file (cents).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub requested: Option<i64>,
    pub call_maximum: Option<i64>,
    /// The envelope minus the other laureates' amounts (`None`: the call has no envelope).
    pub envelope_left: Option<i64>,
}

/// An error: (field, message id, amount argument).
pub type FieldError = (&'static str, &'static str, Option<i64>);

/// Parses a decision: a laureate needs an amount above 0 and within the request, the call's
/// maximum and the envelope left; a refusal needs a written reason; the waiting list neither.
pub fn validate_decision(
    decision: &str,
    amount: &str,
    reason: &str,
    limits: &Limits,
) -> Result<(Decision, Option<i64>, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let Some(d) = Decision::parse(decision) else {
        return Err(vec![("decision", "jury-award-error-decision", None)]);
    };
    let reason = reason.trim().to_owned();
    if reason.chars().count() > 4000 {
        errors.push(("reason", "jury-award-error-reason-long", None));
    }
    let mut parsed = None;
    match d {
        Decision::Laureate => match parse_euros(amount) {
            None => errors.push(("amount", "jury-award-error-amount-format", None)),
            Some(a) if a <= 0 => errors.push(("amount", "jury-award-error-amount-positive", None)),
            Some(a) => {
                if let Some(r) = limits.requested.filter(|r| a > *r) {
                    errors.push(("amount", "jury-award-error-above-request", Some(r)));
                } else if limits.requested.is_none() {
                    errors.push(("amount", "jury-award-error-no-request", None));
                }
                if let Some(m) = limits.call_maximum.filter(|m| a > *m) {
                    errors.push(("amount", "jury-award-error-above-maximum", Some(m)));
                }
                if let Some(left) = limits.envelope_left.filter(|l| a > *l) {
                    errors.push((
                        "amount",
                        "jury-award-error-above-envelope",
                        Some(left.max(0)),
                    ));
                }
                parsed = Some(a);
            }
        },
        Decision::Refused if reason.is_empty() => {
            errors.push(("reason", "jury-award-error-reason-required", None))
        }
        _ => {}
    }
    if errors.is_empty() {
        Ok((
            d,
            if d == Decision::Laureate {
                parsed
            } else {
                None
            },
            reason,
        ))
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: Limits = Limits {
        requested: Some(2_000_000),
        call_maximum: Some(1_500_000),
        envelope_left: Some(1_200_000),
    };

    #[test]
    fn amounts_never_exceed_request_maximum_or_envelope() {
        assert_eq!(
            validate_decision("laureate", "12 000", "", &L),
            Ok((Decision::Laureate, Some(1_200_000), String::new()))
        );
        let e = validate_decision("laureate", "12 000,01", "", &L).unwrap_err();
        assert_eq!(
            e,
            vec![("amount", "jury-award-error-above-envelope", Some(1_200_000))]
        );
        let e = validate_decision(
            "laureate",
            "16000",
            "",
            &Limits {
                envelope_left: None,
                ..L
            },
        )
        .unwrap_err();
        assert_eq!(e[0].1, "jury-award-error-above-maximum");
        let e = validate_decision(
            "laureate",
            "21000",
            "",
            &Limits {
                envelope_left: None,
                call_maximum: None,
                ..L
            },
        )
        .unwrap_err();
        assert_eq!(e[0].1, "jury-award-error-above-request");
        assert!(validate_decision("laureate", "0", "", &L).is_err());
        assert!(validate_decision("laureate", "douze", "", &L).is_err());
        assert!(validate_decision("laureate", "-5", "", &L).is_err());
    }

    #[test]
    fn a_refusal_needs_a_reason_and_the_waiting_list_no_amount() {
        assert_eq!(
            validate_decision("refused", "", "  ", &L).unwrap_err()[0].1,
            "jury-award-error-reason-required"
        );
        assert_eq!(
            validate_decision("refused", "", "Hors du territoire", &L),
            Ok((Decision::Refused, None, "Hors du territoire".into()))
        );
        assert_eq!(
            validate_decision("waiting", "5000", "", &L),
            Ok((Decision::Waiting, None, String::new()))
        );
        assert!(validate_decision("maybe", "", "", &L).is_err());
    }
}
