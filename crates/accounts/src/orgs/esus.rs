//! ESUS approval: the préfectoral decision, its end of validity (computed with the configured
//! rules, domain-fr.md §2) and its proof from the vault. Every record is kept; the last one
//! recorded is the current one.

use super::profile::{esus_view, EsusView};
use super::queries::{self, Document, Org};
use super::{esus_applies, load_owned, parse_date, parse_id, today};
use askama::Template;
use axum::extract::{Form, Path};
use axum::response::Response;
use essor_domain::esus::EsusApproval;
use essor_domain::ids::DocumentId;
use essor_platform::audit::{self, Entry};
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use serde::Deserialize;
use serde_json::json;

const MAX_AUTHORITY: usize = 200;

#[derive(Deserialize, Default, Debug, Clone)]
#[serde(default)]
pub(super) struct EsusForm {
    decision_date: String,
    authority: String,
    company_created: String,
    /// A document of the vault, by id; empty for none.
    proof_document: String,
}

#[derive(Template)]
#[template(path = "orgs/esus.html")]
struct EsusTpl<'a> {
    p: &'a Ctx,
    org: &'a Org,
    current: Option<EsusView>,
    documents: Vec<Document>,
    f: &'a EsusForm,
    errors: FormErrors,
}

impl EsusTpl<'_> {
    fn young_hint(&self) -> String {
        let r = self.p.state.esus_rules();
        self.p.t1(
            "esus-field-company-created.hint",
            "years",
            r.young_company_under_years,
        )
    }

    fn rule_default(&self) -> String {
        let r = self.p.state.esus_rules();
        self.p.t1("esus-rule-default", "years", r.years_default)
    }

    fn rule_young(&self) -> String {
        let r = self.p.state.esus_rules();
        self.p.t1("esus-rule-young", "years", r.years_young_company)
    }

    fn is_proof(&self, id: &i64) -> bool {
        self.f.proof_document.trim() == id.to_string()
    }

    fn young_note(&self) -> String {
        let rules = self.p.state.esus_rules();
        self.p
            .t1("esus-young", "years", rules.young_company_under_years)
    }
}

async fn page(p: &Ctx, org: &Org, f: &EsusForm, errors: FormErrors) -> AppResult<Response> {
    let tpl = EsusTpl {
        p,
        org,
        current: esus_view(p, org).await?,
        documents: queries::documents_of(p.state.db(), org.id()).await?,
        f,
        errors,
    };
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

/// The organisation, if its owner may record an ESUS approval for it.
async fn load_esus(p: &Ctx, id: &str) -> AppResult<Org> {
    let org = load_owned(p, id).await?;
    if esus_applies(org.kind()) {
        Ok(org)
    } else {
        Err(AppError::NotFound)
    }
}

pub(super) async fn form(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let org = load_esus(&p, &id).await?;
    page(&p, &org, &EsusForm::default(), FormErrors::default()).await
}

pub(super) async fn save(
    p: Ctx,
    Path(id): Path<String>,
    Form(f): Form<EsusForm>,
) -> AppResult<Response> {
    let org = load_esus(&p, &id).await?;
    let user = p.require_user()?.clone();
    let mut errors = FormErrors::default();
    let today = today(&p);
    let decision_date = if f.decision_date.trim().is_empty() {
        errors.add("decision_date", p.t("field-required"));
        None
    } else {
        match parse_date(&f.decision_date) {
            Some(d) if d > today => {
                errors.add("decision_date", p.t("esus-error-future"));
                None
            }
            Some(d) => Some(d),
            None => {
                errors.add("decision_date", p.t("org-error-date"));
                None
            }
        }
    };
    let authority = f.authority.split_whitespace().collect::<Vec<_>>().join(" ");
    if authority.is_empty() {
        errors.add("authority", p.t("field-required"));
    } else if authority.chars().count() > MAX_AUTHORITY {
        errors.add(
            "authority",
            p.t1("org-error-too-long", "max", MAX_AUTHORITY),
        );
    }
    let company_created = if f.company_created.trim().is_empty() {
        None
    } else {
        match parse_date(&f.company_created) {
            Some(c) if decision_date.is_some_and(|d| c > d) => {
                errors.add("company_created", p.t("esus-error-created-after"));
                None
            }
            Some(c) => Some(c),
            None => {
                errors.add("company_created", p.t("org-error-date"));
                None
            }
        }
    };
    // The proof must be one of this organisation's current documents.
    let proof = if f.proof_document.trim().is_empty() {
        None
    } else {
        let docs = queries::documents_of(p.state.db(), org.id()).await?;
        let wanted = parse_id(f.proof_document.trim()).ok();
        match docs.iter().find(|d| Some(d.id) == wanted) {
            Some(d) => Some(d.id()),
            None => {
                errors.add("proof_document", p.t("esus-error-proof"));
                None
            }
        }
    };
    let (Some(decision_date), true) = (decision_date, errors.is_empty()) else {
        return page(&p, &org, &f, errors).await;
    };
    let approval = EsusApproval {
        decision_date,
        authority,
        company_created,
    };
    let rules = p.state.esus_rules();
    let valid_until = approval.valid_until(&rules);
    let mut tx = p.state.db().begin().await?;
    let esus_id = queries::insert_esus(&mut tx, org.id(), &approval, valid_until, proof).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "org.esus_set",
            record_type: "organisation",
            record_id: org.id.to_string(),
            summary: json!({
                "approval": esus_id,
                "decision_date": decision_date,
                "authority": approval.authority,
                "company_created": company_created,
                "valid_until": valid_until,
                "young_company": approval.is_young_company(&rules),
                "proof_document": proof.map(|d: DocumentId| d.0),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/orgs/{}#esus", org.id),
        "esus-saved",
    ))
}
