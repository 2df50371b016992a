//! Who reviews which file. Staff set the reviews per file and each reviewer's loads; "Propose"
//! runs the optimiser (`essor_solve::assign`): affinity from expertise tags matched against the
//! file's text and the call's theme, plus the reviewer's stated interest; conflicts of interest
//! are never assigned. The exact `total` optimum or the `fair` variant. Infeasible settings get a
//! reason on the page. Staff accept the proposal (untouched reviews not in it are dropped, reviews
//! with scores always stay) and adjust by hand, with immediate warnings.

use crate::model::{self, parse_id, raw, v, ConflictKind, JuryFile, Reviewer};
use crate::staff::{staff_call, tr, Fields, FormPairs};
use askama::Template;
use axum::extract::{Form, Path};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use essor_calls::instruction::search_fold;
use essor_calls::model::Call;
use essor_platform::audit::{self, Entry};
use essor_platform::db::Db;
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use essor_solve::assign::{self, AssignInput, AssignOutput, Objective, Status};
use serde_json::json;
use std::collections::{HashMap, HashSet};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/calls/{id}/jury/assignment", get(show))
        .route("/staff/calls/{id}/jury/assignment/propose", post(propose))
        .route("/staff/calls/{id}/jury/assignment/accept", post(accept))
        .route("/staff/calls/{id}/jury/assignment/add", post(add))
        .route(
            "/staff/calls/{id}/jury/assignment/{review}/remove",
            post(remove),
        )
        .route("/staff/calls/{id}/jury/files/{file}/exclude", post(exclude))
        .route("/staff/calls/{id}/jury/files/{file}/include", post(include))
}

/// Affinity of a reviewer for a file: the share of the reviewer's expertise tags found in the
/// file's text or the call's theme (0 to 1), plus 0.5 for "interested" and 1 for "very
/// interested". Rounded to 1/1000 so the optimiser works on exact values.
pub fn affinity(tags: &[String], folded_text: &str, bid: Option<i64>) -> f64 {
    let padded = format!(" {folded_text} ");
    let matched = tags
        .iter()
        .map(|t| search_fold(t))
        .filter(|t| !t.is_empty() && padded.contains(&format!(" {t}")))
        .count();
    let expertise = if tags.is_empty() {
        0.0
    } else {
        matched as f64 / tags.len() as f64
    };
    let interest = match bid {
        Some(2) => 1.0,
        Some(1) => 0.5,
        _ => 0.0,
    };
    ((expertise + interest) * 1000.0).round() / 1000.0
}

/// The instance for the optimiser: files under instruction not excluded, reviewers still in
/// the pool, every non-conflicted pair an edge. Ids are database ids as strings.
pub fn instance(
    files: &[JuryFile],
    reviewers: &[Reviewer],
    conflicts: &HashMap<(i64, i64), ConflictKind>,
    bids: &HashMap<(i64, i64), i64>,
    theme: &str,
    reviews_per_file: i64,
    objective: Objective,
) -> AssignInput {
    let files: Vec<&JuryFile> = files
        .iter()
        .filter(|f| !f.excluded && f.state == "under_instruction")
        .collect();
    let reviewers: Vec<&Reviewer> = reviewers.iter().filter(|r| r.is_in_pool()).collect();
    let mut edges = vec![];
    let mut conflict_list = vec![];
    for f in &files {
        let text = search_fold(&format!("{} {}", theme, f.text()));
        for r in &reviewers {
            if conflicts.contains_key(&(f.id, r.id)) {
                conflict_list.push(assign::Conflict {
                    d: f.id.to_string(),
                    r: r.id.to_string(),
                });
                continue;
            }
            edges.push(assign::Edge {
                d: f.id.to_string(),
                r: r.id.to_string(),
                w: affinity(&r.tags(), &text, bids.get(&(f.id, r.id)).copied()),
            });
        }
    }
    AssignInput {
        dossiers: files
            .iter()
            .map(|f| assign::Dossier {
                id: f.id.to_string(),
                demand: reviews_per_file.max(0) as u32,
            })
            .collect(),
        reviewers: reviewers
            .iter()
            .map(|r| assign::Reviewer {
                id: r.id.to_string(),
                min_load: r.min_load.max(0) as u32,
                max_load: r.max_load.max(0) as u32,
            })
            .collect(),
        edges,
        conflicts: conflict_list,
        objective,
    }
}

