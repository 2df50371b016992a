//! Organisations, "tell us once": identity (SIRET / RNA, head office), members and
//! invitations, ESUS approval and a document vault that later applications reuse.
//!
//! Who may do what, checked by [`load`] on every route:
//! - a person who is not a member (and not staff) gets 404, so an organisation's existence
//!   is not revealed;
//! - members and department staff view everything, including downloads;
//! - only owners change anything (identity, ESUS, documents, members): a member or staff
//!   gets 403, since they already know the organisation exists;
//! - an organisation always keeps at least one owner.

mod documents;
mod esus;
mod members;
mod profile;
pub use essor_platform::orgs as queries;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use chrono::{NaiveDate, Utc};
use essor_domain::ids::OrgId;
use essor_platform::web::{AppError, AppResult, Ctx};
use essor_platform::AppState;
use std::collections::HashMap;
use std::sync::OnceLock;

pub use queries::{by_id, documents_of, orgs_of, role_of, Document, DocumentKind, MemberRole, Org};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/orgs", get(profile::list))
        .route("/orgs/new", get(profile::new_form).post(profile::create))
        .route("/orgs/{id}", get(profile::show))
        .route(
            "/orgs/{id}/edit",
            get(profile::edit_form).post(profile::update),
        )
        .route("/orgs/{id}/esus", get(esus::form).post(esus::save))
        .route(
            "/orgs/{id}/documents",
            // The upload handler enforces its own limit, read from the configuration.
            get(documents::vault)
                .post(documents::upload)
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/orgs/{id}/documents/{doc}", get(documents::download))
        .route("/orgs/{id}/invitations", post(members::invite))
        .route(
            "/orgs/{id}/invitations/{inv}/revoke",
            post(members::revoke_invitation),
        )
        .route("/orgs/{id}/members/{user}/role", post(members::set_role))
        .route("/orgs/{id}/members/{user}/remove", post(members::remove))
        .route("/orgs/{id}/leave", post(members::leave))
        .route(
            "/invitations/{token}",
            get(members::invitation).post(members::accept),
        )
}

/// What the signed-in person may do with an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Department staff who are not members: read only.
    Staff,
    Member,
    Owner,
}

impl Access {
    pub(crate) fn can_manage(self) -> bool {
        self == Access::Owner
    }

    pub(crate) fn is_member(self) -> bool {
        self != Access::Staff
    }
}

/// Whether the ESUS approval concerns this kind of organisation: it is granted to companies of
/// the social economy (associations, cooperatives… included), not to schools or public bodies.
pub(crate) fn esus_applies(kind: Option<essor_domain::org::OrgKind>) -> bool {
    use essor_domain::org::OrgKind;
    !matches!(kind, Some(OrgKind::School | OrgKind::PublicBody))
}

/// A numeric id from the path; anything else is a page that does not exist.
pub(crate) fn parse_id(raw: &str) -> AppResult<i64> {
    raw.parse::<i64>().map_err(|_| AppError::NotFound)
}

/// The organisation and the visitor's access to it; 404 for anyone who may not see it.
pub(crate) async fn load(p: &Ctx, raw_id: &str) -> AppResult<(Org, Access)> {
    let user = p.require_user()?;
    let id = OrgId(parse_id(raw_id)?);
    let db = p.state.db();
    let org = by_id(db, id).await?.ok_or(AppError::NotFound)?;
    let access = match role_of(db, id, user.id).await? {
        Some(MemberRole::Owner) => Access::Owner,
        Some(MemberRole::Member) => Access::Member,
        None if p.is_staff() => Access::Staff,
        None => return Err(AppError::NotFound),
    };
    Ok((org, access))
}

/// Like [`load`], for changes: only owners.
pub(crate) async fn load_owned(p: &Ctx, raw_id: &str) -> AppResult<Org> {
    let (org, access) = load(p, raw_id).await?;
    if access.can_manage() {
        Ok(org)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Today in the territory's time zone (validity dates are local dates).
pub(crate) fn today(p: &Ctx) -> NaiveDate {
    Utc::now().with_timezone(&p.state.tz()).date_naive()
}

/// An absolute link for e-mails.
pub(crate) fn link(p: &Ctx, path: &str) -> String {
    format!("{}{path}", p.state.config().base_url())
}

/// Every commune's name by INSEE code, for head offices outside the territory.
pub(crate) fn commune_name(code: &str) -> Option<&'static str> {
    static NAMES: OnceLock<HashMap<String, String>> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            essor_platform::territory::all_communes()
                .map(|c| (c.code, c.name))
                .collect()
        })
        .get(code)
        .map(String::as_str)
}

/// Parses a date typed in a date field (`2024-03-15`) or by hand (`15/03/2024`).
pub(crate) fn parse_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}
