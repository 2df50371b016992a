//! A measurement, run by hand: the CSV export of 100,000 files on SQLite, its time and the
//! process's peak memory while it runs.
//!
//! `cargo test --release -p essor-calls --test exports_bench -- --ignored --nocapture`

mod exports_support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use essor_platform::{session, testing};
use exports_support::*;
use futures::StreamExt;
use std::time::Instant;
use tower::ServiceExt;

/// A field of /proc/self/status, in kB.
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
#[ignore = "a measurement (about a minute): run by hand"]
async fn csv_export_of_100_000_files() {
    const N: usize = 100_000;
    let t = testing::sqlite().await;
    let w = world(&t).await;
    let started = Instant::now();
    for chunk in 0..N / 10_000 {
        bulk_submitted(&w, 1 + chunk * 10_000, 10_000).await;
    }
    println!(
        "inserted {N} files in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // Resets the peak (VmHWM) to the current size, so the peak below is the export's own.
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let rss_before = status_kb("VmRSS:");
    let cookie = session::create(w.state.db(), w.staff).await.unwrap();
    let req = Request::get(format!(
        "/staff/calls/{}/export.csv?col=number&col=state&col=title&col=org_name&col=siret&col=commune&col=requested&col=submitted_at&col=f:summary&col=b:budget:requested",
        w.call
    ))
    .header(header::COOKIE, format!("{}={cookie}", session::COOKIE))
    .body(Body::empty())
    .unwrap();
    let started = Instant::now();
    let res = w.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let mut stream = res.into_body().into_data_stream();
    let mut first_byte = None;
    let (mut bytes, mut lines) = (0usize, 0usize);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        first_byte.get_or_insert_with(|| started.elapsed());
        bytes += chunk.len();
        // Records end with CRLF (a value's own line breaks are bare LF); a chunk is whole lines.
        lines += chunk.windows(2).filter(|w| w == b"\r\n").count();
    }
    let total = started.elapsed();
    assert_eq!(lines, N + 1);
    println!(
        "CSV of {N} files: {:.1} MB in {:.2} s (first bytes after {:.1} ms), {:.0} rows/s",
        bytes as f64 / 1e6,
        total.as_secs_f64(),
        first_byte.unwrap().as_secs_f64() * 1e3,
        N as f64 / total.as_secs_f64()
    );
    println!(
        "RSS before {} MB, peak during the export {} MB (VmHWM{}), after {} MB",
        rss_before / 1024,
        status_kb("VmHWM:") / 1024,
        if reset {
            ", reset before"
        } else {
            ", NOT reset: includes the inserts"
        },
        status_kb("VmRSS:") / 1024
    );

    // The same columns as XLSX, through the background job.
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let csrf = "x".repeat(43);
    let body = format!(
        "_csrf={csrf}&format=xlsx&col=number&col=state&col=title&col=org_name&col=siret&col=commune&col=requested&col=submitted_at&col=f:summary&col=b:budget:requested"
    );
    let req = Request::post(format!("/staff/calls/{}/export", w.call))
        .header(
            header::COOKIE,
            format!("{}={cookie}; essor_csrf={csrf}", session::COOKIE),
        )
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let res = w.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let started = Instant::now();
    essor_platform::jobs::drain(&w.state).await.unwrap();
    let (size,): (i64,) = w
        .state
        .db()
        .fetch_one(
            sea_query::Query::select()
                .column(sea_query::Alias::new("size_bytes"))
                .from(sea_query::Alias::new("exports")),
        )
        .await
        .unwrap();
    println!(
        "XLSX of {N} files (background job): {:.1} MB in {:.2} s, peak {} MB (VmHWM{})",
        size as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        status_kb("VmHWM:") / 1024,
        if reset {
            ", reset before"
        } else {
            ", NOT reset"
        },
    );
}
