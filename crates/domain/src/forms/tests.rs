//! Tests of the forms module: every field kind's parsing and checks, the condition language,
//! schema checks, revisions, budgets, computed fields, the CERFA template, Fluent messages,
//! and properties.

use super::budget::{self, Side, BUDGET_ACCOUNTS, BUDGET_LINES, BUDGET_VALUES};
use super::cerfa::{example_project_budget, REQUESTED_LINE};
use super::input::{format_decimal, format_integer, format_percent, parse_phone, parse_url};
use super::validate::check_value;
use super::*;
use crate::esus::EsusStatus;
use crate::identifiers::CommuneCode;
use crate::money::{Cents, MoneyError};
use crate::org::OrgKind;
use chrono::NaiveDate;
use proptest::prelude::*;
use std::collections::BTreeMap;

const FTL_FR: &str = include_str!("../../../../locales/fr/forms.ftl");
const FTL_EN: &str = include_str!("../../../../locales/en/forms.ftl");
const DOMAIN_FR: &str = include_str!("../../../../locales/fr/domain.ftl");
const DOMAIN_EN: &str = include_str!("../../../../locales/en/domain.ftl");

// ---------------------------------------------------------------------------------------------
// Helpers

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn eur(n: i64) -> Cents {
    Cents::from_euros(n).unwrap()
}

fn fid(s: &str) -> FieldId {
    FieldId::new(s)
}

fn opts3() -> Vec<ChoiceOption> {
    vec![
        ChoiceOption::new("a", "A", "A"),
        ChoiceOption::new("b", "B", "B"),
        ChoiceOption::new("c", "C", "C"),
    ]
}

fn f(id: &str, kind: FieldKind) -> Field {
    Field::new(id, id, id, kind)
}

fn text() -> FieldKind {
    FieldKind::ShortText { max_len: None }
}

fn int() -> FieldKind {
    FieldKind::Integer {
        min: None,
        max: None,
    }
}

fn money() -> FieldKind {
    FieldKind::Currency {
        min: None,
        max: None,
    }
}

fn yes_no() -> FieldKind {
    FieldKind::YesNo { must_accept: false }
}

fn one_page(fields: Vec<Field>) -> FormSchema {
    FormSchema {
        pages: vec![FormPage {
            id: "p1".into(),
            title: LocalizedText::fr("Page"),
            sections: vec![Section {
                id: "s1".into(),
                title: LocalizedText::fr("Section"),
                intro: None,
                condition: None,
                fields,
            }],
        }],
    }
}

fn two_pages(first: Vec<Field>, second: Vec<Field>) -> FormSchema {
    let mut s = one_page(first);
    s.pages.push(FormPage {
        id: "p2".into(),
        title: LocalizedText::fr("Page 2"),
        sections: vec![Section {
            id: "s2".into(),
            title: LocalizedText::fr("Section 2"),
            intro: None,
            condition: None,
            fields: second,
        }],
    });
    s
}

fn parse(kind: &FieldKind, s: &str) -> Result<Option<Value>, FieldErrorCode> {
    parse_input(kind, &[s])
}

fn ok(kind: &FieldKind, s: &str) -> Value {
    parse(kind, s)
        .unwrap_or_else(|e| panic!("{s:?}: {e:?}"))
        .unwrap_or_else(|| panic!("{s:?}: blank"))
}

fn err_code(kind: &FieldKind, s: &str) -> &'static str {
    parse(kind, s).expect_err(s).code()
}

fn check(kind: &FieldKind, v: &Value) -> Result<(), &'static str> {
    check_value(kind, v, &ValidateOptions::default()).map_err(|e| e.code())
}

fn schema_errors(schema: &FormSchema) -> Vec<(String, &'static str)> {
    match schema.check() {
        Ok(()) => vec![],
        Err(errs) => errs.iter().map(|e| (e.at.clone(), e.code())).collect(),
    }
}

fn has_error(schema: &FormSchema, at: &str, code: &str) -> bool {
    schema_errors(schema)
        .iter()
        .any(|(a, c)| a == at && *c == code)
}

fn codes(errs: &[FieldError]) -> Vec<(String, &'static str)> {
    errs.iter().map(|e| (e.path.clone(), e.code)).collect()
}

fn validate_all(schema: &FormSchema, answers: &Answers) -> Vec<(String, &'static str)> {
    codes(&validate(
        schema,
        answers,
        &OrgFacts::default(),
        Scope::All,
        &ValidateOptions::default(),
    ))
}

