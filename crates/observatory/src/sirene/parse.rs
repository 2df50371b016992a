//! The two streaming passes over INSEE's stock files, with bounded memory.
//!
//! 1. `StockUniteLegale`: every line is read once; only the ESS units (flag `O` or an ESS legal
//!    form, [`super::families`]) are kept, as a compact map SIREN → [`Unit`]. Its size is the
//!    number of ESS units, not the size of the file.
//! 2. `StockEtablissement`: every line is read once; the commune is tested first (the cheapest
//!    test that rejects most lines), then the SIREN against the map; a kept line becomes an
//!    [`Establishment`] handed to the caller at once, never collected.
//!
//! Columns are found by header name (their order changes between releases). Records come from
//! [`super::scan::Scanner`] as raw bytes cut at their commas; only the fields of kept lines are
//! decoded. A line that cannot be used (wrong field count, bad identifier, invalid UTF-8) is
//! counted as malformed with its line number and reason, and the pass goes on.
//!
//! [`reference`] runs the same passes on the `csv` crate's reader: the tests and the benchmark
//! compare the scanner with it.

use super::families::{self, Family};
use super::scan::{Record, Scanner};
use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io::Read;

/// How many malformed lines are kept as examples (all are counted).
pub const MAX_EXAMPLES: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Malformed {
    pub file: String,
    pub line: u64,
    pub reason: String,
}

#[derive(Debug, Default, Clone)]
pub struct Report {
    pub count: u64,
    pub examples: Vec<Malformed>,
}

impl Report {
    fn add(&mut self, file: &str, line: u64, reason: impl Into<String>) {
        self.count += 1;
        if self.examples.len() < MAX_EXAMPLES {
            self.examples.push(Malformed {
                file: file.to_owned(),
                line,
                reason: reason.into(),
            });
        }
    }
}

/// What the directory keeps of an ESS legal unit.
#[derive(Debug, Clone)]
pub struct Unit {
    pub name: Box<str>,
    pub acronym: Option<Box<str>>,
    pub rna: Option<Box<str>>,
    pub category: [u8; 4],
    pub family: Family,
    pub ess_flag: bool,
    pub partial: bool,
    pub ceased: bool,
}

/// The ESS units found in the first pass, by SIREN (9 digits fit a `u32`).
#[derive(Debug, Default)]
pub struct Units {
    pub map: HashMap<u32, Unit>,
    pub read: u64,
}

/// One kept establishment, ready for the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Establishment {
    pub siret: String,
    pub siren: String,
    pub name: String,
    pub acronym: Option<String>,
    pub usual_name: Option<String>,
    pub rna: Option<String>,
    pub legal_category: String,
    pub family: Family,
    pub ess_flag: bool,
    pub partial_diffusion: bool,
    pub head_office: bool,
    pub naf: Option<String>,
    pub naf_section: Option<char>,
    pub size_band: Option<String>,
    pub commune_code: String,
    pub postal_code: Option<String>,
    pub street: Option<String>,
    pub created_on: Option<String>,
    /// Closed establishment (`F`) or ceased unit (`C`).
    pub closed: bool,
}

impl Establishment {
    /// A stable 63-bit FNV-1a hash of every imported field: equal fingerprints mean nothing to
    /// update. (Not `DefaultHasher`, whose output may change with the compiler.)
    pub fn fingerprint(&self) -> i64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |s: &str| {
            for b in s.bytes().chain(std::iter::once(0xff)) {
                h ^= b as u64;
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        };
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        for s in [
            self.siret.clone(),
            self.name.clone(),
            o(&self.acronym),
            o(&self.usual_name),
            o(&self.rna),
            self.legal_category.clone(),
            self.family.code().to_owned(),
            self.ess_flag.to_string(),
            self.partial_diffusion.to_string(),
            self.head_office.to_string(),
            o(&self.naf),
            o(&self.size_band),
            self.commune_code.clone(),
            o(&self.postal_code),
            o(&self.street),
            o(&self.created_on),
            self.closed.to_string(),
        ] {
            feed(&s);
        }
        (h >> 1) as i64
    }
}

/// Positions of the wanted columns, looked up by name in the header.
struct Columns(Vec<Option<usize>>);

impl Columns {
    fn find(header: &[Vec<u8>], required: &[&str], optional: &[&str]) -> anyhow::Result<Self> {
        let names: Vec<&[u8]> = header
            .iter()
            .map(Vec::as_slice)
            .enumerate()
            .map(|(i, n)| {
                // A byte-order mark may precede the first name.
                let n = if i == 0 {
                    n.strip_prefix(b"\xef\xbb\xbf").unwrap_or(n)
                } else {
                    n
                };
                n.trim_ascii()
            })
            .collect();
        let pos = |name: &str| names.iter().position(|n| *n == name.as_bytes());
        let mut v = Vec::new();
        for name in required {
            match pos(name) {
                Some(i) => v.push(Some(i)),
                None => bail!(
                    "column `{name}` is missing from the header: is this the right SIRENE file?"
                ),
            }
        }
        v.extend(optional.iter().map(|n| pos(n)));
        Ok(Columns(v))
    }

