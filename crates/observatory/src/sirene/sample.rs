//! Synthetic SIRENE stock files with INSEE's real headers, for the demo, the tests and the
//! benchmark. Deterministic (a fixed seed gives the same bytes), streamed to disk, any size.

use std::io::Write;
use std::path::{Path, PathBuf};

/// `StockUniteLegale`'s header (35 columns, 2025 release).
pub const UNIT_HEADER: &[&str] = &[
    "siren",
    "statutDiffusionUniteLegale",
    "unitePurgeeUniteLegale",
    "dateCreationUniteLegale",
    "sigleUniteLegale",
    "sexeUniteLegale",
    "prenom1UniteLegale",
    "prenom2UniteLegale",
    "prenom3UniteLegale",
    "prenom4UniteLegale",
    "prenomUsuelUniteLegale",
    "pseudonymeUniteLegale",
    "identifiantAssociationUniteLegale",
    "trancheEffectifsUniteLegale",
    "anneeEffectifsUniteLegale",
    "dateDernierTraitementUniteLegale",
    "nombrePeriodesUniteLegale",
    "categorieEntreprise",
    "anneeCategorieEntreprise",
    "dateDebut",
    "etatAdministratifUniteLegale",
    "nomUniteLegale",
    "nomUsageUniteLegale",
    "denominationUniteLegale",
    "denominationUsuelle1UniteLegale",
    "denominationUsuelle2UniteLegale",
    "denominationUsuelle3UniteLegale",
    "categorieJuridiqueUniteLegale",
    "activitePrincipaleUniteLegale",
    "nomenclatureActivitePrincipaleUniteLegale",
    "nicSiegeUniteLegale",
    "economieSocialeSolidaireUniteLegale",
    "societeMissionUniteLegale",
    "caractereEmployeurUniteLegale",
    "activitePrincipaleNAF25UniteLegale",
];

/// `StockEtablissement`'s header (54 columns, 2025 release).
pub const ESTABLISHMENT_HEADER: &[&str] = &[
    "siren",
    "nic",
    "siret",
    "statutDiffusionEtablissement",
    "dateCreationEtablissement",
    "trancheEffectifsEtablissement",
    "anneeEffectifsEtablissement",
    "activitePrincipaleRegistreMetiersEtablissement",
    "dateDernierTraitementEtablissement",
    "etablissementSiege",
    "nombrePeriodesEtablissement",
    "complementAdresseEtablissement",
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "dernierNumeroVoieEtablissement",
    "indiceRepetitionDernierNumeroVoieEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
    "libelleCommuneEtrangerEtablissement",
    "distributionSpecialeEtablissement",
    "codeCommuneEtablissement",
    "codeCedexEtablissement",
    "libelleCedexEtablissement",
    "codePaysEtrangerEtablissement",
    "libellePaysEtrangerEtablissement",
    "identifiantAdresseEtablissement",
    "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement",
    "complementAdresse2Etablissement",
    "numeroVoie2Etablissement",
    "indiceRepetition2Etablissement",
    "typeVoie2Etablissement",
    "libelleVoie2Etablissement",
    "codePostal2Etablissement",
    "libelleCommune2Etablissement",
    "libelleCommuneEtranger2Etablissement",
    "distributionSpeciale2Etablissement",
    "codeCommune2Etablissement",
    "codeCedex2Etablissement",
    "libelleCedex2Etablissement",
    "codePaysEtranger2Etablissement",
    "libellePaysEtranger2Etablissement",
    "dateDebut",
    "etatAdministratifEtablissement",
    "enseigne1Etablissement",
    "enseigne2Etablissement",
    "enseigne3Etablissement",
    "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement",
    "activitePrincipaleNAF25Etablissement",
];

/// SplitMix64: tiny, fast and the same on every platform and version.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }
    /// True with probability `percent` %.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The Luhn check digit that completes `digits`.
fn luhn_digit(digits: &[u8]) -> u8 {
    let mut sum = 0u32;
    // Positions counted from the right once the check digit is appended: the digit just
    // before it is doubled.
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = (*d - b'0') as u32;
        if i % 2 == 0 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    b'0' + ((10 - sum % 10) % 10) as u8
}

/// A valid SIREN from a number below 10⁸.
pub fn siren(n: u64) -> String {
    let mut s = format!("{:08}", n % 100_000_000).into_bytes();
    s.push(luhn_digit(&s));
    String::from_utf8(s).expect("digits")
}

/// A valid SIRET of `siren` with establishment number `k` (below 10⁴).
pub fn siret(siren: &str, k: u64) -> String {
    let mut s = format!("{siren}{:04}", k % 10_000).into_bytes();
    s.push(luhn_digit(&s));
    String::from_utf8(s).expect("digits")
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub seed: u64,
    pub units: u64,
    /// Establishments per unit: 1 to this many.
    pub max_establishments: u64,
    /// The territory's communes (INSEE code, name, postal code).
    pub communes: Vec<(String, String, String)>,
    /// Share (in %) of establishments placed in the territory; the rest elsewhere.
    pub territory_percent: u64,
    /// Every n-th establishment line is broken (0: none).
    pub malformed_every: u64,
    /// Versions of the same population: version 1 closes and renames a few.
    pub version: u64,
    /// Below 100, only this share (in %) of units may be ESS, as in the national file (about
    /// 5 %); the others are ordinary companies.
    pub ess_percent: u64,
}

