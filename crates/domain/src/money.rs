//! Amounts in euros, held as whole cents so that sums are exact.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;

/// Why an amount was refused. `code()` is a stable Fluent message id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Not an amount: empty, letters, misplaced separators.
    #[error("not an amount in euros")]
    Format,
    /// More than 2 decimals. Also what "1,234" or "1.234" give: with a single separator
    /// followed by 3 digits the reader cannot tell thousands from decimals, so we refuse
    /// rather than guess a factor of 1 000.
    #[error("an amount has at most 2 decimals")]
    Precision,
    /// Does not fit in the range of `Cents`.
    #[error("amount out of range")]
    Range,
}

impl MoneyError {
    pub const ALL: [MoneyError; 3] = [MoneyError::Format, MoneyError::Precision, MoneyError::Range];

    pub fn code(&self) -> &'static str {
        match self {
            MoneyError::Format => "money-format",
            MoneyError::Precision => "money-precision",
            MoneyError::Range => "money-range",
        }
    }
}

/// An amount in euro cents (may be negative). Serialised as the integer number of cents.
///
/// `Display` is the French form ([`Cents::format_fr`]); pick the form explicitly for other
/// languages.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cents(pub i64);

const MINUS_SIGNS: [char; 2] = ['-', '\u{2212}'];

impl Cents {
    pub const ZERO: Cents = Cents(0);

    /// Whole euros, e.g. thresholds from configuration (`Cents::from_euros(23_000)`).
    pub fn from_euros(euros: i64) -> Option<Cents> {
        euros.checked_mul(100).map(Cents)
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Parses an amount typed in French or English style:
    /// "1 234,56", "1234.56", "1 234 €", "€1,234.56", "1.234,56", "12,5" (= 12,50 €), "-3,20".
    ///
    /// - Group separators: any space (incl. no-break and thin spaces), or `,`/`.` when the
    ///   other one is the decimal mark or when it occurs several times ("1,234,567"). Groups
    ///   after the first must have exactly 3 digits.
    /// - A single `,` or `.` is the decimal mark; at most 2 decimals.
    /// - "€" or "EUR" is allowed once, before or after the number.
    /// - Negative only with a leading minus (`-` or `−`), before the currency if any.
    pub fn parse_eur(input: &str) -> Result<Cents, MoneyError> {
        let mut s = input.trim();
        let negative = match s.strip_prefix(MINUS_SIGNS) {
            Some(rest) => {
                s = rest.trim_start();
                true
            }
            None => false,
        };
        let prefixed = match strip_currency_prefix(s) {
            Some(rest) => {
                s = rest.trim_start();
                true
            }
            None => false,
        };
        if let Some(rest) = strip_currency_suffix(s) {
            if prefixed {
                return Err(MoneyError::Format);
            }
            s = rest.trim_end();
        }
        if s.is_empty() {
            return Err(MoneyError::Format);
        }

        let commas = s.matches(',').count();
        let dots = s.matches('.').count();
        let (decimal, group) = match (commas, dots) {
            (0, 0) => (None, None),
            (1, 0) => (Some(','), None),
            (0, 1) => (Some('.'), None),
            (_, 0) => (None, Some(',')),
            (0, _) => (None, Some('.')),
            _ => {
                // Both present: the last one is the decimal mark and must occur once.
                let (dec, grp, dec_count) = if s.rfind(',') > s.rfind('.') {
                    (',', '.', commas)
                } else {
                    ('.', ',', dots)
                };
                if dec_count != 1 {
                    return Err(MoneyError::Format);
                }
                (Some(dec), Some(grp))
            }
        };

        let (int_part, frac_part) = match decimal {
            Some(d) => match s.split_once(d) {
                Some((i, f)) => (i, Some(f)),
                None => (s, None),
            },
            None => (s, None),
        };

        let frac_cents: i128 = match frac_part {
            None => 0,
            Some(f) => {
                if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(MoneyError::Format);
                }
                if f.len() > 2 {
                    return Err(MoneyError::Precision);
                }
                let v: i128 = f.parse().map_err(|_| MoneyError::Format)?;
                if f.len() == 1 {
                    v * 10
                } else {
                    v
                }
            }
        };

        let groups: Vec<&str> = int_part
            .split(|c: char| c.is_whitespace() || Some(c) == group)
            .collect();
        let groups_ok = groups
            .iter()
            .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
            && (groups.len() == 1
                || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)));
        if !groups_ok {
            return Err(MoneyError::Format);
        }

        // i128 holds i64::MIN's magnitude; stop early so absurdly long input cannot overflow.
        let limit = i128::from(i64::MAX) + 1;
        let mut euros: i128 = 0;
        for b in groups.iter().flat_map(|g| g.bytes()) {
            euros = euros * 10 + i128::from(b - b'0');
            if euros > limit {
                return Err(MoneyError::Range);
            }
        }
        let magnitude = euros * 100 + frac_cents;
        let signed = if negative { -magnitude } else { magnitude };
        i64::try_from(signed)
            .map(Cents)
            .map_err(|_| MoneyError::Range)
    }

    /// French typography: "1 234,56 €", "-0,50 €". Groups of 3 separated by a narrow no-break
    /// space (U+202F), a no-break space (U+00A0) before "€" (as CLDR fr). Always 2 decimals,
    /// so every output reads unambiguously and parses back to the same value.
    pub fn format_fr(self) -> String {
        let (sign, euros, cents) = self.parts();
        format!(
            "{sign}{},{cents:02}\u{a0}€",
            group_thousands(euros, '\u{202f}')
        )
    }

    /// English: "€1,234.56", "-€0.50". Always 2 decimals, for the same reason as
    /// [`Cents::format_fr`] ("€1,234" would not parse back: see [`MoneyError::Precision`]).
    pub fn format_en(self) -> String {
        let (sign, euros, cents) = self.parts();
        format!("{sign}€{}.{cents:02}", group_thousands(euros, ','))
    }

    fn parts(self) -> (&'static str, u64, u64) {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        (sign, abs / 100, abs % 100)
    }

    pub fn checked_add(self, other: Cents) -> Option<Cents> {
        self.0.checked_add(other.0).map(Cents)
    }

    pub fn checked_sub(self, other: Cents) -> Option<Cents> {
        self.0.checked_sub(other.0).map(Cents)
    }

    /// Sum that reports overflow instead of panicking.
    pub fn checked_sum<I: IntoIterator<Item = Cents>>(amounts: I) -> Option<Cents> {
        amounts
            .into_iter()
            .try_fold(Cents::ZERO, |acc, c| acc.checked_add(c))
    }
}