/// Reasons staff understand, checked before the optimiser (which explains the rest).
pub fn precheck(p: &Ctx, input: &AssignInput) -> Option<String> {
    let files = input.dossiers.len() as u64;
    let demand: u64 = input.dossiers.iter().map(|d| u64::from(d.demand)).sum();
    let max: u64 = input.reviewers.iter().map(|r| u64::from(r.max_load)).sum();
    let min: u64 = input.reviewers.iter().map(|r| u64::from(r.min_load)).sum();
    let per_file = input.dossiers.first().map(|d| d.demand).unwrap_or(0);
    if files == 0 {
        return Some(p.t("jury-infeasible-no-files"));
    }
    if (input.reviewers.len() as u64) < u64::from(per_file) {
        return Some(tr(
            p,
            "jury-infeasible-too-few-reviewers",
            &[
                ("reviewers", input.reviewers.len().to_string()),
                ("per_file", per_file.to_string()),
            ],
        ));
    }
    if max < demand {
        return Some(tr(
            p,
            "jury-infeasible-capacity",
            &[("max", max.to_string()), ("demand", demand.to_string())],
        ));
    }
    if min > demand {
        return Some(tr(
            p,
            "jury-infeasible-min-loads",
            &[("min", min.to_string()), ("demand", demand.to_string())],
        ));
    }
    None
}

/// The stored proposal: the optimiser's result with database ids.
async fn proposal(db: &Db, call: i64) -> anyhow::Result<Option<(String, AssignOutput)>> {
    let row: Option<(String, String)> = db
        .fetch_optional(&raw(
            "SELECT objective_kind, result FROM jury_proposals WHERE call_id = $1",
            vec![v(call)],
        ))
        .await?;
    Ok(row.and_then(|(k, r)| serde_json::from_str(&r).ok().map(|o| (k, o))))
}

struct FileLine {
    f: JuryFile,
    reviews: Vec<(model::Assignment, String)>,
    conflicts: Vec<(String, &'static str)>,
    /// Reviewers that may still be added (in the pool, not assigned).
    candidates: Vec<(i64, String, bool)>,
    short: bool,
}

struct ProposalView {
    objective_kind: String,
    status: String,
    objective: String,
    reason: Option<String>,
    pairs: Vec<(String, Vec<String>)>,
}

#[derive(Template)]
#[template(path = "jury/assignment/show.html")]
struct ShowTpl<'a> {
    p: &'a Ctx,
    call: Call,
    tab: &'static str,
    reviews_per_file: i64,
    objective: String,
    lines: Vec<FileLine>,
    loads: Vec<(Reviewer, usize, bool)>,
    proposal: Option<ProposalView>,
    warnings: Vec<String>,
    errors: FormErrors,
}

