//! `/awards/{id}/showcase`: the laureate organisation's members write the public page (story,
//! figures, goals), add pictures with their alternative text and post progress updates; staff
//! see the same page and may hide it from the public with a reason the laureate reads (and show
//! it again; the laureate is told by e-mail both times). Anyone else gets 404. Every change is
//! audited; a refused form comes back filled.

use super::is_public;
use super::model::{self, PageInput, Picture, MAX_ALT, MAX_PICTURES, MAX_PICTURE_BYTES};
use super::public::{update_views, UpdateView};
use crate::award::letters::staff_or_member;
use crate::award::shared::{field, is_member, path_id};
use crate::award::{award_by_id, Award};
use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Request};
use axum::response::Response;
use essor_domain::ids::UserId;
use essor_platform::audit::{self, Entry};
use essor_platform::db::Tx;
use essor_platform::emails;
use essor_platform::i18n::{Locale, Tr};
use essor_platform::storage::{limit_body, FileType, UploadError};
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

const PICTURE_TYPES: [FileType; 2] = [FileType::Jpeg, FileType::Png];
const MAX_TITLE: usize = 150;
const MAX_REASON: usize = 500;

/// What the forms of the page hold (kept when one is refused).
#[derive(Default)]
pub struct Forms {
    pub story: String,
    pub beneficiaries: String,
    pub jobs: String,
    pub goals: Vec<u8>,
    pub alt: String,
    pub update_title: String,
    pub update_body: String,
    pub reason: String,
}

impl Forms {
    fn from_page(page: &model::Page) -> Forms {
        Forms {
            story: page.story.clone(),
            beneficiaries: page
                .beneficiaries
                .map(|v| v.to_string())
                .unwrap_or_default(),
            jobs: page.jobs.map(|v| v.to_string()).unwrap_or_default(),
            goals: page.goals(),
            ..Forms::default()
        }
    }
}

#[derive(Template)]
#[template(path = "jury/showcase/manage.html")]
struct ManageTpl<'a> {
    p: &'a Ctx,
    a: &'a Award,
    page: model::Page,
    public: bool,
    is_member: bool,
    f: Forms,
    errors: FormErrors,
    pictures: Vec<Picture>,
    updates: Vec<(i64, UpdateView)>,
    max_pictures: usize,
    all_goals: Vec<u8>,
}

impl ManageTpl<'_> {
    fn has_goal(&self, g: &u8) -> bool {
        self.f.goals.contains(g)
    }

    fn alt_error(&self, picture: &i64) -> Option<&str> {
        self.errors.get(&format!("alt-{picture}"))
    }
}

