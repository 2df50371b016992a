//! Demo data for `essor demo` (called after the accounts and calls demo): on the open Progr'ESS
//! call, six application files under instruction (from the demo association, the demo ESUS
//! company and four more local organisations), the default grid, three reviewers (the demo jury
//! account, two colleagues; one linked to a company, so a conflict of interest shows) plus a
//! pending invitation, the optimiser's assignment, and scores: every review submitted except
//! one left to do for `jury@essor.demo`, so the ranking and the commission have data. The closed
//! pilot call gets three files under instruction and no jury, to try building one (the browser
//! journey does).

use crate::assignment;
use crate::grid::progress_default;
use crate::model::{self, raw, v};
use chrono::{Datelike, Utc};
use essor_calls::instruction::search_fold;
use essor_calls::model::{call_by_slug, file_by_id, transition_file};
use essor_domain::email::Email;
use essor_domain::ids::{FileId, UserId};
use essor_domain::lifecycle::{Actor, FileEvent};
use essor_platform::db::Tx;
use essor_platform::AppState;
use essor_solve::assign::{self, Objective};

const CALL_SLUG: &str = "progress-vie-quotidienne";
/// The closed pilot call gets files under instruction and no jury: a place to try building one.
const PILOT_SLUG: &str = "progress-edition-pilote";

const PILOT_FILES: &[DemoFile] = &[
    DemoFile {
        org: "Les Jardins partagés de Nanterre",
        commune: "92050",
        title: "Potagers au pied des immeubles",
        objectives: "Produire des légumes frais avec les habitants et lutter contre le gaspillage alimentaire.",
        description: "Six potagers partagés, ateliers de cuisine anti-gaspillage.",
        euros: 12_000,
        quality: 3,
    },
    DemoFile {
        org: "Épicerie du Petit-Colombes",
        commune: "92025",
        title: "Épicerie solidaire en circuit court",
        objectives: "Une alimentation durable à prix solidaire, en circuit court avec les producteurs d’Île-de-France.",
        description: "Épicerie de quartier, 300 familles bénéficiaires, bénévoles formés.",
        euros: 18_000,
        quality: 4,
    },
    DemoFile {
        org: "Compost & Co Antony",
        commune: "92002",
        title: "Compostage collectif et réemploi",
        objectives: "Réduire les déchets alimentaires des immeubles par le compostage collectif.",
        description: "Vingt composteurs, formation de guides composteurs.",
        euros: 9_000,
        quality: 2,
    },
];

struct DemoFile {
    /// An existing demo account's organisation, or a new organisation's name.
    org: &'static str,
    commune: &'static str,
    title: &'static str,
    objectives: &'static str,
    description: &'static str,
    euros: i64,
    /// How good the demo reviewers find it, 0–5 (scores vary around it).
    quality: i64,
}

const FILES: &[DemoFile] = &[
    DemoFile {
        org: "Les Jardins partagés de Nanterre",
        commune: "92050",
        title: "Épicerie solidaire itinérante",
        objectives: "Apporter une alimentation de qualité à prix solidaire aux familles précaires des quartiers \
                     sans commerce, avec un camion aménagé et des ateliers cuisine.",
        description: "Tournées hebdomadaires dans quatre quartiers prioritaires, approvisionnement en circuits courts.",
        euros: 25_000,
        quality: 4,
    },
    DemoFile {
        org: "Atelier Vélo Solidaire",
        commune: "92040",
        title: "Vélos adaptés pour seniors isolés",
        objectives: "Rompre l’isolement des personnes âgées par la mobilité : prêt de tricycles et triporteurs, \
                     accompagnement par des bénévoles.",
        description: "Flotte de 20 vélos adaptés, sorties collectives, réparation à petit prix.",
        euros: 18_000,
        quality: 3,
    },
    DemoFile {
        org: "Toit partagé 92",
        commune: "92012",
        title: "Colocations solidaires jeunes – seniors",
        objectives: "Loger des jeunes en insertion chez des seniors disposant d’une chambre libre, contre \
                     présence et petits services.",
        description: "Mise en relation, charte, suivi mensuel ; 30 binômes la première année.",
        euros: 22_000,
        quality: 5,
    },
    DemoFile {
        org: "Numérique pour tous Gennevilliers",
        commune: "92036",
        title: "Permanences d’accès aux droits en ligne",
        objectives: "Accompagner les habitants éloignés du numérique dans leurs démarches administratives : \
                     accès aux droits, numérique, médiation.",
        description: "Six permanences par semaine dans les centres sociaux, ordinateurs reconditionnés.",
        euros: 15_000,
        quality: 3,
    },
    DemoFile {
        org: "Les Cuisines de Colombes",
        commune: "92025",
        title: "Cantine solidaire et insertion",
        objectives: "Repas à prix libre et insertion professionnelle de personnes éloignées de l’emploi par \
                     les métiers de la restauration.",
        description: "Cantine de 60 couverts, 8 salariés en insertion, approvisionnement local.",
        euros: 30_000,
        quality: 4,
    },
    DemoFile {
        org: "Soins et liens Clichy",
        commune: "92024",
        title: "Halte-répit pour aidants",
        objectives: "Prendre soin des aidants familiaux : accueil de jour des personnes aidées et temps de \
                     répit, groupes de parole.",
        description: "Accueil deux jours par semaine, partenariat avec le centre communal d’action sociale.",
        euros: 12_000,
        quality: 2,
    },
];

