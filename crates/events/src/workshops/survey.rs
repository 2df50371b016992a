//! The satisfaction survey: attendees only (marked present), one answer each — overall rating
//! and usefulness 1–5, a comment, would recommend yes/no. The invitation is a job enqueued in
//! the transaction that marks the person present, due at the end of the workshop. Staff see
//! the results aggregated: means, distributions, recommendation and comments.

use super::model as wm;
use super::public::visible_workshop;
use crate::model::{self, sql, Event, RegState, Registration};
use crate::staff::staff_event;
use crate::util::{queue_mail, tr_for, trl};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Router};
use chrono::{DateTime, Utc};
use essor_platform::audit::{self, Entry};
use essor_platform::db::{Db, Tx};
use essor_platform::jobs::{self, Job};
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use serde::{Deserialize, Serialize};
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ateliers/{id}/survey", get(page).post(answer))
        .route("/staff/ateliers/{id}/survey", get(results))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Answer {
    pub registration_id: i64,
    pub overall: i64,
    pub usefulness: i64,
    pub comment: String,
    pub recommend: bool,
    pub answered_at: DateTime<Utc>,
}

pub async fn answer_of(db: &Db, reg_id: i64) -> anyhow::Result<Option<Answer>> {
    db.fetch_optional(&sql(
        "SELECT registration_id, overall, usefulness, comment, recommend, answered_at \
         FROM workshop_surveys WHERE registration_id = $1",
        vec![reg_id.into()],
    ))
    .await
}

pub async fn answers(db: &Db, event_id: i64) -> anyhow::Result<Vec<Answer>> {
    db.fetch_all(&sql(
        "SELECT s.registration_id, s.overall, s.usefulness, s.comment, s.recommend, s.answered_at \
         FROM workshop_surveys s JOIN event_registrations r ON r.id = s.registration_id \
         WHERE r.event_id = $1 ORDER BY s.answered_at, s.id",
        vec![event_id.into()],
    ))
    .await
}

/// A valid answer.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAnswer {
    pub overall: i64,
    pub usefulness: i64,
    pub comment: String,
    pub recommend: bool,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SurveyForm {
    pub overall: String,
    pub usefulness: String,
    pub comment: String,
    pub recommend: String,
}

impl SurveyForm {
    pub fn parse(&self, p: &Ctx) -> Result<NewAnswer, FormErrors> {
        let mut e = FormErrors::default();
        let rating = |v: &str| v.trim().parse::<i64>().ok().filter(|n| (1..=5).contains(n));
        let overall = rating(&self.overall);
        if overall.is_none() {
            e.add("overall", p.t("workshops-error-rating"));
        }
        let usefulness = rating(&self.usefulness);
        if usefulness.is_none() {
            e.add("usefulness", p.t("workshops-error-rating"));
        }
        let recommend = match self.recommend.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        if recommend.is_none() {
            e.add("recommend", p.t("workshops-error-recommend"));
        }
        if self.comment.len() > 4000 {
            e.add("comment", p.t("workshops-error-comment"));
        }
        match (overall, usefulness, recommend) {
            (Some(overall), Some(usefulness), Some(recommend)) if e.is_empty() => Ok(NewAnswer {
                overall,
                usefulness,
                comment: self.comment.trim().to_owned(),
                recommend,
            }),
            _ => Err(e),
        }
    }
}

/// Stores the answer of an attendee; `false` when they already answered.
pub async fn record(tx: &mut Tx, reg: &Registration, a: &NewAnswer) -> anyhow::Result<bool> {
    let exists: Option<(i64,)> = tx
        .fetch_optional(&sql(
            "SELECT id FROM workshop_surveys WHERE registration_id = $1",
            vec![reg.id.into()],
        ))
        .await?;
    if exists.is_some() {
        return Ok(false);
    }
    tx.execute(&sql(
        "INSERT INTO workshop_surveys (registration_id, overall, usefulness, comment, recommend, answered_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        vec![
            reg.id.into(),
            a.overall.into(),
            a.usefulness.into(),
            a.comment.clone().into(),
            a.recommend.into(),
            Utc::now().into(),
        ],
    ))
    .await?;
    audit::record(
        tx,
        Entry {
            actor: Some(essor_domain::ids::UserId(reg.user_id)),
            action: "workshop_survey.answer",
            record_type: "event_registration",
            record_id: reg.id.to_string(),
            summary: json!({}),
        },
    )
    .await?;
    Ok(true)
}

