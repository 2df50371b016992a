//! The application: shared state, the modules' registration, and the middleware every request
//! passes through (security headers, CSRF, error pages, flash notices).

use crate::config::Config;
use crate::db::Db;
use crate::i18n::I18n;
use crate::jobs::Registry;
use crate::mail::{self, Mailer, SendMail};
use crate::storage::Storage;
use crate::territory::Territory;
use crate::web::{self, cookie, AppError, CsrfToken, Ctx, ErrorPage};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use essor_domain::esus::EsusRules;
use std::sync::Arc;
use tower_http::set_header::SetResponseHeaderLayer;

pub struct Inner {
    pub db: Db,
    pub config: Config,
    pub i18n: Arc<I18n>,
    pub storage: Storage,
    pub territory: Territory,
    pub mailer: Mailer,
    pub jobs: Registry,
    pub periodic: Vec<(&'static str, Periodic)>,
    pub tz: chrono_tz::Tz,
}

#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

impl AppState {
    pub fn db(&self) -> &Db {
        &self.0.db
    }
    pub fn config(&self) -> &Config {
        &self.0.config
    }
    pub fn i18n(&self) -> Arc<I18n> {
        self.0.i18n.clone()
    }
    pub fn storage(&self) -> &Storage {
        &self.0.storage
    }
    pub fn territory(&self) -> &Territory {
        &self.0.territory
    }
    pub fn mailer(&self) -> &Mailer {
        &self.0.mailer
    }
    pub fn jobs(&self) -> &Registry {
        &self.0.jobs
    }
    pub fn tz(&self) -> chrono_tz::Tz {
        self.0.tz
    }
    pub fn esus_rules(&self) -> EsusRules {
        EsusRules {
            years_default: self.0.config.esus_years,
            years_young_company: self.0.config.esus_years_young_company,
            ..EsusRules::default()
        }
    }
}

/// Work a module needs done periodically (reminders, expiries), run by every `essor serve`
/// every hour; it should only enqueue jobs (with dedup keys), so several servers can run it.
pub type Periodic = fn(AppState) -> futures::future::BoxFuture<'static, anyhow::Result<()>>;

/// A capability's contribution to the app: its routes, its jobs and its periodic work.
pub struct Module {
    pub name: &'static str,
    pub routes: Router<AppState>,
    pub jobs: fn(&mut Registry),
    pub periodic: Option<Periodic>,
}

/// Builds the state from configuration: connects, migrates, prepares storage and mail.
pub async fn state(config: Config, modules: &[Module]) -> anyhow::Result<AppState> {
    let db = Db::connect(&config.database_url()).await?;
    db.migrate().await?;
    state_with_db(config, db, modules)
}

pub fn state_with_db(config: Config, db: Db, modules: &[Module]) -> anyhow::Result<AppState> {
    let mut jobs = Registry::default();
    jobs.register(|state: AppState, m: SendMail| async move {
        mail::deliver(state.mailer(), &state.config().mail_from, &m).await
    });
    for m in modules {
        (m.jobs)(&mut jobs);
    }
    let territory = Territory::new(
        &config.territory_name,
        &config.territory_communes,
        &config.territory_departement,
    )?;
    Ok(AppState(Arc::new(Inner {
        storage: Storage::local(&config.files_dir())?,
        mailer: Mailer::from_config(&config)?,
        tz: config.tz()?,
        i18n: I18n::load(),
        territory,
        jobs,
        periodic: modules
            .iter()
            .filter_map(|m| m.periodic.map(|p| (m.name, p)))
            .collect(),
        db,
        config,
    })))
}

/// The whole router: platform pages, every module, and the middleware stack.
pub fn router(state: AppState, modules: Vec<Module>) -> Router {
    let mut app = crate::pages::routes()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/lang", post(crate::pages::switch_lang))
        .route("/static/{*file}", get(crate::assets::serve));
    for m in modules {
        app = app.merge(m.routes);
    }
    let csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
               font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
               base-uri 'none'; object-src 'none'";
    app.fallback(|| async { AppError::NotFound })
        .layer(middleware::from_fn_with_state(state.clone(), frame))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(csp),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(self), microphone=(), geolocation=()"),
        ))
        .with_state(state)
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.db().ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}

pub const CSRF_COOKIE: &str = "essor_csrf";
pub const CSRF_FIELD: &str = "_csrf";
/// Largest URL-encoded form body read for the CSRF check (uploads are multipart).
const MAX_FORM_BYTES: usize = 1024 * 1024;