struct DemoReviewer {
    email: &'static str,
    name: &'static str,
    expertise: &'static str,
    /// Staff recorded a link with this organisation (a conflict of interest).
    linked_to: Option<&'static str>,
    /// Severity: added to the file's quality (the calibration has something to correct).
    bias: i64,
}

const REVIEWERS: &[DemoReviewer] = &[
    DemoReviewer {
        email: "jury@essor.demo",
        name: "Jeanne Jury",
        expertise: "alimentation, insertion, logement",
        linked_to: None,
        bias: 0,
    },
    DemoReviewer {
        email: "paul.mercier@essor.demo",
        name: "Paul Mercier",
        expertise: "mobilité, numérique, seniors",
        linked_to: Some("Atelier Vélo Solidaire"),
        bias: -1,
    },
    DemoReviewer {
        email: "nadia.benali@essor.demo",
        name: "Nadia Benali",
        expertise: "logement, soins, aidants, alimentation",
        linked_to: None,
        bias: 1,
    },
];

async fn user_by_email(state: &AppState, email: &str) -> anyhow::Result<Option<i64>> {
    Ok(
        essor_accounts::users::by_email(state.db(), &Email::parse(email)?)
            .await?
            .map(|u| u.id),
    )
}

/// An account that cannot sign in (no usable password): for the demo's other people.
async fn background_person(tx: &mut Tx, email: &str, name: &str) -> anyhow::Result<i64> {
    let id = essor_accounts::users::create(tx, &Email::parse(email)?, name, "!", "fr", true)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {email} exists already"))?;
    Ok(id.0)
}

async fn org_id(tx: &mut Tx, name: &str) -> anyhow::Result<Option<i64>> {
    let row: Option<(i64,)> = tx
        .fetch_optional(&raw(
            "SELECT id FROM organisations WHERE name = $1",
            vec![v(name)],
        ))
        .await?;
    Ok(row.map(|(id,)| id))
}

