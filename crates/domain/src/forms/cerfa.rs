//! A ready-made form following the association subsidy request (CERFA 12156*06): staff copy
//! it into a call, adjust it, and publish in minutes.
//!
//! Identification is prefilled from the organisation's profile ("tell us once"). Thresholds
//! (de minimis ceilings, the call's maximum amount) are not written here: they belong to the
//! call's configuration ([`super::ValidateOptions`], eligibility rules).

use super::budget::BudgetAnswer;
use super::condition::{CmpOp, Condition, Literal, OrgFact, Var};
use super::schema::{
    ChoiceOption, ComputedDisplay, ComputedOp, Field, FieldId, FieldKind, FileType, FormPage,
    FormSchema, Prefill, Section,
};
use super::LocalizedText;

/// The budget line that holds the amount requested from a departmental call.
pub const REQUESTED_LINE: &str = "74-departement";

/// Largest attachment of the template: 10 MB.
pub const ATTACHMENT_MAX_BYTES: u64 = 10 * 1024 * 1024;

fn page(id: &str, fr: &str, en: &str, sections: Vec<Section>) -> FormPage {
    FormPage {
        id: id.to_owned(),
        title: LocalizedText::new(fr, en),
        sections,
    }
}

fn section(id: &str, fr: &str, en: &str, fields: Vec<Field>) -> Section {
    Section {
        id: id.to_owned(),
        title: LocalizedText::new(fr, en),
        intro: None,
        condition: None,
        fields,
    }
}

fn short(max: u32) -> FieldKind {
    FieldKind::ShortText { max_len: Some(max) }
}

fn long(max: u32) -> FieldKind {
    FieldKind::LongText { max_len: Some(max) }
}

fn count() -> FieldKind {
    FieldKind::Integer {
        min: Some(0),
        max: None,
    }
}

fn yes_no() -> FieldKind {
    FieldKind::YesNo { must_accept: false }
}

fn sworn() -> FieldKind {
    FieldKind::YesNo { must_accept: true }
}

fn file(accept: &[FileType]) -> FieldKind {
    FieldKind::Attachment {
        accept: accept.to_vec(),
        max_bytes: ATTACHMENT_MAX_BYTES,
    }
}

fn explanation(id: &str, fr: &str, en: &str) -> Field {
    Field::new(
        id,
        "",
        "",
        FieldKind::Explanation {
            text: LocalizedText::new(fr, en),
        },
    )
}

fn group(fields: Vec<Field>, min_items: u32, max_items: u32) -> FieldKind {
    FieldKind::Group {
        fields,
        min_items,
        max_items: Some(max_items),
    }
}

/// The template. `FormSchema::check` passes on it (tested).
pub fn cerfa_12156_template() -> FormSchema {
    FormSchema {
        pages: vec![
            identification(),
            administration(),
            networks(),
            human_resources(),
            association_budget(),
            project(),
            declarations(),
            attachments(),
        ],
    }
}