/// The award, and whether the signed-in person is a member of its organisation (staff who are
/// not members may look and moderate; anyone else: 404).
async fn load(p: &Ctx, raw_id: &str) -> AppResult<(Award, bool)> {
    p.require_user()?;
    let a = award_by_id(p.state.db(), path_id(raw_id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let staff = staff_or_member(p, a.org_id).await?;
    let is_member = !staff || is_member(p, a.org_id).await?;
    Ok((a, is_member))
}

/// Members only (404 for anyone else, staff included: the page is the laureate's word).
async fn member(p: &Ctx, raw_id: &str) -> AppResult<(Award, UserId)> {
    let user = p.require_user()?.id;
    let (a, is_member) = load(p, raw_id).await?;
    if !is_member {
        return Err(AppError::NotFound);
    }
    Ok((a, user))
}

async fn show_page(
    p: &Ctx,
    a: &Award,
    is_member: bool,
    f: Option<Forms>,
    errors: FormErrors,
) -> AppResult<Response> {
    let db = p.state.db();
    let page = model::page(db, a.id).await?;
    let updates = model::updates(db, a.id).await?;
    let ids: Vec<i64> = updates.iter().map(|u| u.id).collect();
    let tpl = ManageTpl {
        p,
        a,
        public: is_public(a, &page),
        f: f.unwrap_or_else(|| Forms::from_page(&page)),
        page,
        is_member,
        pictures: model::pictures(db, a.id).await?,
        updates: ids.into_iter().zip(update_views(p, updates)).collect(),
        max_pictures: MAX_PICTURES,
        all_goals: (1..=17).collect(),
        errors,
    };
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

/// GET /awards/{id}/showcase
pub async fn page(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (a, is_member) = load(&p, &id).await?;
    show_page(&p, &a, is_member, None, FormErrors::default()).await
}

async fn pairs(req: Request) -> AppResult<Vec<(String, String)>> {
    // A 10,000-character story of accented letters is about 60 KB once form-encoded.
    let body = axum::body::to_bytes(req.into_body(), 512 * 1024)
        .await
        .map_err(|_| AppError::BadRequest)?;
    Ok(url::form_urlencoded::parse(&body).into_owned().collect())
}

/// A count typed by a person ("1 200", "35"): `Err` when it is not a whole number ≥ 0.
fn count(raw: &str) -> Result<Option<i64>, ()> {
    let digits: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '.')
        .collect();
    if digits.is_empty() {
        return Ok(None);
    }
    digits
        .parse::<i64>()
        .ok()
        .filter(|v| (0..=100_000_000).contains(v))
        .map(Some)
        .ok_or(())
}

/// Records the change in the audit log with it, commits, and goes back to the page at `anchor`
/// with the notice `flash`.
async fn done(
    mut tx: Tx,
    by: UserId,
    action: &'static str,
    award: i64,
    summary: serde_json::Value,
    anchor: &str,
    flash: &str,
) -> AppResult<Response> {
    audit::record(
        &mut tx,
        Entry {
            actor: Some(by),
            action,
            record_type: "jury_award",
            record_id: award.to_string(),
            summary,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/awards/{award}/showcase{anchor}"),
        flash,
    ))
}

/// POST /awards/{id}/showcase — the story, figures and goals.
pub async fn save(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let (a, by) = member(&p, &id).await?;
    let pairs = pairs(req).await?;
    let mut f = Forms {
        story: field(&pairs, "story").trim().to_owned(),
        beneficiaries: field(&pairs, "beneficiaries").trim().to_owned(),
        jobs: field(&pairs, "jobs").trim().to_owned(),
        goals: pairs
            .iter()
            .filter(|(k, _)| k == "goals")
            .filter_map(|(_, v)| v.parse::<u8>().ok())
            .filter(|g| (1..=17).contains(g))
            .collect(),
        ..Forms::default()
    };
    f.goals.sort_unstable();
    f.goals.dedup();
    let mut errors = FormErrors::default();
    if f.story.chars().count() > model::MAX_STORY {
        errors.add(
            "story",
            p.t1("jury-showcase-error-story-long", "max", model::MAX_STORY),
        );
    }
    let beneficiaries = count(&f.beneficiaries).unwrap_or_else(|_| {
        errors.add("beneficiaries", p.t("jury-showcase-error-count"));
        None
    });
    let jobs = count(&f.jobs).unwrap_or_else(|_| {
        errors.add("jobs", p.t("jury-showcase-error-count"));
        None
    });
    if !errors.is_empty() {
        return show_page(&p, &a, true, Some(f), errors).await;
    }
    let input = PageInput {
        story: f.story.clone(),
        beneficiaries,
        jobs,
        goals: f.goals.clone(),
    };
    let mut tx = p.state.db().begin().await?;
    model::save(&mut tx, a.id, &input, by).await?;
    done(
        tx,
        by,
        "jury.showcase.save",
        a.id,
        json!({ "story_chars": input.story.chars().count(), "beneficiaries": beneficiaries, "jobs": jobs, "goals": input.goals }),
        "",
        "jury-showcase-flash-saved",
    )
    .await
}

/// POST /awards/{id}/showcase/pictures — multipart: `photo` (JPEG or PNG) and `alt`.
pub async fn add_picture(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let (a, by) = member(&p, &id).await?;
    let db = p.state.db();
    let mut errors = FormErrors::default();
    let full = model::pictures(db, a.id).await?.len() >= MAX_PICTURES;
    let storage = p.state.storage();
    let max = MAX_PICTURE_BYTES.min(p.state.config().max_upload_bytes);
    let tripped = Arc::new(AtomicBool::new(false));
    let req = limit_body(req, max.saturating_add(64 * 1024), tripped.clone());
    let mut multipart = Multipart::from_request(req, &p.state)
        .await
        .map_err(|_| AppError::BadRequest)?;
    // The other forms of the page come back as saved.
    let mut f = Forms::from_page(&model::page(db, a.id).await?);
    let mut stored = None;
    loop {
        let part = match multipart.next_field().await {
            Ok(Some(part)) => part,
            Ok(None) => break,
            Err(_) => {
                errors.add("photo", p.t(UploadError::TooLarge.message_id()));
                break;
            }
        };
        match part.name().unwrap_or("") {
            "photo" if stored.is_none() && !full => {
                let chosen = part.file_name().is_some_and(|n| !n.is_empty());
                match storage
                    .put_stream(&format!("showcase/{}", a.id), part, max, &PICTURE_TYPES)
                    .await
                {
                    Ok(s) => stored = Some(s),
                    Err(UploadError::Empty) if !chosen => {}
                    Err(err) => {
                        let id = if tripped.load(Ordering::Relaxed) {
                            UploadError::TooLarge.message_id()
                        } else if matches!(err, UploadError::BadType) {
                            "jury-showcase-error-photo-type"
                        } else {
                            err.message_id()
                        };
                        errors.add("photo", p.t(id));
                        break;
                    }
                }
            }
            "alt" => f.alt = part.text().await.unwrap_or_default().trim().to_owned(),
            _ => {}
        }
    }
    if full {
        errors.add(
            "photo",
            p.t1("jury-showcase-error-photo-full", "max", MAX_PICTURES),
        );
    } else if stored.is_none() && errors.is_empty() {
        errors.add("photo", p.t("jury-showcase-error-photo-missing"));
    }
    if f.alt.is_empty() {
        errors.add("alt", p.t("jury-showcase-error-alt"));
    } else if f.alt.chars().count() > MAX_ALT {
        errors.add("alt", p.t1("jury-showcase-error-alt-long", "max", MAX_ALT));
    }
    let s = match stored {
        Some(s) if errors.is_empty() => s,
        other => {
            // Nothing is kept of a refused upload.
            if let Some(s) = other {
                let _ = storage.delete(&s.key).await;
            }
            return show_page(&p, &a, true, Some(f), errors).await;
        }
    };
    let content_type = s.file_type.content_type("");
    let mut tx = db.begin().await?;
    let added = model::add_picture(&mut tx, a.id, &s.key, content_type, s.size, &f.alt, by).await?;
    let Some(pic) = added else {
        tx.rollback().await?;
        let _ = storage.delete(&s.key).await;
        errors.add(
            "photo",
            p.t1("jury-showcase-error-photo-full", "max", MAX_PICTURES),
        );
        return show_page(&p, &a, true, Some(f), errors).await;
    };
    let res = done(
        tx,
        by,
        "jury.showcase.picture.add",
        a.id,
        json!({ "picture": pic, "size": s.size, "sha256": s.sha256 }),
        "#pictures",
        "jury-showcase-flash-picture-added",
    )
    .await;
    if res.is_err() {
        // Not committed: the stored file would belong to no record.
        let _ = storage.delete(&s.key).await;
    }
    res
}

/// POST /awards/{id}/showcase/pictures/{pic} — a new alternative text.
pub async fn edit_picture(
    p: Ctx,
    Path((id, pic)): Path<(String, String)>,
    req: Request,
) -> AppResult<Response> {
    let (a, by) = member(&p, &id).await?;
    let pic = path_id(&pic)?;
    model::picture(p.state.db(), a.id, pic)
        .await?
        .ok_or(AppError::NotFound)?;
    let pairs = pairs(req).await?;
    let alt = field(&pairs, "alt").trim().to_owned();
    let mut errors = FormErrors::default();
    if alt.is_empty() {
        errors.add(&format!("alt-{pic}"), p.t("jury-showcase-error-alt"));
    } else if alt.chars().count() > MAX_ALT {
        errors.add(
            &format!("alt-{pic}"),
            p.t1("jury-showcase-error-alt-long", "max", MAX_ALT),
        );
    }
    if !errors.is_empty() {
        return show_page(&p, &a, true, None, errors).await;
    }
    let mut tx = p.state.db().begin().await?;
    model::set_alt(&mut tx, a.id, pic, &alt).await?;
    done(
        tx,
        by,
        "jury.showcase.picture.alt",
        a.id,
        json!({ "picture": pic }),
        "#pictures",
        "jury-showcase-flash-saved",
    )
    .await
}

/// POST /awards/{id}/showcase/pictures/{pic}/delete
pub async fn delete_picture(
    p: Ctx,
    Path((id, pic)): Path<(String, String)>,
) -> AppResult<Response> {
    let (a, by) = member(&p, &id).await?;
    let pic = model::picture(p.state.db(), a.id, path_id(&pic)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = p.state.db().begin().await?;
    model::delete_picture(&mut tx, a.id, pic.id).await?;
    let res = done(
        tx,
        by,
        "jury.showcase.picture.delete",
        a.id,
        json!({ "picture": pic.id }),
        "#pictures",
        "jury-showcase-flash-picture-deleted",
    )
    .await?;
    // The record is gone first: a stored file without a record is harmless, the reverse is not.
    let _ = p.state.storage().delete(&pic.storage_key).await;
    Ok(res)
}

/// POST /awards/{id}/showcase/updates — a progress update (title and Markdown body).
pub async fn add_update(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let (a, by) = member(&p, &id).await?;
    let pairs = pairs(req).await?;
    let f = Forms {
        update_title: field(&pairs, "title").trim().to_owned(),
        update_body: field(&pairs, "body").trim().to_owned(),
        ..Forms::from_page(&model::page(p.state.db(), a.id).await?)
    };
    let mut errors = FormErrors::default();
    if f.update_title.is_empty() || f.update_title.chars().count() > MAX_TITLE {
        errors.add(
            "title",
            p.t1("jury-showcase-error-update-title", "max", MAX_TITLE),
        );
    }
    if f.update_body.is_empty() || f.update_body.chars().count() > model::MAX_UPDATE {
        errors.add(
            "body",
            p.t1("jury-showcase-error-update-body", "max", model::MAX_UPDATE),
        );
    }
    if !errors.is_empty() {
        return show_page(&p, &a, true, Some(f), errors).await;
    }
    let mut tx = p.state.db().begin().await?;
    let update = model::add_update(&mut tx, a.id, &f.update_title, &f.update_body, by).await?;
    done(
        tx,
        by,
        "jury.showcase.update.add",
        a.id,
        json!({ "update": update }),
        "#updates",
        "jury-showcase-flash-update-posted",
    )
    .await
}

/// POST /awards/{id}/showcase/updates/{update}/delete
pub async fn delete_update(
    p: Ctx,
    Path((id, update)): Path<(String, String)>,
) -> AppResult<Response> {
    let (a, by) = member(&p, &id).await?;
    let update = path_id(&update)?;
    let mut tx = p.state.db().begin().await?;
    if model::delete_update(&mut tx, a.id, update).await? == 0 {
        tx.rollback().await?;
        return Err(AppError::NotFound);
    }
    done(
        tx,
        by,
        "jury.showcase.update.delete",
        a.id,
        json!({ "update": update }),
        "#updates",
        "jury-showcase-flash-update-deleted",
    )
    .await
}

/// POST /awards/{id}/showcase/moderation — staff: `action=hide` with a reason, or `action=show`.
pub async fn moderate(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let by = p.require_staff()?.id;
    let (a, is_member) = load(&p, &id).await?;
    let pairs = pairs(req).await?;
    let hide = field(&pairs, "action") == "hide";
    let reason = field(&pairs, "reason").trim().to_owned();
    if hide && (reason.is_empty() || reason.chars().count() > MAX_REASON) {
        let mut errors = FormErrors::default();
        errors.add(
            "reason",
            p.t1("jury-showcase-error-reason", "max", MAX_REASON),
        );
        let page = model::page(p.state.db(), a.id).await?;
        let f = Forms {
            reason,
            ..Forms::from_page(&page)
        };
        return show_page(&p, &a, is_member, Some(f), errors).await;
    }
    let db = p.state.db();
    if !hide && !model::page(db, a.id).await?.hidden() {
        // Nothing to show again: no change, no e-mail.
        return Ok(see_other_flash(
            &format!("/awards/{}/showcase", a.id),
            "jury-showcase-flash-shown",
        ));
    }
    let laureate = crate::award::letters::recipient(db, a.created_by).await?;
    let mut tx = db.begin().await?;
    model::set_hidden(&mut tx, a.id, hide.then_some(reason.as_str()), by).await?;
    // The laureate learns of it by e-mail, in its language; the reason is on its page.
    if let Some(to) = laureate {
        let t = Tr::new(
            p.state.i18n(),
            Locale::parse(&to.locale).unwrap_or_default(),
        );
        let link = format!("{}/awards/{}/showcase", p.state.config().base_url(), a.id);
        let name = if hide {
            "showcase-hidden"
        } else {
            "showcase-shown"
        };
        emails::queue(
            &mut tx,
            &t,
            &p.state.territory().name,
            &to.email,
            name,
            &link,
        )
        .await?;
    }
    done(
        tx,
        by,
        if hide {
            "jury.showcase.hide"
        } else {
            "jury.showcase.show"
        },
        a.id,
        json!({ "reason": hide.then_some(&reason) }),
        "",
        if hide {
            "jury-showcase-flash-hidden"
        } else {
            "jury-showcase-flash-shown"
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_accept_spaced_thousands_and_refuse_the_rest() {
        assert_eq!(count(""), Ok(None));
        assert_eq!(count("1 200"), Ok(Some(1200)));
        assert_eq!(count("1\u{202f}200"), Ok(Some(1200)));
        assert_eq!(count("35"), Ok(Some(35)));
        assert_eq!(count("-3"), Err(()));
        assert_eq!(count("beaucoup"), Err(()));
        assert_eq!(count("2,5"), Err(()));
    }
}
