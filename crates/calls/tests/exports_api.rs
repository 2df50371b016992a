//! The read-only JSON API and its staff tokens, on every database engine available.

mod exports_support;

use axum::http::{header, StatusCode};
use chrono::{Duration, Utc};
use essor_calls::model::Files;
use essor_domain::lifecycle::FileEvent;
use essor_domain::role::Role;
use essor_platform::testing::{self, Client};
use exports_support::*;
use sea_query::{Expr, Query};
use serde_json::Value;
use std::collections::BTreeSet;

/// Creates a token through the page and returns it (shown once, in a read-only input).
async fn new_token(staff: &mut Client, name: &str) -> String {
    let r = staff.post("/staff/api-tokens", &[("name", name)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers[header::CACHE_CONTROL], "no-store");
    let start = r.body.find("id=\"new-token\"").expect("token shown");
    let rest = &r.body[start..];
    let v = rest.find("value=\"").unwrap() + 7;
    rest[v..v + rest[v..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn tokens_are_created_used_and_revoked() {
    for t in testing::databases().await {
        let w = world(&t).await;
        let mut staff = login(&w.router, "agent@cd92.example").await;
        let empty = staff.post("/staff/api-tokens", &[("name", "  ")]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(empty.body.contains("href=\"#f-name\""));

        let token = new_token(&mut staff, "Tableau de bord").await;
        assert!(token.len() >= 40);
        // Shown once: the list shows the name, never the token again.
        let list = staff.get("/staff/api-tokens").await;
        assert!(list.body.contains("Tableau de bord"));
        assert!(!list.body.contains(&token));
        // Only the hash is stored.
        let (stored,): (String,) = w
            .state
            .db()
            .fetch_one(
                Query::select()
                    .column(sea_query::Alias::new("token_hash"))
                    .from(sea_query::Alias::new("api_tokens")),
            )
            .await
            .unwrap();
        assert_ne!(stored, token);

        let bearer = format!("Bearer {token}");
        let (status, _, body) = api_get(&w.router, "/api/v1/calls", Some(&bearer)).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", t.label);
        assert_eq!(body["calls"][0]["slug"], "progress-2026");
        assert_eq!(body["calls"][0]["envelope_cents"], 5_000_000);
        let list = staff.get("/staff/api-tokens").await;
        assert!(!list.body.contains("Jamais"), "last use recorded");

        for auth in [
            None,
            Some("Bearer "),
            Some("Bearer nope"),
            Some("Basic abc"),
            Some(token.as_str()),
        ] {
            let (status, headers, body) = api_get(&w.router, "/api/v1/calls", auth).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{auth:?}");
            assert_eq!(body["error"], "unauthorized");
            assert!(headers[header::WWW_AUTHENTICATE]
                .to_str()
                .unwrap()
                .starts_with("Bearer"));
        }
        // A staff session cookie is not a token.
        let (status, _, _) = get_bytes(&w, w.staff, "/api/v1/calls").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        // Revoked: refused at once. Someone else's token cannot be revoked from here.
        let (id,): (i64,) = w
            .state
            .db()
            .fetch_one(
                Query::select()
                    .column(sea_query::Alias::new("id"))
                    .from(sea_query::Alias::new("api_tokens")),
            )
            .await
            .unwrap();
        person(&w.state, "autre@cd92.example", &[Role::Staff]).await;
        let mut other = login(&w.router, "autre@cd92.example").await;
        let r = other
            .post(&format!("/staff/api-tokens/{id}/revoke"), &[])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(
            api_get(&w.router, "/api/v1/calls", Some(&bearer)).await.0,
            StatusCode::OK
        );
        let r = staff
            .post(&format!("/staff/api-tokens/{id}/revoke"), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            api_get(&w.router, "/api/v1/calls", Some(&bearer)).await.0,
            StatusCode::UNAUTHORIZED
        );

        // A token dies with its owner's staff role.
        let token = new_token(&mut other, "Script").await;
        let bearer = format!("Bearer {token}");
        assert_eq!(
            api_get(&w.router, "/api/v1/calls", Some(&bearer)).await.0,
            StatusCode::OK
        );
        let mut tx = w.state.db().begin().await.unwrap();
        let other_id = essor_accounts::users::by_email(
            w.state.db(),
            &essor_domain::email::Email::parse("autre@cd92.example").unwrap(),
        )
        .await
        .unwrap()
        .unwrap()
        .id();
        essor_accounts::users::revoke_role(&mut tx, other_id, Role::Staff)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            api_get(&w.router, "/api/v1/calls", Some(&bearer)).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
}

#[tokio::test]
async fn files_are_paged_by_cursor_each_exactly_once() {
    for t in testing::databases().await {
        let w = world(&t).await;
        let mut staff = login(&w.router, "agent@cd92.example").await;
        let bearer = format!("Bearer {}", new_token(&mut staff, "Sync").await);
        let mut ids = vec![];
        for n in 1..=23 {
            let mut f = NewFile::numbered(n);
            f.answers = answers("résumé", 10_000);
            ids.push(draft(&w, f).await);
        }
        let hidden_draft = draft(&w, NewFile::numbered(99)).await;
        // Updated at known instants, several files sharing one, so ties are broken by id.
        let t0 = Utc::now() - Duration::days(3);
        for (i, id) in ids.iter().enumerate() {
            let at = t0 + Duration::hours((i / 3) as i64);
            w.state
                .db()
                .execute(
                    Query::update()
                        .table(Files::Table)
                        .value(Files::State, "submitted")
                        .value(Files::SubmittedAt, at)
                        .value(Files::UpdatedAt, at)
                        .and_where(Expr::col(Files::Id).eq(*id)),
                )
                .await
                .unwrap();
        }

        let walk = |since: Option<String>| {
            let (router, bearer, call) = (w.router.clone(), bearer.clone(), w.call);
            async move {
                let mut seen = vec![];
                let mut cursor: Option<String> = None;
                let mut pages = 0;
                loop {
                    let mut q = vec!["limit=4".to_owned()];
                    if let Some(s) = &since {
                        q.push(format!(
                            "updated_since={}",
                            essor_platform::web::urlencode(s)
                        ));
                    }
                    if let Some(c) = &cursor {
                        q.push(format!("cursor={c}"));
                    }
                    let path = format!("/api/v1/calls/{call}/files?{}", q.join("&"));
                    let (status, _, body) = api_get(&router, &path, Some(&bearer)).await;
                    assert_eq!(status, StatusCode::OK, "{path}: {body}");
                    pages += 1;
                    for f in body["files"].as_array().unwrap() {
                        seen.push(f["id"].as_i64().unwrap());
                    }
                    match body["next_cursor"].as_str() {
                        Some(c) => cursor = Some(c.to_owned()),
                        None => break,
                    }
                    assert!(pages < 50, "the walk ends");
                }
                (seen, pages)
            }
        };
        let (seen, pages) = walk(None).await;
        assert_eq!(
            seen, ids,
            "{}: every file once, by (updated_at, id)",
            t.label
        );
        assert_eq!(pages, 6);
        assert!(!seen.contains(&hidden_draft));

        // From the 4th instant on (files 10 to 23).
        let since = (t0 + Duration::hours(3)).to_rfc3339();
        let (seen, _) = walk(Some(since)).await;
        assert_eq!(seen, ids[9..].to_vec(), "{}", t.label);

        // Malformed parameters are refused, unknown calls are not found.
        let call = w.call;
        for bad in [
            "limit=0",
            "limit=501",
            "cursor=x",
            "updated_since=yesterday",
        ] {
            let path = format!("/api/v1/calls/{call}/files?{bad}");
            let (status, _, body) = api_get(&w.router, &path, Some(&bearer)).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
            assert_eq!(body["error"], "bad_request");
        }
        assert_eq!(
            api_get(&w.router, "/api/v1/calls/999999/files", Some(&bearer))
                .await
                .0,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn a_file_comes_with_its_answers_history_and_attachments() {
    for t in testing::databases().await {
        let w = world(&t).await;
        let mut staff = login(&w.router, "agent@cd92.example").await;
        let bearer = format!("Bearer {}", new_token(&mut staff, "Lecture").await);
        let mut f = NewFile::numbered(1);
        f.answers = answers("Un résumé", 250_000);
        let id = draft(&w, f).await;
        let path = format!("/api/v1/files/{id}");
        // A draft does not exist for the API.
        assert_eq!(
            api_get(&w.router, &path, Some(&bearer)).await.0,
            StatusCode::NOT_FOUND
        );
        moves(&w, id, &[FileEvent::Submit, FileEvent::StartInstruction]).await;
        attach(&w, id, "statutes", "statuts.pdf", b"%PDF-1.4 x").await;
        let (status, _, body) = api_get(&w.router, &path, Some(&bearer)).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", t.label);
        assert_eq!(body["number"], "PROG-2026-00001");
        assert_eq!(body["state"], "under_instruction");
        assert_eq!(body["organisation"]["name"], "Les Petits Débrouillards");
        assert_eq!(body["answers"]["summary"]["text"], "Un résumé");
        assert_eq!(
            body["answers"]["budget"]["budget"]["lines"]["74-departement"],
            250_000
        );
        let history: Vec<&str> = body["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["to_state"].as_str().unwrap())
            .collect();
        assert_eq!(history, ["submitted", "under_instruction"]);
        assert_eq!(body["attachments"][0]["original_name"], "statuts.pdf");
        assert_eq!(
            api_get(&w.router, "/api/v1/files/abc", Some(&bearer))
                .await
                .0,
            StatusCode::NOT_FOUND
        );

        let (status, _, call) = api_get(
            &w.router,
            &format!("/api/v1/calls/{}", w.call),
            Some(&bearer),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(call["form"]["revision"], 1);
        assert!(call["form"]["schema"]["pages"].is_array());
    }
}

/// Every route the API declares is in the OpenAPI document, and every documented path exists.
#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let doc: Value = serde_json::from_str(include_str!("../openapi.json")).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.0"));
    let documented: BTreeSet<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    let source = include_str!("../src/exports/api.rs");
    let declared: BTreeSet<String> = source
        .match_indices(".route(\"")
        .map(|(i, _)| {
            let rest = &source[i + 8..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect();
    assert!(declared.len() >= 5);
    assert_eq!(declared, documented);
    for (path, item) in doc["paths"].as_object().unwrap() {
        let get = &item["get"];
        assert!(get.is_object(), "{path}: GET only");
        assert_eq!(item.as_object().unwrap().len(), 1, "{path}: read-only");
        if path != "/api/v1/openapi.json" {
            assert!(
                get["responses"]["401"].is_object(),
                "{path} documents its 401"
            );
        }
    }
    // And it is served as written.
    let t = testing::sqlite().await;
    let w = world(&t).await;
    let (status, _, served) = api_get(&w.router, "/api/v1/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(served, doc);
}
