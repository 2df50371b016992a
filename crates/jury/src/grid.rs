//! The scoring grid of a call: criteria with a description, a relative weight, a scale with a
//! written anchor for every level, an optional elimination threshold and whether a comment is
//! required. A one-click default grid for Progr'ESS. The grid freezes once scoring has started.

use crate::model::{self, parse_id, Criterion, CriterionData};
use crate::staff::{clean, int_in, staff_call, Fields, FormPairs};
use askama::Template;
use axum::extract::{Form, Path};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use essor_calls::model::Call;
use essor_platform::audit::{self, Entry};
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/calls/{id}/jury/grid", get(show))
        .route("/staff/calls/{id}/jury/grid/default", post(add_default))
        .route("/staff/calls/{id}/jury/grid/criteria", post(add))
        .route(
            "/staff/calls/{id}/jury/grid/criteria/{crit}",
            get(edit).post(update),
        )
        .route(
            "/staff/calls/{id}/jury/grid/criteria/{crit}/delete",
            post(delete),
        )
}

/// Longest scale: 0–10 (eleven anchors to write).
pub const MAX_LEVELS: i64 = 11;

/// The form as typed, refilled when it comes back with errors.
#[derive(Debug, Default, Clone)]
pub struct CriterionForm {
    pub title: String,
    pub description: String,
    pub weight: String,
    pub scale_min: String,
    pub scale_max: String,
    pub anchors: String,
    pub elimination_below: String,
    pub comment_required: bool,
}

impl CriterionForm {
    fn blank() -> CriterionForm {
        CriterionForm {
            weight: "1".into(),
            scale_min: "0".into(),
            scale_max: "5".into(),
            ..Default::default()
        }
    }

    fn of(c: &Criterion) -> CriterionForm {
        CriterionForm {
            title: c.title.clone(),
            description: c.description.clone(),
            weight: c.weight.to_string(),
            scale_min: c.scale_min.to_string(),
            scale_max: c.scale_max.to_string(),
            anchors: c.anchors().join("\n"),
            elimination_below: c
                .elimination_below
                .map(|e| e.to_string())
                .unwrap_or_default(),
            comment_required: c.comment_required,
        }
    }

    fn read(f: &Fields) -> CriterionForm {
        CriterionForm {
            title: f.get("title").to_owned(),
            description: f.get("description").to_owned(),
            weight: f.get("weight").to_owned(),
            scale_min: f.get("scale_min").to_owned(),
            scale_max: f.get("scale_max").to_owned(),
            anchors: f.get("anchors").to_owned(),
            elimination_below: f.get("elimination_below").to_owned(),
            comment_required: f.has("comment_required"),
        }
    }
}

/// Parses a criterion; the errors are message ids keyed by field.
pub fn parse(f: &CriterionForm) -> Result<CriterionData, Vec<(&'static str, &'static str)>> {
    let mut errors = vec![];
    let title = clean(&f.title);
    if title.is_empty() {
        errors.push(("title", "jury-error-required"));
    } else if title.chars().count() > 200 {
        errors.push(("title", "jury-error-too-long"));
    }
    let description = clean(&f.description);
    if description.chars().count() > 2000 {
        errors.push(("description", "jury-error-too-long"));
    }
    let weight = int_in(&f.weight, 1, 100).map_err(|e| errors.push(("weight", e)));
    let min = int_in(&f.scale_min, 0, 100).map_err(|e| errors.push(("scale_min", e)));
    let max = int_in(&f.scale_max, 1, 100).map_err(|e| errors.push(("scale_max", e)));
    let anchors: Vec<String> = f
        .anchors
        .lines()
        .map(clean)
        .filter(|l| !l.is_empty())
        .collect();
    let mut scale = None;
    if let (Ok(min), Ok(max)) = (min, max) {
        if min >= max {
            errors.push(("scale_max", "jury-error-scale-order"));
        } else if max - min + 1 > MAX_LEVELS {
            errors.push(("scale_max", "jury-error-scale-too-long"));
        } else {
            scale = Some((min, max));
            if anchors.len() as i64 != max - min + 1 {
                errors.push(("anchors", "jury-error-anchor-count"));
            } else if anchors.iter().any(|a| a.chars().count() > 300) {
                errors.push(("anchors", "jury-error-too-long"));
            }
        }
    }
    let elimination_below = match f.elimination_below.trim() {
        "" => None,
        s => match (s.parse::<i64>(), scale) {
            (Ok(e), Some((min, max))) if e > min && e <= max => Some(e),
            (Ok(_), Some(_)) => {
                errors.push(("elimination_below", "jury-error-elimination-range"));
                None
            }
            (Err(_), _) => {
                errors.push(("elimination_below", "jury-error-not-a-number"));
                None
            }
            _ => None,
        },
    };
    match (errors.is_empty(), weight, scale) {
        (true, Ok(weight), Some((scale_min, scale_max))) => Ok(CriterionData {
            title,
            description,
            weight,
            scale_min,
            scale_max,
            anchors,
            elimination_below,
            comment_required: f.comment_required,
        }),
        _ => Err(errors),
    }
}

