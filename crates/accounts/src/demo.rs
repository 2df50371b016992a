//! Demo people and organisations, for `essor demo`.
//!
//! Organisations of the Hauts-de-Seine (92). Their SIRET numbers are made up (Luhn-valid; any
//! match with a real unit is coincidental). Dates are relative to today so that the valid ESUS
//! approval stays valid and the expired one stays expired whenever the demo is run.

use crate::orgs::queries::{self, DocumentKind, MemberRole, NewDocument, OrgData};
use crate::users;
use chrono::{Months, NaiveDate, Utc};
use essor_domain::email::Email;
use essor_domain::esus::EsusApproval;
use essor_domain::identifiers::{CommuneCode, LegalCategory, Rna, Siret};
use essor_domain::ids::{OrgId, UserId};
use essor_domain::org::OrgKind;
use essor_domain::role::Role;
use essor_platform::db::Tx;
use essor_platform::storage::FileType;
use essor_platform::{password, AppState};
use std::collections::HashMap;

/// The demo logins, as printed by `essor demo`.
pub const LOGINS: &[(&str, &str)] = &[
    ("admin@essor.demo", "administrator"),
    ("agent@essor.demo", "department staff"),
    ("jury@essor.demo", "jury member"),
    (
        "asso@essor.demo",
        "owner of an association in Nanterre (applicant)",
    ),
    (
        "esus@essor.demo",
        "owner of two ESUS companies (one approval valid, one expired)",
    ),
    (
        "funder@essor.demo",
        "owner of a funder (solidarity finance network)",
    ),
    ("ecole@essor.demo", "staff of a collège (school)"),
    (
        "entreprise@essor.demo",
        "owner of a company hosting young people",
    ),
];

const PEOPLE: &[(&str, &str, Option<Role>)] = &[
    ("admin@essor.demo", "Alice Admin", Some(Role::Admin)),
    ("agent@essor.demo", "Samir Agent", Some(Role::Staff)),
    ("jury@essor.demo", "Jeanne Jury", Some(Role::Jury)),
    ("asso@essor.demo", "Aïcha Association", None),
    ("esus@essor.demo", "Étienne Solidaire", None),
    ("funder@essor.demo", "Fatou Financeur", None),
    ("ecole@essor.demo", "Élise Enseignante", None),
    ("entreprise@essor.demo", "Emma Entreprise", None),
];

/// An ESUS decision, in years before today.
struct DemoEsus {
    decided_years_ago: u32,
    company_age_at_decision_years: u32,
}

pub(crate) struct DemoOrg {
    owner: &'static str,
    kind: OrgKind,
    name: &'static str,
    acronym: Option<&'static str>,
    pub(crate) siret: Option<&'static str>,
    pub(crate) rna: Option<&'static str>,
    legal_category: Option<&'static str>,
    address: &'static str,
    pub(crate) commune: &'static str,
    website: Option<&'static str>,
    contact_email: &'static str,
    contact_phone: Option<&'static str>,
    verified: bool,
    /// Documents in the vault: kind and, optionally, validity in months from today
    /// (negative: already expired).
    documents: &'static [(DocumentKind, Option<i32>)],
    esus: Option<DemoEsus>,
}