fn strip_currency_prefix(s: &str) -> Option<&str> {
    if let Some(rest) = s.strip_prefix('€') {
        return Some(rest);
    }
    match s.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("eur") => Some(&s[3..]),
        _ => None,
    }
}

fn strip_currency_suffix(s: &str) -> Option<&str> {
    if let Some(rest) = s.strip_suffix('€') {
        return Some(rest);
    }
    let cut = s.len().checked_sub(3)?;
    match s.get(cut..) {
        Some(p) if p.eq_ignore_ascii_case("eur") => Some(&s[..cut]),
        _ => None,
    }
}

#[allow(clippy::manual_is_multiple_of)] // `is_multiple_of` needs Rust 1.87; MSRV is 1.85.
fn group_thousands(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() * 2);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_fr())
    }
}

/// Panics on overflow (beyond ±92 million billion euros), like a programming error: use
/// [`Cents::checked_sum`] on untrusted input.
impl Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        Cents::checked_sum(iter).expect("sum of amounts overflows")
    }
}

impl<'a> Sum<&'a Cents> for Cents {
    fn sum<I: Iterator<Item = &'a Cents>>(iter: I) -> Cents {
        iter.copied().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const FTL_FR: &str = include_str!("../../../locales/fr/domain.ftl");
    const FTL_EN: &str = include_str!("../../../locales/en/domain.ftl");

    fn has_message(ftl: &str, id: &str) -> bool {
        ftl.lines()
            .any(|l| l.split_once('=').is_some_and(|(k, _)| k.trim() == id))
    }

    fn p(s: &str) -> Result<i64, MoneyError> {
        Cents::parse_eur(s).map(|c| c.0)
    }

    #[test]
    fn parses_french_and_english_input() {
        assert_eq!(p("1 234,56"), Ok(123_456));
        assert_eq!(p("1234.56"), Ok(123_456));
        assert_eq!(p("1 234 €"), Ok(123_400));
        assert_eq!(p("1234"), Ok(123_400));
        assert_eq!(p("12,5"), Ok(1_250));
        assert_eq!(p("0,05"), Ok(5));
        assert_eq!(p("1\u{202f}234,56\u{a0}€"), Ok(123_456));
        assert_eq!(p("1\u{a0}234\u{2009}567"), Ok(123_456_700));
        assert_eq!(p("€1,234.56"), Ok(123_456));
        assert_eq!(p("€ 1,234,567.8"), Ok(123_456_780));
        assert_eq!(p("1.234,56"), Ok(123_456));
        assert_eq!(p("1.234.567"), Ok(123_456_700));
        assert_eq!(p("1,234,567"), Ok(123_456_700));
        assert_eq!(p("15000 EUR"), Ok(1_500_000));
        assert_eq!(p("eur 12"), Ok(1_200));
        assert_eq!(p("  42€ "), Ok(4_200));
        assert_eq!(p("007"), Ok(700));
    }

    #[test]
    fn negative_needs_an_explicit_minus() {
        assert_eq!(p("-12,50"), Ok(-1_250));
        assert_eq!(p("\u{2212}12,50 €"), Ok(-1_250));
        assert_eq!(p("-€1,234.56"), Ok(-123_456));
        assert_eq!(p("-0"), Ok(0));
        assert_eq!(p("(12,50)"), Err(MoneyError::Format));
        assert_eq!(p("12,50-"), Err(MoneyError::Format));
        assert_eq!(p("€-12"), Err(MoneyError::Format));
        assert_eq!(p("+12"), Err(MoneyError::Format));
    }