/// The default Progr'ESS grid: five criteria on 0–5, written anchors in French (the language
/// of the call), the social impact weighing most.
pub fn progress_default() -> Vec<CriterionData> {
    fn c(
        title: &str,
        description: &str,
        weight: i64,
        anchors: [&str; 6],
        elimination_below: Option<i64>,
        comment_required: bool,
    ) -> CriterionData {
        CriterionData {
            title: title.into(),
            description: description.into(),
            weight,
            scale_min: 0,
            scale_max: 5,
            anchors: anchors.iter().map(|a| (*a).to_owned()).collect(),
            elimination_below,
            comment_required,
        }
    }
    vec![
        c(
            "Impact social auprès des publics fragiles",
            "Le projet améliore-t-il concrètement la situation de publics fragiles (précarité, handicap, \
             isolement, jeunes sans solution, personnes âgées) ? Nombre de personnes touchées, profondeur \
             du changement, mesure prévue.",
            3,
            [
                "Aucun impact social identifiable.",
                "Impact très limité ou hors des publics fragiles.",
                "Impact réel mais modeste, publics fragiles peu ciblés.",
                "Impact net sur des publics fragiles clairement identifiés.",
                "Impact fort, publics fragiles bien ciblés, indicateurs de suivi prévus.",
                "Impact majeur et durable, démontré ou mesuré, sur des publics très fragiles.",
            ],
            Some(2),
            true,
        ),
        c(
            "Réponse à un besoin fondamental du quotidien",
            "Se nourrir, se loger, se déplacer, accéder aux droits et au numérique, prendre soin : le projet \
             répond-il à un besoin essentiel, mal couvert sur le territoire ?",
            2,
            [
                "Ne répond à aucun besoin du quotidien.",
                "Lien ténu avec un besoin fondamental.",
                "Répond partiellement à un besoin, déjà bien couvert localement.",
                "Répond à un besoin fondamental réel.",
                "Répond à un besoin fondamental mal couvert, diagnostic étayé.",
                "Réponse essentielle à un besoin fondamental non couvert, diagnostic partagé avec les acteurs.",
            ],
            None,
            false,
        ),
        c(
            "Innovation",
            "Nouveauté de la réponse apportée (service, méthode, modèle économique, coopération) au regard \
             de ce qui existe sur le territoire.",
            2,
            [
                "Reproduit à l’identique une action existante sans valeur ajoutée.",
                "Très peu de nouveauté.",
                "Adaptation modeste d’une solution connue.",
                "Approche nouvelle sur le territoire.",
                "Approche nouvelle et transférable, qui fait évoluer les pratiques.",
                "Innovation sociale marquante, modèle inédit et essaimable.",
            ],
            None,
            false,
        ),
        c(
            "Faisabilité et budget",
            "Le porteur a-t-il les moyens humains, techniques et financiers de réussir ? Le budget est-il \
             équilibré, réaliste et cofinancé ? Le calendrier est-il tenable ?",
            2,
            [
                "Projet irréalisable ou budget incohérent.",
                "Faisabilité très incertaine, budget fragile.",
                "Faisable sous conditions, plusieurs points à consolider.",
                "Faisable, budget cohérent, quelques risques identifiés.",
                "Solide : équipe, calendrier et budget réalistes, cofinancements engagés.",
                "Très solide : porteur expérimenté, budget équilibré et sécurisé, risques maîtrisés.",
            ],
            Some(1),
            true,
        ),
        c(
            "Ancrage local et partenariats",
            "Implantation dans les Hauts-de-Seine, liens avec les habitants, les communes, les associations \
             et les entreprises du territoire.",
            1,
            [
                "Aucun ancrage local ni partenaire.",
                "Ancrage faible, partenaires seulement évoqués.",
                "Quelques partenaires identifiés, engagement à confirmer.",
                "Partenariats locaux effectifs.",
                "Réseau local dense, partenaires engagés (lettres de soutien, cofinancements).",
                "Projet co-construit avec les habitants et les acteurs du territoire, partenariats formalisés.",
            ],
            None,
            false,
        ),
    ]
}