const FIRST: &[&str] = &[
    "Association",
    "Les Amis",
    "Compagnie",
    "Atelier",
    "Collectif",
    "Maison",
    "Réseau",
    "Épicerie solidaire",
    "Jardins partagés",
    "Ressourcerie",
    "Crèche parentale",
    "Théâtre",
    "Entraide",
    "Fédération",
    "Université populaire",
];
const SECOND: &[&str] = &[
    "de l'Écologie urbaine",
    "des Familles",
    "du Lien social",
    "de la Réussite éducative",
    "des Seniors actifs",
    "du Vélo",
    "de l'Insertion",
    "des Arts de la rue",
    "du Numérique pour tous",
    "de la Santé",
    "des Quartiers",
    "du Réemploi",
];
const ACTIVITIES: &[&str] = &[
    "94.99Z", "94.99Z", "88.99B", "88.10A", "85.59A", "93.12Z", "90.01Z", "56.10A", "47.11F",
    "64.19Z", "65.12Z", "01.13Z", "38.11Z", "87.30A", "86.90D", "88.91A", "62.01Z", "55.20Z",
];
const BANDS: &[&str] = &[
    "NN", "NN", "NN", "00", "01", "01", "02", "03", "11", "12", "21", "22", "",
];
const ROADS: &[(&str, &str)] = &[
    ("RUE", "DE LA REPUBLIQUE"),
    ("AV", "GEORGES CLEMENCEAU"),
    ("BD", "DU GENERAL LECLERC"),
    ("RUE", "JEAN JAURES"),
    ("PL", "DE LA MAIRIE"),
    ("ALL", "DES TILLEULS"),
];
const OUTSIDE: &[(&str, &str, &str)] = &[
    ("75056", "PARIS", "75011"),
    ("69123", "LYON", "69003"),
    ("13055", "MARSEILLE", "13001"),
    ("93066", "SAINT-DENIS", "93200"),
    ("94028", "CRETEIL", "94000"),
    ("78646", "VERSAILLES", "78000"),
];

/// (legal category, ESS flag) with their weights in %.
const FORMS: &[(&str, &str, u64)] = &[
    ("9220", "O", 52),
    ("9230", "O", 4),
    ("9221", "O", 2),
    ("5458", "O", 4),
    ("5460", "O", 2),
    ("8210", "O", 2),
    ("9300", "O", 2),
    ("5710", "O", 6),
    ("5499", "N", 14),
    ("5710", "N", 10),
    ("1000", "N", 2),
];

fn form(rng: &mut Rng) -> (&'static str, &'static str) {
    let mut x = rng.below(100);
    for (c, f, w) in FORMS {
        if x < *w {
            return (c, f);
        }
        x -= w;
    }
    ("9220", "O")
}

