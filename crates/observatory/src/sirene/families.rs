//! What the directory groups structures by: legal family (from the INSEE legal category and the
//! ESS flag), NAF section (from the activity code) and headcount band. The lists are data, in one
//! place, with their source: domain-fr.md §2 and §4, INSEE's nomenclatures.

/// The legal families the directory and the observatory show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Association,
    Cooperative,
    Mutual,
    Foundation,
    /// Any other unit that SIRENE flags as ESS (`economieSocialeSolidaireUniteLegale = O`).
    EssCompany,
}

impl Family {
    pub const ALL: [Family; 5] = [
        Family::Association,
        Family::Cooperative,
        Family::Mutual,
        Family::Foundation,
        Family::EssCompany,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Family::Association => "association",
            Family::Cooperative => "cooperative",
            Family::Mutual => "mutual",
            Family::Foundation => "foundation",
            Family::EssCompany => "ess_company",
        }
    }

    pub fn parse(code: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn message_id(self) -> String {
        format!("observatory-family-{}", self.code().replace('_', "-"))
    }
}

/// Legal categories (`categorieJuridiqueUniteLegale`) that make a unit ESS by their form.
/// Associations: every 92xx and Alsace-Moselle's 5195; foundations 9300; mutuals; cooperatives
/// (SCOP, other cooperatives, agricultural). A SCIC in SAS form is coded 5710 like any SAS: only
/// the ESS flag finds it.
pub const FORM_FAMILIES: &[(&str, Family)] = &[
    ("92", Family::Association),
    ("5195", Family::Association),
    ("9300", Family::Foundation),
    ("8210", Family::Mutual),
    ("8250", Family::Mutual),
    ("8290", Family::Mutual),
    ("6411", Family::Mutual),
    ("5458", Family::Cooperative),
    ("5558", Family::Cooperative),
    ("5658", Family::Cooperative),
    ("5460", Family::Cooperative),
    ("5560", Family::Cooperative),
    ("5660", Family::Cooperative),
    ("6316", Family::Cooperative),
    ("6317", Family::Cooperative),
    ("6318", Family::Cooperative),
];

/// The family of a unit by its legal form alone (prefix match: `92` covers 9210…9260).
pub fn family_by_form(category: &[u8]) -> Option<Family> {
    FORM_FAMILIES
        .iter()
        .find(|(prefix, _)| category.starts_with(prefix.as_bytes()))
        .map(|(_, f)| *f)
}

/// Whether a unit belongs to the ESS, and in which family: its form when it is an ESS form,
/// otherwise an ESS company when SIRENE flags it.
pub fn classify(category: &[u8], ess_flag: bool) -> Option<Family> {
    family_by_form(category).or(ess_flag.then_some(Family::EssCompany))
}

/// NAF rév. 2 sections by division (the first two digits of the activity code).
const SECTIONS: &[(u8, u8, char)] = &[
    (1, 3, 'A'),
    (5, 9, 'B'),
    (10, 33, 'C'),
    (35, 35, 'D'),
    (36, 39, 'E'),
    (41, 43, 'F'),
    (45, 47, 'G'),
    (49, 53, 'H'),
    (55, 56, 'I'),
    (58, 63, 'J'),
    (64, 66, 'K'),
    (68, 68, 'L'),
    (69, 75, 'M'),
    (77, 82, 'N'),
    (84, 84, 'O'),
    (85, 85, 'P'),
    (86, 88, 'Q'),
    (90, 93, 'R'),
    (94, 96, 'S'),
    (97, 98, 'T'),
    (99, 99, 'U'),
];

pub const SECTION_LETTERS: [char; 21] = [
    'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S',
    'T', 'U',
];

/// The NAF section of an activity code such as `88.91A` (or `8891A`).
pub fn naf_section(code: &str) -> Option<char> {
    let digits: Vec<u8> = code.bytes().filter(u8::is_ascii_digit).take(2).collect();
    if digits.len() < 2 {
        return None;
    }
    let division = (digits[0] - b'0') * 10 + (digits[1] - b'0');
    SECTIONS
        .iter()
        .find(|(lo, hi, _)| (*lo..=*hi).contains(&division))
        .map(|(_, _, s)| *s)
}

/// Headcount bands (`tranche…`), in order, with their French label.
pub const SIZE_BANDS: &[(&str, &str)] = &[
    ("NN", "non employeur"),
    ("00", "0 salarié"),
    ("01", "1 à 2"),
    ("02", "3 à 5"),
    ("03", "6 à 9"),
    ("11", "10 à 19"),
    ("12", "20 à 49"),
    ("21", "50 à 99"),
    ("22", "100 à 199"),
    ("31", "200 à 249"),
    ("32", "250 à 499"),
    ("41", "500 à 999"),
    ("42", "1 000 à 1 999"),
    ("51", "2 000 à 4 999"),
    ("52", "5 000 à 9 999"),
    ("53", "10 000 et plus"),
];

pub fn is_size_band(code: &str) -> bool {
    SIZE_BANDS.iter().any(|(c, _)| *c == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_by_form_and_flag() {
        assert_eq!(classify(b"9220", false), Some(Family::Association));
        assert_eq!(classify(b"5195", false), Some(Family::Association));
        assert_eq!(classify(b"9300", false), Some(Family::Foundation));
        assert_eq!(classify(b"8210", true), Some(Family::Mutual));
        assert_eq!(classify(b"5458", false), Some(Family::Cooperative));
        // A SCIC in SAS form: only the flag tells.
        assert_eq!(classify(b"5710", true), Some(Family::EssCompany));
        assert_eq!(classify(b"5710", false), None);
    }

    #[test]
    fn naf_sections() {
        assert_eq!(naf_section("88.91A"), Some('Q'));
        assert_eq!(naf_section("94.99Z"), Some('S'));
        assert_eq!(naf_section("01.11Z"), Some('A'));
        assert_eq!(naf_section("56.10A"), Some('I'));
        assert_eq!(naf_section(""), None);
        assert_eq!(naf_section("04.00Z"), None);
    }
}