    #[inline]
    fn get<'r>(&self, rec: &Record<'r>, col: usize) -> &'r [u8] {
        self.0[col]
            .and_then(|i| rec.get(i))
            .map(|f| f.trim_ascii())
            .unwrap_or(b"")
    }
}

fn parse_siren(b: &[u8]) -> Option<u32> {
    if b.len() != 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u32, |acc, d| acc * 10 + (d - b'0') as u32))
}

fn text(b: &[u8]) -> Result<Option<String>, ()> {
    if b.is_empty() || b == b"[ND]" {
        return Ok(None);
    }
    std::str::from_utf8(b)
        .map(|s| Some(s.to_owned()))
        .map_err(|_| ())
}

/// Where the passes take their records from: the scanner, or the `csv` crate in [`reference`].
pub trait Records {
    /// The next record, the header first; `None` at the end.
    fn next_record(
        &mut self,
        file: &str,
        report: &mut Report,
    ) -> anyhow::Result<Option<Record<'_>>>;
}

impl<R: Read> Records for Scanner<R> {
    #[inline]
    fn next_record(&mut self, _: &str, _: &mut Report) -> anyhow::Result<Option<Record<'_>>> {
        Scanner::next_record(self).context("reading the file")
    }
}

/// The header's names (an empty header when the file is empty: every column is then missing).
fn header(src: &mut impl Records, file: &str, report: &mut Report) -> anyhow::Result<Vec<Vec<u8>>> {
    Ok(match src.next_record(file, report)? {
        Some(r) => r.iter().map(<[u8]>::to_vec).collect(),
        None => Vec::new(),
    })
}

pub const UNIT_FILE: &str = "StockUniteLegale";
pub const ESTABLISHMENT_FILE: &str = "StockEtablissement";

// Column numbers in `Columns` for the units pass.
const U_SIREN: usize = 0;
const U_DIFFUSION: usize = 1;
const U_NAME: usize = 2;
const U_CATEGORY: usize = 3;
const U_ESS: usize = 4;
const U_STATE: usize = 5;
const U_ACRONYM: usize = 6;
const U_RNA: usize = 7;

/// First pass: the ESS legal units.
pub fn read_units(r: &mut dyn Read, report: &mut Report) -> anyhow::Result<Units> {
    units_pass(&mut Scanner::new(r), report)
}

fn units_pass(src: &mut impl Records, report: &mut Report) -> anyhow::Result<Units> {
    let header = header(src, UNIT_FILE, report)?;
    let cols = Columns::find(
        &header,
        &[
            "siren",
            "statutDiffusionUniteLegale",
            "denominationUniteLegale",
            "categorieJuridiqueUniteLegale",
            "economieSocialeSolidaireUniteLegale",
            "etatAdministratifUniteLegale",
        ],
        &["sigleUniteLegale", "identifiantAssociationUniteLegale"],
    )?;
    let width = header.len();
    let mut units = Units::default();
    while let Some(rec) = src.next_record(UNIT_FILE, report)? {
        units.read += 1;
        let line = rec.line;
        if rec.len() != width {
            report.add(
                UNIT_FILE,
                line,
                format!("{} fields instead of {width}", rec.len()),
            );
            continue;
        }
        let category = cols.get(&rec, U_CATEGORY);
        let ess_flag = cols.get(&rec, U_ESS) == b"O";
        let Some(family) = families::classify(category, ess_flag) else {
            continue;
        };
        let Some(siren) = parse_siren(cols.get(&rec, U_SIREN)) else {
            report.add(UNIT_FILE, line, "SIREN is not 9 digits");
            continue;
        };
        let (Ok(name), Ok(acronym), Ok(rna)) = (
            text(cols.get(&rec, U_NAME)),
            text(cols.get(&rec, U_ACRONYM)),
            text(cols.get(&rec, U_RNA)),
        ) else {
            report.add(UNIT_FILE, line, "invalid UTF-8");
            continue;
        };
        let mut cat = [b' '; 4];
        for (d, s) in cat.iter_mut().zip(category) {
            *d = *s;
        }
        units.map.insert(
            siren,
            Unit {
                name: name.unwrap_or_default().into_boxed_str(),
                acronym: acronym.map(String::into_boxed_str),
                rna: rna.map(String::into_boxed_str),
                category: cat,
                family,
                ess_flag,
                partial: cols.get(&rec, U_DIFFUSION) == b"P",
                ceased: cols.get(&rec, U_STATE) == b"C",
            },
        );
    }
    Ok(units)
}