fn raw(pairs: &[(&str, &str)]) -> RawInput {
    let mut out: RawInput = BTreeMap::new();
    for (k, v) in pairs {
        out.entry((*k).to_owned())
            .or_default()
            .push((*v).to_owned());
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Localized text, ids

#[test]
fn localized_text_falls_back_to_french() {
    let both = LocalizedText::new("Bonjour", "Hello");
    assert_eq!(both.get("fr"), "Bonjour");
    assert_eq!(both.get("en"), "Hello");
    assert_eq!(both.get("de"), "Bonjour");
    assert_eq!(LocalizedText::fr("Bonjour").get("en"), "Bonjour");
    let blank = LocalizedText {
        fr: "Bonjour".into(),
        en: Some("  ".into()),
    };
    assert_eq!(blank.get("en"), "Bonjour");
    // JSON: no "en" key when absent.
    let json = serde_json::to_string(&LocalizedText::fr("x")).unwrap();
    assert_eq!(json, r#"{"fr":"x"}"#);
}

#[test]
fn field_ids() {
    for good in [
        "a",
        "budget_2",
        "team.name",
        "9x",
        "project_budget.total_income",
    ] {
        assert!(FieldId::parse(good).is_ok(), "{good}");
    }
    for bad in [
        "",
        "A",
        "a-b",
        "a.b.c",
        ".a",
        "a.",
        "é",
        "a b",
        &"x".repeat(65),
    ] {
        assert!(FieldId::parse(bad).is_err(), "{bad}");
    }
    let id = fid("team.name");
    assert_eq!((id.head(), id.tail()), ("team", Some("name")));
    assert!(!id.is_simple());
    assert_eq!(fid("team").join(&fid("name")), id);
    // Deserialising goes through parse.
    assert!(serde_json::from_str::<FieldId>(r#""Bad""#).is_err());
    assert_eq!(
        serde_json::from_str::<FieldId>(r#""ok""#).unwrap(),
        fid("ok")
    );
}

// ---------------------------------------------------------------------------------------------
// Parsing, kind by kind (accept and refuse)

#[test]
fn blank_input_is_no_answer() {
    for kind in [
        text(),
        int(),
        money(),
        yes_no(),
        FieldKind::Email,
        FieldKind::Siret,
    ] {
        assert_eq!(parse(&kind, "   "), Ok(None));
        assert_eq!(parse_input(&kind, &[] as &[&str]), Ok(None));
    }
    // Several non-blank values for a single-valued field.
    assert_eq!(
        parse_input(&int(), &["1", "2"]).unwrap_err(),
        FieldErrorCode::WrongValue
    );
    assert_eq!(parse_input(&int(), &["", "2"]), Ok(Some(Value::Integer(2))));
}

#[test]
fn short_and_long_text() {
    assert_eq!(
        ok(&text(), "  Les Amis\r\ndu quartier\t "),
        Value::Text("Les Amis  du quartier".into())
    );
    let long = FieldKind::LongText { max_len: Some(10) };
    assert_eq!(
        ok(&long, " ligne 1\r\nligne 2 "),
        Value::Text("ligne 1\nligne 2".into())
    );
    // Lengths count characters, after CRLF → LF: 10 characters pass.
    assert_eq!(check(&long, &ok(&long, "éééé\r\néééé\r\n")), Ok(()));
    assert_eq!(
        check(&long, &ok(&long, "ééééé\r\néééééé")),
        Err("forms-too-long")
    );
    let e = check_value(
        &long,
        &Value::Text("x".repeat(11)),
        &ValidateOptions::default(),
    );
    assert_eq!(e, Err(FieldErrorCode::TooLong { max: 10 }));
    // Defaults when staff set no limit.
    assert_eq!(text().max_len(), Some(schema::DEFAULT_SHORT_MAX));
    assert_eq!(
        check(&text(), &Value::Text("x".repeat(251))),
        Err("forms-too-long")
    );
    assert_eq!(
        check(&text(), &Value::Integer(3)),
        Err("forms-value-invalid")
    );
}

#[test]
fn integers() {
    let k = int();
    for (s, n) in [
        ("42", 42),
        ("1 234", 1234),
        ("1\u{202f}234\u{a0}567", 1_234_567),
        ("1,234", 1234),
        ("1.234.567", 1_234_567),
        ("-5", -5),
        ("+7", 7),
        ("−3", -3),
        ("007", 7),
    ] {
        assert_eq!(ok(&k, s), Value::Integer(n), "{s}");
    }
    for s in [
        "12,5",
        "1,2345",
        "abc",
        "1 23",
        "1e3",
        "12 345 6",
        "99999999999999999999",
        "--1",
        ",",
    ] {
        assert_eq!(err_code(&k, s), "forms-integer-format", "{s}");
    }
    let ranged = FieldKind::Integer {
        min: Some(1),
        max: Some(10),
    };
    assert_eq!(check(&ranged, &Value::Integer(1)), Ok(()));
    assert_eq!(check(&ranged, &Value::Integer(10)), Ok(()));
    assert_eq!(
        check_value(&ranged, &Value::Integer(0), &ValidateOptions::default()),
        Err(FieldErrorCode::TooSmall {
            min: ArgValue::Integer(1)
        })
    );
    assert_eq!(check(&ranged, &Value::Integer(11)), Err("forms-too-large"));
}

#[test]
fn decimals() {
    let k = FieldKind::Decimal {
        min: Some(0.0),
        max: Some(100.0),
        decimals: 2,
    };
    for (s, x) in [
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("1 234,56", 1234.56),
        ("1,234.56", 1234.56),
        ("1.234,56", 1234.56),
        ("12,345", 12345.0), // thousands: the field takes 2 decimals
        ("0,05", 0.05),
        ("-0,5", -0.5),
        ("3", 3.0),
    ] {
        assert_eq!(ok(&k, s), Value::Decimal(x), "{s}");
    }
    assert_eq!(err_code(&k, "0,123"), "forms-number-decimals");
    assert_eq!(err_code(&k, "1,2,3"), "forms-number-format");
    assert_eq!(err_code(&k, "1.234.5"), "forms-number-format");
    assert_eq!(err_code(&k, "douze"), "forms-number-format");
    assert_eq!(err_code(&k, "12,"), "forms-number-format");
    assert_eq!(
        parse(&k, "1,555").map(|_| ()),
        Ok(()),
        "three digits after one separator read as thousands"
    );
    let three = FieldKind::Decimal {
        min: None,
        max: None,
        decimals: 3,
    };
    assert_eq!(ok(&three, "12,345"), Value::Decimal(12.345));
    assert_eq!(
        parse(&three, "1,2345").unwrap_err(),
        FieldErrorCode::TooManyDecimals { max: 3 }
    );
    assert_eq!(check(&k, &Value::Decimal(100.0)), Ok(()));
    assert_eq!(check(&k, &Value::Decimal(100.01)), Err("forms-too-large"));
    assert_eq!(check(&k, &Value::Decimal(-0.01)), Err("forms-too-small"));
    assert_eq!(
        check(&k, &Value::Decimal(f64::NAN)),
        Err("forms-number-format")
    );
    assert_eq!(check(&k, &Value::Integer(3)), Err("forms-value-invalid"));
}

#[test]
fn currency() {
    let k = FieldKind::Currency {
        min: Some(Cents::ZERO),
        max: Some(eur(50_000)),
    };
    assert_eq!(ok(&k, "1 234,56 €"), Value::Cents(Cents(123_456)));
    assert_eq!(ok(&k, "€1,234.56"), Value::Cents(Cents(123_456)));
    assert_eq!(ok(&k, "15000"), Value::Cents(eur(15_000)));
    assert_eq!(err_code(&k, "quinze mille"), "money-format");
    assert_eq!(err_code(&k, "1,234"), "money-precision");
    assert_eq!(check(&k, &Value::Cents(eur(50_000))), Ok(()));
    assert_eq!(
        check_value(
            &k,
            &Value::Cents(Cents(5_000_001)),
            &ValidateOptions::default()
        ),
        Err(FieldErrorCode::TooLarge {
            max: ArgValue::Cents(eur(50_000))
        })
    );
    assert_eq!(check(&k, &Value::Cents(Cents(-1))), Err("forms-too-small"));
}

#[test]
fn percentages() {
    let k = FieldKind::Percentage {
        min: Some(0),
        max: Some(10_000),
    };
    for (s, bp) in [
        ("12,5 %", 1250),
        ("12.5%", 1250),
        ("12,5\u{202f}%", 1250),
        ("100", 10_000),
        ("0,01", 1),
        ("33,33 %", 3333),
    ] {
        assert_eq!(ok(&k, s), Value::Percent(bp), "{s}");
    }
    assert_eq!(err_code(&k, "12,555 %"), "forms-number-decimals");
    assert_eq!(err_code(&k, "douze %"), "forms-percent-format");
    assert_eq!(err_code(&k, "%"), "forms-percent-format");
    assert_eq!(check(&k, &Value::Percent(10_001)), Err("forms-too-large"));
    assert_eq!(check(&k, &Value::Percent(-1)), Err("forms-too-small"));
}

#[test]
fn dates() {
    let k = FieldKind::Date {
        min: Some(d(2026, 1, 1)),
        max: Some(d(2027, 12, 31)),
    };
    assert_eq!(ok(&k, "2026-11-28"), Value::Date(d(2026, 11, 28)));
    assert_eq!(ok(&k, " 28/11/2026 "), Value::Date(d(2026, 11, 28)));
    assert_eq!(ok(&k, "1/2/2026"), Value::Date(d(2026, 2, 1)));
    for s in [
        "2026-02-30",
        "11/28/2026",
        "28-11-2026",
        "demain",
        "20261128",
        "0999-01-01",
    ] {
        assert_eq!(err_code(&k, s), "forms-date-format", "{s}");
    }
    assert_eq!(check(&k, &Value::Date(d(2026, 1, 1))), Ok(()));
    assert_eq!(
        check_value(
            &k,
            &Value::Date(d(2025, 12, 31)),
            &ValidateOptions::default()
        ),
        Err(FieldErrorCode::DateTooEarly { min: d(2026, 1, 1) })
    );
    assert_eq!(
        check(&k, &Value::Date(d(2028, 1, 1))),
        Err("forms-date-too-late")
    );
}

#[test]
fn yes_no_and_sworn_statements() {
    let k = yes_no();
    for s in ["yes", "Oui", "true", "1", "on"] {
        assert_eq!(ok(&k, s), Value::Bool(true), "{s}");
    }
    for s in ["no", "NON", "false", "0"] {
        assert_eq!(ok(&k, s), Value::Bool(false), "{s}");
    }
    assert_eq!(err_code(&k, "peut-être"), "forms-choice-invalid");
    assert_eq!(check(&k, &Value::Bool(false)), Ok(()));
    let sworn = FieldKind::YesNo { must_accept: true };
    assert_eq!(check(&sworn, &Value::Bool(true)), Ok(()));
    assert_eq!(check(&sworn, &Value::Bool(false)), Err("forms-must-accept"));
}

#[test]
fn single_and_multiple_choices() {
    let single = FieldKind::SingleChoice { options: opts3() };
    assert_eq!(ok(&single, " b "), Value::Choice("b".into()));
    assert_eq!(err_code(&single, "z"), "forms-choice-invalid");
    assert_eq!(
        check(&single, &Value::Choice("z".into())),
        Err("forms-choice-invalid")
    );

    let multi = FieldKind::MultipleChoice {
        options: opts3(),
        min: Some(2),
        max: Some(2),
    };
    // Options' order, duplicates dropped.
    assert_eq!(
        parse_input(&multi, &["c", "a", "c", ""]),
        Ok(Some(Value::Choices(vec!["a".into(), "c".into()])))
    );
    assert_eq!(parse_input(&multi, &[""]), Ok(None));
    assert_eq!(
        parse_input(&multi, &["a", "z"]).unwrap_err().code(),
        "forms-choice-invalid"
    );
    let pick = |ids: &[&str]| Value::Choices(ids.iter().map(|s| (*s).to_owned()).collect());
    assert_eq!(check(&multi, &pick(&["a", "b"])), Ok(()));
    assert_eq!(
        check_value(&multi, &pick(&["a"]), &ValidateOptions::default()),
        Err(FieldErrorCode::TooFewChoices { min: 2 })
    );
    assert_eq!(
        check(&multi, &pick(&["a", "b", "c"])),
        Err("forms-choices-too-many")
    );
    assert_eq!(
        check(&multi, &pick(&["a", "a"])),
        Err("forms-choice-invalid")
    );
    assert_eq!(
        check(&multi, &pick(&["a", "y"])),
        Err("forms-choice-invalid")
    );
}

#[test]
fn email_phone_url() {
    assert_eq!(
        ok(&FieldKind::Email, " Marie.Curie@Exemple.FR "),
        Value::Text("marie.curie@exemple.fr".into())
    );
    assert_eq!(err_code(&FieldKind::Email, "marie@"), "email-invalid");
    assert_eq!(
        check(&FieldKind::Email, &Value::Text("x".into())),
        Err("email-invalid")
    );

    for s in [
        "06 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "+33 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
        "0033 6 12 34 56 78",
        "+33612345678",
    ] {
        assert_eq!(parse_phone(s).as_deref(), Ok("+33612345678"), "{s}");
    }
    assert_eq!(parse_phone("01 47 29 30 00").as_deref(), Ok("+33147293000"));
    assert_eq!(parse_phone("+32 2 123 45 67").as_deref(), Ok("+3221234567"));
    assert_eq!(
        parse_phone("+262 262 12 34 56").as_deref(),
        Ok("+262262123456")
    );
    for s in [
        "12345",
        "06 12 34 56",
        "06 12 34 56 7",
        "06 12 34 56 78 9",
        "+33 0 612 345 678 9",
        "06 12 AB 56 78",
        "+",
        "+33",
    ] {
        assert_eq!(parse_phone(s), Err(FieldErrorCode::PhoneFormat), "{s}");
    }
    assert_eq!(
        input::format_phone("+33612345678"),
        "06\u{a0}12\u{a0}34\u{a0}56\u{a0}78"
    );
    assert_eq!(input::format_phone("+3221234567"), "+3221234567");
    assert_eq!(
        ok(&FieldKind::Phone, "06 12 34 56 78"),
        Value::Text("+33612345678".into())
    );

    for s in [
        "https://www.exemple.fr",
        "http://exemple.fr/page?x=1#top",
        "HTTPS://Exemple.fr/Chemin",
        "https://asso.exemple.fr:8443/",
        "https://exemple-asso.fr",
        "https://économie.fr",
    ] {
        assert!(parse_url(s).is_ok(), "{s}");
    }
    assert_eq!(
        parse_url("HTTPS://Exemple.fr/A").unwrap(),
        "https://Exemple.fr/A"
    );
    for s in [
        "www.exemple.fr",
        "ftp://exemple.fr",
        "https://",
        "https://exemple",
        "https://ex ample.fr",
        "https://-x.fr",
        "https://a..fr",
        "javascript:alert(1)",
    ] {
        assert_eq!(parse_url(s), Err(FieldErrorCode::UrlFormat), "{s}");
    }
    assert_eq!(err_code(&FieldKind::Url, "exemple.fr"), "forms-url-format");
}

#[test]
fn communes_siret_rna() {
    let one = FieldKind::Commune { multiple: false };
    assert_eq!(ok(&one, " 92050 "), Value::Text("92050".into()));
    assert_eq!(ok(&one, "2a004"), Value::Text("2A004".into()));
    assert_eq!(err_code(&one, "9205"), "id-commune-format");
    let many = FieldKind::Commune { multiple: true };
    assert_eq!(
        parse_input(&many, &["92050, 92051;92050", "92012"]),
        Ok(Some(Value::Choices(vec![
            "92050".into(),
            "92051".into(),
            "92012".into()
        ])))
    );
    assert_eq!(
        parse_input(&many, &["92050 x"]).unwrap_err().code(),
        "id-commune-format"
    );

    let territory = [
        CommuneCode::parse("92050").unwrap(),
        CommuneCode::parse("92051").unwrap(),
    ];
    let opts = ValidateOptions {
        territory: Some(&territory),
        ..ValidateOptions::default()
    };
    assert_eq!(
        check_value(&one, &Value::Text("92050".into()), &opts),
        Ok(())
    );
    assert_eq!(
        check_value(&one, &Value::Text("75056".into()), &opts),
        Err(FieldErrorCode::CommuneOutside)
    );
    let list = Value::Choices(vec!["92050".into(), "75056".into()]);
    assert_eq!(
        check_value(&many, &list, &opts),
        Err(FieldErrorCode::CommuneOutside)
    );
    assert_eq!(check(&many, &list), Ok(()));

    assert_eq!(
        ok(&FieldKind::Siret, "552 100 554 00013"),
        Value::Text("55210055400013".into())
    );
    assert_eq!(
        err_code(&FieldKind::Siret, "55210055400014"),
        "id-siret-checksum"
    );
    assert_eq!(
        check(&FieldKind::Siret, &Value::Text("123".into())),
        Err("id-siret-length")
    );
    assert_eq!(
        ok(&FieldKind::Rna, "w921001234"),
        Value::Text("W921001234".into())
    );
    assert_eq!(err_code(&FieldKind::Rna, "X921001234"), "id-rna-format");
}

#[test]
fn attachments() {
    let k = FieldKind::Attachment {
        accept: vec![FileType::Pdf, FileType::Jpeg],
        max_bytes: 1_000,
    };
    let file = |name: &str, size| {
        Value::File(FileRef {
            id: 1,
            name: name.into(),
            size,
        })
    };
    assert_eq!(check(&k, &file("rib.PDF", 1_000)), Ok(()));
    assert_eq!(check(&k, &file("photo.jpeg", 10)), Ok(()));
    assert_eq!(check(&k, &file("photo.jpg", 10)), Ok(()));
    assert_eq!(
        check_value(&k, &file("statuts.docx", 10), &ValidateOptions::default()),
        Err(FieldErrorCode::FileType {
            accept: "PDF, JPEG".into()
        })
    );
    assert_eq!(check(&k, &file("pdf", 10)), Err("forms-file-type"));
    assert_eq!(check(&k, &file(".pdf", 10)), Err("forms-file-type"));
    assert_eq!(
        check(&k, &file("rib.pdf", 1_001)),
        Err("forms-file-too-large")
    );
    // Files are not parsed from text.
    assert_eq!(err_code(&k, "rib.pdf"), "forms-value-invalid");
    assert_eq!(
        FileType::accept_attr(&[FileType::Pdf, FileType::Jpeg]),
        ".pdf,.jpg,.jpeg"
    );
    assert!(FileType::Office.extensions().contains(&"odt"));
    assert!(FileType::ALL.iter().all(|t| !t.media_types().is_empty()));
}

#[test]
fn composite_kinds_are_not_single_inputs() {
    for kind in [
        FieldKind::Group {
            fields: vec![f("x", text())],
            min_items: 0,
            max_items: None,
        },
        FieldKind::BudgetTable {
            requested_line: None,
            project: false,
        },
        FieldKind::Computed {
            op: ComputedOp::Sum,
            operands: vec![fid("x")],
            display: ComputedDisplay::Integer,
        },
        FieldKind::Explanation {
            text: LocalizedText::fr("x"),
        },
    ] {
        assert_eq!(err_code(&kind, "x"), "forms-value-invalid");
    }
}

#[test]
fn to_input_reads_back() {
    let cases: Vec<(FieldKind, Value)> = vec![
        (text(), Value::Text("Bonjour".into())),
        (int(), Value::Integer(-1_234_567)),
        (
            FieldKind::Decimal {
                min: None,
                max: None,
                decimals: 2,
            },
            Value::Decimal(1234.5),
        ),
        (money(), Value::Cents(Cents(-123_456_789))),
        (
            FieldKind::Percentage {
                min: None,
                max: None,
            },
            Value::Percent(1250),
        ),
        (
            FieldKind::Date {
                min: None,
                max: None,
            },
            Value::Date(d(2026, 11, 28)),
        ),
        (yes_no(), Value::Bool(false)),
        (
            FieldKind::SingleChoice { options: opts3() },
            Value::Choice("b".into()),
        ),
        (
            FieldKind::MultipleChoice {
                options: opts3(),
                min: None,
                max: None,
            },
            Value::Choices(vec!["a".into(), "c".into()]),
        ),
        (FieldKind::Phone, Value::Text("+33612345678".into())),
        (
            FieldKind::Commune { multiple: true },
            Value::Choices(vec!["92050".into(), "2A004".into()]),
        ),
    ];
    for lang in ["fr", "en"] {
        for (kind, value) in &cases {
            let inputs = to_input(kind, value, lang);
            assert_eq!(
                parse_input(kind, &inputs),
                Ok(Some(value.clone())),
                "{lang} {inputs:?}"
            );
        }
    }
    assert_eq!(
        to_input(&int(), &Value::Integer(1234), "fr"),
        ["1\u{202f}234"]
    );
    assert_eq!(to_input(&int(), &Value::Integer(1234), "en"), ["1,234"]);
    assert_eq!(
        to_input(&money(), &Value::Cents(Cents(123_456)), "fr"),
        ["1\u{202f}234,56"]
    );
    assert_eq!(format_percent(1250, "fr"), "12,5\u{202f}%");
    assert_eq!(format_percent(-5, "en"), "-0.05%");
    assert_eq!(format_decimal(-0.001, 2, "fr"), "0,00");
    assert_eq!(format_integer(i64::MIN, "en"), "-9,223,372,036,854,775,808");
}

// ---------------------------------------------------------------------------------------------
// Conditions

struct TestEnv {
    answers: Answers,
    org: OrgFacts,
}

impl Env for TestEnv {
    fn field(&self, id: &FieldId) -> Option<Value> {
        self.answers.field(id)
    }
    fn org(&self, fact: OrgFact) -> Option<Value> {
        self.org.value(fact)
    }
}

fn env() -> TestEnv {
    TestEnv {
        answers: Answers::new()
            .with("employees", Value::Integer(3))
            .with("fte", Value::Decimal(2.5))
            .with("amount", Value::Cents(eur(20_000)))
            .with("share", Value::Percent(5000))
            .with("start", Value::Date(d(2026, 3, 1)))
            .with("esus", Value::Bool(true))
            .with("name", Value::Text("Les Amis".into()))
            .with("blank", Value::Text("  ".into()))
            .with("kind", Value::Choice("new".into()))
            .with(
                "publics",
                Value::Choices(vec!["youth".into(), "seniors".into()]),
            )
            .with("none", Value::Choices(vec![]))
            .with("commune", Value::Text("92050".into()))
            .with(
                "communes",
                Value::Choices(vec!["92050".into(), "92051".into()]),
            )
            .with(
                "mixed",
                Value::Choices(vec!["92050".into(), "75056".into()]),
            ),
        org: OrgFacts {
            kind: Some(OrgKind::Association),
            commune: Some(CommuneCode::parse("92050").unwrap()),
            esus: None,
            has_siret: true,
            has_rna: false,
            legal_category: Some(crate::identifiers::LegalCategory::parse("9220").unwrap()),
            created_years: Some(4),
        },
    }
}

fn cmp(field: &str, op: CmpOp, value: Literal) -> Condition {
    Condition::compare(Var::field(field), op, value)
}

#[test]
fn comparisons() {
    let e = env();
    use CmpOp::*;
    let int = |op, n| cmp("employees", op, Literal::Integer(n)).eval(&e);
    assert!(int(Eq, 3) && int(Ne, 4) && int(Lt, 4) && int(Le, 3) && int(Gt, 2) && int(Ge, 3));
    assert!(!int(Eq, 4) && !int(Ne, 3) && !int(Lt, 3) && !int(Le, 2) && !int(Gt, 3) && !int(Ge, 4));
    // Integers and decimals compare together.
    assert!(cmp("employees", Gt, Literal::Decimal(2.5)).eval(&e));
    assert!(cmp("fte", Lt, Literal::Integer(3)).eval(&e));
    assert!(cmp("fte", Eq, Literal::Decimal(2.5)).eval(&e));
    assert!(cmp("amount", Ge, Literal::Cents(eur(20_000))).eval(&e));
    assert!(cmp("share", Le, Literal::Percent(5000)).eval(&e));
    assert!(cmp("start", Lt, Literal::Date(d(2026, 6, 1))).eval(&e));
    assert!(cmp("esus", Eq, Literal::Bool(true)).eval(&e));
    assert!(cmp("name", Eq, Literal::Text("Les Amis".into())).eval(&e));
    assert!(cmp("name", Ne, Literal::Text("Autre".into())).eval(&e));
    assert!(cmp("kind", Eq, Literal::Text("new".into())).eval(&e));
}

#[test]
fn mismatches_and_missing_values_are_false() {
    let e = env();
    use CmpOp::*;
    // Amounts compare with amounts only: 20 000 € is not "20000".
    assert!(!cmp("amount", Eq, Literal::Integer(2_000_000)).eval(&e));
    assert!(!cmp("amount", Ne, Literal::Integer(1)).eval(&e));
    assert!(!cmp("share", Eq, Literal::Integer(5000)).eval(&e));
    assert!(!cmp("name", Eq, Literal::Integer(1)).eval(&e));
    // No ordering on text or yes/no.
    assert!(!cmp("name", Lt, Literal::Text("Z".into())).eval(&e));
    assert!(!cmp("esus", Gt, Literal::Bool(false)).eval(&e));
    assert!(!cmp("fte", Eq, Literal::Decimal(f64::NAN)).eval(&e));
    assert!(!cmp("publics", Eq, Literal::Text("youth".into())).eval(&e));
    // Missing: false whatever the operator, `ne` included.
    assert!(!cmp("missing", Eq, Literal::Integer(1)).eval(&e));
    assert!(!cmp("missing", Ne, Literal::Integer(1)).eval(&e));
    assert!(!Condition::includes(Var::field("missing"), Literal::Text("x".into())).eval(&e));
    assert!(!Condition::in_communes(Var::field("missing"), &["92"]).eval(&e));
    assert!(!Condition::in_communes(Var::field("employees"), &["92"]).eval(&e));
}

#[test]
fn and_or_not() {
    let e = env();
    let t = Condition::is_yes("esus");
    let f = cmp("employees", CmpOp::Eq, Literal::Integer(0));
    assert!(Condition::All(vec![]).eval(&e));
    assert!(!Condition::Any(vec![]).eval(&e));
    assert!(Condition::All(vec![t.clone(), t.clone()]).eval(&e));
    assert!(!Condition::All(vec![t.clone(), f.clone()]).eval(&e));
    assert!(Condition::Any(vec![f.clone(), t.clone()]).eval(&e));
    assert!(!Condition::Any(vec![f.clone(), f.clone()]).eval(&e));
    assert!(f.clone().negate().eval(&e));
    assert!(!t.clone().negate().eval(&e));
    assert!(Condition::All(vec![Condition::Any(vec![f.clone(), t.clone()]), f.negate()]).eval(&e));
}

#[test]
fn includes_and_empty() {
    let e = env();
    let inc = |field: &str, lit: Literal| Condition::includes(Var::field(field), lit).eval(&e);
    assert!(inc("publics", Literal::Text("youth".into())));
    assert!(!inc("publics", Literal::Text("children".into())));
    assert!(inc(
        "publics",
        Literal::List(vec!["children".into(), "seniors".into()])
    ));
    assert!(!inc("publics", Literal::List(vec!["children".into()])));
    assert!(inc(
        "kind",
        Literal::List(vec!["new".into(), "renewal".into()])
    ));
    assert!(!inc("kind", Literal::Text("new".into())));
    assert!(inc("communes", Literal::Text("92051".into())));
    assert!(!inc("none", Literal::Text("youth".into())));
    assert!(!inc("employees", Literal::List(vec!["3".into()])));

    let empty = |field: &str| Condition::empty(Var::field(field)).eval(&e);
    assert!(empty("missing") && empty("blank") && empty("none"));
    assert!(!empty("name") && !empty("publics") && !empty("employees") && !empty("esus"));
    assert!(Value::Group(vec![]).is_empty());
    assert!(Value::Budget(BudgetAnswer::default().with("60-autres", Cents::ZERO)).is_empty());
    assert!(!Value::Budget(BudgetAnswer::default().with("60-autres", Cents(1))).is_empty());
}

#[test]
fn in_communes() {
    let e = env();
    let inc = |var: Var, codes: &[&str]| Condition::in_communes(var, codes).eval(&e);
    assert!(inc(Var::field("commune"), &["92050", "92051"]));
    assert!(!inc(Var::field("commune"), &["92051"]));
    // A département code covers its communes.
    assert!(inc(Var::field("commune"), &["92"]));
    assert!(!inc(Var::field("commune"), &["75", "93"]));
    // Every commune of a list, and at least one.
    assert!(inc(Var::field("communes"), &["92"]));
    assert!(!inc(Var::field("mixed"), &["92"]));
    assert!(inc(Var::field("mixed"), &["92", "75056"]));
    assert!(!inc(Var::field("none"), &["92"]));
    assert!(inc(Var::Org(OrgFact::CommuneCode), &["92"]));
    let overseas = Answers::new().with("c", Value::Text("97411".into()));
    assert!(Condition::in_communes(Var::field("c"), &["974"]).eval(&overseas));
    assert!(!Condition::in_communes(Var::field("c"), &["97"]).eval(&overseas));
}

#[test]
fn organisation_facts() {
    let e = env();
    let org = |fact, op, lit| Condition::compare(Var::Org(fact), op, lit).eval(&e);
    assert!(org(
        OrgFact::Kind,
        CmpOp::Eq,
        Literal::Text("association".into())
    ));
    assert!(org(
        OrgFact::EsusStatus,
        CmpOp::Eq,
        Literal::Text("none".into())
    ));
    assert!(org(OrgFact::HasSiret, CmpOp::Eq, Literal::Bool(true)));
    assert!(org(OrgFact::HasRna, CmpOp::Eq, Literal::Bool(false)));
    assert!(org(
        OrgFact::LegalCategory,
        CmpOp::Eq,
        Literal::Text("9220".into())
    ));
    assert!(org(OrgFact::CreatedYears, CmpOp::Ge, Literal::Integer(3)));
    let approved = OrgFacts {
        esus: Some(EsusStatus::Expiring),
        ..OrgFacts::default()
    };
    let valid_esus = Condition::includes(
        Var::Org(OrgFact::EsusStatus),
        Literal::List(vec!["valid".into(), "expiring".into()]),
    );
    assert!(valid_esus.eval(&approved));
    assert!(!valid_esus.eval(&OrgFacts::default()));
    // Unknown facts make comparisons false.
    assert!(!Condition::compare(
        Var::Org(OrgFact::Kind),
        CmpOp::Ne,
        Literal::Text("x".into())
    )
    .eval(&OrgFacts::default()));
    assert!(Condition::empty(Var::Org(OrgFact::CreatedYears)).eval(&OrgFacts::default()));
}

#[test]
fn explain_lists_the_failing_leaves() {
    let e = env();
    let kind_ok = Condition::compare(
        Var::Org(OrgFact::Kind),
        CmpOp::Eq,
        Literal::Text("association".into()),
    );
    let in_92 = Condition::in_communes(Var::Org(OrgFact::CommuneCode), &["92"]);
    let big = cmp("employees", CmpOp::Ge, Literal::Integer(10));
    let rna = Condition::eq(Var::Org(OrgFact::HasRna), Literal::Bool(true));
    let esus = Condition::eq(Var::Org(OrgFact::EsusStatus), Literal::Text("valid".into()));
    let not_siret = Condition::eq(Var::Org(OrgFact::HasSiret), Literal::Bool(true)).negate();
    let c = Condition::All(vec![
        kind_ok.clone(),
        in_92.clone(),
        big.clone(),
        Condition::Any(vec![rna.clone(), esus.clone()]),
        not_siret.clone(),
    ]);
    assert!(!c.eval(&e));
    let failed = c.explain(&e);
    let got: Vec<(Vec<usize>, Condition)> =
        failed.into_iter().map(|f| (f.path, f.condition)).collect();
    assert_eq!(
        got,
        vec![
            (vec![2], big),
            (vec![3, 0], rna),
            (vec![3, 1], esus),
            (vec![4], not_siret),
        ]
    );
    assert!(Condition::All(vec![kind_ok, in_92]).explain(&e).is_empty());
    assert_eq!(Condition::Any(vec![]).explain(&e).len(), 1);
}

#[test]
fn eligibility_rules_say_which_rule_fails() {
    let rules = vec![
        EligibilityRule {
            id: "kind".into(),
            condition: Condition::includes(
                Var::Org(OrgFact::Kind),
                Literal::List(vec!["association".into(), "ess_company".into()]),
            ),
            message: Some(LocalizedText::new(
                "Ouvert aux associations et aux entreprises ESUS.",
                "Open to associations and ESUS enterprises.",
            )),
        },
        EligibilityRule {
            id: "territory".into(),
            condition: Condition::in_communes(Var::Org(OrgFact::CommuneCode), &["92"]),
            message: Some(LocalizedText::fr("Siège dans les Hauts-de-Seine.")),
        },
    ];
    let paris = OrgFacts {
        kind: Some(OrgKind::Association),
        commune: Some(CommuneCode::parse("75056").unwrap()),
        ..OrgFacts::default()
    };
    let failures = check_eligibility(&rules, &paris);
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].rule_id, "territory");
    assert_eq!(
        failures[0].message.as_ref().map(|m| m.get("en")),
        Some("Siège dans les Hauts-de-Seine.")
    );
    assert_eq!(failures[0].failed.len(), 1);
    let nanterre = OrgFacts {
        commune: Some(CommuneCode::parse("92050").unwrap()),
        ..paris
    };
    assert!(check_eligibility(&rules, &nanterre).is_empty());
    // The rules are data.
    let json = serde_json::to_string(&rules).unwrap();
    let back: Vec<EligibilityRule> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, rules);
}

#[test]
fn condition_json_shape() {
    let c = Condition::All(vec![
        Condition::compare(Var::field("employees"), CmpOp::Ge, Literal::Integer(1)),
        Condition::empty(Var::field("website")).negate(),
        Condition::in_communes(Var::Org(OrgFact::CommuneCode), &["92"]),
        Condition::includes(Var::field("publics"), Literal::Text("youth".into())),
        Condition::compare(
            Var::field("budget.requested"),
            CmpOp::Le,
            Literal::Cents(eur(50_000)),
        ),
    ]);
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"all": [
            {"compare": {"var": {"field": "employees"}, "op": "ge", "value": {"integer": 1}}},
            {"not": {"empty": {"var": {"field": "website"}}}},
            {"in_communes": {"var": {"org": "commune_code"}, "codes": ["92"]}},
            {"includes": {"var": {"field": "publics"}, "value": {"text": "youth"}}},
            {"compare": {"var": {"field": "budget.requested"}, "op": "le", "value": {"cents": 5000000}}}
        ]})
    );
    assert_eq!(serde_json::from_value::<Condition>(json).unwrap(), c);
    assert_eq!(Var::Org(OrgFact::HasRna).name(), "org.has_rna");
    assert_eq!(c.vars().len(), 5);
}