async fn page(
    p: &Ctx,
    call: Call,
    warnings: Vec<String>,
    errors: FormErrors,
) -> AppResult<Response> {
    let db = p.state.db();
    let settings = model::settings(db, call.id).await?;
    let files = model::jury_files(db, call.id).await?;
    let reviewers = model::reviewers(db, call.id).await?;
    let assignments = model::assignments(db, call.id).await?;
    let conflicts = model::conflicts(db, call.id).await?;
    let name_of: HashMap<i64, String> = reviewers.iter().map(|r| (r.id, r.name.clone())).collect();
    let lines = files
        .iter()
        .map(|f| {
            let reviews: Vec<_> = assignments
                .iter()
                .filter(|a| a.file_id == f.id)
                .map(|a| {
                    (
                        a.clone(),
                        name_of.get(&a.reviewer_id).cloned().unwrap_or_default(),
                    )
                })
                .collect();
            let assigned: HashSet<i64> = reviews.iter().map(|(a, _)| a.reviewer_id).collect();
            FileLine {
                conflicts: reviewers
                    .iter()
                    .filter_map(|r| {
                        conflicts
                            .get(&(f.id, r.id))
                            .map(|k| (r.name.clone(), k.message_id()))
                    })
                    .collect(),
                candidates: reviewers
                    .iter()
                    .filter(|r| r.is_in_pool() && !assigned.contains(&r.id))
                    .map(|r| (r.id, r.name.clone(), conflicts.contains_key(&(f.id, r.id))))
                    .collect(),
                short: !f.excluded && (reviews.len() as i64) < settings.reviews_per_file,
                reviews,
                f: f.clone(),
            }
        })
        .collect();
    let loads = reviewers
        .iter()
        .filter(|r| r.is_in_pool())
        .map(|r| {
            let n = assignments.iter().filter(|a| a.reviewer_id == r.id).count();
            let out = (n as i64) < r.min_load || (n as i64) > r.max_load;
            (r.clone(), n, out)
        })
        .collect();
    let file_label: HashMap<String, String> = files
        .iter()
        .map(|f| (f.id.to_string(), format!("{} — {}", f.number, f.title)))
        .collect();
    let proposal = proposal(db, call.id).await?.map(|(kind, out)| {
        let mut by_file: Vec<(String, Vec<String>)> = vec![];
        for a in &out.assignments {
            let label = file_label.get(&a.d).cloned().unwrap_or_else(|| a.d.clone());
            let who =
                a.r.parse::<i64>()
                    .ok()
                    .and_then(|r| name_of.get(&r).cloned())
                    .unwrap_or_default();
            match by_file.iter_mut().find(|(l, _)| *l == label) {
                Some((_, v)) => v.push(who),
                None => by_file.push((label, vec![who])),
            }
        }
        by_file.sort();
        ProposalView {
            objective_kind: kind,
            status: match out.status {
                Status::Optimal => "optimal",
                Status::Feasible => "feasible",
                Status::Infeasible => "infeasible",
            }
            .into(),
            objective: model::fmt_score(out.objective, p.lang()),
            reason: out.reason.clone(),
            pairs: by_file,
        }
    });
    let invalid = !errors.is_empty();
    let t = ShowTpl {
        p,
        tab: "assignment",
        call,
        reviews_per_file: settings.reviews_per_file,
        objective: settings.objective.clone(),
        lines,
        loads,
        proposal,
        warnings,
        errors,
    };
    if invalid {
        render_invalid(&t)
    } else {
        render(&t)
    }
}

async fn show(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (_, call) = staff_call(&p, &id).await?;
    page(&p, call, vec![], FormErrors::default()).await
}

async fn store_proposal(
    db: &Db,
    call: i64,
    kind: &str,
    out: &AssignOutput,
    by: essor_domain::ids::UserId,
) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    tx.execute(&raw(
        "DELETE FROM jury_proposals WHERE call_id = $1",
        vec![v(call)],
    ))
    .await?;
    tx.execute(&raw(
        "INSERT INTO jury_proposals (call_id, objective_kind, result, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
        vec![
            v(call),
            v(kind),
            v(serde_json::to_string(out)?),
            v(by.0),
            v(Utc::now()),
        ],
    ))
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(by),
            action: "jury.propose",
            record_type: "call",
            record_id: call.to_string(),
            summary: json!({
                "objective": kind,
                "status": out.status,
                "value": out.objective,
                "pairs": out.assignments.len(),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn propose(p: Ctx, Path(id): Path<String>, Form(f): FormPairs) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let f = Fields(f);
    let (kind, objective) = match f.get("objective") {
        "fair" => ("fair", Objective::Fair),
        _ => ("total", Objective::Total),
    };
    let db = p.state.db();
    let mut settings = model::settings(db, call.id).await?;
    if settings.objective != kind {
        settings.objective = kind.into();
        let mut tx = db.begin().await?;
        model::save_settings(&mut tx, &settings).await?;
        tx.commit().await?;
    }
    let input = instance(
        &model::jury_files(db, call.id).await?,
        &model::reviewers(db, call.id).await?,
        &model::conflicts(db, call.id).await?,
        &model::bids(db, call.id).await?,
        &call.theme,
        settings.reviews_per_file,
        objective,
    );
    let out = match precheck(&p, &input) {
        Some(reason) => AssignOutput {
            status: Status::Infeasible,
            objective: 0.0,
            assignments: vec![],
            reason: Some(reason),
        },
        // Malformed input cannot come from our own records; if it does, it is a bug.
        None => {
            let input2 = input.clone();
            tokio::task::spawn_blocking(move || assign::solve(&input2))
                .await?
                .map_err(|e| anyhow::anyhow!("assignment input: {}", e.0))?
        }
    };
    store_proposal(db, call.id, kind, &out, user.id).await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}/jury/assignment#proposal", call.id),
        if out.status == Status::Infeasible {
            "jury-flash-proposal-infeasible"
        } else {
            "jury-flash-proposal"
        },
    ))
}