fn identification() -> FormPage {
    page(
        "identification",
        "1. Identification de l’association",
        "1. Identification of the association",
        vec![
            section(
                "association",
                "L’association",
                "The association",
                vec![
                    Field::new("org_name", "Nom", "Name", short(250))
                        .required()
                        .prefill(Prefill::OrgName),
                    Field::new("org_acronym", "Sigle", "Acronym", short(50))
                        .prefill(Prefill::OrgAcronym),
                    Field::new("org_rna", "Numéro RNA", "RNA number", FieldKind::Rna)
                        .prefill(Prefill::OrgRna)
                        .help(
                            "Sauf associations d’Alsace-Moselle, inscrites au registre du tribunal.",
                            "Except associations of Alsace-Moselle, registered with the local court.",
                        ),
                    Field::new("org_siret", "Numéro SIRET", "SIRET number", FieldKind::Siret)
                        .required()
                        .prefill(Prefill::OrgSiret),
                    Field::new(
                        "org_address",
                        "Adresse du siège social",
                        "Head office address",
                        short(300),
                    )
                    .required()
                    .prefill(Prefill::OrgAddress),
                    Field::new(
                        "org_commune",
                        "Commune du siège social",
                        "Head office commune",
                        FieldKind::Commune { multiple: false },
                    )
                    .required()
                    .prefill(Prefill::OrgCommune),
                    Field::new("org_email", "Courriel", "E-mail", FieldKind::Email)
                        .required()
                        .prefill(Prefill::OrgEmail),
                    Field::new("org_phone", "Téléphone", "Phone", FieldKind::Phone)
                        .prefill(Prefill::OrgPhone),
                    Field::new("org_website", "Site internet", "Website", FieldKind::Url)
                        .prefill(Prefill::OrgWebsite),
                ],
            ),
            section(
                "legal_representative",
                "Représentant légal",
                "Legal representative",
                vec![
                    Field::new("rep_name", "Nom et prénom", "Full name", short(150)).required(),
                    Field::new(
                        "rep_role",
                        "Qualité (président, présidente…)",
                        "Position (chair…)",
                        short(100),
                    )
                    .required(),
                    Field::new("rep_email", "Courriel", "E-mail", FieldKind::Email),
                    Field::new("rep_phone", "Téléphone", "Phone", FieldKind::Phone),
                ],
            ),
            section(
                "contact",
                "Personne chargée de la présente demande",
                "Person in charge of this request",
                vec![
                    Field::new("contact_name", "Nom et prénom", "Full name", short(150))
                        .required(),
                    Field::new("contact_role", "Fonction", "Position", short(100)),
                    Field::new("contact_email", "Courriel", "E-mail", FieldKind::Email)
                        .required(),
                    Field::new("contact_phone", "Téléphone", "Phone", FieldKind::Phone)
                        .required(),
                ],
            ),
        ],
    )
}

fn administration() -> FormPage {
    page(
        "administration",
        "2. Relations avec l’administration",
        "2. Relations with the administration",
        vec![
            section(
                "approvals",
                "Agréments et reconnaissance",
                "Approvals and recognition",
                vec![
                    Field::new(
                        "has_approvals",
                        "L’association bénéficie-t-elle d’agréments administratifs ?",
                        "Does the association hold administrative approvals?",
                        yes_no(),
                    )
                    .required(),
                    Field::new(
                        "approvals",
                        "Agréments",
                        "Approvals",
                        group(
                            vec![
                                Field::new("kind", "Type d’agrément", "Approval", short(200))
                                    .required(),
                                Field::new("authority", "Attribué par", "Granted by", short(200))
                                    .required(),
                                Field::new(
                                    "date",
                                    "En date du",
                                    "Date",
                                    FieldKind::Date {
                                        min: None,
                                        max: None,
                                    },
                                ),
                            ],
                            1,
                            20,
                        ),
                    )
                    .required()
                    .when(Condition::is_yes("has_approvals")),
                    Field::new(
                        "esus_approved",
                        "L’association a-t-elle l’agrément « Entreprise solidaire d’utilité sociale » (ESUS) ?",
                        "Does the association hold the ESUS approval (solidarity enterprise of social utility)?",
                        yes_no(),
                    )
                    .required(),
                    Field::new(
                        "esus_date",
                        "Date de la décision préfectorale d’agrément ESUS",
                        "Date of the prefect’s ESUS decision",
                        FieldKind::Date {
                            min: None,
                            max: None,
                        },
                    )
                    .required()
                    .when(Condition::is_yes("esus_approved")),
                    Field::new(
                        "public_utility",
                        "L’association est-elle reconnue d’utilité publique ?",
                        "Is the association recognised as being of public utility?",
                        yes_no(),
                    )
                    .required(),
                    Field::new(
                        "public_utility_date",
                        "Date de publication au Journal officiel",
                        "Date of publication in the Journal officiel",
                        FieldKind::Date {
                            min: None,
                            max: None,
                        },
                    )
                    .required()
                    .when(Condition::is_yes("public_utility")),
                    Field::new(
                        "commercial_taxes",
                        "L’association est-elle assujettie aux impôts commerciaux ?",
                        "Is the association subject to commercial taxes?",
                        yes_no(),
                    )
                    .required(),
                ],
            ),
            section(
                "public_aid",
                "Aides publiques reçues au cours des trois derniers exercices",
                "Public aid received over the last three financial years",
                vec![
                    Field::new(
                        "public_aid",
                        "Aides reçues",
                        "Aid received",
                        group(
                            vec![
                                Field::new("funder", "Financeur", "Funder", short(200)).required(),
                                Field::new(
                                    "year",
                                    "Exercice",
                                    "Financial year",
                                    FieldKind::Integer {
                                        min: Some(2000),
                                        max: Some(2100),
                                    },
                                )
                                .required(),
                                Field::new(
                                    "amount",
                                    "Montant",
                                    "Amount",
                                    FieldKind::Currency {
                                        min: Some(crate::money::Cents::ZERO),
                                        max: None,
                                    },
                                )
                                .required(),
                            ],
                            0,
                            50,
                        ),
                    ),
                    Field::new(
                        "public_aid_total",
                        "Total des aides publiques reçues",
                        "Total public aid received",
                        FieldKind::Computed {
                            op: ComputedOp::Sum,
                            operands: vec![FieldId::new("public_aid.amount")],
                            display: ComputedDisplay::Currency,
                        },
                    ),
                ],
            ),
        ],
    )
}