#[test]
fn condition_check_against_a_schema() {
    let schema = one_page(vec![
        f("name", text()),
        f("count", int()),
        f("amount", money()),
        f("kind", FieldKind::SingleChoice { options: opts3() }),
        f(
            "many",
            FieldKind::MultipleChoice {
                options: opts3(),
                min: None,
                max: None,
            },
        ),
        f("commune", FieldKind::Commune { multiple: false }),
        f(
            "team",
            FieldKind::Group {
                fields: vec![f("who", text())],
                min_items: 0,
                max_items: None,
            },
        ),
        f(
            "budget",
            FieldKind::BudgetTable {
                requested_line: Some(REQUESTED_LINE.into()),
                project: true,
            },
        ),
        f(
            "note",
            FieldKind::Explanation {
                text: LocalizedText::fr("…"),
            },
        ),
    ]);
    let good = [
        cmp("count", CmpOp::Gt, Literal::Decimal(1.5)),
        cmp("amount", CmpOp::Le, Literal::Cents(eur(5))),
        cmp("kind", CmpOp::Eq, Literal::Text("a".into())),
        Condition::includes(
            Var::field("many"),
            Literal::List(vec!["a".into(), "b".into()]),
        ),
        Condition::includes(Var::field("kind"), Literal::List(vec!["a".into()])),
        Condition::in_communes(Var::field("commune"), &["92", "75056", "2A"]),
        cmp("commune", CmpOp::Eq, Literal::Text("92050".into())),
        cmp(
            "budget.total_income",
            CmpOp::Ge,
            Literal::Cents(eur(23_000)),
        ),
        Condition::empty(Var::field("team")),
        Condition::compare(
            Var::Org(OrgFact::Kind),
            CmpOp::Eq,
            Literal::Text("mutual".into()),
        ),
        Condition::includes(
            Var::Org(OrgFact::EsusStatus),
            Literal::List(vec!["valid".into(), "none".into()]),
        ),
    ];
    for c in &good {
        assert_eq!(c.check(&schema), vec![], "{c:?}");
    }
    let bad = [
        (
            cmp("amount", CmpOp::Le, Literal::Integer(5)),
            "forms-schema-condition-type",
        ),
        (
            cmp("name", CmpOp::Lt, Literal::Text("x".into())),
            "forms-schema-condition-type",
        ),
        (
            cmp("kind", CmpOp::Eq, Literal::Text("zzz".into())),
            "forms-schema-condition-type",
        ),
        (
            Condition::includes(Var::field("many"), Literal::Text("zzz".into())),
            "forms-schema-condition-type",
        ),
        (
            Condition::in_communes(Var::field("commune"), &["97"]),
            "forms-schema-condition-type",
        ),
        (
            Condition::in_communes(Var::field("commune"), &[]),
            "forms-schema-condition-type",
        ),
        (
            Condition::in_communes(Var::field("name"), &["92"]),
            "forms-schema-condition-type",
        ),
        (
            Condition::empty(Var::field("note")),
            "forms-schema-condition-type",
        ),
        (
            Condition::compare(
                Var::Org(OrgFact::Kind),
                CmpOp::Eq,
                Literal::Text("club".into()),
            ),
            "forms-schema-condition-type",
        ),
        (
            Condition::compare(
                Var::Org(OrgFact::CreatedYears),
                CmpOp::Ge,
                Literal::Cents(eur(1)),
            ),
            "forms-schema-condition-type",
        ),
        (
            cmp("nope", CmpOp::Eq, Literal::Integer(1)),
            "forms-schema-unknown-reference",
        ),
        (
            cmp("budget.nope", CmpOp::Eq, Literal::Integer(1)),
            "forms-schema-unknown-reference",
        ),
        (
            Condition::empty(Var::field("team.who")),
            "forms-schema-member-reference",
        ),
    ];
    for (c, code) in &bad {
        let errs = c.check(&schema);
        assert_eq!(errs.len(), 1, "{c:?}");
        assert_eq!(errs[0].code(), *code, "{c:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Schema checks

#[test]
fn duplicate_and_bad_ids() {
    let s = one_page(vec![
        f("name", text()),
        f("name", int()),
        f(
            "team",
            FieldKind::Group {
                fields: vec![f("name", text()), f("role", text()), f("role", text())],
                min_items: 0,
                max_items: None,
            },
        ),
    ]);
    let errs = schema_errors(&s);
    assert!(errs.contains(&("name".into(), "forms-schema-duplicate-id")));
    assert!(errs.contains(&("team.role".into(), "forms-schema-duplicate-id")));
    // A member is namespaced: "team.name" does not clash with "name".
    assert!(!errs.iter().any(|(at, _)| at == "team.name"));

    let mut s = one_page(vec![f("ok", text())]);
    s.pages[0].sections[0].fields[0].id = FieldId::parse("a.b").unwrap();
    s.pages[0].id = "Page 1".into();
    let copy = s.pages[0].sections[0].clone();
    s.pages[0].sections.push(copy);
    let errs = schema_errors(&s);
    assert!(errs.contains(&("a.b".into(), "forms-schema-bad-id")));
    assert!(errs.contains(&("page:Page 1".into(), "forms-schema-bad-id")));
    assert!(errs.contains(&("section:s1".into(), "forms-schema-duplicate-id")));

    assert_eq!(
        schema_errors(&FormSchema::default()),
        vec![("form".into(), "forms-schema-empty-form")]
    );
}

#[test]
fn conditions_must_look_back() {
    let later = one_page(vec![
        f("a", text()).when(Condition::is_yes("b")),
        f("b", yes_no()),
        f("c", yes_no()).when(Condition::is_yes("c")),
        f("d", text()).when(Condition::is_yes("zz")),
        f("e", text()).when(Condition::is_yes("b")),
    ]);
    let errs = schema_errors(&later);
    assert!(errs.contains(&("a".into(), "forms-schema-forward-reference")));
    assert!(errs.contains(&("c".into(), "forms-schema-forward-reference")));
    assert!(errs.contains(&("d".into(), "forms-schema-unknown-reference")));
    assert!(!errs.iter().any(|(at, _)| at == "e"));
    assert_eq!(errs.len(), 3);

    // Across pages, order counts too; a section condition looks before the section.
    let mut s = two_pages(vec![f("x", yes_no())], vec![f("y", yes_no())]);
    s.pages[1].sections[0].condition = Some(Condition::is_yes("x"));
    assert_eq!(s.check(), Ok(()));
    s.pages[1].sections[0].condition = Some(Condition::is_yes("y"));
    assert!(has_error(
        &s,
        "section:s2",
        "forms-schema-forward-reference"
    ));
}

#[test]
fn group_members_and_their_conditions() {
    let group = |fields| FieldKind::Group {
        fields,
        min_items: 0,
        max_items: None,
    };
    let s = one_page(vec![
        f("flag", yes_no()),
        f(
            "team",
            group(vec![
                f("paid", yes_no()),
                f("salary", money()).when(Condition::is_yes("team.paid")),
                f("bonus", money()).when(Condition::is_yes("flag")),
                f("before", text()).when(Condition::is_yes("team.after")),
                f("after", yes_no()),
                f("self", text()).when(Condition::empty(Var::field("team"))),
                f("inner", group(vec![f("x", text())])),
            ]),
        ),
        f(
            "other",
            group(vec![f("z", text()).when(Condition::is_yes("team.paid"))]),
        ),
        f("outside", text()).when(Condition::is_yes("team.paid")),
    ]);
    let errs = schema_errors(&s);
    assert!(!errs
        .iter()
        .any(|(at, _)| at == "team.salary" || at == "team.bonus"));
    assert!(errs.contains(&("team.before".into(), "forms-schema-forward-reference")));
    assert!(errs.contains(&("team.self".into(), "forms-schema-forward-reference")));
    assert!(errs.contains(&("team.inner".into(), "forms-schema-nested-group")));
    assert!(errs.contains(&("other.z".into(), "forms-schema-member-reference")));
    assert!(errs.contains(&("outside".into(), "forms-schema-member-reference")));

    let empty = one_page(vec![f("g", group(vec![]))]);
    assert!(has_error(&empty, "g", "forms-schema-empty-group"));
}

#[test]
fn options_ranges_files_prefill() {
    let s = one_page(vec![
        f("none", FieldKind::SingleChoice { options: vec![] }),
        f(
            "dup",
            FieldKind::SingleChoice {
                options: vec![
                    ChoiceOption::new("a", "A", "A"),
                    ChoiceOption::new("a", "B", "B"),
                ],
            },
        ),
        f(
            "badopt",
            FieldKind::SingleChoice {
                options: vec![ChoiceOption::new("A b", "A", "A")],
            },
        ),
        f(
            "multi",
            FieldKind::MultipleChoice {
                options: opts3(),
                min: Some(4),
                max: None,
            },
        ),
        f(
            "int",
            FieldKind::Integer {
                min: Some(5),
                max: Some(1),
            },
        ),
        f(
            "dec",
            FieldKind::Decimal {
                min: None,
                max: Some(f64::INFINITY),
                decimals: 2,
            },
        ),
        f(
            "dec7",
            FieldKind::Decimal {
                min: None,
                max: None,
                decimals: 7,
            },
        ),
        f(
            "cur",
            FieldKind::Currency {
                min: Some(eur(2)),
                max: Some(eur(1)),
            },
        ),
        f(
            "date",
            FieldKind::Date {
                min: Some(d(2027, 1, 1)),
                max: Some(d(2026, 1, 1)),
            },
        ),
        f("text", FieldKind::LongText { max_len: Some(0) }),
        f(
            "file",
            FieldKind::Attachment {
                accept: vec![],
                max_bytes: 0,
            },
        ),
        f(
            "grp",
            FieldKind::Group {
                fields: vec![f("x", text())],
                min_items: 3,
                max_items: Some(2),
            },
        ),
        f("email", text()).prefill(Prefill::OrgEmail),
        f("siret", FieldKind::Siret).prefill(Prefill::OrgSiret),
        f("name", FieldKind::LongText { max_len: None }).prefill(Prefill::OrgName),
    ]);
    let errs = schema_errors(&s);
    for (at, code) in [
        ("none", "forms-schema-no-options"),
        ("dup", "forms-schema-duplicate-option"),
        ("badopt", "forms-schema-bad-id"),
        ("multi", "forms-schema-bad-range"),
        ("int", "forms-schema-bad-range"),
        ("dec", "forms-schema-bad-range"),
        ("dec7", "forms-schema-bad-range"),
        ("cur", "forms-schema-bad-range"),
        ("date", "forms-schema-bad-range"),
        ("text", "forms-schema-bad-range"),
        ("file", "forms-schema-no-file-types"),
        ("file", "forms-schema-bad-range"),
        ("grp", "forms-schema-bad-range"),
        ("email", "forms-schema-prefill"),
    ] {
        assert!(errs.contains(&(at.into(), code)), "{at} {code}: {errs:?}");
    }
    assert!(!errs.iter().any(|(at, _)| at == "siret" || at == "name"));
    for p in Prefill::ALL {
        assert!(
            p.fits(&FieldKind::ShortText { max_len: None })
                || matches!(
                    p,
                    Prefill::OrgEmail | Prefill::OrgPhone | Prefill::OrgWebsite
                )
        );
    }
}

#[test]
fn budget_table_placement_and_requested_line() {
    let table = |line: &str, project| FieldKind::BudgetTable {
        requested_line: Some(line.into()),
        project,
    };
    let s = one_page(vec![
        f("a", table("74-departement", false)),
        f("b", table("60-prestations", true)),
        f("c", table("74-nowhere", true)),
        f(
            "g",
            FieldKind::Group {
                fields: vec![f(
                    "budget",
                    FieldKind::BudgetTable {
                        requested_line: None,
                        project: false,
                    },
                )],
                min_items: 0,
                max_items: None,
            },
        ),
    ]);
    let errs = schema_errors(&s);
    assert!(!errs.iter().any(|(at, _)| at == "a"));
    assert!(errs.contains(&("b".into(), "forms-schema-budget-line")));
    assert!(errs.contains(&("c".into(), "forms-schema-budget-line")));
    assert!(errs.contains(&("g.budget".into(), "forms-schema-not-in-group")));
}

#[test]
fn computed_fields_are_checked() {
    let comp = |op, operands: &[&str], display| FieldKind::Computed {
        op,
        operands: operands.iter().map(|o| fid(o)).collect(),
        display,
    };
    use ComputedDisplay as D;
    use ComputedOp as O;
    let s = one_page(vec![
        f("x", int()),
        f(
            "y",
            FieldKind::Decimal {
                min: None,
                max: None,
                decimals: 1,
            },
        ),
        f("m", money()),
        f("t", text()),
        f(
            "aid",
            FieldKind::Group {
                fields: vec![f("amount", money())],
                min_items: 0,
                max_items: None,
            },
        ),
        f(
            "budget",
            FieldKind::BudgetTable {
                requested_line: Some(REQUESTED_LINE.into()),
                project: true,
            },
        ),
        f("ok_sum", comp(O::Sum, &["x", "y"], D::Decimal)),
        f("ok_column", comp(O::Sum, &["aid.amount", "m"], D::Currency)),
        f(
            "ok_ratio",
            comp(
                O::Ratio,
                &["budget.requested", "budget.total_income"],
                D::Percentage,
            ),
        ),
        f(
            "ok_chain",
            comp(O::Difference, &["ok_column", "m"], D::Currency),
        ),
        f("text_operand", comp(O::Sum, &["t"], D::Integer)),
        f("mixed", comp(O::Sum, &["x", "m"], D::Integer)),
        f("unknown", comp(O::Sum, &["nope"], D::Integer)),
        f("later", comp(O::Sum, &["z"], D::Integer)),
        f("itself", comp(O::Sum, &["itself"], D::Integer)),
        f("ratio_arity", comp(O::Ratio, &["x"], D::Percentage)),
        f("diff_arity", comp(O::Difference, &["x"], D::Integer)),
        f("empty_sum", comp(O::Sum, &[], D::Integer)),
        f("display", comp(O::Sum, &["m"], D::Percentage)),
        f("ratio_display", comp(O::Ratio, &["x", "y"], D::Integer)),
        f("z", int()),
        f(
            "grp",
            FieldKind::Group {
                fields: vec![f("c", comp(O::Sum, &["x"], D::Integer))],
                min_items: 0,
                max_items: None,
            },
        ),
    ]);
    let errs = schema_errors(&s);
    for ok in ["ok_sum", "ok_column", "ok_ratio", "ok_chain"] {
        assert!(!errs.iter().any(|(at, _)| at == ok), "{ok}: {errs:?}");
    }
    for (at, code) in [
        ("text_operand", "forms-schema-computed-operand"),
        ("mixed", "forms-schema-computed-operand"),
        ("unknown", "forms-schema-unknown-reference"),
        ("later", "forms-schema-forward-reference"),
        ("itself", "forms-schema-forward-reference"),
        ("ratio_arity", "forms-schema-computed-arity"),
        ("diff_arity", "forms-schema-computed-arity"),
        ("empty_sum", "forms-schema-computed-arity"),
        ("display", "forms-schema-computed-display"),
        ("ratio_display", "forms-schema-computed-display"),
        ("grp.c", "forms-schema-not-in-group"),
    ] {
        assert!(errs.contains(&(at.into(), code)), "{at} {code}: {errs:?}");
    }
}

#[test]
fn schema_error_messages_carry_where_and_what() {
    let s = one_page(vec![f("a", text()).when(Condition::is_yes("zz"))]);
    let errs = s.check().unwrap_err();
    assert_eq!(errs[0].code(), "forms-schema-unknown-reference");
    assert_eq!(
        errs[0].args(),
        vec![
            ("at", ArgValue::Text("a".into())),
            ("id", ArgValue::Text("zz".into()))
        ]
    );
    assert!(errs[0]
        .to_string()
        .contains("forms-schema-unknown-reference"));
}

#[test]
fn lookups() {
    let s = two_pages(
        vec![f(
            "team",
            FieldKind::Group {
                fields: vec![f("name", text())],
                min_items: 0,
                max_items: None,
            },
        )],
        vec![f("x", int())],
    );
    assert_eq!(s.field("team.name").map(|f| f.id.as_str()), Some("name"));
    assert!(s.field("team.nope").is_none());
    assert!(s.field("x.y").is_none());
    assert_eq!(s.page_of("x").map(|p| p.id.as_str()), Some("p2"));
    assert_eq!(s.page_of("team.2.name").map(|p| p.id.as_str()), Some("p1"));
    assert_eq!(s.page("p2").map(|p| p.sections.len()), Some(1));
    let paths: Vec<String> = s
        .field_refs()
        .iter()
        .map(|r| r.path().to_string())
        .collect();
    assert_eq!(paths, ["team", "team.name", "x"]);
    assert_eq!(s.fields().count(), 2);
}

// ---------------------------------------------------------------------------------------------
// Revisions

#[test]
fn revision_conflicts_report_incompatible_kinds() {
    let old = one_page(vec![
        f("name", text()),
        f("count", text()),
        f("kind", FieldKind::SingleChoice { options: opts3() }),
        f("more", FieldKind::SingleChoice { options: opts3() }),
        f("gone", text()),
        f(
            "team",
            FieldKind::Group {
                fields: vec![f("age", int()), f("who", text())],
                min_items: 0,
                max_items: None,
            },
        ),
        f(
            "total",
            FieldKind::Computed {
                op: ComputedOp::Sum,
                operands: vec![fid("team.age")],
                display: ComputedDisplay::Integer,
            },
        ),
        f("communes", FieldKind::Commune { multiple: false }),
    ]);
    let mut fewer = opts3();
    fewer.pop();
    let mut more = opts3();
    more.push(ChoiceOption::new("d", "D", "D"));
    let new = one_page(vec![
        f("added", int()),
        f("name", FieldKind::LongText { max_len: Some(10) }),
        f("count", int()),
        f("kind", FieldKind::SingleChoice { options: fewer }),
        f("more", FieldKind::SingleChoice { options: more }),
        f(
            "team",
            FieldKind::Group {
                fields: vec![f("age", text()), f("who", text())],
                min_items: 0,
                max_items: None,
            },
        ),
        f("total", int()),
        f("communes", FieldKind::Commune { multiple: true }),
    ]);
    let conflicts: Vec<String> = revision_conflicts(&old, &new)
        .iter()
        .map(|i| i.to_string())
        .collect();
    assert_eq!(conflicts, ["count", "kind", "team.age", "communes"]);
    assert!(revision_conflicts(&old, &old).is_empty());
}

#[test]
fn answers_survive_a_revision() {
    let v1 = one_page(vec![
        f("name", text()).required(),
        f("old", text()).required(),
    ]);
    let v2 = one_page(vec![
        f("name", text()).required(),
        f("new", int()).required(),
    ]);
    let answers = Answers::new()
        .with("name", Value::Text("Les Amis".into()))
        .with("old", Value::Text("kept".into()));
    assert_eq!(validate_all(&v1, &answers), vec![]);
    // Removed field: ignored, kept; added required field: asked.
    assert_eq!(
        validate_all(&v2, &answers),
        vec![("new".into(), "forms-required")]
    );
    assert_eq!(
        prune_hidden(&v2, &answers, &OrgFacts::default()).get("old"),
        answers.get("old")
    );
    // A kind changed under a stored answer.
    let v3 = one_page(vec![f("name", int()).required()]);
    assert_eq!(
        validate_all(&v3, &answers),
        vec![("name".into(), "forms-value-invalid")]
    );
}

// ---------------------------------------------------------------------------------------------
// Display, validation

fn conditional_schema() -> FormSchema {
    two_pages(
        vec![
            f("has_staff", yes_no()).required(),
            f("employees", int())
                .required()
                .when(Condition::is_yes("has_staff")),
            f(
                "fte",
                FieldKind::Decimal {
                    min: Some(0.0),
                    max: None,
                    decimals: 2,
                },
            )
            .required()
            .when(Condition::compare(
                Var::field("employees"),
                CmpOp::Gt,
                Literal::Integer(0),
            )),
        ],
        vec![f("title", FieldKind::ShortText { max_len: Some(5) }).required()],
    )
}

#[test]
fn required_only_when_displayed() {
    let s = conditional_schema();
    assert_eq!(s.check(), Ok(()));
    let none = Answers::new();
    assert_eq!(
        validate_all(&s, &none),
        vec![
            ("has_staff".into(), "forms-required"),
            ("title".into(), "forms-required")
        ]
    );
    let yes = Answers::new().with("has_staff", Value::Bool(true));
    assert_eq!(
        validate_all(&s, &yes),
        vec![
            ("employees".into(), "forms-required"),
            ("title".into(), "forms-required")
        ]
    );
    let staffed = yes.clone().with("employees", Value::Integer(2));
    assert_eq!(
        validate_all(&s, &staffed)[0],
        ("fte".into(), "forms-required")
    );
}

#[test]
fn hiding_cascades() {
    let s = conditional_schema();
    // "No staff" hides employees, and so fte, although stale answers remain.
    let answers = Answers::new()
        .with("has_staff", Value::Bool(false))
        .with("employees", Value::Integer(-4))
        .with("fte", Value::Decimal(-1.0))
        .with("title", Value::Text("Titre".into()));
    assert_eq!(validate_all(&s, &answers), vec![]);
    let r = resolve(&s, &answers, &OrgFacts::default());
    assert!(r.is_hidden("employees") && r.is_hidden("fte") && !r.is_hidden("title"));
    let pruned = prune_hidden(&s, &answers, &OrgFacts::default());
    assert_eq!(pruned.len(), 2);
    assert!(pruned.get("employees").is_none() && pruned.get("fte").is_none());
}

#[test]
fn scope_limits_validation_to_a_page() {
    let s = conditional_schema();
    let answers = Answers::new()
        .with("has_staff", Value::Bool(false))
        .with("title", Value::Text("Trop long".into()));
    let v = |scope| {
        codes(&validate(
            &s,
            &answers,
            &OrgFacts::default(),
            scope,
            &ValidateOptions::default(),
        ))
    };
    assert_eq!(v(Scope::Page("p1")), vec![]);
    assert_eq!(
        v(Scope::Page("p2")),
        vec![("title".into(), "forms-too-long")]
    );
    assert_eq!(v(Scope::Page("nope")), vec![]);
    assert_eq!(v(Scope::All), vec![("title".into(), "forms-too-long")]);
}

#[test]
fn section_conditions_hide_their_fields() {
    let mut s = two_pages(
        vec![f("esus", yes_no())],
        vec![f(
            "esus_date",
            FieldKind::Date {
                min: None,
                max: None,
            },
        )
        .required()],
    );
    s.pages[1].sections[0].condition = Some(Condition::is_yes("esus"));
    assert_eq!(s.check(), Ok(()));
    assert_eq!(validate_all(&s, &Answers::new()), vec![]);
    let yes = Answers::new().with("esus", Value::Bool(true));
    assert_eq!(
        validate_all(&s, &yes),
        vec![("esus_date".into(), "forms-required")]
    );
}

fn team_schema() -> FormSchema {
    one_page(vec![f(
        "team",
        FieldKind::Group {
            fields: vec![
                f("name", text()).required(),
                f("paid", yes_no()),
                f("salary", money())
                    .required()
                    .when(Condition::is_yes("team.paid")),
            ],
            min_items: 1,
            max_items: Some(2),
        },
    )
    .required()])
}

#[test]
fn groups_items_and_member_conditions() {
    let s = team_schema();
    assert_eq!(s.check(), Ok(()));
    assert_eq!(
        validate_all(&s, &Answers::new()),
        vec![("team".into(), "forms-group-too-few")]
    );
    let item = |name: Option<&str>, paid: bool| {
        let mut a = Answers::new().with("paid", Value::Bool(paid));
        if let Some(n) = name {
            a = a.with("name", Value::Text(n.into()));
        }
        a
    };
    let two = Answers::new().with(
        "team",
        Value::Group(vec![item(Some("Ana"), false), item(None, true)]),
    );
    assert_eq!(
        validate_all(&s, &two),
        vec![
            ("team.1.name".into(), "forms-required"),
            ("team.1.salary".into(), "forms-required")
        ]
    );
    let r = resolve(&s, &two, &OrgFacts::default());
    assert!(r.is_hidden("team.0.salary") && !r.is_hidden("team.1.salary"));
    let three = Answers::new().with(
        "team",
        Value::Group(vec![
            item(Some("A"), false),
            item(Some("B"), false),
            item(Some("C"), false),
        ]),
    );
    assert_eq!(
        validate_all(&s, &three),
        vec![("team".into(), "forms-group-too-many")]
    );
    // Required group without a minimum: required.
    let mut s2 = s.clone();
    if let FieldKind::Group { min_items, .. } = &mut s2.pages[0].sections[0].fields[0].kind {
        *min_items = 0;
    }
    assert_eq!(
        validate_all(&s2, &Answers::new()),
        vec![("team".into(), "forms-required")]
    );
    // A hidden member's stale answer is set aside.
    let stale = Answers::new().with(
        "team",
        Value::Group(vec![
            item(Some("A"), false).with("salary", Value::Text("x".into()))
        ]),
    );
    assert_eq!(validate_all(&s, &stale), vec![]);
    assert_eq!(
        validate_all(&s, &Answers::new().with("team", Value::Integer(1))),
        vec![("team".into(), "forms-value-invalid")]
    );
}

// ---------------------------------------------------------------------------------------------
// Budget

#[test]
fn the_chart_of_accounts_is_coherent() {
    let mut codes = std::collections::BTreeSet::new();
    for l in BUDGET_LINES {
        assert!(codes.insert(l.code), "duplicate line {}", l.code);
        let account = BUDGET_ACCOUNTS.iter().find(|a| a.code == l.account);
        let account = account.unwrap_or_else(|| panic!("no account for {}", l.code));
        assert_eq!(account.side, l.side, "{}", l.code);
        assert_eq!(account.project_only, l.project_only, "{}", l.code);
        assert!(!l.label_fr.is_empty() && !l.label_en.is_empty());
        assert!(l
            .code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        if l.detail {
            assert_eq!(l.account, "74");
        }
    }
    for a in BUDGET_ACCOUNTS {
        assert!(a.lines().count() >= 1, "{} has no line", a.code);
    }
    // The CERFA accounts are all there.
    for code in [
        "60", "61", "62", "63", "64", "65", "66", "67", "68", "70", "73", "74", "75", "76", "77",
        "78", "86", "87",
    ] {
        assert!(BUDGET_ACCOUNTS.iter().any(|a| a.code == code), "{code}");
    }
    let funders: Vec<&str> = BUDGET_LINES
        .iter()
        .filter(|l| l.account == "74")
        .map(|l| l.code)
        .collect();
    for code in [
        "74-etat",
        "74-region",
        "74-departement",
        "74-intercommunalite",
        "74-commune",
        "74-organismes-sociaux",
        "74-fonds-europeens",
        "74-aides-privees",
    ] {
        assert!(funders.contains(&code), "{code}");
    }
    assert_eq!(
        budget::line(REQUESTED_LINE).map(|l| l.side),
        Some(Side::Income)
    );
    assert!(budget::lines_for(false).all(|l| !l.project_only));
    assert!(budget::lines_for(true).any(|l| l.project_only));
    assert!(budget::accounts_for(false).all(|a| a.code != "indirect"));
    assert_eq!(budget::line("74-region").unwrap().label("en"), "Region(s)");
}

#[test]
fn budget_totals_and_balance() {
    let b = BudgetAnswer::default()
        .with("60-prestations", eur(1_000))
        .with("64-remunerations", eur(20_000))
        .with("64-charges-sociales", eur(8_000))
        .with("74-departement", eur(15_000))
        .with("74-commune", eur(4_000))
        .with("75-cotisations", eur(10_000))
        .with("86-benevoles", eur(3_000))
        .with("87-benevolat", eur(3_000))
        .with("not-a-line", eur(999));
    let t = b.totals();
    assert_eq!(t.charges, eur(29_000));
    assert_eq!(t.income, eur(29_000));
    assert_eq!(
        (t.in_kind_uses, t.in_kind_contributions),
        (eur(3_000), eur(3_000))
    );
    assert_eq!(t.grand_total_charges(), eur(32_000));
    assert_eq!(t.grand_total_income(), eur(32_000));
    assert!(b.is_balanced());
    assert_eq!(b.account_total("64"), eur(28_000));
    assert_eq!(b.account_total("74"), eur(19_000));
    assert_eq!(b.requested(REQUESTED_LINE), eur(15_000));
    assert_eq!(
        b.value("requested", Some(REQUESTED_LINE)),
        Some(eur(15_000))
    );
    assert_eq!(b.value("requested", None), None);
    assert_eq!(b.value("nope", None), None);
    for name in BUDGET_VALUES {
        assert!(b.value(name, Some(REQUESTED_LINE)).is_some(), "{name}");
    }
    let unbalanced = b.clone().with("62-publicite", eur(1));
    assert!(!unbalanced.is_balanced());
}

fn budget_schema(required: bool) -> FormSchema {
    let mut field = f(
        "budget",
        FieldKind::BudgetTable {
            requested_line: Some(REQUESTED_LINE.into()),
            project: false,
        },
    );
    field.required = required;
    one_page(vec![field])
}

fn validate_budget(b: BudgetAnswer, opts: &ValidateOptions<'_>) -> Vec<FieldError> {
    validate(
        &budget_schema(true),
        &Answers::new().with("budget", Value::Budget(b)),
        &OrgFacts::default(),
        Scope::All,
        opts,
    )
}

#[test]
fn budget_validation() {
    let none = ValidateOptions::default();
    let good = BudgetAnswer::default()
        .with("64-remunerations", eur(30_000))
        .with("74-departement", eur(20_000))
        .with("70", eur(10_000));
    assert_eq!(validate_budget(good.clone(), &none), vec![]);

    let errs = validate_budget(good.clone().with("61-locations", eur(500)), &none);
    assert_eq!(
        errs,
        vec![FieldError::new(
            "budget",
            &FieldErrorCode::BudgetUnbalanced {
                charges: eur(30_500),
                income: eur(30_000)
            }
        )]
    );
    assert_eq!(errs[0].args[0], ("charges", ArgValue::Cents(eur(30_500))));

    // In kind on one side only: both errors.
    let errs = codes(&validate_budget(
        good.clone().with("86-benevoles", eur(100)),
        &none,
    ));
    assert_eq!(
        errs,
        vec![
            ("budget".into(), "forms-budget-in-kind-unbalanced"),
            ("budget".into(), "forms-budget-unbalanced")
        ]
    );
    assert_eq!(
        validate_budget(
            good.clone()
                .with("86-benevoles", eur(100))
                .with("87-dons", eur(100)),
            &none
        ),
        vec![]
    );

    let neg = good
        .clone()
        .with("70", eur(-10_000))
        .with("60-autres", eur(-20_000));
    let errs = codes(&validate_budget(neg, &none));
    assert!(errs.contains(&("budget.70".into(), "forms-budget-negative")));
    assert!(errs.contains(&("budget.60-autres".into(), "forms-budget-negative")));

    let errs = codes(&validate_budget(
        good.clone()
            .with("indirect-fixes", Cents::ZERO)
            .with("zz", Cents::ZERO),
        &none,
    ));
    assert_eq!(
        errs,
        vec![
            ("budget.indirect-fixes".into(), "forms-budget-unknown-line"),
            ("budget.zz".into(), "forms-budget-unknown-line")
        ]
    );

    let no_request = BudgetAnswer::default()
        .with("60-autres", eur(5))
        .with("70", eur(5));
    assert_eq!(
        codes(&validate_budget(no_request, &none)),
        vec![(
            "budget.74-departement".into(),
            "forms-budget-request-missing"
        )]
    );

    let capped = ValidateOptions {
        max_request: Some(eur(15_000)),
        max_request_share: Some(5000),
        ..ValidateOptions::default()
    };
    assert_eq!(
        validate_budget(good.clone(), &capped),
        vec![
            FieldError::new(
                "budget.74-departement",
                &FieldErrorCode::RequestOverCap { max: eur(15_000) }
            ),
            FieldError::new(
                "budget.74-departement",
                &FieldErrorCode::RequestShare { max: 5000 }
            ),
        ]
    );
    let at_limits = BudgetAnswer::default()
        .with("64-remunerations", eur(30_000))
        .with("74-departement", eur(15_000))
        .with("70", eur(15_000));
    assert_eq!(validate_budget(at_limits, &capped), vec![]);

    let huge = good.with("60-autres", Cents(budget::MAX_LINE.0 + 1));
    assert!(codes(&validate_budget(huge, &none))
        .contains(&("budget.60-autres".into(), "forms-too-large")));

    // Empty: required or nothing.
    let empty = Answers::new().with("budget", Value::Budget(BudgetAnswer::default()));
    assert_eq!(
        validate_all(&budget_schema(true), &empty),
        vec![("budget".into(), "forms-required")]
    );
    assert_eq!(validate_all(&budget_schema(false), &empty), vec![]);
    assert_eq!(validate_all(&budget_schema(false), &Answers::new()), vec![]);
}

#[test]
fn budget_inputs_round_trip() {
    let input = raw(&[
        ("budget.64-remunerations", "30 000"),
        ("budget.74-departement", "20 000,50 €"),
        ("budget.74-departement.detail", "Hauts-de-Seine\r\n(92)"),
        ("budget.70", "0"),
        ("budget.61-locations", ""),
        ("budget.62-publicite", "beaucoup"),
        ("budget.indirect-fixes", "100"),
        ("budget.nope", "100"),
        ("other.70", "100"),
    ]);
    let (b, errs) = BudgetAnswer::parse_inputs("budget", &input, false);
    assert_eq!(b.lines.len(), 2);
    assert_eq!(b.amount("74-departement"), Cents(2_000_050));
    assert_eq!(
        b.details.get("74-departement").map(String::as_str),
        Some("Hauts-de-Seine  (92)")
    );
    assert_eq!(
        codes(&errs),
        vec![("budget.62-publicite".into(), "money-format")]
    );
    let (with_indirect, _) = BudgetAnswer::parse_inputs("budget", &input, true);
    assert_eq!(with_indirect.amount("indirect-fixes"), eur(100));

    for lang in ["fr", "en"] {
        let mut again: RawInput = BTreeMap::new();
        for (k, v) in b.to_inputs("budget", lang) {
            again.insert(k, vec![v]);
        }
        let (back, errs) = BudgetAnswer::parse_inputs("budget", &again, false);
        assert!(errs.is_empty(), "{lang}: {errs:?}");
        assert_eq!(back, b, "{lang}");
    }
}

// ---------------------------------------------------------------------------------------------
// Computed fields

fn computed_schema() -> FormSchema {
    let comp = |op, operands: &[&str], display| FieldKind::Computed {
        op,
        operands: operands.iter().map(|o| fid(o)).collect(),
        display,
    };
    one_page(vec![
        f("a", int()),
        f("b", int()),
        f(
            "x",
            FieldKind::Decimal {
                min: None,
                max: None,
                decimals: 2,
            },
        ),
        f(
            "aid",
            FieldKind::Group {
                fields: vec![f("amount", money())],
                min_items: 0,
                max_items: None,
            },
        ),
        f(
            "budget",
            FieldKind::BudgetTable {
                requested_line: Some(REQUESTED_LINE.into()),
                project: true,
            },
        ),
        f(
            "sum",
            comp(ComputedOp::Sum, &["a", "b"], ComputedDisplay::Integer),
        ),
        f(
            "diff",
            comp(
                ComputedOp::Difference,
                &["a", "b"],
                ComputedDisplay::Integer,
            ),
        ),
        f(
            "ratio",
            comp(ComputedOp::Ratio, &["a", "b"], ComputedDisplay::Percentage),
        ),
        f(
            "dec",
            comp(ComputedOp::Sum, &["a", "x"], ComputedDisplay::Decimal),
        ),
        f(
            "rounded",
            comp(ComputedOp::Sum, &["x"], ComputedDisplay::Integer),
        ),
        f(
            "aid_total",
            comp(ComputedOp::Sum, &["aid.amount"], ComputedDisplay::Currency),
        ),
        f(
            "share",
            comp(
                ComputedOp::Ratio,
                &["budget.requested", "budget.total_income"],
                ComputedDisplay::Percentage,
            ),
        ),
        f(
            "chain",
            comp(ComputedOp::Sum, &["sum", "diff"], ComputedDisplay::Integer),
        ),
    ])
}

#[test]
fn computed_values() {
    let s = computed_schema();
    assert_eq!(s.check(), Ok(()));
    let answers = Answers::new()
        .with("a", Value::Integer(1))
        .with("b", Value::Integer(3))
        .with("x", Value::Decimal(2.5))
        .with(
            "aid",
            Value::Group(vec![
                Answers::new().with("amount", Value::Cents(eur(1_000))),
                Answers::new(),
                Answers::new().with("amount", Value::Cents(Cents(50))),
            ]),
        )
        .with("budget", Value::Budget(example_project_budget(5_000)));
    let c = compute(&s, &answers);
    assert_eq!(c.get("sum"), Some(&Value::Integer(4)));
    assert_eq!(c.get("diff"), Some(&Value::Integer(-2)));
    assert_eq!(c.get("ratio"), Some(&Value::Percent(3333)));
    assert_eq!(c.get("dec"), Some(&Value::Decimal(3.5)));
    assert_eq!(c.get("rounded"), Some(&Value::Integer(3)));
    assert_eq!(c.get("aid_total"), Some(&Value::Cents(Cents(100_050))));
    // 5 000 requested of 15 000 income.
    assert_eq!(c.get("share"), Some(&Value::Percent(3333)));
    assert_eq!(c.get("chain"), Some(&Value::Integer(2)));

    // Missing operands give nothing; an empty column adds to zero; division by zero nothing.
    let partial = Answers::new()
        .with("a", Value::Integer(0))
        .with("b", Value::Integer(0));
    let c = compute(&s, &partial);
    assert_eq!(c.get("sum"), Some(&Value::Integer(0)));
    assert_eq!(c.get("ratio"), None);
    assert_eq!(c.get("dec"), None);
    assert_eq!(c.get("aid_total"), Some(&Value::Cents(Cents::ZERO)));
    assert_eq!(c.get("share"), None);
    // Overflow gives nothing rather than a wrong value.
    let big = Answers::new()
        .with("a", Value::Integer(i64::MAX))
        .with("b", Value::Integer(1));
    assert_eq!(compute(&s, &big).get("sum"), None);
    // A wrong type is no number.
    let wrong = Answers::new()
        .with("a", Value::Text("1".into()))
        .with("b", Value::Integer(1));
    assert_eq!(compute(&s, &wrong).get("sum"), None);
    // Rounding half away from zero.
    let half = Answers::new()
        .with("a", Value::Integer(1))
        .with("b", Value::Integer(8));
    assert_eq!(compute(&s, &half).get("ratio"), Some(&Value::Percent(1250)));
    let neg = Answers::new()
        .with("a", Value::Integer(-2))
        .with("b", Value::Integer(3));
    assert_eq!(compute(&s, &neg).get("ratio"), Some(&Value::Percent(-6667)));
}

#[test]
fn conditions_read_computed_values_and_budget_totals() {
    let mut s = computed_schema();
    s.pages[0].sections[0]
        .fields
        .push(
            f("convention", yes_no())
                .required()
                .when(Condition::compare(
                    Var::field("budget.requested"),
                    CmpOp::Gt,
                    Literal::Cents(eur(23_000)),
                )),
        );
    s.pages[0].sections[0]
        .fields
        .push(f("why", text()).required().when(Condition::compare(
            Var::field("share"),
            CmpOp::Gt,
            Literal::Percent(5000),
        )));
    assert_eq!(s.check(), Ok(()));
    let small = Answers::new().with("budget", Value::Budget(example_project_budget(5_000)));
    assert_eq!(validate_all(&s, &small), vec![]);
    let big = Answers::new().with("budget", Value::Budget(example_project_budget(30_000)));
    assert_eq!(
        validate_all(&s, &big),
        vec![
            ("convention".into(), "forms-required"),
            ("why".into(), "forms-required")
        ]
    );
    let r = resolve(&s, &big, &OrgFacts::default());
    assert_eq!(r.computed.get("share"), Some(&Value::Percent(7500)));
    let org = OrgFacts::default();
    let env = r.env(&s, &org);
    assert_eq!(
        env.field(&fid("budget.total_charges")),
        Some(Value::Cents(eur(40_000)))
    );
    assert_eq!(env.field(&fid("budget.nope")), None);
    assert_eq!(env.field(&fid("a.b")), None);
}

// ---------------------------------------------------------------------------------------------
// Reading a posted page

#[test]
fn apply_input_reads_a_page() {
    let s = two_pages(
        vec![
            f("name", FieldKind::ShortText { max_len: Some(5) }).required(),
            f("count", int()),
            f("site", FieldKind::Url),
            f("has_staff", yes_no()),
            f("employees", int()).when(Condition::is_yes("has_staff")),
            f(
                "publics",
                FieldKind::MultipleChoice {
                    options: opts3(),
                    min: None,
                    max: None,
                },
            ),
        ],
        vec![f("other", text())],
    );
    let mut answers = Answers::new()
        .with("count", Value::Integer(7))
        .with("employees", Value::Integer(3))
        .with("other", Value::Text("page 2".into()));
    let post = raw(&[
        ("name", "Trop long"),
        ("site", "exemple.fr"),
        ("has_staff", "no"),
        ("employees", "12"),
        ("publics", "c"),
        ("publics", "a"),
        ("other", "ignored"),
    ]);
    let errs = apply_input(
        &s,
        &mut answers,
        Scope::Page("p1"),
        &post,
        &OrgFacts::default(),
        &ValidateOptions::default(),
    );
    assert_eq!(
        codes(&errs),
        vec![
            ("name".into(), "forms-too-long"),
            ("site".into(), "forms-url-format")
        ]
    );
    // Too long: stored (a draft keeps the text); unreadable: cleared; blank: cleared.
    assert_eq!(answers.get("name"), Some(&Value::Text("Trop long".into())));
    assert_eq!(answers.get("site"), None);
    assert_eq!(answers.get("count"), None);
    assert_eq!(answers.get("has_staff"), Some(&Value::Bool(false)));
    // Hidden: untouched.
    assert_eq!(answers.get("employees"), Some(&Value::Integer(3)));
    assert_eq!(
        answers.get("publics"),
        Some(&Value::Choices(vec!["a".into(), "c".into()]))
    );
    // Another page: untouched.
    assert_eq!(answers.get("other"), Some(&Value::Text("page 2".into())));

    // Shown once has_staff is yes (in the same post).
    let post = raw(&[("name", "Amis"), ("has_staff", "oui"), ("employees", "12")]);
    let errs = apply_input(
        &s,
        &mut answers,
        Scope::All,
        &post,
        &OrgFacts::default(),
        &ValidateOptions::default(),
    );
    assert_eq!(errs, vec![]);
    assert_eq!(answers.get("employees"), Some(&Value::Integer(12)));
    assert_eq!(answers.get("other"), None);
}

#[test]
fn apply_input_reads_groups_and_budgets() {
    let mut s = team_schema();
    if let FieldKind::Group { fields, .. } = &mut s.pages[0].sections[0].fields[0].kind {
        fields.push(f(
            "cv",
            FieldKind::Attachment {
                accept: vec![FileType::Pdf],
                max_bytes: 1_000,
            },
        ));
    }
    s.pages[0].sections[0].fields.push(f(
        "budget",
        FieldKind::BudgetTable {
            requested_line: Some(REQUESTED_LINE.into()),
            project: false,
        },
    ));
    assert_eq!(s.check(), Ok(()));
    let cv = Value::File(FileRef {
        id: 9,
        name: "cv.pdf".into(),
        size: 10,
    });
    let mut answers = Answers::new().with(
        "team",
        Value::Group(vec![
            Answers::new().with("name", Value::Text("Old 0".into())),
            Answers::new(),
            Answers::new().with("cv", cv.clone()),
        ]),
    );
    let post = raw(&[
        ("team.0.name", "Ana"),
        ("team.0.paid", "no"),
        ("team.0.salary", "999"),
        ("team.2.name", "Bo"),
        ("team.2.paid", "yes"),
        ("team.2.salary", "abc"),
        ("team.x.name", "ignored"),
        ("team.3.unknown", "ignored"),
        ("budget.64-remunerations", "1 000"),
        ("budget.74-departement", "1 000"),
        ("budget.70", "dix"),
    ]);
    let errs = apply_input(
        &s,
        &mut answers,
        Scope::All,
        &post,
        &OrgFacts::default(),
        &ValidateOptions::default(),
    );
    assert_eq!(
        codes(&errs),
        vec![
            ("team.1.salary".into(), "money-format"),
            ("budget.70".into(), "money-format")
        ]
    );
    let Some(Value::Group(items)) = answers.get("team") else {
        panic!("no group")
    };
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].get("name"), Some(&Value::Text("Ana".into())));
    // Hidden salary of item 0: not read.
    assert_eq!(items[0].get("salary"), None);
    // Item 2 of the post is item 1 now, and keeps its uploaded file.
    assert_eq!(items[1].get("name"), Some(&Value::Text("Bo".into())));
    assert_eq!(items[1].get("cv"), Some(&cv));
    assert_eq!(items[1].get("salary"), None);
    let Some(Value::Budget(b)) = answers.get("budget") else {
        panic!("no budget")
    };
    assert_eq!(b.lines.len(), 2);

    // Nothing posted: the group and the budget are cleared.
    apply_input(
        &s,
        &mut answers,
        Scope::All,
        &RawInput::new(),
        &OrgFacts::default(),
        &ValidateOptions::default(),
    );
    assert!(answers.get("team").is_none() && answers.get("budget").is_none());
}

// ---------------------------------------------------------------------------------------------
// The CERFA 12156 template

fn cerfa_answers() -> Answers {
    let t = |s: &str| Value::Text(s.into());
    Answers::new()
        .with("org_name", t("Les Amis du quartier"))
        .with("org_rna", t("W921001234"))
        .with("org_siret", t("55210055400013"))
        .with("org_address", t("1 place de la Mairie"))
        .with("org_commune", t("92050"))
        .with("org_email", t("contact@amis.fr"))
        .with("rep_name", t("Marie Curie"))
        .with("rep_role", t("Présidente"))
        .with("contact_name", t("Paul Langevin"))
        .with("contact_email", t("paul@amis.fr"))
        .with("contact_phone", t("+33612345678"))
        .with("has_approvals", Value::Bool(false))
        .with("esus_approved", Value::Bool(true))
        .with("esus_date", Value::Date(d(2024, 3, 15)))
        .with("public_utility", Value::Bool(false))
        .with("commercial_taxes", Value::Bool(false))
        .with(
            "public_aid",
            Value::Group(vec![Answers::new()
                .with("funder", t("Ville de Nanterre"))
                .with("year", Value::Integer(2025))
                .with("amount", Value::Cents(eur(3_000)))]),
        )
        .with("affiliated", Value::Bool(false))
        .with("members", Value::Integer(120))
        .with("volunteers", Value::Integer(25))
        .with("civic_volunteers", Value::Integer(2))
        .with("employees", Value::Integer(0))
        .with("budget_year", Value::Integer(2026))
        .with(
            "association_budget",
            Value::Budget(
                BudgetAnswer::default()
                    .with("60-autres", eur(12_000))
                    .with("75-cotisations", eur(12_000)),
            ),
        )
        .with("project_title", t("Épicerie solidaire"))
        .with("project_kind", Value::Choice("new".into()))
        .with("objectives", t("Nourrir mieux."))
        .with("description", t("Une épicerie."))
        .with(
            "publics",
            Value::Choices(vec!["precarious".into(), "other".into()]),
        )
        .with("publics_other", t("Étudiants"))
        .with("beneficiaries_count", Value::Integer(300))
        .with("territory_communes", Value::Choices(vec!["92050".into()]))
        .with("start_date", Value::Date(d(2027, 1, 4)))
        .with("duration_months", Value::Integer(12))
        .with("means", t("Deux salariés, un local."))
        .with("evaluation_method", t("Suivi mensuel."))
        .with(
            "indicators",
            Value::Group(vec![Answers::new()
                .with("indicator", t("Paniers distribués"))
                .with("target", t("5 000"))]),
        )
        .with(
            "project_budget",
            Value::Budget(example_project_budget(15_000)),
        )
        .with("signatory_name", t("Marie Curie"))
        .with("signatory_role", t("Présidente"))
        .with("sworn_cer", Value::Bool(true))
        .with("sworn_obligations", Value::Bool(true))
        .with("sworn_accurate", Value::Bool(true))
        .with("sworn_bank", Value::Bool(true))
        .with("de_minimis_received", Value::Bool(false))
        .with(
            "rib",
            Value::File(FileRef {
                id: 1,
                name: "rib.pdf".into(),
                size: 50_000,
            }),
        )
        .with(
            "approved_accounts",
            Value::File(FileRef {
                id: 2,
                name: "comptes-2025.pdf".into(),
                size: 900_000,
            }),
        )
}

fn with_rna() -> OrgFacts {
    OrgFacts {
        kind: Some(OrgKind::Association),
        has_rna: true,
        has_siret: true,
        ..OrgFacts::default()
    }
}

#[test]
fn cerfa_template_checks_and_follows_the_cerfa() {
    let s = cerfa_12156_template();
    assert_eq!(s.check(), Ok(()));
    let pages: Vec<&str> = s.pages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        pages,
        [
            "identification",
            "administration",
            "networks",
            "human_resources",
            "association_budget",
            "project",
            "declarations",
            "attachments"
        ]
    );
    for r in s.field_refs() {
        let explanation = matches!(r.field.kind, FieldKind::Explanation { .. });
        if !explanation {
            assert!(!r.field.label.fr.is_empty(), "{}", r.path());
            assert!(
                r.field.label.en.as_deref().is_some_and(|e| !e.is_empty()),
                "{}",
                r.path()
            );
        }
        for o in r.field.kind.options() {
            assert!(o.label.en.is_some(), "{}", o.id);
        }
    }
    assert_eq!(
        s.field("org_siret").and_then(|f| f.prefill),
        Some(Prefill::OrgSiret)
    );
    assert!(matches!(
        s.field("sworn_cer").map(|f| &f.kind),
        Some(FieldKind::YesNo { must_accept: true })
    ));
    assert!(matches!(
        s.field("project_budget").map(|f| &f.kind),
        Some(FieldKind::BudgetTable { requested_line: Some(l), project: true }) if l == REQUESTED_LINE
    ));
    assert_eq!(
        s.field("objectives").and_then(|f| f.kind.max_len()),
        Some(2000)
    );
    assert_eq!(
        s.field("description").and_then(|f| f.kind.max_len()),
        Some(4000)
    );
}

#[test]
fn cerfa_template_round_trips_through_json() {
    let s = cerfa_12156_template();
    let json = serde_json::to_string_pretty(&s).unwrap();
    let back: FormSchema = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let first = &value["pages"][0]["sections"][0]["fields"][0];
    assert_eq!(
        first,
        &serde_json::json!({
            "id": "org_name",
            "label": {"fr": "Nom", "en": "Name"},
            "required": true,
            "kind": {"type": "short_text", "max_len": 250},
            "prefill": "org_name"
        })
    );
    let answers = cerfa_answers();
    let json = serde_json::to_string(&answers).unwrap();
    assert_eq!(serde_json::from_str::<Answers>(&json).unwrap(), answers);
    assert!(
        json.contains(r#""esus_date":{"date":"2024-03-15"}"#),
        "{json}"
    );
    assert!(json.contains(r#""project_budget":{"budget":{"lines":{"64-remunerations":2500000,"74-departement":1500000,"75-cotisations":1000000}}}"#), "{json}");
}

#[test]
fn a_complete_cerfa_request_validates() {
    let s = cerfa_12156_template();
    let answers = cerfa_answers();
    let territory: Vec<CommuneCode> = ["92050", "92051"]
        .iter()
        .map(|c| CommuneCode::parse(c).unwrap())
        .collect();
    let opts = ValidateOptions {
        max_request: Some(eur(50_000)),
        max_request_share: Some(8000),
        territory: Some(&territory),
    };
    let errs = validate(&s, &answers, &with_rna(), Scope::All, &opts);
    assert_eq!(codes(&errs), vec![]);
    let r = resolve(&s, &answers, &with_rna());
    assert_eq!(
        r.computed.get("share_requested"),
        Some(&Value::Percent(6000))
    );
    assert_eq!(
        r.computed.get("public_aid_total"),
        Some(&Value::Cents(eur(3_000)))
    );
    assert!(r.is_hidden("statutes") && r.is_hidden("employees_fte"));

    // Without RNA, statutes and the board list are asked; a refused sworn statement blocks.
    let mut refused = answers.clone();
    refused.insert(fid("sworn_cer"), Value::Bool(false));
    refused.insert(fid("de_minimis_received"), Value::Bool(true));
    let no_rna = OrgFacts {
        has_rna: false,
        ..with_rna()
    };
    let errs = codes(&validate(&s, &refused, &no_rna, Scope::All, &opts));
    assert_eq!(
        errs,
        vec![
            ("sworn_cer".into(), "forms-must-accept"),
            ("de_minimis_amount".into(), "forms-required"),
            ("statutes".into(), "forms-required"),
            ("board_list".into(), "forms-required"),
        ]
    );
    let errs = codes(&validate(
        &s,
        &refused,
        &no_rna,
        Scope::Page("attachments"),
        &opts,
    ));
    assert_eq!(errs.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Fluent messages

/// id → text of the message (continuation lines included).
fn messages(ftl: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in ftl.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            current = None;
            continue;
        }
        let top = !line.starts_with(' ') && !line.starts_with('}');
        if top {
            let (id, text) = line.split_once('=').expect("id = text");
            let id = id.trim().to_owned();
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "top-level line that is not a message: {line:?}"
            );
            assert!(
                out.insert(id.clone(), text.to_owned()).is_none(),
                "duplicate {id}"
            );
            current = Some(id);
        } else {
            let id = current
                .clone()
                .unwrap_or_else(|| panic!("stray line {line:?}"));
            let text = out.get_mut(&id).unwrap();
            text.push('\n');
            text.push_str(line);
        }
    }
    out
}

fn variables(text: &str) -> std::collections::BTreeSet<String> {
    text.split('$')
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect()
        })
        .collect()
}

fn sample_field_errors() -> Vec<FieldErrorCode> {
    use FieldErrorCode as E;
    let all = vec![
        E::Required,
        E::TooLong { max: 1 },
        E::IntegerFormat,
        E::NumberFormat,
        E::TooManyDecimals { max: 1 },
        E::PercentFormat,
        E::TooSmall {
            min: ArgValue::Integer(1),
        },
        E::TooLarge {
            max: ArgValue::Integer(1),
        },
        E::DateFormat,
        E::DateTooEarly { min: d(2026, 1, 1) },
        E::DateTooLate { max: d(2026, 1, 1) },
        E::InvalidChoice,
        E::TooFewChoices { min: 1 },
        E::TooManyChoices { max: 1 },
        E::MustAccept,
        E::PhoneFormat,
        E::UrlFormat,
        E::CommuneOutside,
        E::FileType {
            accept: "PDF".into(),
        },
        E::FileTooLarge { max_bytes: 1 },
        E::TooFewItems { min: 1 },
        E::TooManyItems { max: 1 },
        E::BudgetUnbalanced {
            charges: Cents(1),
            income: Cents(2),
        },
        E::BudgetInKindUnbalanced {
            uses: Cents(1),
            contributions: Cents(2),
        },
        E::BudgetNegative,
        E::BudgetUnknownLine,
        E::RequestMissing,
        E::RequestOverCap { max: Cents(1) },
        E::RequestShare { max: 1 },
        E::WrongValue,
        E::Id(crate::identifiers::IdError::RnaFormat),
        E::Money(MoneyError::Format),
        E::Email(crate::email::EmailError),
    ];
    // Keeps this list complete: a new variant breaks the build here.
    for e in &all {
        match e {
            E::Required
            | E::TooLong { .. }
            | E::IntegerFormat
            | E::NumberFormat
            | E::TooManyDecimals { .. }
            | E::PercentFormat
            | E::TooSmall { .. }
            | E::TooLarge { .. }
            | E::DateFormat
            | E::DateTooEarly { .. }
            | E::DateTooLate { .. }
            | E::InvalidChoice
            | E::TooFewChoices { .. }
            | E::TooManyChoices { .. }
            | E::MustAccept
            | E::PhoneFormat
            | E::UrlFormat
            | E::CommuneOutside
            | E::FileType { .. }
            | E::FileTooLarge { .. }
            | E::TooFewItems { .. }
            | E::TooManyItems { .. }
            | E::BudgetUnbalanced { .. }
            | E::BudgetInKindUnbalanced { .. }
            | E::BudgetNegative
            | E::BudgetUnknownLine
            | E::RequestMissing
            | E::RequestOverCap { .. }
            | E::RequestShare { .. }
            | E::WrongValue
            | E::Id(_)
            | E::Money(_)
            | E::Email(_) => {}
        }
    }
    all
}

fn sample_schema_errors() -> Vec<SchemaError> {
    use SchemaErrorKind as K;
    let id = || "x".to_owned();
    let kinds = vec![
        K::BadId { id: id() },
        K::DuplicateId { id: id() },
        K::EmptyForm,
        K::NestedGroup,
        K::EmptyGroup,
        K::NotInGroup,
        K::NoOptions,
        K::DuplicateOption { id: id() },
        K::BadRange,
        K::UnknownReference { id: id() },
        K::ForwardReference { id: id() },
        K::MemberReference { id: id() },
        K::ConditionType { id: id() },
        K::ComputedOperand { id: id() },
        K::ComputedArity,
        K::ComputedDisplay,
        K::NoFileTypes,
        K::BudgetLine { line: id() },
        K::Prefill,
    ];
    for k in &kinds {
        match k {
            K::BadId { .. }
            | K::DuplicateId { .. }
            | K::EmptyForm
            | K::NestedGroup
            | K::EmptyGroup
            | K::NotInGroup
            | K::NoOptions
            | K::DuplicateOption { .. }
            | K::BadRange
            | K::UnknownReference { .. }
            | K::ForwardReference { .. }
            | K::MemberReference { .. }
            | K::ConditionType { .. }
            | K::ComputedOperand { .. }
            | K::ComputedArity
            | K::ComputedDisplay
            | K::NoFileTypes
            | K::BudgetLine { .. }
            | K::Prefill => {}
        }
    }
    kinds
        .into_iter()
        .map(|kind| SchemaError::new("a", kind))
        .collect()
}

#[test]
fn every_error_code_has_a_message_with_its_variables() {
    let fr = messages(FTL_FR);
    let en = messages(FTL_EN);
    let domain_fr = messages(DOMAIN_FR);
    let domain_en = messages(DOMAIN_EN);
    let mut checked = std::collections::BTreeSet::new();
    let field = sample_field_errors()
        .into_iter()
        .map(|e| (e.code(), e.args()));
    let schema = sample_schema_errors()
        .into_iter()
        .map(|e| (e.code(), e.args()));
    for (code, args) in field.chain(schema) {
        checked.insert(code);
        let names: std::collections::BTreeSet<String> =
            args.iter().map(|(n, _)| (*n).to_owned()).collect();
        for (lang, catalogue, shared) in [("fr", &fr, &domain_fr), ("en", &en, &domain_en)] {
            let text = catalogue
                .get(code)
                .or_else(|| shared.get(code))
                .unwrap_or_else(|| panic!("{lang}: no message {code}"));
            // Every variable the message uses is passed; schema messages may leave `at` out.
            let used = variables(text);
            assert!(
                used.is_subset(&names),
                "{lang} {code}: uses {used:?}, gets {names:?}"
            );
            if !code.starts_with("forms-schema") {
                assert_eq!(used, names, "{lang} {code}");
            }
        }
    }
    // No message without a code, and the two files agree.
    let mine: std::collections::BTreeSet<&str> = fr.keys().map(String::as_str).collect();
    let theirs: std::collections::BTreeSet<&str> = en.keys().map(String::as_str).collect();
    assert_eq!(mine, theirs);
    let stray: Vec<&&str> = mine.iter().filter(|id| !checked.contains(**id)).collect();
    assert!(stray.is_empty(), "messages without a code: {stray:?}");
    for id in &mine {
        assert_eq!(variables(&fr[*id]), variables(&en[*id]), "{id}");
    }
    // Selectors always have a default variant.
    for (id, text) in fr.iter().chain(en.iter()) {
        if text.contains("->") {
            assert!(text.contains("*["), "{id}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Properties

fn arb_literal() -> impl Strategy<Value = Literal> {
    prop_oneof![
        "[a-c]{0,2}".prop_map(Literal::Text),
        (-5i64..5).prop_map(Literal::Integer),
        prop_oneof![Just(f64::NAN), Just(f64::INFINITY), -5.0f64..5.0].prop_map(Literal::Decimal),
        (-500i64..500).prop_map(|c| Literal::Cents(Cents(c))),
        (-500i64..500).prop_map(Literal::Percent),
        any::<bool>().prop_map(Literal::Bool),
        (0i64..60).prop_map(|n| Literal::Date(d(2026, 1, 1) + chrono::Days::new(n as u64))),
        prop::collection::vec("[a-c]", 0..3).prop_map(Literal::List),
    ]
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        "[a-c ]{0,2}".prop_map(Value::Text),
        prop_oneof![Just("92050".to_owned()), Just("75056".to_owned())].prop_map(Value::Text),
        any::<i64>().prop_map(Value::Integer),
        any::<f64>().prop_map(Value::Decimal),
        any::<i64>().prop_map(|c| Value::Cents(Cents(c))),
        any::<i64>().prop_map(Value::Percent),
        (0i64..60).prop_map(|n| Value::Date(d(2026, 1, 1) + chrono::Days::new(n as u64))),
        any::<bool>().prop_map(Value::Bool),
        "[a-c]".prop_map(Value::Choice),
        prop::collection::vec("[a-c]|92050|2A004", 0..3).prop_map(Value::Choices),
        prop::collection::vec((any::<bool>(), -100i64..100), 0..3).prop_map(|lines| {
            let mut b = BudgetAnswer::default();
            for (i, (_, c)) in lines.iter().enumerate() {
                b.lines
                    .insert(BUDGET_LINES[i * 7].code.to_owned(), Cents(*c));
            }
            Value::Budget(b)
        }),
        (0i64..9, 0u64..100).prop_map(|(id, size)| Value::File(FileRef {
            id,
            name: "a.pdf".into(),
            size
        })),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop::collection::vec(prop::collection::btree_map("[a-c]", inner, 0..3), 0..3).prop_map(
            |items| {
                Value::Group(
                    items
                        .into_iter()
                        .map(|m| {
                            Answers(m.into_iter().map(|(k, v)| (FieldId::new(&k), v)).collect())
                        })
                        .collect(),
                )
            },
        )
    })
}

fn arb_var() -> impl Strategy<Value = Var> {
    prop_oneof![
        "[a-d]".prop_map(|s| Var::field(&s)),
        prop::sample::select(OrgFact::ALL.to_vec()).prop_map(Var::Org),
    ]
}

fn arb_condition() -> impl Strategy<Value = Condition> {
    let op = prop::sample::select(vec![
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Gt,
        CmpOp::Ge,
    ]);
    let leaf = prop_oneof![
        (arb_var(), op, arb_literal()).prop_map(|(var, op, value)| Condition::Compare {
            var,
            op,
            value
        }),
        (arb_var(), arb_literal()).prop_map(|(var, value)| Condition::Includes { var, value }),
        arb_var().prop_map(|var| Condition::Empty { var }),
        (
            arb_var(),
            prop::collection::vec("92|92050|75056|2A|x", 0..3)
        )
            .prop_map(|(var, codes)| Condition::InCommunes { var, codes }),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Condition::All),
            prop::collection::vec(inner.clone(), 0..4).prop_map(Condition::Any),
            inner.prop_map(|c| Condition::Not(Box::new(c))),
        ]
    })
}

