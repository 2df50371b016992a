//! What every page handler stands on: the request context, errors mapped to responses in one
//! place, cookies, redirects and form errors.
//!
//! Error policy: handlers return `Result<_, AppError>`. Expected refusals (not found, forbidden,
//! sign-in needed, too many attempts) are variants; anything unexpected is `Internal`, logged
//! with its whole cause chain and shown to the user as a generic page without details.

use crate::i18n::{Locale, Tr};
use crate::session::{self, CurrentUser};
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use essor_domain::role::Role;

pub const LANG_COOKIE: &str = "essor_lang";
pub const FLASH_COOKIE: &str = "essor_flash";

/// The kind of error page to render; the `error_pages` middleware turns it into HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorPage {
    NotFound,
    Forbidden,
    BadRequest,
    TooManyRequests,
    CsrfFailed,
    Internal,
}

impl ErrorPage {
    pub fn status(self) -> StatusCode {
        match self {
            ErrorPage::NotFound => StatusCode::NOT_FOUND,
            ErrorPage::Forbidden | ErrorPage::CsrfFailed => StatusCode::FORBIDDEN,
            ErrorPage::BadRequest => StatusCode::BAD_REQUEST,
            ErrorPage::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ErrorPage::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn message_id(self) -> &'static str {
        match self {
            ErrorPage::NotFound => "error-not-found",
            ErrorPage::Forbidden => "error-forbidden",
            ErrorPage::BadRequest => "error-bad-request",
            ErrorPage::TooManyRequests => "error-too-many",
            ErrorPage::CsrfFailed => "error-csrf",
            ErrorPage::Internal => "error-internal",
        }
    }

    pub fn detail_id(self) -> String {
        format!("{}.detail", self.message_id())
    }
}

#[derive(Debug)]
pub enum AppError {
    NotFound,
    Forbidden,
    BadRequest,
    TooManyRequests,
    /// Not signed in: sent to the sign-in page, then back to `next`.
    LoginRequired {
        next: String,
    },
    Internal(anyhow::Error),
}

impl<E: Into<anyhow::Error>> From<E> for AppError {
    fn from(e: E) -> Self {
        AppError::Internal(e.into())
    }
}

pub type AppResult<T> = Result<T, AppError>;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let page = match self {
            AppError::LoginRequired { next } => {
                let to = format!("/login?next={}", urlencode(&next));
                return Redirect::to(&to).into_response();
            }
            AppError::NotFound => ErrorPage::NotFound,
            AppError::Forbidden => ErrorPage::Forbidden,
            AppError::BadRequest => ErrorPage::BadRequest,
            AppError::TooManyRequests => ErrorPage::TooManyRequests,
            AppError::Internal(err) => {
                tracing::error!(error = %format!("{err:#}"), "request failed");
                ErrorPage::Internal
            }
        };
        let mut res = page.status().into_response();
        res.extensions_mut().insert(page);
        res
    }
}

pub fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Only same-site paths are followed after sign-in, never another host.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Secure behind HTTPS.
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    ))
    .expect("cookie values are URL-safe")
}

/// The CSRF token of this request (set by the CSRF middleware).
#[derive(Clone)]
pub struct CsrfToken(pub String);

/// Everything a page needs: who is asking, in which language, and the form token.
/// Also the template context: templates receive it as `p`.
#[derive(Clone)]
pub struct Ctx {
    pub state: AppState,
    pub t: Tr,
    pub user: Option<CurrentUser>,
    pub csrf: String,
    /// Path and query of this request, for "come back here" links.
    pub here: String,
    pub path: String,
    /// The client's address, for rate limits (`X-Forwarded-For` only when behind a proxy).
    pub client_ip: String,
    /// A one-time notice from the previous action (a Fluent id), e.g. after a redirect.
    pub flash: Option<String>,
}

/// A whole number given to [`Ctx::tn`], by value or by reference (templates pass fields by
/// reference).
pub trait Count {
    fn count(self) -> i64;
}

macro_rules! count_ints {
    ($($t:ty),*) => {$(
        impl Count for $t {
            fn count(self) -> i64 {
                i64::try_from(self).unwrap_or(i64::MAX)
            }
        }
        impl Count for &$t {
            fn count(self) -> i64 {
                (*self).count()
            }
        }
    )*};
}
count_ints!(i64, i32, u32, u64, usize);

impl Ctx {
    pub fn t(&self, id: impl AsRef<str>) -> String {
        self.t.t(id.as_ref())
    }

    pub fn t1(&self, id: impl AsRef<str>, name: &str, value: impl std::fmt::Display) -> String {
        self.t.t1(id.as_ref(), name, value)
    }

