//! The reviewer's side: the dashboard (my calls, my files, progress), interest in files (seen
//! by title and summary only), conflicts declared on a file, the scoring form with every level's
//! anchor beside it (draft, then submit; read-only afterwards) and the other reviewers' scores
//! once allowed.
//!
//! Access: `require_role(Jury)`, then the review must belong to the signed-in person's active
//! reviewer record, and the reviewer must have no conflict of interest with the file: anything
//! else is 404, so a conflicted reviewer never reads the file, whatever the URL.

use crate::model::{self, parse_id, raw, v, Assignment, Criterion, JuryFile, Reviewer, Score};
use crate::staff::{clean, Fields, FormPairs};
use askama::Template;
use axum::extract::{Form, Path};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use essor_calls::model::{call_by_id, form_by_id, Call};
use essor_domain::forms::{Answers, FieldKind, FormSchema, Value};
use essor_domain::ids::{CallId, FormId};
use essor_domain::role::Role;
use essor_platform::audit::{self, Entry};
use essor_platform::session::CurrentUser;
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use serde_json::json;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/jury", get(dashboard))
        .route("/jury/calls/{call}/files", get(files).post(save_bids))
        .route(
            "/jury/calls/{call}/files/{file}/conflict",
            post(declare_conflict),
        )
        .route("/jury/reviews/{review}", get(show).post(save))
        .route("/jury/reviews/{review}/others", get(others))
}

/// Longest comment on one criterion.
pub const MAX_COMMENT: usize = 4000;

// ---- Dashboard -----------------------------------------------------------------------------

struct CallBlock {
    call: Call,
    reviews: Vec<(Assignment, String, String)>,
    submitted: usize,
}

#[derive(Template)]
#[template(path = "jury/review/dashboard.html")]
struct DashboardTpl<'a> {
    p: &'a Ctx,
    blocks: Vec<CallBlock>,
}

async fn dashboard(p: Ctx) -> AppResult<Response> {
    let user = p.require_role(Role::Jury)?.clone();
    let db = p.state.db();
    let mut blocks = vec![];
    for r in model::reviewers_of_user(db, user.id).await? {
        let Some(call) = call_by_id(db, CallId(r.call_id)).await? else {
            continue;
        };
        let files: HashMap<i64, JuryFile> = model::jury_files(db, call.id)
            .await?
            .into_iter()
            .map(|f| (f.id, f))
            .collect();
        let conflicts = model::conflicts(db, call.id).await?;
        let reviews: Vec<_> = model::assignments(db, call.id)
            .await?
            .into_iter()
            .filter(|a| a.reviewer_id == r.id && !conflicts.contains_key(&(a.file_id, r.id)))
            .filter_map(|a| {
                let f = files.get(&a.file_id)?;
                Some((a, f.number.clone(), f.title.clone()))
            })
            .collect();
        blocks.push(CallBlock {
            submitted: reviews.iter().filter(|(a, _, _)| a.is_submitted()).count(),
            reviews,
            call,
        });
    }
    render(&DashboardTpl { p: &p, blocks })
}

// ---- Interest and declared conflicts --------------------------------------------------------

async fn my_call(p: &Ctx, call: &str) -> AppResult<(CurrentUser, Reviewer, Call)> {
    let user = p.require_role(Role::Jury)?.clone();
    let cid = parse_id(call).ok_or(AppError::NotFound)?;
    let db = p.state.db();
    let r = model::reviewer_of_user_in_call(db, user.id, cid)
        .await?
        .ok_or(AppError::NotFound)?;
    let call = call_by_id(db, CallId(cid))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((user, r, call))
}

struct BidLine {
    f: JuryFile,
    conflict: Option<&'static str>,
    level: i64,
}

#[derive(Template)]
#[template(path = "jury/review/files.html")]
struct FilesTpl<'a> {
    p: &'a Ctx,
    call: Call,
    lines: Vec<BidLine>,
}

async fn files(p: Ctx, Path(call): Path<String>) -> AppResult<Response> {
    let (_, r, call) = my_call(&p, &call).await?;
    let db = p.state.db();
    let conflicts = model::conflicts(db, call.id).await?;
    let bids = model::bids(db, call.id).await?;
    let lines = model::jury_files(db, call.id)
        .await?
        .into_iter()
        .filter(|f| !f.excluded && f.state == "under_instruction")
        .map(|f| BidLine {
            conflict: conflicts.get(&(f.id, r.id)).map(|k| k.message_id()),
            level: bids.get(&(f.id, r.id)).copied().unwrap_or(0),
            f,
        })
        .collect();
    render(&FilesTpl { p: &p, call, lines })
}