fn arb_org() -> impl Strategy<Value = OrgFacts> {
    (
        prop::option::of(prop::sample::select(OrgKind::ALL.to_vec())),
        prop::option::of(prop::sample::select(vec!["92050", "75056", "2A004"])),
        prop::option::of(prop::sample::select(EsusStatus::ALL.to_vec())),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(-3i64..50),
    )
        .prop_map(
            |(kind, commune, esus, has_siret, has_rna, created_years)| OrgFacts {
                kind,
                commune: commune.map(|c| CommuneCode::parse(c).unwrap()),
                esus,
                has_siret,
                has_rna,
                legal_category: None,
                created_years,
            },
        )
}

proptest! {
    #[test]
    fn conditions_never_panic(
        c in arb_condition(),
        values in prop::collection::btree_map("[a-d]", arb_value(), 0..4),
        org in arb_org(),
    ) {
        let env = TestEnv {
            answers: Answers(values.into_iter().map(|(k, v)| (FieldId::new(&k), v)).collect()),
            org,
        };
        let holds = c.eval(&env);
        let failed = c.explain(&env);
        prop_assert_eq!(holds, failed.is_empty());
        // Negation is exact.
        prop_assert_eq!(c.clone().negate().eval(&env), !holds);
        // JSON round trip keeps the meaning (NaN literals aside, which JSON cannot hold).
        if let Ok(json) = serde_json::to_string(&c) {
            if let Ok(back) = serde_json::from_str::<Condition>(&json) {
                prop_assert_eq!(back.eval(&env), holds);
            }
        }
    }

    #[test]
    fn budget_totals_are_the_sums_of_their_lines(
        amounts in prop::collection::vec((0usize..BUDGET_LINES.len(), 0i64..=budget::MAX_LINE.0), 0..60),
    ) {
        let mut b = BudgetAnswer::default();
        for (i, c) in &amounts {
            b.lines.insert(BUDGET_LINES[*i].code.to_owned(), Cents(*c));
        }
        let sum = |side: Side| -> i64 {
            b.lines
                .iter()
                .filter(|(code, _)| budget::line(code).map(|l| l.side) == Some(side))
                .map(|(_, c)| c.0)
                .sum()
        };
        let t = b.totals();
        prop_assert_eq!(t.charges.0, sum(Side::Charge));
        prop_assert_eq!(t.income.0, sum(Side::Income));
        prop_assert_eq!(t.in_kind_uses.0, sum(Side::InKindUse));
        prop_assert_eq!(t.in_kind_contributions.0, sum(Side::InKindContribution));
        prop_assert_eq!(t.grand_total_charges().0, t.charges.0 + t.in_kind_uses.0);
        let accounts: i64 = BUDGET_ACCOUNTS.iter().map(|a| b.account_total(a.code).0).sum();
        prop_assert_eq!(accounts, b.lines.values().map(|c| c.0).sum::<i64>());
        prop_assert_eq!(b.is_balanced(), t.grand_total_charges() == t.grand_total_income());
    }

    #[test]
    fn integers_round_trip(n in any::<i64>()) {
        for lang in ["fr", "en"] {
            let text = format_integer(n, lang);
            prop_assert_eq!(ok(&int(), &text), Value::Integer(n), "{}", text);
        }
    }

    #[test]
    fn decimals_round_trip(mantissa in -10_000_000_000i64..10_000_000_000, scale in 0u8..=4, decimals in 0u8..=6) {
        let decimals = decimals.max(scale);
        let x: f64 = format!("{}e-{}", mantissa, scale).parse().unwrap();
        let kind = FieldKind::Decimal { min: None, max: None, decimals };
        for lang in ["fr", "en"] {
            let text = format_decimal(x, decimals, lang);
            prop_assert_eq!(ok(&kind, &text), Value::Decimal(x), "{}", text);
        }
    }

    #[test]
    fn amounts_and_percentages_round_trip(c in any::<i64>(), bp in -100_000_000i64..100_000_000) {
        let pct = FieldKind::Percentage { min: None, max: None };
        for lang in ["fr", "en"] {
            let text = to_input(&money(), &Value::Cents(Cents(c)), lang);
            prop_assert_eq!(parse_input(&money(), &text), Ok(Some(Value::Cents(Cents(c)))));
            let text = format_percent(bp, lang);
            prop_assert_eq!(ok(&pct, &text), Value::Percent(bp), "{}", text);
        }
    }

    #[test]
    fn parsing_never_panics(s in "\\PC{0,24}", digits in "[-+ ,.0-9%€]{0,24}") {
        let kinds = [
            text(), FieldKind::LongText { max_len: None }, int(),
            FieldKind::Decimal { min: None, max: None, decimals: 3 }, money(),
            FieldKind::Percentage { min: None, max: None }, FieldKind::Date { min: None, max: None },
            yes_no(), FieldKind::SingleChoice { options: opts3() },
            FieldKind::MultipleChoice { options: opts3(), min: None, max: None },
            FieldKind::Email, FieldKind::Phone, FieldKind::Url,
            FieldKind::Commune { multiple: true }, FieldKind::Siret, FieldKind::Rna,
        ];
        for kind in &kinds {
            for input in [&s, &digits] {
                if let Ok(Some(v)) = parse_input(kind, &[input]) {
                    // What parses is stored as its kind's value, and reads back.
                    let again = to_input(kind, &v, "fr");
                    prop_assert_eq!(parse_input(kind, &again), Ok(Some(v)));
                }
            }
        }
    }
}