/// Writes both files under `dir` (gzip-compressed when `gzip`), returns their paths.
pub fn write(dir: &Path, spec: &Spec, gzip: bool) -> anyhow::Result<(PathBuf, PathBuf)> {
    let ext = if gzip { "csv.gz" } else { "csv" };
    let units = dir.join(format!("StockUniteLegale_utf8.{ext}"));
    let ests = dir.join(format!("StockEtablissement_utf8.{ext}"));
    let open = |p: &Path| -> anyhow::Result<Box<dyn Write>> {
        let f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(p)?);
        Ok(if gzip {
            Box::new(flate2::write::GzEncoder::new(
                f,
                flate2::Compression::fast(),
            ))
        } else {
            Box::new(f)
        })
    };
    let mut uw = csv::Writer::from_writer(open(&units)?);
    let mut ew = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(open(&ests)?);
    uw.write_record(UNIT_HEADER)?;
    ew.write_record(ESTABLISHMENT_HEADER)?;
    let mut rng = Rng::new(spec.seed);
    let mut line = 1u64;
    let mut urow = vec![String::new(); UNIT_HEADER.len()];
    let mut erow = vec![String::new(); ESTABLISHMENT_HEADER.len()];
    let ucol = |n: &str| UNIT_HEADER.iter().position(|h| *h == n).expect("column");
    let ecol = |n: &str| {
        ESTABLISHMENT_HEADER
            .iter()
            .position(|h| *h == n)
            .expect("column")
    };
    let (u_siren, u_diff, u_created, u_sigle, u_rna, u_state, u_name, u_cat, u_act, u_nic, u_ess) = (
        ucol("siren"),
        ucol("statutDiffusionUniteLegale"),
        ucol("dateCreationUniteLegale"),
        ucol("sigleUniteLegale"),
        ucol("identifiantAssociationUniteLegale"),
        ucol("etatAdministratifUniteLegale"),
        ucol("denominationUniteLegale"),
        ucol("categorieJuridiqueUniteLegale"),
        ucol("activitePrincipaleUniteLegale"),
        ucol("nicSiegeUniteLegale"),
        ucol("economieSocialeSolidaireUniteLegale"),
    );
    let e = [
        "siren",
        "nic",
        "siret",
        "statutDiffusionEtablissement",
        "dateCreationEtablissement",
        "trancheEffectifsEtablissement",
        "etablissementSiege",
        "numeroVoieEtablissement",
        "typeVoieEtablissement",
        "libelleVoieEtablissement",
        "codePostalEtablissement",
        "libelleCommuneEtablissement",
        "codeCommuneEtablissement",
        "etatAdministratifEtablissement",
        "enseigne1Etablissement",
        "activitePrincipaleEtablissement",
        "nomenclatureActivitePrincipaleEtablissement",
        "coordonneeLambertAbscisseEtablissement",
        "coordonneeLambertOrdonneeEtablissement",
        "dateDebut",
        "caractereEmployeurEtablissement",
    ]
    .map(ecol);
    for u in 0..spec.units {
        let sn = siren(1_000_000 + spec.seed % 1000 * 100_000 + u);
        let (cat, ess) = if spec.ess_percent < 100 && rng.below(100) >= spec.ess_percent {
            *rng.pick(&[("5499", "N"), ("5710", "N"), ("1000", "N"), ("5710", "N")])
        } else {
            form(&mut rng)
        };
        let partial = rng.chance(3);
        let ceased = rng.chance(2) || (spec.version > 0 && u % 97 == 5);
        let mut name = format!("{} {}", rng.pick(FIRST), rng.pick(SECOND));
        if spec.version > 0 && u % 89 == 3 {
            name.push_str(" (nouveau nom)");
        }
        let act = rng.pick(ACTIVITIES);
        let n_est = 1 + rng.below(spec.max_establishments.max(1));
        for c in urow.iter_mut() {
            c.clear();
        }
        urow[u_siren] = sn.clone();
        urow[u_diff] = if partial { "P" } else { "O" }.into();
        urow[u_created] = format!(
            "{}-{:02}-{:02}",
            1950 + rng.below(75),
            1 + rng.below(12),
            1 + rng.below(28)
        );
        if rng.chance(20) {
            urow[u_sigle] = format!("A{}", rng.below(1000));
        }
        if cat.starts_with("92") {
            urow[u_rna] = format!("W92{:07}", rng.below(10_000_000));
        }
        urow[u_state] = if ceased { "C" } else { "A" }.into();
        if cat != "1000" {
            urow[u_name] = name.clone();
        }
        urow[u_cat] = cat.into();
        urow[u_act] = (*act).into();
        urow[u_nic] = "00011".into();
        urow[u_ess] = ess.into();
        uw.write_record(&urow)?;
        for k in 0..n_est {
            line += 1;
            for c in erow.iter_mut() {
                c.clear();
            }
            let in_territory = rng.below(100) < spec.territory_percent && !spec.communes.is_empty();
            let (code, cname, postal) = if in_territory {
                let c = rng.pick(&spec.communes);
                (c.0.clone(), c.1.to_uppercase(), c.2.clone())
            } else {
                let c = rng.pick(OUTSIDE);
                (c.0.to_owned(), c.1.to_owned(), c.2.to_owned())
            };
            let st = siret(&sn, k + 1);
            let road = rng.pick(ROADS);
            let closed = rng.chance(5) || (spec.version > 0 && u % 53 == 7);
            let vals: [String; 21] = [
                sn.clone(),
                st[9..].to_owned(),
                st.clone(),
                if partial { "P" } else { "O" }.into(),
                format!("{}-{:02}-01", 1970 + rng.below(55), 1 + rng.below(12)),
                (*rng.pick(BANDS)).into(),
                (k == 0).to_string(),
                (1 + rng.below(150)).to_string(),
                road.0.into(),
                road.1.into(),
                postal,
                cname,
                code,
                if closed { "F" } else { "A" }.into(),
                if rng.chance(10) {
                    "LE LOCAL".into()
                } else {
                    String::new()
                },
                (*act).into(),
                "NAFRev2".into(),
                format!("{}", 640_000 + rng.below(20_000)),
                format!("{}", 6_850_000 + rng.below(20_000)),
                "2024-01-01".into(),
                if rng.chance(50) { "O" } else { "N" }.into(),
            ];
            for (i, v) in e.iter().zip(vals) {
                erow[*i] = v;
            }
            if spec.malformed_every > 0 && line.is_multiple_of(spec.malformed_every) {
                // A line cut short, as a truncated transfer leaves it.
                ew.write_record(&erow[..7])?;
            } else {
                ew.write_record(&erow)?;
            }
        }
    }
    let mut u = uw.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    u.flush()?;
    drop(u);
    let mut e = ew.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    e.flush()?;
    drop(e);
    Ok((units, ests))
}

/// The territory's communes as the generator wants them.
pub fn communes_of(t: &essor_platform::territory::Territory) -> Vec<(String, String, String)> {
    t.communes
        .iter()
        .map(|c| {
            (
                c.code.clone(),
                c.name.clone(),
                c.postal_codes
                    .split([',', ' ', '|'])
                    .next()
                    .unwrap_or("")
                    .to_owned(),
            )
        })
        .collect()
}