async fn save_bids(p: Ctx, Path(call): Path<String>, Form(f): FormPairs) -> AppResult<Response> {
    let (user, r, call) = my_call(&p, &call).await?;
    let f = Fields(f);
    let db = p.state.db();
    let conflicts = model::conflicts(db, call.id).await?;
    let files = model::jury_files(db, call.id).await?;
    let mut tx = db.begin().await?;
    let mut n = 0;
    for file in files.iter().filter(|x| !x.excluded) {
        let key = format!("bid_{}", file.id);
        if !f.has(&key) || conflicts.contains_key(&(file.id, r.id)) {
            continue;
        }
        let level = match f.get(&key) {
            "1" => 1,
            "2" => 2,
            _ => 0,
        };
        tx.execute(&raw(
            "DELETE FROM jury_bids WHERE reviewer_id = $1 AND file_id = $2",
            vec![v(r.id), v(file.id)],
        ))
        .await?;
        if level > 0 {
            tx.execute(&raw(
                "INSERT INTO jury_bids (reviewer_id, file_id, level, updated_at) VALUES ($1, $2, $3, $4)",
                vec![v(r.id), v(file.id), v(level), v(Utc::now())],
            ))
            .await?;
            n += 1;
        }
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.bids",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "reviewer": r.id, "interested_in": n }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/jury/calls/{}/files", call.id),
        "jury-flash-bids",
    ))
}