    #[test]
    fn refuses_garbage() {
        for bad in [
            "",
            " ",
            "€",
            "-",
            "abc",
            "12a",
            "1 2 3",
            "12 34",
            "1  234",
            "1,2,3",
            "1.234.56",
            "1,234.567.8",
            "12,",
            ",50",
            ".5",
            "€12€",
            "12 € EUR",
            "1 234 ,56",
            "12,5 0",
            "1,23,456",
            "1_000",
            "1e3",
            "١٢",
        ] {
            assert_eq!(p(bad), Err(MoneyError::Format), "{bad:?}");
        }
    }

    #[test]
    fn refuses_more_than_two_decimals() {
        assert_eq!(p("12,345"), Err(MoneyError::Precision));
        assert_eq!(p("0.001"), Err(MoneyError::Precision));
        // Thousands or decimals? Refused rather than guessed.
        assert_eq!(p("1,234"), Err(MoneyError::Precision));
        assert_eq!(p("1.234"), Err(MoneyError::Precision));
    }

    #[test]
    fn refuses_overflow() {
        assert_eq!(p("92233720368547758,07"), Ok(i64::MAX));
        assert_eq!(p("92233720368547758,08"), Err(MoneyError::Range));
        assert_eq!(p("-92233720368547758,08"), Ok(i64::MIN));
        assert_eq!(p("-92233720368547758,09"), Err(MoneyError::Range));
        assert_eq!(p(&"9".repeat(200)), Err(MoneyError::Range));
    }

    #[test]
    fn formats() {
        assert_eq!(Cents(123_456).format_fr(), "1\u{202f}234,56\u{a0}€");
        assert_eq!(Cents(123_400).format_fr(), "1\u{202f}234,00\u{a0}€");
        assert_eq!(Cents(5).format_fr(), "0,05\u{a0}€");
        assert_eq!(Cents(-50).format_fr(), "-0,50\u{a0}€");
        assert_eq!(
            Cents(100_000_000).format_fr(),
            "1\u{202f}000\u{202f}000,00\u{a0}€"
        );
        assert_eq!(Cents(123_456).format_en(), "€1,234.56");
        assert_eq!(Cents(-123_456).format_en(), "-€1,234.56");
        assert_eq!(Cents(99_900).format_en(), "€999.00");
        assert_eq!(Cents::ZERO.format_en(), "€0.00");
        assert_eq!(Cents(123_456).to_string(), Cents(123_456).format_fr());
        assert_eq!(Cents(i64::MIN).format_en(), "-€92,233,720,368,547,758.08");
    }

    #[test]
    fn arithmetic() {
        let a = Cents(150);
        assert_eq!(a.checked_add(Cents(50)), Some(Cents(200)));
        assert_eq!(a.checked_sub(Cents(200)), Some(Cents(-50)));
        assert_eq!(Cents(i64::MAX).checked_add(Cents(1)), None);
        assert_eq!(Cents(i64::MIN).checked_sub(Cents(1)), None);
        let v = vec![Cents(1), Cents(2), Cents(3)];
        assert_eq!(v.iter().sum::<Cents>(), Cents(6));
        assert_eq!(v.into_iter().sum::<Cents>(), Cents(6));
        assert_eq!(Cents::checked_sum([Cents(i64::MAX), Cents(1)]), None);
        assert_eq!(Cents::checked_sum([]), Some(Cents::ZERO));
        assert_eq!(Cents::from_euros(23_000), Some(Cents(2_300_000)));
        assert_eq!(Cents::from_euros(i64::MAX), None);
        assert!(Cents(-1).is_negative());
    }

    #[test]
    fn every_error_code_has_messages() {
        for e in MoneyError::ALL {
            assert!(has_message(FTL_FR, e.code()), "fr: {}", e.code());
            assert!(has_message(FTL_EN, e.code()), "en: {}", e.code());
        }
    }

    proptest! {
        #[test]
        fn french_round_trip(c in any::<i64>()) {
            prop_assert_eq!(Cents::parse_eur(&Cents(c).format_fr()), Ok(Cents(c)));
        }

        #[test]
        fn english_round_trip(c in any::<i64>()) {
            prop_assert_eq!(Cents::parse_eur(&Cents(c).format_en()), Ok(Cents(c)));
        }

        #[test]
        fn plain_decimal_round_trip(c in any::<i64>()) {
            let abs = c.unsigned_abs();
            let sign = if c < 0 { "-" } else { "" };
            let s = format!("{sign}{}.{:02}", abs / 100, abs % 100);
            prop_assert_eq!(Cents::parse_eur(&s), Ok(Cents(c)));
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = Cents::parse_eur(&s);
        }

        #[test]
        fn never_panics_on_amount_like_input(s in "[-−€ 0-9.,EUR\u{a0}\u{202f}]{0,30}") {
            let _ = Cents::parse_eur(&s);
        }
    }
}