#[derive(Template)]
#[template(path = "jury/grid/show.html")]
struct GridTpl<'a> {
    p: &'a Ctx,
    call: Call,
    tab: &'static str,
    criteria: Vec<Criterion>,
    total_weight: i64,
    locked: bool,
    errors: FormErrors,
    form: CriterionForm,
}

impl GridTpl<'_> {
    fn share(&self, c: &Criterion) -> String {
        if self.total_weight == 0 {
            return String::new();
        }
        format!(
            "{} %",
            (c.weight * 100 + self.total_weight / 2) / self.total_weight
        )
    }
}

async fn grid_page(
    p: &Ctx,
    call: Call,
    form: CriterionForm,
    errors: FormErrors,
) -> AppResult<Response> {
    let db = p.state.db();
    let criteria = model::criteria(db, call.id).await?;
    let locked = model::grid_locked(db, call.id).await?;
    let invalid = !errors.is_empty();
    let t = GridTpl {
        p,
        tab: "grid",
        total_weight: criteria.iter().map(|c| c.weight).sum(),
        criteria,
        locked,
        call,
        errors,
        form,
    };
    if invalid {
        render_invalid(&t)
    } else {
        render(&t)
    }
}

async fn show(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (_, call) = staff_call(&p, &id).await?;
    grid_page(&p, call, CriterionForm::blank(), FormErrors::default()).await
}

fn errors_of(p: &Ctx, errs: Vec<(&'static str, &'static str)>) -> FormErrors {
    let mut e = FormErrors::default();
    for (field, id) in errs {
        e.add(field, p.t(id));
    }
    e
}

async fn locked_refusal(p: &Ctx, call: Call, form: CriterionForm) -> AppResult<Response> {
    let mut e = FormErrors::default();
    e.add("title", p.t("jury-grid-locked"));
    grid_page(p, call, form, e).await
}

async fn add_default(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let db = p.state.db();
    if !model::criteria(db, call.id).await?.is_empty() {
        let mut e = FormErrors::default();
        e.add("title", p.t("jury-grid-default-not-empty"));
        return grid_page(&p, call, CriterionForm::blank(), e).await;
    }
    let mut tx = db.begin().await?;
    for d in progress_default() {
        model::insert_criterion(&mut tx, call.id, &d).await?;
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.grid_default",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "criteria": progress_default().len() }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}/jury/grid", call.id),
        "jury-flash-grid-default",
    ))
}

async fn add(p: Ctx, Path(id): Path<String>, Form(f): FormPairs) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let form = CriterionForm::read(&Fields(f));
    if model::grid_locked(p.state.db(), call.id).await? {
        return locked_refusal(&p, call, form).await;
    }
    let d = match parse(&form) {
        Ok(d) => d,
        Err(e) => return grid_page(&p, call, form, errors_of(&p, e)).await,
    };
    let mut tx = p.state.db().begin().await?;
    let cid = model::insert_criterion(&mut tx, call.id, &d).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.criterion_add",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "criterion": cid, "title": d.title, "weight": d.weight }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}/jury/grid", call.id),
        "jury-flash-criterion-saved",
    ))
}

#[derive(Template)]
#[template(path = "jury/grid/edit.html")]
struct EditTpl<'a> {
    p: &'a Ctx,
    call: Call,
    tab: &'static str,
    criterion: Criterion,
    errors: FormErrors,
    form: CriterionForm,
}

async fn load(p: &Ctx, call: &Call, crit: &str) -> AppResult<Criterion> {
    let cid = parse_id(crit).ok_or(AppError::NotFound)?;
    model::criterion(p.state.db(), call.id, cid)
        .await?
        .ok_or(AppError::NotFound)
}