pub(crate) const ORGS: &[DemoOrg] = &[
    DemoOrg {
        owner: "asso@essor.demo",
        kind: OrgKind::Association,
        name: "Les Jardins partagés de Nanterre",
        acronym: Some("JPN"),
        siret: Some("842 173 056 00016"),
        rna: Some("W922004567"),
        legal_category: Some("9220"),
        address: "12 rue des Anciennes Mairies, 92000 Nanterre",
        commune: "92050",
        website: Some("https://jardins-nanterre.example.org"),
        contact_email: "contact@jardins-nanterre.example.org",
        contact_phone: Some("01 47 00 00 01"),
        verified: true,
        documents: &[
            (DocumentKind::Statutes, None),
            (DocumentKind::BankDetails, None),
            (DocumentKind::RepublicanContract, None),
            (DocumentKind::ApprovedAccounts, Some(6)),
            // Out of date, to show how an expired document looks.
            (DocumentKind::BoardList, Some(-2)),
        ],
        esus: None,
    },
    DemoOrg {
        owner: "esus@essor.demo",
        kind: OrgKind::EssCompany,
        name: "Atelier Vélo Solidaire",
        acronym: Some("AVS"),
        siret: Some("819 044 629 00023"),
        rna: None,
        legal_category: Some("5710"),
        address: "4 avenue Gabriel Péri, 92230 Gennevilliers",
        commune: "92036",
        website: Some("https://atelier-velo.example.org"),
        contact_email: "bonjour@atelier-velo.example.org",
        contact_phone: None,
        verified: true,
        documents: &[
            (DocumentKind::Statutes, None),
            (DocumentKind::EsusDecision, None),
        ],
        esus: Some(DemoEsus {
            decided_years_ago: 1,
            company_age_at_decision_years: 8,
        }),
    },
    DemoOrg {
        owner: "esus@essor.demo",
        kind: OrgKind::EssCompany,
        name: "Cuisine solidaire de Colombes",
        acronym: None,
        siret: Some("901 338 574 00014"),
        rna: None,
        legal_category: Some("5499"),
        address: "27 rue Saint-Denis, 92700 Colombes",
        commune: "92025",
        website: None,
        contact_email: "cuisine@colombes-solidaire.example.org",
        contact_phone: Some("01 47 00 00 03"),
        verified: false,
        documents: &[(DocumentKind::EsusDecision, None)],
        // A young company: 2 years of validity, over since last year.
        esus: Some(DemoEsus {
            decided_years_ago: 3,
            company_age_at_decision_years: 1,
        }),
    },
    DemoOrg {
        owner: "funder@essor.demo",
        kind: OrgKind::Funder,
        name: "Réseau Finance solidaire 92",
        acronym: Some("RFS 92"),
        siret: Some("775 684 202 00036"),
        rna: Some("W921003210"),
        legal_category: Some("9220"),
        address: "8 place de la Concorde, 92100 Boulogne-Billancourt",
        commune: "92012",
        website: Some("https://finance-solidaire-92.example.org"),
        contact_email: "financement@finance-solidaire-92.example.org",
        contact_phone: None,
        verified: true,
        documents: &[],
        esus: None,
    },
    DemoOrg {
        owner: "ecole@essor.demo",
        kind: OrgKind::School,
        name: "Collège Jean Jaurès",
        acronym: None,
        siret: Some("199 201 484 00011"),
        rna: None,
        legal_category: Some("7331"),
        address: "15 rue de l’Union, 92110 Clichy",
        commune: "92024",
        website: None,
        contact_email: "ce.college-jaures@example.org",
        contact_phone: Some("01 47 00 00 05"),
        verified: true,
        documents: &[],
        esus: None,
    },
    DemoOrg {
        owner: "entreprise@essor.demo",
        kind: OrgKind::CommercialCompany,
        name: "Le Fournil de Puteaux",
        acronym: None,
        siret: Some("523 819 662 00017"),
        rna: None,
        legal_category: Some("5499"),
        address: "3 rue Jean Jaurès, 92800 Puteaux",
        commune: "92062",
        website: None,
        contact_email: "fournil@puteaux.example.org",
        contact_phone: Some("01 47 00 00 06"),
        verified: false,
        documents: &[],
        esus: None,
    },
];

impl DemoOrg {
    fn data(&self) -> anyhow::Result<OrgData> {
        Ok(OrgData {
            kind: self.kind,
            name: self.name.to_owned(),
            acronym: self.acronym.map(str::to_owned),
            siret: self.siret.map(Siret::parse).transpose()?,
            rna: self.rna.map(Rna::parse).transpose()?,
            legal_category: self.legal_category.map(LegalCategory::parse).transpose()?,
            address: self.address.to_owned(),
            commune: CommuneCode::parse(self.commune)?,
            website: self.website.map(str::to_owned),
            contact_email: Email::parse(self.contact_email)?,
            contact_phone: self.contact_phone.map(str::to_owned),
        })
    }
}