/// The signed-in person's registration to this workshop, if they were marked present; 404
/// for anyone else (non-attendees never reach the survey).
async fn attendee(p: &Ctx, id: &str) -> AppResult<(Event, Registration)> {
    let user = p.require_user()?.clone();
    let w = visible_workshop(p, id).await?;
    let r = model::registration_of(p.state.db(), w.ev.id, user.id)
        .await?
        .filter(|r| r.state() == RegState::Attended)
        .ok_or(AppError::NotFound)?;
    Ok((w.ev, r))
}

#[derive(Template)]
#[template(path = "workshops/survey.html")]
struct PageTpl<'a> {
    p: &'a Ctx,
    ev: &'a Event,
    done: Option<Answer>,
    form: SurveyForm,
    errors: FormErrors,
}

impl PageTpl<'_> {
    fn rated(&self, name: &str, n: &i32) -> bool {
        let v = if name == "overall" {
            &self.form.overall
        } else {
            &self.form.usefulness
        };
        *v == n.to_string()
    }
}

async fn page(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (ev, r) = attendee(&p, &id).await?;
    let done = answer_of(p.state.db(), r.id).await?;
    render(&PageTpl {
        p: &p,
        ev: &ev,
        done,
        form: SurveyForm::default(),
        errors: FormErrors::default(),
    })
}

async fn answer(p: Ctx, Path(id): Path<String>, Form(f): Form<SurveyForm>) -> AppResult<Response> {
    let (ev, r) = attendee(&p, &id).await?;
    let a = match f.parse(&p) {
        Ok(a) => a,
        Err(errors) => {
            return render_invalid(&PageTpl {
                p: &p,
                ev: &ev,
                done: None,
                form: f,
                errors,
            })
        }
    };
    let mut tx = p.state.db().begin().await?;
    let stored = record(&mut tx, &r, &a).await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/ateliers/{}", ev.id),
        if stored {
            "workshops-flash-survey-thanks"
        } else {
            "workshops-flash-survey-already"
        },
    ))
}

/// The aggregated results.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    pub count: usize,
    pub attended: usize,
    /// Means to one decimal, as text ("4,5" / "4.5").
    pub overall_mean: f64,
    pub usefulness_mean: f64,
    /// How many answered 1, 2, 3, 4, 5.
    pub overall_dist: [usize; 5],
    pub usefulness_dist: [usize; 5],
    pub recommend_yes: usize,
    pub comments: Vec<String>,
}

pub fn aggregate(answers: &[Answer], attended: usize) -> Results {
    let n = answers.len();
    let mean = |f: &dyn Fn(&Answer) -> i64| {
        if n == 0 {
            0.0
        } else {
            answers.iter().map(f).sum::<i64>() as f64 / n as f64
        }
    };
    let dist = |f: &dyn Fn(&Answer) -> i64| {
        let mut d = [0usize; 5];
        for a in answers {
            d[(f(a).clamp(1, 5) - 1) as usize] += 1;
        }
        d
    };
    Results {
        count: n,
        attended,
        overall_mean: mean(&|a| a.overall),
        usefulness_mean: mean(&|a| a.usefulness),
        overall_dist: dist(&|a| a.overall),
        usefulness_dist: dist(&|a| a.usefulness),
        recommend_yes: answers.iter().filter(|a| a.recommend).count(),
        comments: answers
            .iter()
            .filter(|a| !a.comment.is_empty())
            .map(|a| a.comment.clone())
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "workshops/results.html")]
struct ResultsTpl<'a> {
    p: &'a Ctx,
    ev: &'a Event,
    r: Results,
}

