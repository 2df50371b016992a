//! Submission: everything validated, the deadline enforced to the second in the call's time
//! zone, the submission instant recorded, the receipt e-mailed, all in one transaction; a
//! double click (the same form posted twice) submits once and shows the same result.
//!
//! The core is [`submit_at`], which takes the instant to judge the deadline by, so the rule
//! "16:59:59 accepted, 17:00:00 refused" is tested exactly.

use super::attachments::{self, NewAttachment};
use super::eligibility::{self, required_documents, Check, Outcome, Stage};
use super::files::{problems, read_form, render_home, search_text, Refusal};
use super::receipt;
use super::save::raw_error;
use super::{
    answers_of, load_for_applicant, load_parts, local_date, new_key, org_facts, raw_of,
    territory_codes, text, validate_options, Arg, Lang, Loaded,
};
use crate::model::{self, FileAccess, Files};
use axum::extract::{Path, Request};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use essor_domain::forms::{
    compute, validate, Answers, FieldError, FieldKind, FormEnv, FormSchema, Prefill, Scope, Value,
};
use essor_domain::ids::{FileId, UserId};
use essor_domain::lifecycle::{Actor, FileEvent, FileState};
use essor_platform::i18n::Locale;
use essor_platform::orgs;
use essor_platform::web::{see_other_flash, AppResult, Ctx};
use essor_platform::AppState;
use sea_query::{Expr, Query};

/// How a submission attempt ended.
#[derive(Debug)]
pub enum SubmitOutcome {
    Submitted,
    /// This very form was already submitted (a double click): nothing done again.
    AlreadySubmitted,
    /// The deadline has passed (or the call is not open): the file stays a draft.
    Closed,
    /// Not a draft, nor waiting for a correction.
    NotEditable,
    /// Answers missing or wrong, in form order.
    Invalid(Vec<FieldError>),
    /// Eligibility or required documents no longer hold: the checks that fail.
    Ineligible(Vec<Check>),
}

/// The title, amount requested and commune staff sort and filter files by.
pub(crate) struct Summary {
    pub title: String,
    pub requested: Option<i64>,
    pub commune: Option<String>,
}

/// Reads the summary out of the answers: the project title field, the amount requested on the
/// budget line the form designates (or a currency field named for it), the head office's
/// commune (or the organisation's).
pub(crate) fn summary(schema: &FormSchema, answers: &Answers, org_commune: &str) -> Summary {
    let text_of = |id: &str| match answers.get(id) {
        Some(Value::Text(s)) => Some(s.clone()),
        _ => None,
    };
    let title = ["project_title", "title"]
        .iter()
        .find_map(|id| text_of(id))
        .unwrap_or_default();
    let mut requested = None;
    for f in schema.fields() {
        match (&f.kind, answers.get(f.id.as_str())) {
            (
                FieldKind::BudgetTable {
                    requested_line: Some(line),
                    ..
                },
                Some(Value::Budget(b)),
            ) => {
                requested = Some(b.requested(line).0);
                break;
            }
            (FieldKind::Currency { .. }, Some(Value::Cents(c)))
                if matches!(f.id.as_str(), "requested_amount" | "amount_requested") =>
            {
                requested = Some(c.0);
            }
            _ => {}
        }
    }
    let commune = schema
        .fields()
        .filter(|f| f.prefill == Some(Prefill::OrgCommune))
        .find_map(|f| text_of(f.id.as_str()))
        .or_else(|| (!org_commune.is_empty()).then(|| org_commune.to_owned()));
    Summary {
        title,
        requested,
        commune,
    }
}