    /// A message with a count: passed to Fluent as a number, so plural variants (`[one]`,
    /// `[0]`) are chosen — `t1` passes text, which only ever selects the default variant.
    pub fn tn(&self, id: impl AsRef<str>, name: &str, value: impl Count) -> String {
        self.t.tn(id.as_ref(), name, value.count())
    }

    pub fn locale(&self) -> Locale {
        self.t.locale
    }

    pub fn lang(&self) -> &'static str {
        self.t.locale.as_str()
    }

    pub fn territory_name(&self) -> &str {
        &self.state.territory().name
    }

    pub fn require_user(&self) -> AppResult<&CurrentUser> {
        self.user.as_ref().ok_or_else(|| AppError::LoginRequired {
            next: self.here.clone(),
        })
    }

    pub fn require_role(&self, role: Role) -> AppResult<&CurrentUser> {
        let u = self.require_user()?;
        if u.has(role) || u.has(Role::Admin) {
            Ok(u)
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn require_staff(&self) -> AppResult<&CurrentUser> {
        let u = self.require_user()?;
        if u.is_staff() {
            Ok(u)
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn is_staff(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_staff())
    }

    /// A jury member sees their reviews in the menu.
    pub fn is_jury(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.has(Role::Jury))
    }

    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.has(Role::Admin))
    }

    /// Whether the header's menu entry `path` is the current page (for `aria-current`).
    pub fn current(&self, path: &str) -> bool {
        self.path == path
    }

    /// Formats a UTC time in the territory's time zone.
    pub fn datetime(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        let local = at.with_timezone(&self.state.tz());
        match self.locale() {
            Locale::Fr => local.format("%d/%m/%Y %H:%M").to_string(),
            Locale::En => local.format("%Y-%m-%d %H:%M").to_string(),
        }
    }

    pub fn date(&self, d: &chrono::NaiveDate) -> String {
        match self.locale() {
            Locale::Fr => d.format("%d/%m/%Y").to_string(),
            Locale::En => d.format("%Y-%m-%d").to_string(),
        }
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(ctx) = parts.extensions.get::<Ctx>() {
            return Ok(ctx.clone());
        }
        let user = match cookie(&parts.headers, session::COOKIE) {
            Some(v) => session::load(state.db(), &v).await?,
            None => None,
        };
        let locale = cookie(&parts.headers, LANG_COOKIE)
            .and_then(|l| Locale::parse(&l))
            .or_else(|| user.as_ref().and_then(|u| Locale::parse(&u.locale)))
            .unwrap_or_default();
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|c| c.0.clone())
            .unwrap_or_default();
        let ctx = Ctx {
            state: state.clone(),
            t: Tr::new(state.i18n(), locale),
            user,
            csrf,
            here: parts
                .uri
                .path_and_query()
                .map(|p| p.to_string())
                .unwrap_or_else(|| "/".into()),
            path: parts.uri.path().to_owned(),
            client_ip: client_ip(parts, state.config().behind_proxy),
            flash: cookie(&parts.headers, FLASH_COOKIE)
                .filter(|f| f.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')),
        };
        parts.extensions.insert(ctx.clone());
        Ok(ctx)
    }
}

fn client_ip(parts: &Parts, behind_proxy: bool) -> String {
    if behind_proxy {
        if let Some(ip) = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
        {
            return ip.trim().to_owned();
        }
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "local".to_owned())
}

/// Field errors of a submitted form, shown in a summary at the top (linking to each field) and
/// beside each field. Messages are already translated.
#[derive(Debug, Default, Clone)]
pub struct FormErrors(pub Vec<(String, String)>);

impl FormErrors {
    pub fn add(&mut self, field: &str, message: String) {
        self.0.push((field.to_owned(), message));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }
}

/// Renders an askama template as an HTML response.
pub fn render(t: &impl askama::Template) -> AppResult<Response> {
    let body = t.render().map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        body,
    )
        .into_response())
}

/// Renders a form again with its errors: 422, so tests and tools see the refusal.
pub fn render_invalid(t: &impl askama::Template) -> AppResult<Response> {
    let mut res = render(t)?;
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

/// After a successful POST: redirect (303) so a reload does not post again.
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// Redirects (303) and shows the notice `flash_id` on the next page.
pub fn see_other_flash(to: &str, flash_id: &str) -> Response {
    let mut res = Redirect::to(to).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&format!(
            "{FLASH_COOKIE}={flash_id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=60"
        ))
        .expect("flash ids are ASCII"),
    );
    res
}
