//! The territory Essor serves: its name and eligible communes (INSEE codes), from configuration,
//! with names from the embedded commune list (data/communes.csv, INSEE COG via
//! @etalab/decoupage-administratif, MIT).

use essor_domain::identifiers::CommuneCode;
use std::collections::HashMap;

static COMMUNES_CSV: &str = include_str!("../../../data/communes.csv");

#[derive(Debug, Clone)]
pub struct Commune {
    pub code: String,
    pub name: String,
    pub departement: String,
    pub postal_codes: String,
}

#[derive(Debug, Clone)]
pub struct Territory {
    pub name: String,
    /// Eligible communes, sorted by name.
    pub communes: Vec<Commune>,
    index: HashMap<String, usize>,
}

/// Every commune in the embedded list.
pub fn all_communes() -> impl Iterator<Item = Commune> {
    COMMUNES_CSV
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .filter_map(|line| {
            let mut f = line.split(';');
            Some(Commune {
                code: f.next()?.to_owned(),
                name: f.next()?.to_owned(),
                departement: f.next()?.to_owned(),
                postal_codes: f.next().unwrap_or("").to_owned(),
            })
        })
}

impl Territory {
    /// The communes listed by code, or when the list is empty every commune of `departement`.
    pub fn new(name: &str, codes: &[String], departement: &str) -> anyhow::Result<Territory> {
        let mut communes: Vec<Commune> = if codes.is_empty() {
            all_communes()
                .filter(|c| c.departement == departement)
                .collect()
        } else {
            let by_code: HashMap<String, Commune> =
                all_communes().map(|c| (c.code.clone(), c)).collect();
            codes
                .iter()
                .map(|code| {
                    let code = CommuneCode::parse(code)
                        .map_err(|_| anyhow::anyhow!("`{code}` is not an INSEE commune code"))?;
                    by_code
                        .get(code.as_str())
                        .cloned()
                        .ok_or_else(|| anyhow::anyhow!("unknown commune code {code}"))
                })
                .collect::<anyhow::Result<_>>()?
        };
        if communes.is_empty() {
            anyhow::bail!("the territory has no commune (département `{departement}`)");
        }
        communes.sort_by(|a, b| a.name.cmp(&b.name));
        let index = communes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.clone(), i))
            .collect();
        Ok(Territory {
            name: name.to_owned(),
            communes,
            index,
        })
    }

    pub fn contains(&self, code: &str) -> bool {
        self.index.contains_key(code)
    }

    pub fn commune(&self, code: &str) -> Option<&Commune> {
        self.index.get(code).map(|&i| &self.communes[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_territory_is_the_36_communes_of_the_hauts_de_seine() {
        let t = Territory::new("Hauts-de-Seine", &[], "92").unwrap();
        assert_eq!(t.communes.len(), 36);
        assert_eq!(t.commune("92050").unwrap().name, "Nanterre");
        assert!(!t.contains("75056"));
    }

    #[test]
    fn explicit_list_and_unknown_codes() {
        let t = Territory::new("Ville", &["92050".into()], "92").unwrap();
        assert_eq!(t.communes.len(), 1);
        assert!(Territory::new("X", &["99999".into()], "92").is_err());
        assert!(Territory::new("X", &[], "00").is_err());
    }
}