async fn accept(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let db = p.state.db();
    let Some((kind, out)) = proposal(db, call.id).await? else {
        let mut e = FormErrors::default();
        e.add("objective", p.t("jury-error-no-proposal"));
        return page(&p, call, vec![], e).await;
    };
    if out.status == Status::Infeasible {
        let mut e = FormErrors::default();
        e.add("objective", p.t("jury-error-no-proposal"));
        return page(&p, call, vec![], e).await;
    }
    let files: HashSet<i64> = model::jury_files(db, call.id)
        .await?
        .into_iter()
        .filter(|f| !f.excluded)
        .map(|f| f.id)
        .collect();
    let pool: HashSet<i64> = model::reviewers(db, call.id)
        .await?
        .into_iter()
        .filter(|r| r.is_in_pool())
        .map(|r| r.id)
        .collect();
    let conflicts = model::conflicts(db, call.id).await?;
    let wanted: HashSet<(i64, i64)> = out
        .assignments
        .iter()
        .filter_map(|a| Some((a.d.parse().ok()?, a.r.parse().ok()?)))
        // Anything that changed since the proposal (conflict declared, file excluded) is skipped.
        .filter(|(f, r)| {
            files.contains(f) && pool.contains(r) && !conflicts.contains_key(&(*f, *r))
        })
        .collect();
    let existing = model::assignments(db, call.id).await?;
    let have: HashSet<(i64, i64)> = existing
        .iter()
        .map(|a| (a.file_id, a.reviewer_id))
        .collect();
    let mut tx = db.begin().await?;
    let mut dropped = 0;
    for a in &existing {
        if !wanted.contains(&(a.file_id, a.reviewer_id))
            && model::delete_untouched_assignment(&mut tx, call.id, a.id).await?
        {
            dropped += 1;
        }
    }
    let mut added = 0;
    let mut sorted: Vec<_> = wanted.iter().filter(|x| !have.contains(x)).collect();
    sorted.sort();
    for (f, r) in sorted {
        model::insert_assignment(&mut tx, call.id, *f, *r, Some(user.id)).await?;
        added += 1;
    }
    tx.execute(&raw(
        "DELETE FROM jury_proposals WHERE call_id = $1",
        vec![v(call.id)],
    ))
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.assignment_accept",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "objective": kind, "added": added, "dropped": dropped }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}/jury/assignment", call.id),
        "jury-flash-assignment-accepted",
    ))
}