/// Application files of `call`, submitted then put under instruction by `staff`.
async fn create_files(
    state: &AppState,
    call: &essor_calls::model::Call,
    files: &[DemoFile],
    staff: i64,
) -> anyhow::Result<Vec<i64>> {
    let db = state.db();
    let form = call
        .current_form_id
        .ok_or_else(|| anyhow::anyhow!("demo call has no form"))?;
    let now = Utc::now();
    let mut tx = db.begin().await?;
    let mut file_ids = vec![];
    for (i, f) in files.iter().enumerate() {
        let (org, owner) = match org_id(&mut tx, f.org).await? {
            Some(o) => {
                let (owner,): (i64,) = tx
                    .fetch_one(&raw(
                        "SELECT user_id FROM memberships WHERE org_id = $1 ORDER BY created_at LIMIT 1",
                        vec![v(o)],
                    ))
                    .await?;
                (o, owner)
            }
            None => {
                let owner = background_person(
                    &mut tx,
                    &format!(
                        "porteur{}-{}@essor.demo",
                        call.file_prefix.to_lowercase(),
                        i + 1
                    ),
                    &format!("Porteur de projet {}", i + 1),
                )
                .await?;
                let (o,): (i64,) = tx
                    .fetch_one(&raw(
                        "INSERT INTO organisations (kind, name, address, commune_code, contact_email, created_at, updated_at) \
                         VALUES ('association', $1, $2, $3, $4, $5, $5) RETURNING id",
                        vec![
                            v(f.org),
                            v(format!("{} place de la Mairie", i + 1)),
                            v(f.commune),
                            v(format!("contact{}-{}@essor.demo", call.file_prefix.to_lowercase(), i + 1)),
                            v(now),
                        ],
                    ))
                    .await?;
                tx.execute(&raw(
                    "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)",
                    vec![v(o), v(owner), v(now)],
                ))
                .await?;
                (o, owner)
            }
        };
        let answers = serde_json::json!({
            "project_title": {"text": f.title},
            "objectives": {"text": f.objectives},
            "description": {"text": f.description},
        });
        let (id,): (i64,) = tx
            .fetch_one(&raw(
                "INSERT INTO files (number, call_id, form_id, org_id, created_by, state, answers, raw_inputs, \
                 title, requested_amount, commune_code, search_text, submitted_at, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, 'submitted', $6, '{}', $7, $8, $9, '', $10, $10, $10) RETURNING id",
                vec![
                    v(format!("DEMO-{}-{i}", call.file_prefix)),
                    v(call.id),
                    v(form),
                    v(org),
                    v(owner),
                    v(answers.to_string()),
                    v(f.title),
                    v(f.euros * 100),
                    v(f.commune),
                    v(now),
                ],
            ))
            .await?;
        let number = format!("{}-{}-{id:05}", call.file_prefix, now.year());
        tx.execute(&raw(
            "UPDATE files SET number = $2, search_text = $3 WHERE id = $1",
            vec![
                v(id),
                v(number.clone()),
                v(search_fold(&format!("{number} {} {}", f.title, f.org))),
            ],
        ))
        .await?;
        file_ids.push(id);
    }
    tx.commit().await?;
    let mut tx = db.begin().await?;
    for id in &file_ids {
        let file = file_by_id(db, FileId(*id))
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo file vanished"))?;
        transition_file(
            &mut tx,
            &file,
            FileEvent::StartInstruction,
            Actor::Staff,
            UserId(staff),
            None,
        )
        .await?
        .map_err(|e| anyhow::anyhow!("demo file: {}", e.code))?;
    }

    tx.commit().await?;
    Ok(file_ids)
}

pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let db = state.db();
    let Some(call) = call_by_slug(db, CALL_SLUG).await? else {
        return Ok(());
    };
    let staff = user_by_email(state, "agent@essor.demo")
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo staff account is missing"))?;
    let now = Utc::now();
    let file_ids = create_files(state, &call, FILES, staff).await?;
    let mut tx = db.begin().await?;

    // ---- Grid and settings.
    let mut criteria = vec![];
    for d in progress_default() {
        criteria.push((model::insert_criterion(&mut tx, call.id, &d).await?, d));
    }
    model::save_settings(
        &mut tx,
        &model::Settings {
            reviews_per_file: 2,
            default_max_load: 5,
            ..model::Settings::defaults(call.id)
        },
    )
    .await?;

    // ---- Reviewers.
    let mut reviewer_ids = vec![];
    for r in REVIEWERS {
        let user = match user_by_email(state, r.email).await? {
            Some(u) => u,
            None => background_person(&mut tx, r.email, r.name).await?,
        };
        essor_accounts::users::grant_role(&mut tx, UserId(user), essor_domain::role::Role::Jury)
            .await?;
        let (rid,): (i64,) = tx
            .fetch_one(&raw(
                "INSERT INTO jury_reviewers (call_id, user_id, email, name, expertise, min_load, max_load, state, \
                 invited_by, invited_at, accepted_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, 2, 5, 'active', $6, $7, $7, $7) RETURNING id",
                vec![
                    v(call.id),
                    v(user),
                    v(r.email),
                    v(r.name),
                    v(r.expertise),
                    v(staff),
                    v(now),
                ],
            ))
            .await?;
        tx.execute(&raw(
            "INSERT INTO jury_reviewer_transitions (reviewer_id, from_state, to_state, event, actor_id, at) \
             VALUES ($1, 'invited', 'active', 'accept', $2, $3)",
            vec![v(rid), v(user), v(now)],
        ))
        .await?;
        if let Some(org) = r.linked_to {
            if let Some(o) = org_id(&mut tx, org).await? {
                tx.execute(&raw(
                    "INSERT INTO jury_links (reviewer_id, org_id, note, created_by, created_at) \
                     VALUES ($1, $2, 'Membre du conseil d’administration', $3, $4)",
                    vec![v(rid), v(o), v(staff), v(now)],
                ))
                .await?;
            }
        }
        reviewer_ids.push((rid, r));
    }
    // An outside expert who has not answered yet (no link is sent by the demo).
    tx.execute(&raw(
        "INSERT INTO jury_reviewers (call_id, email, name, expertise, min_load, max_load, state, \
         invited_by, invited_at, updated_at) \
         VALUES ($1, 'expert.externe@example.org', 'Claire Expert', 'économie circulaire', 0, 3, 'invited', $2, $3, $3)",
        vec![v(call.id), v(staff), v(now)],
    ))
    .await?;
    tx.commit().await?;

    // ---- The optimiser's assignment, accepted.
    let settings = model::settings(db, call.id).await?;
    let reviewers: Vec<_> = model::reviewers(db, call.id)
        .await?
        .into_iter()
        .filter(|r| r.state() == model::ReviewerState::Active)
        .collect();
    let input = assignment::instance(
        &model::jury_files(db, call.id).await?,
        &reviewers,
        &model::conflicts(db, call.id).await?,
        &model::bids(db, call.id).await?,
        &call.theme,
        settings.reviews_per_file,
        Objective::Total,
    );
    let out = assign::solve(&input).map_err(|e| anyhow::anyhow!("demo assignment: {}", e.0))?;
    if out.status == assign::Status::Infeasible {
        anyhow::bail!("demo assignment infeasible: {:?}", out.reason);
    }
    let mut tx = db.begin().await?;
    let jeanne = reviewer_ids[0].0;
    let mut jeanne_left = false;
    let mut pairs: Vec<(i64, i64)> = out
        .assignments
        .iter()
        .map(|a| Ok((a.d.parse()?, a.r.parse()?)))
        .collect::<Result<_, std::num::ParseIntError>>()?;
    pairs.sort();
    for (fid, rid) in pairs {
        let aid = model::insert_assignment(&mut tx, call.id, fid, rid, Some(UserId(staff))).await?;
        // The demo jury account keeps one review to do.
        if rid == jeanne && !jeanne_left {
            jeanne_left = true;
            continue;
        }
        let fi = file_ids.iter().position(|x| *x == fid).unwrap_or(0);
        let bias = reviewer_ids
            .iter()
            .find(|(id, _)| *id == rid)
            .map_or(0, |(_, r)| r.bias);
        for (k, (cid, c)) in criteria.iter().enumerate() {
            let wobble = ((fi + k) % 3) as i64 - 1;
            let value = (FILES[fi].quality + bias + wobble).clamp(c.scale_min, c.scale_max);
            let comment = if c.comment_required {
                format!(
                    "Appréciation : {}",
                    c.anchors[(value - c.scale_min) as usize]
                )
            } else {
                String::new()
            };
            tx.execute(&raw(
                "INSERT INTO jury_scores (assignment_id, criterion_id, value, comment) VALUES ($1, $2, $3, $4)",
                vec![v(aid), v(*cid), v(value), v(comment)],
            ))
            .await?;
        }
        tx.execute(&raw(
            "UPDATE jury_assignments SET state = 'submitted', submitted_at = $2, \
             general_comment = 'Dossier lu en entier ; avis argumenté ci-dessus.' WHERE id = $1",
            vec![v(aid), v(now)],
        ))
        .await?;
        tx.execute(&raw(
            "INSERT INTO jury_assignment_transitions (assignment_id, from_state, to_state, event, actor_id, at) \
             VALUES ($1, 'draft', 'submitted', 'submit', NULL, $2)",
            vec![v(aid), v(now)],
        ))
        .await?;
    }
    tx.commit().await?;

    // ---- The pilot call: files under instruction, no jury yet.
    if let Some(pilot) = call_by_slug(db, PILOT_SLUG).await? {
        create_files(state, &pilot, PILOT_FILES, staff).await?;
    }
    // ---- A past edition with its closed commission and a laureate on the showcase.
    crate::award::demo::seed(state).await?;
    Ok(())
}