async fn declare_conflict(
    p: Ctx,
    Path((call, file)): Path<(String, String)>,
    Form(f): FormPairs,
) -> AppResult<Response> {
    let (user, r, call) = my_call(&p, &call).await?;
    let fid = parse_id(&file).ok_or(AppError::NotFound)?;
    let db = p.state.db();
    let file = model::jury_file(db, call.id, fid)
        .await?
        .ok_or(AppError::NotFound)?;
    let reason: String = clean(Fields(f).get("reason")).chars().take(500).collect();
    let mut tx = db.begin().await?;
    tx.execute(&raw(
        "DELETE FROM jury_declared_conflicts WHERE reviewer_id = $1 AND file_id = $2",
        vec![v(r.id), v(file.id)],
    ))
    .await?;
    tx.execute(&raw(
        "INSERT INTO jury_declared_conflicts (reviewer_id, file_id, reason, declared_at) VALUES ($1, $2, $3, $4)",
        vec![v(r.id), v(file.id), v(reason), v(Utc::now())],
    ))
    .await?;
    tx.execute(&raw(
        "DELETE FROM jury_bids WHERE reviewer_id = $1 AND file_id = $2",
        vec![v(r.id), v(file.id)],
    ))
    .await?;
    // A review not started goes; a started one stays for the record but is no longer shown.
    let mine: Option<(i64,)> = tx
        .fetch_optional(&raw(
            "SELECT id FROM jury_assignments WHERE reviewer_id = $1 AND file_id = $2",
            vec![v(r.id), v(file.id)],
        ))
        .await?;
    if let Some((aid,)) = mine {
        model::delete_untouched_assignment(&mut tx, call.id, aid).await?;
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.conflict_declare",
            record_type: "file",
            record_id: file.id.to_string(),
            summary: json!({ "reviewer": r.id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/jury/calls/{}/files", call.id),
        "jury-flash-conflict",
    ))
}

// ---- The scoring form ----------------------------------------------------------------------

/// The signed-in reviewer's own review of a file they have no conflict with, or 404.
async fn my_review(
    p: &Ctx,
    review: &str,
) -> AppResult<(CurrentUser, Reviewer, Assignment, JuryFile, Call)> {
    let user = p.require_role(Role::Jury)?.clone();
    let aid = parse_id(review).ok_or(AppError::NotFound)?;
    let db = p.state.db();
    let a = model::assignment(db, aid)
        .await?
        .ok_or(AppError::NotFound)?;
    let r = model::reviewer(db, a.call_id, a.reviewer_id)
        .await?
        .filter(|r| r.user_id == Some(user.id.0) && r.state() == model::ReviewerState::Active)
        .ok_or(AppError::NotFound)?;
    if model::conflict_of(db, a.call_id, a.file_id, r.id)
        .await?
        .is_some()
    {
        return Err(AppError::NotFound);
    }
    let file = model::jury_file(db, a.call_id, a.file_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let call = call_by_id(db, CallId(a.call_id))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((user, r, a, file, call))
}

/// Errors of the scoring form: field name and message id.
pub type ScoreErrors = Vec<(String, &'static str)>;

/// A file's answers: titled sections of label/text pairs.
pub type Sections = Vec<(String, Vec<(String, String)>)>;

/// One criterion of the form, with what was chosen or typed.
pub struct CriterionInput {
    pub c: Criterion,
    pub value: Option<i64>,
    pub comment: String,
}

/// A file's answers as label/text pairs, section by section. A budget table shows its totals and
/// the amount requested (named by `budget_label`, given a total's name); attachments stay on the
/// instruction side.
pub fn answers_view(
    schema: &FormSchema,
    answers: &Answers,
    lang: &str,
    budget_label: &dyn Fn(&str) -> String,
) -> Sections {
    fn text(
        v: &Value,
        options: &[essor_domain::forms::ChoiceOption],
        lang: &str,
    ) -> Option<String> {
        let label = |id: &str| {
            options
                .iter()
                .find(|o| o.id == id)
                .map(|o| o.label.get(lang).to_owned())
                .unwrap_or_else(|| id.to_owned())
        };
        Some(match v {
            Value::Text(s) => s.clone(),
            Value::Integer(n) => n.to_string(),
            Value::Decimal(x) => x.to_string(),
            Value::Cents(c) => {
                if lang == "fr" {
                    c.format_fr()
                } else {
                    c.format_en()
                }
            }
            Value::Percent(bp) => format!("{} %", *bp as f64 / 100.0),
            Value::Date(d) => d.to_string(),
            Value::Bool(b) => if *b { "✓" } else { "✗" }.to_owned(),
            Value::Choice(id) => label(id),
            Value::Choices(ids) => ids.iter().map(|i| label(i)).collect::<Vec<_>>().join(", "),
            Value::Group(items) => items
                .iter()
                .map(|a| {
                    a.0.values()
                        .filter_map(|v| text(v, &[], lang))
                        .collect::<Vec<_>>()
                        .join(" · ")
                })
                .collect::<Vec<_>>()
                .join(" ; "),
            Value::Budget(_) | Value::File(_) => return None,
        })
    }
    let mut out = vec![];
    for page in &schema.pages {
        for section in &page.sections {
            let items: Vec<(String, String)> = section
                .fields
                .iter()
                .filter_map(|f| {
                    let v = answers.0.get(&f.id)?;
                    if v.is_empty() {
                        return None;
                    }
                    let shown = match (v, &f.kind) {
                        (Value::Budget(b), FieldKind::BudgetTable { requested_line, .. }) => {
                            ["total_charges", "total_income", "requested"]
                                .iter()
                                .filter_map(|name| {
                                    let c = b.value(name, requested_line.as_deref())?;
                                    let amount = text(&Value::Cents(c), &[], lang)?;
                                    Some(format!("{} : {amount}", budget_label(name)))
                                })
                                .collect::<Vec<_>>()
                                .join(" · ")
                        }
                        _ => text(v, f.kind.options(), lang)?,
                    };
                    Some((f.label.get(lang).to_owned(), shown))
                })
                .collect();
            if !items.is_empty() {
                out.push((
                    format!("{} — {}", page.title.get(lang), section.title.get(lang)),
                    items,
                ));
            }
        }
    }
    out
}

#[derive(Template)]
#[template(path = "jury/review/form.html")]
struct FormTpl<'a> {
    p: &'a Ctx,
    call: Call,
    file: JuryFile,
    review: Assignment,
    inputs: Vec<CriterionInput>,
    general_comment: String,
    answers: Sections,
    can_see_others: bool,
    weighted: Option<String>,
    errors: FormErrors,
}

async fn form_page(
    p: &Ctx,
    call: Call,
    file: JuryFile,
    review: Assignment,
    input: Option<(Vec<CriterionInput>, String)>,
    errors: FormErrors,
) -> AppResult<Response> {
    let db = p.state.db();
    let criteria = model::criteria(db, call.id).await?;
    let stored = model::scores(db, review.id).await?;
    let weighted = model::weighted(&criteria, &stored).map(|x| model::fmt_score(x, p.lang()));
    let (inputs, general_comment) = match input {
        Some(x) => x,
        None => (
            criteria
                .into_iter()
                .map(|c| {
                    let s = stored.iter().find(|s| s.criterion_id == c.id);
                    CriterionInput {
                        value: s.and_then(|s| s.value),
                        comment: s.map(|s| s.comment.clone()).unwrap_or_default(),
                        c,
                    }
                })
                .collect(),
            review.general_comment.clone(),
        ),
    };
    let settings = model::settings(db, call.id).await?;
    let answers = match form_by_id(db, FormId(file.form_id)).await? {
        Some(form) => {
            let answers: Answers = serde_json::from_str(&file.answers).unwrap_or_default();
            form.schema()
                .map(|s| {
                    answers_view(&s, &answers, p.lang(), &|name: &str| {
                        p.t(format!("jury-budget-{}", name.replace('_', "-")))
                    })
                })
                .unwrap_or_default()
        }
        None => vec![],
    };
    let invalid = !errors.is_empty();
    let t = FormTpl {
        p,
        can_see_others: !settings.hide_others_until_submitted || review.is_submitted(),
        call,
        file,
        review,
        inputs,
        general_comment,
        answers,
        weighted,
        errors,
    };
    if invalid {
        render_invalid(&t)
    } else {
        render(&t)
    }
}

async fn show(p: Ctx, Path(review): Path<String>) -> AppResult<Response> {
    let (_, _, a, file, call) = my_review(&p, &review).await?;
    form_page(&p, call, file, a, None, FormErrors::default()).await
}

/// Parses the scoring form. Values out of the scale are tampering (400); missing scores and
/// comments are errors only when submitting.
pub fn parse_scores(
    criteria: Vec<Criterion>,
    f: &Fields,
    submitting: bool,
) -> Result<(Vec<CriterionInput>, ScoreErrors), AppError> {
    let mut inputs = vec![];
    let mut errors = vec![];
    for c in criteria {
        let raw = f.get(&format!("score_{}", c.id)).trim();
        let value = if raw.is_empty() {
            None
        } else {
            match raw.parse::<i64>() {
                Ok(x) if (c.scale_min..=c.scale_max).contains(&x) => Some(x),
                _ => return Err(AppError::BadRequest),
            }
        };
        let comment = clean(f.get(&format!("comment_{}", c.id)));
        if comment.chars().count() > MAX_COMMENT {
            errors.push((format!("comment_{}", c.id), "jury-error-too-long"));
        }
        if submitting {
            if value.is_none() {
                errors.push((format!("score_{}", c.id), "jury-error-score-missing"));
            }
            if c.comment_required && comment.is_empty() {
                errors.push((format!("comment_{}", c.id), "jury-error-comment-missing"));
            }
        }
        inputs.push(CriterionInput { c, value, comment });
    }
    Ok((inputs, errors))
}

async fn save(p: Ctx, Path(review): Path<String>, Form(f): FormPairs) -> AppResult<Response> {
    let (user, r, a, file, call) = my_review(&p, &review).await?;
    if a.is_submitted() {
        return Ok(see_other_flash(
            &format!("/jury/reviews/{}", a.id),
            "jury-flash-already-submitted",
        ));
    }
    let f = Fields(f);
    let submitting = f.get("action") == "submit";
    let db = p.state.db();
    let criteria = model::criteria(db, call.id).await?;
    let empty_grid = criteria.is_empty();
    let (inputs, errs) = parse_scores(criteria, &f, submitting)?;
    let general_comment = clean(f.get("general_comment"));
    let mut errors = FormErrors::default();
    for (field, id) in &errs {
        errors.add(field, p.t(id));
    }
    if general_comment.chars().count() > MAX_COMMENT {
        errors.add("general_comment", p.t("jury-error-too-long"));
    }
    if submitting && empty_grid {
        errors.add("general_comment", p.t("jury-error-no-grid"));
    }
    if !errors.is_empty() {
        return form_page(&p, call, file, a, Some((inputs, general_comment)), errors).await;
    }
    let now = Utc::now();
    let mut tx = db.begin().await?;
    // Guarded by the state: a submission from another tab wins, this one changes nothing.
    let n = tx
        .execute(&raw(
            "UPDATE jury_assignments SET general_comment = $2, updated_at = $3 WHERE id = $1 AND state = 'draft'",
            vec![v(a.id), v(general_comment), v(now)],
        ))
        .await?;
    if n == 0 {
        tx.rollback().await?;
        return Ok(see_other_flash(
            &format!("/jury/reviews/{}", a.id),
            "jury-flash-already-submitted",
        ));
    }
    tx.execute(&raw(
        "DELETE FROM jury_scores WHERE assignment_id = $1",
        vec![v(a.id)],
    ))
    .await?;
    for i in &inputs {
        tx.execute(&raw(
            "INSERT INTO jury_scores (assignment_id, criterion_id, value, comment) VALUES ($1, $2, $3, $4)",
            vec![v(a.id), v(i.c.id), v(i.value), v(i.comment.clone())],
        ))
        .await?;
    }
    if submitting {
        tx.execute(&raw(
            "UPDATE jury_assignments SET state = 'submitted', submitted_at = $2 WHERE id = $1",
            vec![v(a.id), v(now)],
        ))
        .await?;
        tx.execute(&raw(
            "INSERT INTO jury_assignment_transitions (assignment_id, from_state, to_state, event, actor_id, at) \
             VALUES ($1, 'draft', 'submitted', 'submit', $2, $3)",
            vec![v(a.id), v(user.id.0), v(now)],
        ))
        .await?;
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: if submitting {
                "jury.review_submit"
            } else {
                "jury.review_draft"
            },
            record_type: "file",
            record_id: file.id.to_string(),
            summary: json!({ "review": a.id, "reviewer": r.id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/jury/reviews/{}", a.id),
        if submitting {
            "jury-flash-submitted"
        } else {
            "jury-flash-draft"
        },
    ))
}

// ---- Other reviewers' scores ---------------------------------------------------------------

struct OtherReview {
    name: String,
    mine: bool,
    values: Vec<(Option<i64>, String, bool)>,
    /// Non-empty comments by criterion title.
    comments: Vec<(String, String)>,
    general_comment: String,
    weighted: Option<String>,
}

#[derive(Template)]
#[template(path = "jury/review/others.html")]
struct OthersTpl<'a> {
    p: &'a Ctx,
    call: Call,
    file: JuryFile,
    review: Assignment,
    criteria: Vec<Criterion>,
    reviews: Vec<OtherReview>,
}

async fn others(p: Ctx, Path(review): Path<String>) -> AppResult<Response> {
    let (_, _, a, file, call) = my_review(&p, &review).await?;
    let db = p.state.db();
    let settings = model::settings(db, call.id).await?;
    if settings.hide_others_until_submitted && !a.is_submitted() {
        // Not yet: the page exists but is refused until one's own review is in.
        return Err(AppError::Forbidden);
    }
    let criteria = model::criteria(db, call.id).await?;
    let names: HashMap<i64, String> = model::reviewers(db, call.id)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    let all_scores: Vec<Score> = model::scores_of_file(db, file.id).await?;
    let reviews = model::assignments(db, call.id)
        .await?
        .into_iter()
        .filter(|x| x.file_id == file.id && x.is_submitted())
        .map(|x| {
            let mine: Vec<Score> = all_scores
                .iter()
                .filter(|s| s.assignment_id == x.id)
                .cloned()
                .collect();
            let comments = criteria
                .iter()
                .filter_map(|c| {
                    let s = mine.iter().find(|s| s.criterion_id == c.id)?;
                    (!s.comment.is_empty()).then(|| (c.title.clone(), s.comment.clone()))
                })
                .collect();
            OtherReview {
                comments,
                name: names.get(&x.reviewer_id).cloned().unwrap_or_default(),
                mine: x.id == a.id,
                values: criteria
                    .iter()
                    .map(|c| {
                        let s = mine.iter().find(|s| s.criterion_id == c.id);
                        let val = s.and_then(|s| s.value);
                        (
                            val,
                            s.map(|s| s.comment.clone()).unwrap_or_default(),
                            val.is_some_and(|v| c.eliminates(v)),
                        )
                    })
                    .collect(),
                weighted: model::weighted(&criteria, &mine).map(|w| model::fmt_score(w, p.lang())),
                general_comment: x.general_comment.clone(),
            }
        })
        .collect();
    render(&OthersTpl {
        p: &p,
        call,
        file,
        review: a,
        criteria,
        reviews,
    })
}
