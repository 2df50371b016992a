//! Small text helpers shared by the staff and public pages: accent folding, slugs and ids
//! suggested from titles, hand-parsed form bodies.

/// Folds the accents and ligatures of French (and common Latin) letters to ASCII, so that
/// "Économie sociale" suggests `economie-sociale`.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let rep = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
            'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => "A",
            'ç' => "c",
            'Ç' => "C",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'É' | 'È' | 'Ê' | 'Ë' => "E",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'Î' | 'Ï' | 'Í' | 'Ì' => "I",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'ø' => "o",
            'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' | 'Ø' => "O",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'Ù' | 'Û' | 'Ü' | 'Ú' => "U",
            'ÿ' | 'ý' => "y",
            'Ÿ' | 'Ý' => "Y",
            'ñ' => "n",
            'Ñ' => "N",
            'œ' => "oe",
            'Œ' => "OE",
            'æ' => "ae",
            'Æ' => "AE",
            'ß' => "ss",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(rep);
    }
    out
}

/// Lowercase ASCII letters and digits, every other run of characters becoming one `sep`, at
/// most `max` characters, without a leading or trailing `sep`.
pub(crate) fn slugify(title: &str, sep: char, max: usize) -> String {
    let mut out = String::new();
    for c in fold(title).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with(sep) {
            out.push(sep);
        }
    }
    out.truncate(max);
    out.trim_matches(sep).to_owned()
}

/// Longest public address of a call.
pub(crate) const MAX_SLUG: usize = 80;

/// A call's public address: lowercase a-z, 0-9 and single dashes between them.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SLUG
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// `base`, or `base_2`, `base_3`… (with `sep`), the first that `taken` refuses.
pub(crate) fn unique(base: &str, sep: char, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}{sep}{n}"))
        .find(|c| !taken(c))
        .expect("an unused suffix exists")
}

/// A submitted form, in order, read by hand: checkbox groups repeat a name, which
/// `serde_urlencoded` cannot read into a list, and handlers check access before reading it.
#[derive(Debug, Default, Clone)]
pub(crate) struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub(crate) fn parse(body: &[u8]) -> Fields {
        Fields(
            url::form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value sent under `name`, or "".
    pub(crate) fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value sent under `name`, in order.
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Whether `value` is among the values of `name` (a ticked checkbox of a group).
    pub(crate) fn has(&self, name: &str, value: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && v == value)
    }

    /// A lone checkbox.
    pub(crate) fn checked(&self, name: &str) -> bool {
        matches!(self.get(name), "on" | "yes" | "true" | "1")
    }

    /// Replaces every value of `name` by `value`.
    pub(crate) fn set(&mut self, name: &str, value: impl Into<String>) {
        self.0.retain(|(k, _)| k != name);
        self.0.push((name.to_owned(), value.into()));
    }

    pub(crate) fn push(&mut self, name: &str, value: impl Into<String>) {
        self.0.push((name.to_owned(), value.into()));
    }
}

/// Text typed in a one-line input: whitespace runs collapsed, ends trimmed.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accents_and_punctuation() {
        assert_eq!(
            slugify("Progr’ESS 2027 : Économie « solidaire » !", '-', 80),
            "progr-ess-2027-economie-solidaire"
        );
        assert_eq!(slugify("Œuvres & cœur", '_', 80), "oeuvres_coeur");
        assert_eq!(slugify("  ---  ", '-', 80), "");
        assert_eq!(slugify("abc def ghi", '-', 5), "abc-d");
        assert_eq!(slugify("abcd efgh", '-', 5), "abcd");
    }

    #[test]
    fn slug_shape() {
        assert!(is_slug("progress-2027"));
        assert!(is_slug("a"));
        for bad in [
            "",
            "-a",
            "a-",
            "a--b",
            "A",
            "é",
            "a b",
            "a_b",
            &"a".repeat(81),
        ] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn unique_suffixes() {
        let taken = ["field", "field_2"];
        assert_eq!(unique("field", '_', |c| taken.contains(&c)), "field_3");
        assert_eq!(unique("other", '_', |c| taken.contains(&c)), "other");
    }

    #[test]
    fn repeated_names_are_kept() {
        let f = Fields::parse(b"k=association&k=ess_company&t=a+b&c=on");
        assert_eq!(f.all("k"), ["association", "ess_company"]);
        assert!(f.has("k", "ess_company"));
        assert_eq!(f.get("t"), "a b");
        assert_eq!(f.get("missing"), "");
        assert!(f.checked("c"));
        assert!(!f.checked("t"));
    }
}