const E_SIREN: usize = 0;
const E_SIRET: usize = 1;
const E_COMMUNE: usize = 2;
const E_STATE: usize = 3;
const E_HEAD: usize = 4;
const E_NAF: usize = 5;
const E_SIZE: usize = 6;
const E_DIFFUSION: usize = 7;
const E_POSTAL: usize = 8;
const E_USUAL: usize = 9;
const E_SIGN: usize = 10;
const E_NUMBER: usize = 11;
const E_ROAD_TYPE: usize = 12;
const E_ROAD: usize = 13;
const E_CREATED: usize = 14;

/// The territory's commune codes, with a table of their first two bytes that rejects most
/// other codes before any hashing.
struct Communes<'a> {
    codes: &'a HashSet<Vec<u8>>,
    /// Bit `b0 * 256 + b1` set when a code starts with `b0 b1`; bit 0 for codes shorter than 2.
    starts: Vec<u64>,
}

impl<'a> Communes<'a> {
    fn new(codes: &'a HashSet<Vec<u8>>) -> Self {
        let mut starts = vec![0u64; 1 << 10];
        for c in codes {
            let k = Self::key(c);
            starts[k / 64] |= 1 << (k % 64);
        }
        Communes { codes, starts }
    }

    fn key(code: &[u8]) -> usize {
        match code {
            [a, b, ..] => (*a as usize) << 8 | *b as usize,
            _ => 0,
        }
    }

    #[inline]
    fn contains(&self, code: &[u8]) -> bool {
        let k = Self::key(code);
        self.starts[k / 64] & (1 << (k % 64)) != 0 && self.codes.contains(code)
    }
}

/// Second pass: the establishments in `communes` whose unit is in `units`, handed one by one
/// to `keep`. Returns the number of lines read.
pub fn read_establishments(
    r: &mut dyn Read,
    units: &Units,
    communes: &HashSet<Vec<u8>>,
    report: &mut Report,
    keep: impl FnMut(Establishment) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    establishments_pass(&mut Scanner::new(r), units, communes, report, keep)
}

fn establishments_pass(
    src: &mut impl Records,
    units: &Units,
    communes: &HashSet<Vec<u8>>,
    report: &mut Report,
    mut keep: impl FnMut(Establishment) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    let header = header(src, ESTABLISHMENT_FILE, report)?;
    let cols = Columns::find(
        &header,
        &[
            "siren",
            "siret",
            "codeCommuneEtablissement",
            "etatAdministratifEtablissement",
            "etablissementSiege",
            "activitePrincipaleEtablissement",
            "trancheEffectifsEtablissement",
        ],
        &[
            "statutDiffusionEtablissement",
            "codePostalEtablissement",
            "denominationUsuelleEtablissement",
            "enseigne1Etablissement",
            "numeroVoieEtablissement",
            "typeVoieEtablissement",
            "libelleVoieEtablissement",
            "dateCreationEtablissement",
        ],
    )?;
    let width = header.len();
    let communes = Communes::new(communes);
    let mut read = 0u64;
    while let Some(rec) = src.next_record(ESTABLISHMENT_FILE, report)? {
        read += 1;
        let line = rec.line;
        if rec.len() != width {
            report.add(
                ESTABLISHMENT_FILE,
                line,
                format!("{} fields instead of {width}", rec.len()),
            );
            continue;
        }
        // Most lines stop here: not in the territory.
        if !communes.contains(cols.get(&rec, E_COMMUNE)) {
            continue;
        }
        let Some(siren) = parse_siren(cols.get(&rec, E_SIREN)) else {
            report.add(ESTABLISHMENT_FILE, line, "SIREN is not 9 digits");
            continue;
        };
        let Some(unit) = units.map.get(&siren) else {
            continue;
        };
        let siret = cols.get(&rec, E_SIRET);
        if siret.len() != 14
            || !siret.iter().all(u8::is_ascii_digit)
            || parse_siren(&siret[..9]) != Some(siren)
        {
            report.add(
                ESTABLISHMENT_FILE,
                line,
                "SIRET is not 14 digits starting with the SIREN",
            );
            continue;
        }
        match build(&cols, &rec, unit, siret) {
            Ok(e) => keep(e)?,
            Err(()) => report.add(ESTABLISHMENT_FILE, line, "invalid UTF-8"),
        }
    }
    Ok(read)
}