/// Submits the file `id` for `user` (a member of its organisation: the caller checked), judging
/// the deadline at `now`. `key` is the submission form's idempotency key; `locale` the
/// submitter's language, for the receipt.
pub async fn submit_at(
    state: &AppState,
    id: FileId,
    user: UserId,
    locale: Locale,
    key: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<SubmitOutcome> {
    let lang = Lang::new(state, locale);
    let db = state.db();
    let Some(file) = model::file_by_id(db, id).await? else {
        anyhow::bail!("file {} not found", id.0);
    };
    let from = file.state();
    if !from.editable_by_applicant() {
        return Ok(if file.submit_key.as_deref() == Some(key) {
            SubmitOutcome::AlreadySubmitted
        } else {
            SubmitOutcome::NotEditable
        });
    }
    let l = load_parts(db, file, FileAccess::Applicant)
        .await
        .map_err(|e| anyhow::anyhow!("loading file {}: {e:?}", id.0))?;
    // The deadline binds first submissions only: a correction staff asked for is sent back
    // whenever it is ready.
    if from == FileState::Draft && !l.call.is_open_at(now) {
        return Ok(SubmitOutcome::Closed);
    }
    let answers = answers_of(&l.file);
    let today = local_date(now, l.call.tz());
    let facts = org_facts(state, &l.org, today).await?;
    let territory = territory_codes(state, &l.call);
    let opts = validate_options(&l.call, &territory);
    let mut errors = vec![];
    for (path, values) in raw_of(&l.file) {
        if let Some(e) = raw_error(&l, &path, &values) {
            errors.push(e);
        }
    }
    for e in validate(&l.schema, &answers, &facts, Scope::All, &opts) {
        if !errors.iter().any(|x: &FieldError| x.path == e.path) {
            errors.push(e);
        }
    }
    if !errors.is_empty() {
        return Ok(SubmitOutcome::Invalid(errors));
    }
    let assessment = eligibility::assess(
        state,
        &lang,
        &l.call,
        Some(&l.schema),
        &l.org,
        &answers,
        Stage::Submit,
        now,
    )
    .await?;
    if !assessment.eligible() {
        let failing = assessment
            .checks
            .into_iter()
            .filter(|c| c.outcome == Outcome::Fail)
            .collect();
        return Ok(SubmitOutcome::Ineligible(failing));
    }
    let s = summary(&l.schema, &answers, &l.org.commune_code);
    let vault = orgs::documents_of(db, l.org.id()).await?;

    let mut tx = db.begin().await?;
    // Claims the submission for this key, guarded by the state read above: of two identical
    // posts, the second finds nothing to update.
    let claimed = tx
        .execute(
            Query::update()
                .table(Files::Table)
                .values([
                    (Files::SubmitKey, key.into()),
                    (Files::Title, s.title.clone().into()),
                    (Files::RequestedAmount, s.requested.into()),
                    (Files::CommuneCode, s.commune.clone().into()),
                    (
                        Files::SearchText,
                        search_text(&l.file.number, &s.title, &l.org).into(),
                    ),
                ])
                .and_where(Expr::col(Files::Id).eq(l.file.id))
                .and_where(Expr::col(Files::State).eq(from.as_str())),
        )
        .await?;
    let moved = if claimed == 1 {
        model::transition_file(
            &mut tx,
            &l.file,
            FileEvent::Submit,
            Actor::Applicant,
            user,
            None,
        )
        .await?
        .is_ok()
    } else {
        false
    };
    if !moved {
        drop(tx);
        let now_file = model::file_by_id(db, id).await?;
        let same = now_file.as_ref().is_some_and(|f| {
            f.submit_key.as_deref() == Some(key) && !f.state().editable_by_applicant()
        });
        return Ok(if same {
            SubmitOutcome::AlreadySubmitted
        } else {
            SubmitOutcome::NotEditable
        });
    }
    // Routing rules assign and label the file in the same transaction as its submission.
    let computed = compute(&l.schema, &answers);
    let env = FormEnv {
        schema: &l.schema,
        answers: &answers,
        computed: &computed,
        org: &facts,
    };
    crate::routing::rules::route(&mut tx, &l.file, &env).await?;
    // The instant the deadline was judged by is the one recorded.
    tx.execute(
        Query::update()
            .table(Files::Table)
            .value(Files::SubmittedAt, now)
            .and_where(Expr::col(Files::Id).eq(l.file.id)),
    )
    .await?;
    // The vault documents the call requires, as they are now: what staff will read.
    for kind in required_documents(&l.call) {
        if let Some(d) = vault.iter().find(|d| d.kind() == Some(kind)) {
            let field = format!("vault:{}", kind.as_str());
            attachments::insert(
                &mut tx,
                &NewAttachment::from_document(l.file.id, &field, d, user),
            )
            .await?;
        }
    }
    if let Some((to, _, _)) = super::person(db, user).await? {
        let mut submitted = l.file.clone();
        submitted.submitted_at = Some(now);
        submitted.requested_amount = s.requested;
        let mail = receipt::receipt_mail(
            state,
            &lang,
            &Loaded {
                file: submitted,
                ..l
            },
        );
        super::emails::queue(&mut tx, state, &lang, &to, &mail).await?;
    }
    tx.commit().await?;
    Ok(SubmitOutcome::Submitted)
}

pub(super) async fn submit(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let l = load_for_applicant(&p, &id).await?;
    let user = p.require_user()?.clone();
    let raw = read_form(&p, req).await?;
    let key = raw
        .get("submit_key")
        .and_then(|v| v.last())
        .filter(|k| !k.is_empty() && k.len() <= 64)
        .cloned()
        .unwrap_or_else(new_key);
    let lang = Lang::of(&p);
    let outcome = submit_at(&p.state, l.file.id(), user.id, p.locale(), &key, Utc::now()).await?;
    match outcome {
        SubmitOutcome::Submitted | SubmitOutcome::AlreadySubmitted => Ok(see_other_flash(
            &format!("/files/{}", l.file.id),
            "apply-submitted",
        )),
        SubmitOutcome::Closed => {
            let deadline = text::datetime(l.call.closes_at, l.call.tz(), &lang);
            refused(
                &p,
                &l,
                Refusal {
                    notice: Some(lang.ta(
                        "apply-submit-closed",
                        &[
                            ("date", Arg::S(deadline)),
                            ("zone", Arg::S(text::zone(&l.call.time_zone))),
                        ],
                    )),
                    ..Refusal::default()
                },
            )
            .await
        }
        SubmitOutcome::NotEditable => {
            refused(
                &p,
                &l,
                Refusal {
                    notice: Some(lang.t("apply-submit-not-editable")),
                    ..Refusal::default()
                },
            )
            .await
        }
        SubmitOutcome::Invalid(errors) => {
            refused(
                &p,
                &l,
                Refusal {
                    notice: Some(lang.t("apply-submit-invalid")),
                    problems: problems(&l, &errors, &lang),
                    ..Refusal::default()
                },
            )
            .await
        }
        SubmitOutcome::Ineligible(checks) => {
            refused(
                &p,
                &l,
                Refusal {
                    notice: Some(lang.t("apply-submit-ineligible")),
                    checks,
                    ..Refusal::default()
                },
            )
            .await
        }
    }
}

/// The file's home, as it is now, with why the submission was refused.
async fn refused(p: &Ctx, l: &Loaded, refusal: Refusal) -> AppResult<Response> {
    let current = model::file_by_id(p.state.db(), l.file.id())
        .await?
        .ok_or(essor_platform::web::AppError::NotFound)?;
    let fresh = load_parts(p.state.db(), current, l.access).await?;
    render_home(p, &fresh, refusal, StatusCode::UNPROCESSABLE_ENTITY).await
}
