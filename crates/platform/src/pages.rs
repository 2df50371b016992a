//! The platform's own pages: home, accessibility statement, legal notice, privacy, errors, and
//! the language switch.

use crate::web::{self, see_other, AppResult, Ctx, ErrorPage, LANG_COOKIE};
use crate::AppState;
use askama::Template;
use axum::extract::Form;
use axum::http::header;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorTpl<'a> {
    pub p: &'a Ctx,
    pub page: ErrorPage,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomeTpl<'a> {
    p: &'a Ctx,
}

/// A page of titled sections whose text lives in the catalogue (`{key}-{section}.text`).
#[derive(Template)]
#[template(path = "text_page.html")]
struct TextPageTpl<'a> {
    p: &'a Ctx,
    key: &'static str,
    sections: &'static [&'static str],
}

impl TextPageTpl<'_> {
    fn title_id(&self) -> String {
        format!("{}-title", self.key)
    }

    fn section_id(&self, section: &str, text: bool) -> String {
        let suffix = if text { ".text" } else { "" };
        format!("{}-{section}{suffix}", self.key)
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/accessibilite", get(accessibility))
        .route("/mentions-legales", get(legal))
        .route("/confidentialite", get(privacy))
}

async fn home(p: Ctx) -> AppResult<Response> {
    web::render(&HomeTpl { p: &p })
}

async fn accessibility(p: Ctx) -> AppResult<Response> {
    web::render(&TextPageTpl {
        p: &p,
        key: "a11y",
        sections: &["status", "results", "exceptions", "contact", "remedy"],
    })
}

async fn legal(p: Ctx) -> AppResult<Response> {
    web::render(&TextPageTpl {
        p: &p,
        key: "legal",
        sections: &["publisher", "host", "licence"],
    })
}

async fn privacy(p: Ctx) -> AppResult<Response> {
    web::render(&TextPageTpl {
        p: &p,
        key: "privacy",
        sections: &[
            "controller",
            "data",
            "purposes",
            "retention",
            "recipients",
            "rights",
            "cookies",
        ],
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LangForm {
    lang: String,
    next: Option<String>,
}

/// Switches the language and remembers it (cookie, and the account when signed in).
pub async fn switch_lang(p: Ctx, Form(f): Form<LangForm>) -> AppResult<Response> {
    let locale = crate::i18n::Locale::parse(&f.lang).unwrap_or_default();
    if let Some(u) = &p.user {
        crate::session::set_locale(p.state.db(), u.id, locale).await?;
    }
    let mut res = see_other(&web::safe_next(f.next.as_deref()));
    res.headers_mut().append(
        header::SET_COOKIE,
        web::set_cookie(
            LANG_COOKIE,
            locale.as_str(),
            60 * 60 * 24 * 365,
            p.state.config().secure_cookies(),
        ),
    );
    Ok(res)
}

/// A one-message page ("check your mailbox", "link expired"…), with an optional next step.
#[derive(Template)]
#[template(path = "message.html")]
pub struct MessageTpl<'a> {
    pub p: &'a Ctx,
    pub title_id: &'a str,
    pub body_id: &'a str,
    pub link: Option<(&'a str, &'a str)>,
}

pub fn message(
    p: &Ctx,
    title_id: &str,
    body_id: &str,
    link: Option<(&str, &str)>,
) -> AppResult<Response> {
    web::render(&MessageTpl {
        p,
        title_id,
        body_id,
        link,
    })
}
