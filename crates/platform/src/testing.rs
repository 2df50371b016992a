//! Test harness: a fresh database per test on every engine, and an in-process HTTP client that
//! keeps cookies and fills in the CSRF token like a browser would.
//!
//! Storage tests call [`databases`] and run once per engine: SQLite always, PostgreSQL when
//! `ESSOR_TEST_POSTGRES_URL` is set (CI sets it; under `CI=true` a missing URL is a failure).

use crate::app::{self, Module};
use crate::config::Config;
use crate::db::Db;
use crate::AppState;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use sqlx::postgres::PgConnectOptions;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;
use tower::ServiceExt;

pub struct TestDb {
    pub label: &'static str,
    pub db: Db,
    pub dir: PathBuf,
    /// PostgreSQL server and schema to drop when the test ends.
    pg_schema: Option<(String, String)>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        let Some((url, schema)) = self.pg_schema.take() else {
            return;
        };
        // Drop runs outside async code: a short-lived runtime on its own thread does the cleanup.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async {
                let db = Db::connect(&url).await.ok()?;
                if let Db::Postgres(p) = &db {
                    // The test's own connections (tagged with the schema's name) may still hold
                    // locks: a transaction dropped without commit is rolled back lazily. End
                    // them, and never wait long for a lock.
                    let _ = sqlx::query(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
                    )
                    .bind(&schema)
                    .execute(p)
                    .await;
                    let _ = sqlx::query("SET lock_timeout = '10s'").execute(p).await;
                    let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                        .execute(p)
                        .await;
                }
                db.close().await;
                Some(())
            })
        })
        .join();
    }
}

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("essor-test-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub async fn sqlite() -> TestDb {
    let dir = temp_dir();
    let db = Db::connect(&format!("sqlite://{}", dir.join("essor.db").display()))
        .await
        .expect("sqlite");
    db.migrate().await.expect("migrate sqlite");
    TestDb {
        label: "sqlite",
        db,
        dir,
        pg_schema: None,
    }
}

/// A fresh schema in the test PostgreSQL, or `None` when no server is configured (outside CI).
pub async fn postgres() -> Option<TestDb> {
    let url = match std::env::var("ESSOR_TEST_POSTGRES_URL") {
        Ok(u) if !u.is_empty() => u,
        _ => {
            assert!(
                std::env::var("CI").is_err(),
                "CI must run the storage tests on PostgreSQL: set ESSOR_TEST_POSTGRES_URL"
            );
            return None;
        }
    };
    let schema = format!("essor_t_{}", uuid::Uuid::new_v4().simple());
    let admin = Db::connect(&url)
        .await
        .expect("PostgreSQL at ESSOR_TEST_POSTGRES_URL");
    if let Db::Postgres(p) = &admin {
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(p)
            .await
            .expect("create schema");
    }
    admin.close().await;
    let opts = PgConnectOptions::from_str(&url)
        .expect("url")
        .options([("search_path", schema.as_str())])
        .application_name(&schema);
    let db = Db::connect_pg(opts).await.expect("connect to schema");
    db.migrate().await.expect("migrate postgres");
    Some(TestDb {
        label: "postgres",
        db,
        dir: temp_dir(),
        pg_schema: Some((url, schema)),
    })
}

/// One fresh database per engine available.
pub async fn databases() -> Vec<TestDb> {
    let mut v = vec![sqlite().await];
    v.extend(postgres().await);
    v
}

pub fn test_config(dir: &std::path::Path) -> Config {
    Config {
        data_dir: dir.to_path_buf(),
        base_url: Some("http://essor.test".into()),
        ..Config::default()
    }
}

/// The application on a test database, with the given modules.
pub fn app(t: &TestDb, modules: fn() -> Vec<Module>) -> (AppState, Router) {
    let state = app::state_with_db(test_config(&t.dir), t.db.clone(), &modules()).expect("state");
    let router = app::router(state.clone(), modules());
    (state, router)
}

/// The e-mails written to the outbox so far (raw `.eml` text, oldest first).
pub fn outbox(state: &AppState) -> Vec<String> {
    let mut files: Vec<_> = std::fs::read_dir(state.config().outbox_dir())
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| decode_eml(&s))
        .collect()
}

/// Undoes quoted-printable soft breaks and escapes, enough to find links in test mails.
fn decode_eml(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let mut out = Vec::with_capacity(joined.len());
    let b = joined.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Finds the first link in `text` starting with `prefix` (e.g. `http://essor.test/verify/`),
/// and returns its path.
pub fn link_path(text: &str, prefix: &str) -> Option<String> {
    let start = text.find(prefix)?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '"' || c == '<')
        .unwrap_or(rest.len());
    let url = &rest[..end];
    Some(url.trim_start_matches("http://essor.test").to_owned())
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }
}

/// A browser-like client: keeps cookies and sends the CSRF token with every form.
pub struct Client {
    router: Router,
    cookies: BTreeMap<String, String>,
}

impl Client {
    pub fn new(router: &Router) -> Client {
        Client {
            router: router.clone(),
            cookies: BTreeMap::new(),
        }
    }

    pub fn csrf(&self) -> String {
        self.cookies
            .get(app::CSRF_COOKIE)
            .cloned()
            .unwrap_or_default()
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn send(&mut self, req: Request<Body>) -> TestResponse {
        let res = self.router.clone().oneshot(req).await.expect("infallible");
        for v in res.headers().get_all(header::SET_COOKIE) {
            let v = v.to_str().unwrap_or("");
            let pair = v.split(';').next().unwrap_or("");
            if let Some((k, val)) = pair.split_once('=') {
                if v.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_owned(), val.to_owned());
                }
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .expect("body");
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        let req = Request::get(path)
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    /// Posts a form, adding the CSRF token (fetching `/` first if the client has none yet).
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        if self.csrf().is_empty() {
            self.get("/").await;
        }
        let csrf = self.csrf();
        let mut all: Vec<(&str, &str)> = vec![("_csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Posts exactly these fields (no token added), to test refusals.
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = serde_urlencoded::to_string(fields).unwrap();
        let req = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// Posts a multipart body (for uploads); the CSRF token goes in the query string.
    pub async fn post_multipart(
        &mut self,
        path: &str,
        parts: &[(&str, Option<&str>, &[u8])],
    ) -> TestResponse {
        if self.csrf().is_empty() {
            self.get("/").await;
        }
        let boundary = "essor-test-boundary-7MA4YWxkTrZu0gW";
        let mut body: Vec<u8> = vec![];
        for (name, filename, data) in parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match filename {
                Some(f) => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
                ),
                None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
            }
            body.extend_from_slice(data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let sep = if path.contains('?') { '&' } else { '?' };
        let req = Request::post(format!("{path}{sep}_csrf={}", self.csrf()))
            .header(header::COOKIE, self.cookie_header())
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }
}