fn networks() -> FormPage {
    page(
        "networks",
        "3. Relations avec d’autres associations",
        "3. Relations with other associations",
        vec![section(
            "networks",
            "Réseaux et fédérations",
            "Networks and federations",
            vec![
                Field::new(
                    "affiliated",
                    "L’association est-elle affiliée à une union, une fédération ou un réseau ?",
                    "Is the association affiliated to a union, federation or network?",
                    yes_no(),
                )
                .required(),
                Field::new("networks", "Lesquels ?", "Which ones?", long(1000))
                    .required()
                    .when(Condition::is_yes("affiliated")),
                Field::new(
                    "partnerships",
                    "Autres partenariats associatifs (groupements, collectifs)",
                    "Other partnerships with associations (groupings, collectives)",
                    long(1000),
                ),
            ],
        )],
    )
}

fn human_resources() -> FormPage {
    page(
        "human_resources",
        "4. Moyens humains de l’association",
        "4. Human resources of the association",
        vec![section(
            "people",
            "Au 31 décembre du dernier exercice",
            "On 31 December of the last financial year",
            vec![
                Field::new("members", "Nombre d’adhérents", "Members", count()).required(),
                Field::new("volunteers", "Nombre de bénévoles", "Volunteers", count())
                    .required()
                    .help(
                        "Personnes contribuant régulièrement à l’activité, sans être rémunérées.",
                        "People who regularly contribute to the activity without pay.",
                    ),
                Field::new(
                    "civic_volunteers",
                    "Nombre de volontaires (service civique)",
                    "Civic service volunteers",
                    count(),
                )
                .required(),
                Field::new("employees", "Nombre de salariés", "Employees", count()).required(),
                Field::new(
                    "employees_fte",
                    "Dont en équivalents temps plein travaillé (ETPT)",
                    "Of which full-time equivalents (FTE)",
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
                Field::new(
                    "seconded_staff",
                    "Personnels mis à disposition ou détachés par une autorité publique",
                    "Staff seconded by a public authority",
                    count(),
                ),
            ],
        )],
    )
}

fn association_budget() -> FormPage {
    page(
        "association_budget",
        "5. Budget prévisionnel de l’association",
        "5. Forecast budget of the association",
        vec![section(
            "association_budget",
            "Budget de l’exercice",
            "Budget of the financial year",
            vec![
                Field::new(
                    "budget_year",
                    "Exercice",
                    "Financial year",
                    FieldKind::Integer {
                        min: Some(2000),
                        max: Some(2100),
                    },
                )
                .required(),
                Field::new(
                    "association_budget",
                    "Budget prévisionnel de l’association",
                    "Forecast budget of the association",
                    FieldKind::BudgetTable {
                        requested_line: None,
                        project: false,
                    },
                )
                .required()
                .help(
                    "Le total des charges doit être égal au total des produits, contributions en nature comprises.",
                    "Total charges must equal total income, contributions in kind included.",
                ),
            ],
        )],
    )
}

fn beneficiary_options() -> Vec<ChoiceOption> {
    vec![
        ChoiceOption::new("children", "Enfants", "Children"),
        ChoiceOption::new("youth", "Jeunes (14–25 ans)", "Young people (14–25)"),
        ChoiceOption::new("families", "Familles", "Families"),
        ChoiceOption::new("seniors", "Personnes âgées", "Older people"),
        ChoiceOption::new(
            "disabled",
            "Personnes en situation de handicap",
            "People with disabilities",
        ),
        ChoiceOption::new("jobseekers", "Demandeurs d’emploi", "Jobseekers"),
        ChoiceOption::new(
            "precarious",
            "Personnes en situation de précarité",
            "People in precarious situations",
        ),
        ChoiceOption::new("homeless", "Personnes sans domicile", "Homeless people"),
        ChoiceOption::new(
            "migrants",
            "Personnes migrantes ou réfugiées",
            "Migrants and refugees",
        ),
        ChoiceOption::new(
            "women_violence",
            "Femmes victimes de violences",
            "Women victims of violence",
        ),
        ChoiceOption::new(
            "qpv",
            "Habitants des quartiers prioritaires (QPV)",
            "Residents of priority neighbourhoods (QPV)",
        ),
        ChoiceOption::new("all", "Tout public", "General public"),
        ChoiceOption::new("other", "Autre public", "Other"),
    ]
}

fn project() -> FormPage {
    let date = FieldKind::Date {
        min: None,
        max: None,
    };
    page(
        "project",
        "6. Le projet",
        "6. The project",
        vec![
            section(
                "project",
                "Présentation",
                "Presentation",
                vec![
                    Field::new("project_title", "Intitulé du projet", "Project title", short(200))
                        .required(),
                    Field::new(
                        "project_kind",
                        "Nature de la demande",
                        "Kind of request",
                        FieldKind::SingleChoice {
                            options: vec![
                                ChoiceOption::new("new", "Nouveau projet", "New project"),
                                ChoiceOption::new(
                                    "renewal",
                                    "Renouvellement",
                                    "Renewal",
                                ),
                            ],
                        },
                    )
                    .required(),
                    Field::new("objectives", "Objectifs", "Objectives", long(2000)).required(),
                    Field::new("description", "Description", "Description", long(4000))
                        .required(),
                ],
            ),
            section(
                "beneficiaries",
                "Bénéficiaires",
                "Beneficiaries",
                vec![
                    Field::new(
                        "publics",
                        "Publics visés",
                        "Target publics",
                        FieldKind::MultipleChoice {
                            options: beneficiary_options(),
                            min: Some(1),
                            max: None,
                        },
                    )
                    .required(),
                    Field::new("publics_other", "Précisez", "Please specify", short(200))
                        .required()
                        .when(Condition::includes(
                            Var::field("publics"),
                            Literal::Text("other".into()),
                        )),
                    Field::new(
                        "beneficiaries_count",
                        "Nombre de bénéficiaires attendus",
                        "Expected number of beneficiaries",
                        count(),
                    )
                    .required(),
                ],
            ),
            section(
                "territory",
                "Territoire",
                "Territory",
                vec![
                    Field::new(
                        "territory_communes",
                        "Communes où se déroule le projet",
                        "Communes where the project takes place",
                        FieldKind::Commune { multiple: true },
                    )
                    .required(),
                    Field::new(
                        "territory_qpv",
                        "Le projet se déroule-t-il en tout ou partie dans un quartier prioritaire de la politique de la ville ?",
                        "Does the project take place, wholly or partly, in a priority neighbourhood?",
                        yes_no(),
                    ),
                    Field::new(
                        "territory_detail",
                        "Lieux de réalisation",
                        "Places",
                        long(1000),
                    ),
                ],
            ),
            section(
                "schedule",
                "Calendrier et moyens",
                "Schedule and means",
                vec![
                    Field::new("start_date", "Date de début", "Start date", date).required(),
                    Field::new(
                        "duration_months",
                        "Durée (en mois)",
                        "Duration (months)",
                        FieldKind::Integer {
                            min: Some(1),
                            max: Some(60),
                        },
                    )
                    .required(),
                    Field::new(
                        "means",
                        "Moyens humains et matériels mobilisés",
                        "Human and material means",
                        long(2000),
                    )
                    .required(),
                ],
            ),
            section(
                "evaluation",
                "Évaluation",
                "Evaluation",
                vec![
                    Field::new(
                        "evaluation_method",
                        "Méthode d’évaluation",
                        "Evaluation method",
                        long(2000),
                    )
                    .required(),
                    Field::new(
                        "indicators",
                        "Indicateurs",
                        "Indicators",
                        group(
                            vec![
                                Field::new("indicator", "Indicateur", "Indicator", short(200))
                                    .required(),
                                Field::new("target", "Valeur cible", "Target", short(200))
                                    .required(),
                            ],
                            1,
                            10,
                        ),
                    )
                    .required(),
                ],
            ),
            section(
                "project_budget",
                "Budget du projet",
                "Project budget",
                vec![
                    Field::new(
                        "project_budget",
                        "Budget prévisionnel du projet",
                        "Forecast budget of the project",
                        FieldKind::BudgetTable {
                            requested_line: Some(REQUESTED_LINE.to_owned()),
                            project: true,
                        },
                    )
                    .required()
                    .help(
                        "Indiquez sur la ligne « Département(s) » le montant demandé au titre de cet appel. Les autres financeurs déclarés ici valent déclaration sur l’honneur.",
                        "Enter the amount requested from this call on the “Département(s)” line. Other funders declared here count as a sworn statement.",
                    ),
                    Field::new(
                        "share_requested",
                        "Part de la subvention demandée dans le total des produits du projet",
                        "Share of the requested subsidy in the project’s total income",
                        FieldKind::Computed {
                            op: ComputedOp::Ratio,
                            operands: vec![
                                FieldId::new("project_budget.requested"),
                                FieldId::new("project_budget.total_income"),
                            ],
                            display: ComputedDisplay::Percentage,
                        },
                    ),
                ],
            ),
        ],
    )
}

fn declarations() -> FormPage {
    page(
        "declarations",
        "7. Déclaration sur l’honneur",
        "7. Sworn statement",
        vec![section(
            "sworn",
            "Je soussigné(e), représentant(e) légal(e) de l’association",
            "I, the undersigned legal representative of the association",
            vec![
                explanation(
                    "sworn_intro",
                    "La loi punit quiconque fournit sciemment des informations inexactes pour obtenir une aide publique.",
                    "The law punishes anyone who knowingly gives false information to obtain public aid.",
                ),
                Field::new("signatory_name", "Nom et prénom du signataire", "Signatory’s full name", short(150))
                    .required(),
                Field::new("signatory_role", "Qualité du signataire", "Signatory’s position", short(100))
                    .required(),
                Field::new(
                    "sworn_cer",
                    "Déclare que l’association souscrit au contrat d’engagement républicain",
                    "Declare that the association subscribes to the Contrat d’engagement républicain (republican commitment contract)",
                    sworn(),
                )
                .required(),
                Field::new(
                    "sworn_obligations",
                    "Déclare que l’association est à jour de ses obligations administratives, comptables, sociales et fiscales",
                    "Declare that the association is up to date with its administrative, accounting, social and tax obligations",
                    sworn(),
                )
                .required(),
                Field::new(
                    "sworn_accurate",
                    "Certifie exactes les informations du présent formulaire, notamment la mention de l’ensemble des demandes de subventions déposées auprès d’autres financeurs",
                    "Certify that the information in this form is accurate, including all subsidy requests filed with other funders",
                    sworn(),
                )
                .required(),
                Field::new(
                    "sworn_bank",
                    "Demande que la subvention soit versée, si elle est accordée, au compte bancaire de l’association (RIB joint)",
                    "Ask that the subsidy, if granted, be paid into the association’s bank account (bank details attached)",
                    sworn(),
                )
                .required(),
                Field::new(
                    "de_minimis_received",
                    "L’association a-t-elle reçu des aides publiques relevant du règlement de minimis au cours des trois derniers exercices ?",
                    "Has the association received public aid under the de minimis regulation over the last three financial years?",
                    yes_no(),
                )
                .required(),
                Field::new(
                    "de_minimis_amount",
                    "Montant total des aides de minimis reçues sur les trois derniers exercices",
                    "Total de minimis aid received over the last three financial years",
                    FieldKind::Currency {
                        min: Some(crate::money::Cents::ZERO),
                        max: None,
                    },
                )
                .required()
                .when(Condition::is_yes("de_minimis_received")),
            ],
        )],
    )
}

fn attachments() -> FormPage {
    let pdf = [FileType::Pdf];
    let no_rna = Condition::eq(Var::Org(OrgFact::HasRna), Literal::Bool(false));
    page(
        "attachments",
        "Pièces jointes",
        "Attachments",
        vec![section(
            "attachments",
            "Documents à joindre",
            "Documents to attach",
            vec![
                Field::new(
                    "rib",
                    "Relevé d’identité bancaire (RIB) au nom de l’association",
                    "Bank details (RIB) in the association’s name",
                    file(&[FileType::Pdf, FileType::Png, FileType::Jpeg]),
                )
                .required(),
                Field::new(
                    "approved_accounts",
                    "Derniers comptes approuvés",
                    "Last approved accounts",
                    file(&pdf),
                )
                .required(),
                Field::new("statutes", "Statuts", "Statutes", file(&pdf))
                    .required()
                    .when(no_rna.clone())
                    .help(
                        "Demandés seulement si l’association n’a pas de numéro RNA (ils sont alors absents du répertoire).",
                        "Asked only when the association has no RNA number (they are then missing from the register).",
                    ),
                Field::new(
                    "board_list",
                    "Liste des dirigeants (conseil d’administration, bureau)",
                    "List of officers (board)",
                    file(&pdf),
                )
                .required()
                .when(no_rna),
                Field::new(
                    "activity_report",
                    "Dernier rapport d’activité approuvé",
                    "Last approved activity report",
                    file(&pdf),
                ),
            ],
        )],
    )
}

/// A balanced project budget asking `requested` euros from the call, for examples and tests.
pub fn example_project_budget(requested_euros: i64) -> BudgetAnswer {
    use crate::money::Cents;
    let requested = Cents::from_euros(requested_euros).unwrap_or(Cents::ZERO);
    let other = Cents::from_euros(10_000).unwrap_or(Cents::ZERO);
    let total = requested.checked_add(other).unwrap_or(Cents::ZERO);
    BudgetAnswer::default()
        .with("64-remunerations", total)
        .with(REQUESTED_LINE, requested)
        .with("75-cotisations", other)
}