/// Around every request: the CSRF check, the request context, error pages in the visitor's
/// language, and the one-time flash notice.
///
/// CSRF protection covers every state-changing request, without exception: the form field
/// `_csrf` (or the `_csrf` query parameter for multipart uploads, or an `X-CSRF-Token` header)
/// must equal the per-browser token in the `essor_csrf` cookie, and a cross-site `Origin` is
/// refused.
async fn frame(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let existing = cookie(req.headers(), CSRF_COOKIE).filter(|c| c.len() >= 32);
    let token = existing
        .clone()
        .unwrap_or_else(|| crate::password::new_token().0);
    let had_flash =
        cookie(req.headers(), web::FLASH_COOKIE).is_some() && req.method() == Method::GET;
    let (mut parts, body) = req.into_parts();
    parts.extensions.insert(CsrfToken(token.clone()));
    let ctx =
        <Ctx as axum::extract::FromRequestParts<AppState>>::from_request_parts(&mut parts, &state)
            .await;
    let mut req = Request::from_parts(parts, body);
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let mut res = 'res: {
        if unsafe_method {
            match check_csrf(&state, req, existing.as_deref()).await {
                (true, Some(r)) => req = r,
                _ => {
                    let mut res = ErrorPage::CsrfFailed.status().into_response();
                    res.extensions_mut().insert(ErrorPage::CsrfFailed);
                    break 'res res;
                }
            }
        }
        match &ctx {
            Ok(_) => next.run(req).await,
            Err(_) => AppError::Internal(anyhow::anyhow!("request context")).into_response(),
        }
    };
    if let (Some(page), Ok(ctx)) = (res.extensions().get::<ErrorPage>().copied(), &ctx) {
        let headers = std::mem::take(res.headers_mut());
        let tpl = crate::pages::ErrorTpl { p: ctx, page };
        res = web::render(&tpl).unwrap_or_else(|e| e.into_response());
        *res.status_mut() = page.status();
        for (k, v) in headers.iter() {
            if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
                res.headers_mut().append(k, v.clone());
            }
        }
    }
    if existing.is_none() {
        res.headers_mut().append(
            header::SET_COOKIE,
            web::set_cookie(
                CSRF_COOKIE,
                &token,
                60 * 60 * 24 * 365,
                state.config().secure_cookies(),
            ),
        );
    }
    if had_flash && res.status() == StatusCode::OK {
        res.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_static("essor_flash=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
        );
    }
    res
}

/// Returns whether the request carries the right token, and the request to pass on (its body
/// read and put back when it was a URL-encoded form).
async fn check_csrf(
    state: &AppState,
    req: Request,
    expected: Option<&str>,
) -> (bool, Option<Request>) {
    let Some(expected) = expected else {
        return (false, None);
    };
    if let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
    {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let same_host = origin.split("://").nth(1) == Some(host);
        if origin != "null"
            && !same_host
            && !origin.eq_ignore_ascii_case(&state.config().base_url())
        {
            return (false, None);
        }
    }
    let eq = |given: &str| constant_time_eq(given.as_bytes(), expected.as_bytes());
    if let Some(h) = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        return (eq(h), Some(req));
    }
    if let Some(q) = req.uri().query() {
        if let Some((_, v)) =
            url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == CSRF_FIELD)
        {
            let ok = eq(&v);
            return (ok, Some(req));
        }
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return (false, None);
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM_BYTES).await else {
        return (false, None);
    };
    let ok = url::form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == CSRF_FIELD)
        .is_some_and(|(_, v)| eq(&v));
    (ok, Some(Request::from_parts(parts, Body::from(bytes))))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Runs every module's periodic work once (tests call it directly).
pub async fn run_periodic(state: &AppState) {
    for (name, work) in &state.0.periodic {
        if let Err(e) = work(state.clone()).await {
            tracing::warn!(module = name, error = %format!("{e:#}"), "periodic work");
        }
    }
}

/// Periodic work inside `essor serve`, every hour: expired sessions, old sign-in attempts, and
/// the modules' periodic work.
pub async fn housekeeping(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let db = state.db();
        let sessions = crate::session::purge(db).await;
        let attempts = crate::ratelimit::purge(db).await;
        if let (Err(e), _) | (_, Err(e)) = (&sessions, &attempts) {
            tracing::warn!(error = %format!("{e:#}"), "housekeeping");
        }
        run_periodic(&state).await;
    }
}