fn build(cols: &Columns, rec: &Record, unit: &Unit, siret: &[u8]) -> Result<Establishment, ()> {
    let t = |c: usize| text(cols.get(rec, c));
    let naf = t(E_NAF)?;
    let street = {
        let parts = [t(E_NUMBER)?, t(E_ROAD_TYPE)?, t(E_ROAD)?];
        let s = parts.into_iter().flatten().collect::<Vec<_>>().join(" ");
        (!s.is_empty()).then_some(s)
    };
    let size_band = t(E_SIZE)?.filter(|b| families::is_size_band(b));
    let category = String::from_utf8_lossy(&unit.category).trim().to_owned();
    Ok(Establishment {
        siret: String::from_utf8(siret.to_vec()).map_err(|_| ())?,
        siren: String::from_utf8(siret[..9].to_vec()).map_err(|_| ())?,
        name: unit.name.to_string(),
        acronym: unit.acronym.as_ref().map(|s| s.to_string()),
        usual_name: t(E_USUAL)?.or(t(E_SIGN)?),
        rna: unit.rna.as_ref().map(|s| s.to_string()),
        legal_category: category,
        family: unit.family,
        ess_flag: unit.ess_flag,
        partial_diffusion: unit.partial || cols.get(rec, E_DIFFUSION) == b"P",
        head_office: cols.get(rec, E_HEAD) == b"true",
        naf_section: naf.as_deref().and_then(families::naf_section),
        naf,
        size_band,
        commune_code: t(E_COMMUNE)?.unwrap_or_default(),
        postal_code: t(E_POSTAL)?,
        street,
        created_on: t(E_CREATED)?,
        closed: cols.get(rec, E_STATE) == b"F" || unit.ceased,
    })
}

/// The same passes on the `csv` crate's reader (one reused `ByteRecord`), which the import used
/// before the scanner: the reference the tests compare the scanner with, and the benchmark's
/// peer.
pub mod reference {
    use super::*;
    use csv::{ByteRecord, ReaderBuilder};

    struct Csv<'r> {
        rdr: csv::Reader<&'r mut dyn Read>,
        rec: ByteRecord,
        bytes: Vec<u8>,
        seps: Vec<u32>,
    }

    impl Records for Csv<'_> {
        fn next_record(
            &mut self,
            file: &str,
            report: &mut Report,
        ) -> anyhow::Result<Option<Record<'_>>> {
            loop {
                match self.rdr.read_byte_record(&mut self.rec) {
                    Ok(false) => return Ok(None),
                    Ok(true) => break,
                    // A CSV error other than I/O is a malformed line; an I/O error stops.
                    Err(e) => match e.kind() {
                        csv::ErrorKind::Io(_) => return Err(e).context("reading the file"),
                        _ => {
                            let line = e.position().map(|p| p.line()).unwrap_or(0);
                            report.add(file, line, e.to_string());
                        }
                    },
                }
            }
            self.bytes.clear();
            self.seps.clear();
            for (i, f) in self.rec.iter().enumerate() {
                if i > 0 {
                    self.seps.push(self.bytes.len() as u32);
                    self.bytes.push(b',');
                }
                self.bytes.extend_from_slice(f);
            }
            let line = self.rec.position().map(|p| p.line()).unwrap_or(0);
            Ok(Some(Record::new(line, &self.bytes, &self.seps)))
        }
    }

    /// The reader as the import configured it: any number of fields, the header read as the
    /// first record.
    fn csv(r: &mut dyn Read) -> Csv<'_> {
        Csv {
            rdr: ReaderBuilder::new()
                .flexible(true)
                .has_headers(false)
                .buffer_capacity(1 << 20)
                .from_reader(r),
            rec: ByteRecord::new(),
            bytes: Vec::new(),
            seps: Vec::new(),
        }
    }

    /// Every record as the `csv` crate reads it: (line, fields), the header first.
    pub fn records(r: &mut dyn Read) -> anyhow::Result<Vec<(u64, Vec<Vec<u8>>)>> {
        let mut src = csv(r);
        let mut report = Report::default();
        let mut out = Vec::new();
        while let Some(rec) = src.next_record("", &mut report)? {
            out.push((rec.line, rec.iter().map(<[u8]>::to_vec).collect()));
        }
        Ok(out)
    }

    pub fn read_units(r: &mut dyn Read, report: &mut Report) -> anyhow::Result<Units> {
        units_pass(&mut csv(r), report)
    }

    pub fn read_establishments(
        r: &mut dyn Read,
        units: &Units,
        communes: &HashSet<Vec<u8>>,
        report: &mut Report,
        keep: impl FnMut(Establishment) -> anyhow::Result<()>,
    ) -> anyhow::Result<u64> {
        establishments_pass(&mut csv(r), units, communes, report, keep)
    }
}

/// Every record as the scanner reads it: (line, fields), the header first.
pub fn records(r: &mut dyn Read) -> anyhow::Result<Vec<(u64, Vec<Vec<u8>>)>> {
    let mut src = Scanner::new(r);
    let mut out = Vec::new();
    while let Some(rec) = src.next_record()? {
        out.push((rec.line, rec.iter().map(<[u8]>::to_vec).collect()));
    }
    Ok(out)
}