impl ResultsTpl<'_> {
    fn mean(&self, v: &f64) -> String {
        let s = format!("{v:.1}");
        if self.p.lang() == "fr" {
            s.replace('.', ",")
        } else {
            s
        }
    }
    fn rows(&self) -> Vec<(usize, usize, usize)> {
        (0..5)
            .map(|i| (i + 1, self.r.overall_dist[i], self.r.usefulness_dist[i]))
            .collect()
    }
}

async fn results(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let ev = staff_event(&p, &id).await?;
    let db = p.state.db();
    let attended = model::registrations(db, ev.id)
        .await?
        .iter()
        .filter(|r| r.state() == RegState::Attended)
        .count();
    let r = aggregate(&answers(db, ev.id).await?, attended);
    render(&ResultsTpl { p: &p, ev: &ev, r })
}

/// The invitation to answer, sent at the end of the workshop to a person marked present.
#[derive(Serialize, Deserialize)]
pub struct Invitation {
    pub registration: i64,
}

impl Job for Invitation {
    const KIND: &'static str = "workshops.survey_invitation";
    fn dedup_key(&self) -> Option<String> {
        Some(format!("workshops-survey-{}", self.registration))
    }
}

/// Called in the transaction that marks a person present at a workshop: issues the
/// certificate's code and enqueues the survey invitation, due when the workshop ends.
pub async fn on_attended(tx: &mut Tx, e: &Event, reg_id: i64) -> anyhow::Result<()> {
    wm::issue_certificate(tx, reg_id).await?;
    jobs::enqueue_at(
        tx,
        &Invitation {
            registration: reg_id,
        },
        e.ends_at.max(Utc::now()),
    )
    .await
}

pub fn jobs(r: &mut jobs::Registry) {
    r.register(|state: AppState, job: Invitation| async move {
        let db = state.db();
        let Some(reg) = model::registration(db, job.registration).await? else {
            return Ok(());
        };
        // Marked absent since, or already answered: nothing to ask.
        if reg.state() != RegState::Attended || answer_of(db, reg.id).await?.is_some() {
            return Ok(());
        }
        let Some(e) = model::event(db, reg.event_id).await? else {
            return Ok(());
        };
        let l = crate::util::locale_of(&reg.locale);
        let args = [("title", e.title.clone())];
        let base = state.config().base_url();
        let mut tx = db.begin().await?;
        queue_mail(
            &mut tx,
            &reg.email,
            trl(&state, l, "workshops-mail-survey-subject", &args),
            &[trl(&state, l, "workshops-mail-survey-body", &args)],
            Some((
                &format!("{base}/ateliers/{}/survey", e.id),
                tr_for(&state, &reg.locale).t("workshops-mail-survey-link"),
            )),
        )
        .await?;
        tx.commit().await
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(overall: i64, usefulness: i64, recommend: bool, comment: &str) -> Answer {
        Answer {
            registration_id: 1,
            overall,
            usefulness,
            comment: comment.into(),
            recommend,
            answered_at: Utc::now(),
        }
    }

    #[test]
    fn aggregates_means_distributions_and_comments() {
        let r = aggregate(
            &[
                a(5, 4, true, "Très clair"),
                a(4, 2, false, ""),
                a(3, 3, true, ""),
            ],
            4,
        );
        assert_eq!(r.count, 3);
        assert_eq!(r.attended, 4);
        assert!((r.overall_mean - 4.0).abs() < 1e-9);
        assert!((r.usefulness_mean - 3.0).abs() < 1e-9);
        assert_eq!(r.overall_dist, [0, 0, 1, 1, 1]);
        assert_eq!(r.usefulness_dist, [0, 1, 1, 1, 0]);
        assert_eq!(r.recommend_yes, 2);
        assert_eq!(r.comments, vec!["Très clair".to_string()]);
        assert_eq!(aggregate(&[], 0).overall_mean, 0.0);
    }
}