/// A one-page PDF reading `text` (ASCII), so demo documents download as real files.
fn demo_pdf(text: &str) -> Vec<u8> {
    let text: String = text
        .chars()
        .filter(|c| c.is_ascii() && !"()\\".contains(*c))
        .collect();
    let content = format!("BT /F1 16 Tf 72 760 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn months_from(today: NaiveDate, months: i32) -> NaiveDate {
    let m = Months::new(months.unsigned_abs());
    let d = if months >= 0 {
        today.checked_add_months(m)
    } else {
        today.checked_sub_months(m)
    };
    d.unwrap_or(today)
}

async fn seed_org(
    state: &AppState,
    tx: &mut Tx,
    o: &DemoOrg,
    people: &HashMap<&str, UserId>,
    today: NaiveDate,
) -> anyhow::Result<OrgId> {
    let owner = people[o.owner];
    let org = queries::insert(tx, &o.data()?).await?;
    queries::add_member(tx, org, owner, MemberRole::Owner).await?;
    if o.verified {
        queries::mark_verified(tx, org, people["agent@essor.demo"]).await?;
    }
    let mut esus_proof = None;
    for (kind, months) in o.documents {
        let name = format!("{}.pdf", kind.as_str().replace('_', "-"));
        let pdf = demo_pdf(&format!("{} - {} (demo)", o.name, kind.as_str()));
        let stored = state
            .storage()
            .put_bytes(&format!("orgs/{org}"), pdf, u64::MAX, &[FileType::Pdf])
            .await?;
        let (doc, _) = queries::insert_document(
            tx,
            &NewDocument {
                org,
                kind: *kind,
                original_name: &name,
                content_type: stored.file_type.content_type(&name),
                size_bytes: stored.size,
                sha256: &stored.sha256,
                storage_key: &stored.key,
                valid_until: months.map(|m| months_from(today, m)),
                uploaded_by: owner,
            },
        )
        .await?;
        if *kind == DocumentKind::EsusDecision {
            esus_proof = Some(doc);
        }
    }
    if let Some(e) = &o.esus {
        let decision = months_from(today, -12 * e.decided_years_ago as i32);
        let approval = EsusApproval {
            decision_date: decision,
            authority: "Préfecture des Hauts-de-Seine".to_owned(),
            company_created: Some(months_from(
                decision,
                -12 * e.company_age_at_decision_years as i32,
            )),
        };
        let valid_until = approval.valid_until(&state.esus_rules());
        queries::insert_esus(tx, org, &approval, valid_until, esus_proof).await?;
    }
    Ok(org)
}

pub async fn seed(state: &AppState, demo_password: &str) -> anyhow::Result<()> {
    let db = state.db();
    let hash = password::hash(demo_password)?;
    let today = Utc::now().with_timezone(&state.tz()).date_naive();
    let mut tx = db.begin().await?;
    let mut people = HashMap::new();
    for (email, name, role) in PEOPLE {
        let id = users::create(&mut tx, &Email::parse(email)?, name, &hash, "fr", true)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo account {email} exists already"))?;
        if let Some(r) = role {
            users::grant_role(&mut tx, id, *r).await?;
        }
        people.insert(*email, id);
    }
    for o in ORGS {
        seed_org(state, &mut tx, o, &people, today).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use essor_platform::storage::FileType;

    #[test]
    fn demo_identifiers_are_valid() {
        for o in ORGS {
            o.data().unwrap_or_else(|e| panic!("{}: {e}", o.name));
            if let Some(s) = o.siret {
                Siret::parse(s).unwrap_or_else(|e| panic!("{}: SIRET {s}: {e}", o.name));
            }
            if let Some(r) = o.rna {
                Rna::parse(r).unwrap_or_else(|e| panic!("{}: RNA {r}: {e}", o.name));
            }
            assert!(
                crate::orgs::commune_name(o.commune).is_some(),
                "{}: commune {}",
                o.name,
                o.commune
            );
            assert!(PEOPLE.iter().any(|(e, ..)| *e == o.owner), "{}", o.name);
            assert!(LOGINS.iter().any(|(e, _)| *e == o.owner), "{}", o.name);
        }
        // The association has both identifiers, in Nanterre.
        assert!(ORGS.iter().any(|o| o.kind == OrgKind::Association
            && o.siret.is_some()
            && o.rna.is_some()
            && o.commune == "92050"));
    }

    #[test]
    fn demo_pdf_is_recognised() {
        let pdf = demo_pdf("Statuts (demo) é");
        assert_eq!(FileType::sniff(&pdf), Some(FileType::Pdf));
        let text = String::from_utf8(pdf).unwrap();
        assert!(text.contains("(Statuts demo ) Tj"));
        assert!(text.ends_with("%%EOF\n"));
    }
}