async fn add(p: Ctx, Path(id): Path<String>, Form(f): FormPairs) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let f = Fields(f);
    let db = p.state.db();
    let file = match parse_id(f.get("file")) {
        Some(fid) => model::jury_file(db, call.id, fid).await?,
        None => None,
    };
    let Some(file) = file else {
        let mut e = FormErrors::default();
        e.add("objective", p.t("jury-error-choose-file"));
        return page(&p, call, vec![], e).await;
    };
    let field = format!("add-{}", file.id);
    let reviewer = match parse_id(f.get("reviewer")) {
        Some(rid) => model::reviewer(db, call.id, rid)
            .await?
            .filter(|r| r.is_in_pool()),
        None => None,
    };
    let mut errors = FormErrors::default();
    let Some(reviewer) = reviewer else {
        errors.add(&field, p.t("jury-error-choose-reviewer"));
        return page(&p, call, vec![], errors).await;
    };
    let assignments = model::assignments(db, call.id).await?;
    if assignments
        .iter()
        .any(|a| a.file_id == file.id && a.reviewer_id == reviewer.id)
    {
        errors.add(
            &field,
            tr(
                &p,
                "jury-warning-duplicate",
                &[
                    ("name", reviewer.name.clone()),
                    ("file", file.number.clone()),
                ],
            ),
        );
    }
    if let Some(k) = model::conflict_of(db, call.id, file.id, reviewer.id).await? {
        errors.add(
            &field,
            tr(
                &p,
                "jury-warning-conflict",
                &[
                    ("name", reviewer.name.clone()),
                    ("file", file.number.clone()),
                    ("why", p.t(k.message_id())),
                ],
            ),
        );
    }
    if file.excluded {
        errors.add(&field, p.t("jury-error-file-excluded"));
    }
    if !errors.is_empty() {
        return page(&p, call, vec![], errors).await;
    }
    let mut tx = db.begin().await?;
    let aid =
        model::insert_assignment(&mut tx, call.id, file.id, reviewer.id, Some(user.id)).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.assignment_add",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "review": aid, "file": file.id, "reviewer": reviewer.id }),
        },
    )
    .await?;
    tx.commit().await?;
    // Added; what may still be wrong is said right away.
    let mut warnings = vec![tr(
        &p,
        "jury-added",
        &[
            ("name", reviewer.name.clone()),
            ("file", file.number.clone()),
        ],
    )];
    let load = assignments
        .iter()
        .filter(|a| a.reviewer_id == reviewer.id)
        .count() as i64
        + 1;
    if load > reviewer.max_load {
        warnings.push(tr(
            &p,
            "jury-warning-load-above",
            &[
                ("name", reviewer.name.clone()),
                ("load", load.to_string()),
                ("max", reviewer.max_load.to_string()),
            ],
        ));
    }
    let per_file = assignments.iter().filter(|a| a.file_id == file.id).count() as i64 + 1;
    let settings = model::settings(db, call.id).await?;
    if per_file > settings.reviews_per_file {
        warnings.push(tr(
            &p,
            "jury-warning-file-above",
            &[
                ("file", file.number.clone()),
                ("n", per_file.to_string()),
                ("want", settings.reviews_per_file.to_string()),
            ],
        ));
    }
    page(&p, call, warnings, FormErrors::default()).await
}

async fn remove(p: Ctx, Path((id, review)): Path<(String, String)>) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let aid = parse_id(&review).ok_or(AppError::NotFound)?;
    let db = p.state.db();
    let a = model::assignment(db, aid)
        .await?
        .filter(|a| a.call_id == call.id)
        .ok_or(AppError::NotFound)?;
    let mut tx = db.begin().await?;
    if !model::delete_untouched_assignment(&mut tx, call.id, a.id).await? {
        tx.rollback().await?;
        let mut e = FormErrors::default();
        e.add(
            &format!("add-{}", a.file_id),
            p.t("jury-error-review-started"),
        );
        return page(&p, call, vec![], e).await;
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.assignment_remove",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "review": a.id, "file": a.file_id, "reviewer": a.reviewer_id }),
        },
    )
    .await?;
    tx.commit().await?;
    let mut warnings = vec![p.t("jury-removed")];
    let load = model::assignments(db, call.id)
        .await?
        .iter()
        .filter(|x| x.reviewer_id == a.reviewer_id)
        .count() as i64;
    if let Some(r) = model::reviewer(db, call.id, a.reviewer_id).await? {
        if load < r.min_load {
            warnings.push(tr(
                &p,
                "jury-warning-load-below",
                &[
                    ("name", r.name.clone()),
                    ("load", load.to_string()),
                    ("min", r.min_load.to_string()),
                ],
            ));
        }
    }
    page(&p, call, warnings, FormErrors::default()).await
}

async fn set_excluded(
    p: Ctx,
    id: String,
    file: String,
    excluded: bool,
    f: Fields,
) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let fid = parse_id(&file).ok_or(AppError::NotFound)?;
    let db = p.state.db();
    let file = model::jury_file(db, call.id, fid)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = db.begin().await?;
    tx.execute(&raw(
        "DELETE FROM jury_exclusions WHERE file_id = $1",
        vec![v(file.id)],
    ))
    .await?;
    if excluded {
        tx.execute(&raw(
            "INSERT INTO jury_exclusions (file_id, call_id, reason, excluded_by, excluded_at) \
             VALUES ($1, $2, $3, $4, $5)",
            vec![
                v(file.id),
                v(call.id),
                v(crate::staff::clean(f.get("reason"))),
                v(user.id.0),
                v(Utc::now()),
            ],
        ))
        .await?;
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: if excluded {
                "jury.file_exclude"
            } else {
                "jury.file_include"
            },
            record_type: "file",
            record_id: file.id.to_string(),
            summary: json!({ "call": call.id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}/jury/assignment#file-{}", call.id, file.id),
        if excluded {
            "jury-flash-excluded"
        } else {
            "jury-flash-included"
        },
    ))
}

