//! Static assets, embedded in the binary: Essor serves everything itself (no CDN).

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

static ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "essor.css",
        "text/css; charset=utf-8",
        include_bytes!("../static/essor.css"),
    ),
    (
        "essor.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../static/essor.js"),
    ),
    (
        "apply.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../static/apply.js"),
    ),
];

pub async fn serve(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, ct, body)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(ct)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=3600"),
                ),
            ],
            *body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_script_a_template_loads_is_served() {
        for name in ["essor.css", "essor.js", "apply.js"] {
            let res = serve(Path(name.to_owned())).await;
            assert_eq!(res.status(), StatusCode::OK, "{name}");
            assert!(res.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/"));
        }
        assert_eq!(
            serve(Path("../Cargo.toml".into())).await.status(),
            StatusCode::NOT_FOUND
        );
    }
}