async fn edit(p: Ctx, Path((id, crit)): Path<(String, String)>) -> AppResult<Response> {
    let (_, call) = staff_call(&p, &id).await?;
    let criterion = load(&p, &call, &crit).await?;
    render(&EditTpl {
        p: &p,
        tab: "grid",
        call,
        form: CriterionForm::of(&criterion),
        criterion,
        errors: FormErrors::default(),
    })
}

async fn update(
    p: Ctx,
    Path((id, crit)): Path<(String, String)>,
    Form(f): FormPairs,
) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let criterion = load(&p, &call, &crit).await?;
    let form = CriterionForm::read(&Fields(f));
    let errors = if model::grid_locked(p.state.db(), call.id).await? {
        let mut e = FormErrors::default();
        e.add("title", p.t("jury-grid-locked"));
        Some(e)
    } else {
        None
    };
    let parsed = parse(&form);
    let d = match (errors, parsed) {
        (None, Ok(d)) => d,
        (Some(e), _) => {
            return render_invalid(&EditTpl {
                p: &p,
                tab: "grid",
                call,
                criterion,
                errors: e,
                form,
            })
        }
        (None, Err(e)) => {
            return render_invalid(&EditTpl {
                p: &p,
                tab: "grid",
                call,
                criterion,
                errors: errors_of(&p, e),
                form,
            })
        }
    };
    let mut tx = p.state.db().begin().await?;
    model::update_criterion(&mut tx, call.id, criterion.id, &d).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.criterion_update",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "criterion": criterion.id, "title": d.title, "weight": d.weight }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}/jury/grid", call.id),
        "jury-flash-criterion-saved",
    ))
}

async fn delete(p: Ctx, Path((id, crit)): Path<(String, String)>) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let criterion = load(&p, &call, &crit).await?;
    if model::grid_locked(p.state.db(), call.id).await? {
        return locked_refusal(&p, call, CriterionForm::blank()).await;
    }
    let mut tx = p.state.db().begin().await?;
    model::delete_criterion(&mut tx, call.id, criterion.id).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.criterion_delete",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "criterion": criterion.id, "title": criterion.title }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}/jury/grid", call.id),
        "jury-flash-criterion-deleted",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(min: &str, max: &str, anchors: &str, elim: &str) -> CriterionForm {
        CriterionForm {
            title: "Impact".into(),
            weight: "2".into(),
            scale_min: min.into(),
            scale_max: max.into(),
            anchors: anchors.into(),
            elimination_below: elim.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_criterion_needs_one_anchor_per_level() {
        assert!(parse(&form("0", "2", "a\nb\nc", "")).is_ok());
        let e = parse(&form("0", "2", "a\nb", "")).unwrap_err();
        assert_eq!(e, vec![("anchors", "jury-error-anchor-count")]);
        let e = parse(&form("3", "2", "a", "")).unwrap_err();
        assert_eq!(e, vec![("scale_max", "jury-error-scale-order")]);
    }

    #[test]
    fn the_elimination_threshold_lies_within_the_scale() {
        let ok = parse(&form("0", "2", "a\nb\nc", "1")).unwrap();
        assert_eq!(ok.elimination_below, Some(1));
        // Below the minimum or equal to it would eliminate nobody.
        let e = parse(&form("0", "2", "a\nb\nc", "0")).unwrap_err();
        assert_eq!(
            e,
            vec![("elimination_below", "jury-error-elimination-range")]
        );
    }

    #[test]
    fn the_default_grid_is_valid_and_has_the_five_progress_criteria() {
        let g = progress_default();
        assert_eq!(g.len(), 5);
        for d in &g {
            let f = CriterionForm {
                title: d.title.clone(),
                description: d.description.clone(),
                weight: d.weight.to_string(),
                scale_min: d.scale_min.to_string(),
                scale_max: d.scale_max.to_string(),
                anchors: d.anchors.join("\n"),
                elimination_below: d
                    .elimination_below
                    .map(|x| x.to_string())
                    .unwrap_or_default(),
                comment_required: d.comment_required,
            };
            assert_eq!(parse(&f).as_ref(), Ok(d));
        }
    }
}