async fn exclude(
    p: Ctx,
    Path((id, file)): Path<(String, String)>,
    Form(f): FormPairs,
) -> AppResult<Response> {
    set_excluded(p, id, file, true, Fields(f)).await
}

async fn include(
    p: Ctx,
    Path((id, file)): Path<(String, String)>,
    Form(f): FormPairs,
) -> AppResult<Response> {
    set_excluded(p, id, file, false, Fields(f)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(id: i64, title: &str, excluded: bool) -> JuryFile {
        JuryFile {
            id,
            number: format!("PRG-{id}"),
            title: title.into(),
            org_id: id,
            org_name: "Org".into(),
            state: "under_instruction".into(),
            answers: "{}".into(),
            form_id: 1,
            requested_amount: None,
            excluded,
        }
    }

    fn reviewer(id: i64, tags: &str, state: &str) -> Reviewer {
        Reviewer {
            id,
            call_id: 1,
            user_id: Some(id),
            email: format!("r{id}@x.org"),
            name: format!("R{id}"),
            expertise: tags.into(),
            min_load: 1,
            max_load: 2,
            state: state.into(),
            invited_at: chrono::Utc::now(),
            accepted_at: None,
        }
    }

    #[test]
    fn the_instance_leaves_out_conflicts_excluded_files_and_removed_reviewers() {
        let files = vec![
            file(1, "Épicerie solidaire", false),
            file(2, "Vélos", false),
            file(3, "Écarté", true),
        ];
        let reviewers = vec![
            reviewer(10, "épicerie", "active"),
            reviewer(11, "vélos", "invited"),
            reviewer(12, "vélos", "removed"),
        ];
        let conflicts = HashMap::from([((1, 11), ConflictKind::Member)]);
        let bids = HashMap::from([((2, 10), 2)]);
        let input = instance(
            &files,
            &reviewers,
            &conflicts,
            &bids,
            "Vie quotidienne",
            1,
            Objective::Total,
        );
        let ds: Vec<_> = input.dossiers.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ds, ["1", "2"]);
        let rs: Vec<_> = input.reviewers.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(rs, ["10", "11"]);
        let edge = |d: &str, r: &str| {
            input
                .edges
                .iter()
                .find(|e| e.d == d && e.r == r)
                .map(|e| e.w)
        };
        assert_eq!(edge("1", "10"), Some(1.0));
        assert_eq!(edge("1", "11"), None);
        assert_eq!(edge("2", "10"), Some(1.0));
        assert_eq!(edge("2", "11"), Some(1.0));
        assert_eq!(input.conflicts.len(), 1);
        // The optimiser respects it: file 1 can only go to reviewer 10.
        let out = assign::solve(&input).unwrap();
        assert_eq!(out.status, Status::Optimal);
        assert!(out.assignments.iter().any(|a| a.d == "1" && a.r == "10"));
        assert!(!out.assignments.iter().any(|a| a.d == "1" && a.r == "11"));
    }

    #[test]
    fn affinity_counts_matching_tags_and_interest() {
        let tags = vec!["Alimentation".to_owned(), "logement".to_owned()];
        let text = search_fold("Une épicerie solidaire : alimentation durable");
        assert_eq!(affinity(&tags, &text, None), 0.5);
        assert_eq!(affinity(&tags, &text, Some(2)), 1.5);
        assert_eq!(affinity(&tags, &text, Some(1)), 1.0);
        assert_eq!(affinity(&[], &text, None), 0.0);
        // A tag matches the start of a word, not its middle.
        assert_eq!(affinity(&["ment".to_owned()], &text, None), 0.0);
    }
}
