//! Storage behaviour on every engine: the job queue, the audit chain, rate limits and sessions.

use essor_domain::ids::UserId;
use essor_platform::audit::{self, Entry, Verdict};
use essor_platform::db::{Db, Raw};
use essor_platform::jobs::{self, Job};
use essor_platform::testing::{self, TestDb};
use essor_platform::{ratelimit, session, Module};
use sea_query_binder::SqlxValues;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Serialize, Deserialize)]
struct Flaky {
    name: String,
    fail_times: usize,
}

static FLAKY_RUNS: AtomicUsize = AtomicUsize::new(0);

impl Job for Flaky {
    const KIND: &'static str = "test.flaky";
    const MAX_ATTEMPTS: i64 = 3;
    fn dedup_key(&self) -> Option<String> {
        Some(format!("flaky:{}", self.name))
    }
}

fn modules() -> Vec<Module> {
    vec![Module {
        name: "test",
        routes: axum::Router::new(),
        jobs: |r| {
            r.register(|_state, job: Flaky| async move {
                let n = FLAKY_RUNS.fetch_add(1, Ordering::SeqCst);
                if n < job.fail_times {
                    anyhow::bail!("failure {n}")
                }
                Ok(())
            })
        },
        periodic: None,
    }]
}

async fn exec(db: &Db, sql: &str) {
    db.execute(&Raw(sql.to_owned(), SqlxValues(sea_query::Values(vec![]))))
        .await
        .unwrap();
}

/// Makes every queued job due now (the backoff would otherwise make the test wait).
async fn make_due(db: &Db) {
    exec(db, "UPDATE jobs SET run_at = created_at").await;
}

async fn user(t: &TestDb, email: &str) -> UserId {
    let (id,): (i64,) =
        t.db.fetch_one(&Raw(
            "INSERT INTO users (email, password_hash, display_name, locale, disabled, created_at) \
             VALUES ($1, 'x', 'Test', 'fr', FALSE, $2) RETURNING id"
                .into(),
            SqlxValues(sea_query::Values(vec![
                email.into(),
                chrono::Utc::now().into(),
            ])),
        ))
        .await
        .unwrap();
    UserId(id)
}

#[tokio::test]
async fn jobs_follow_their_transaction_retry_with_backoff_then_die() {
    for t in testing::databases().await {
        let (state, _) = testing::app(&t, modules);
        FLAKY_RUNS.store(0, Ordering::SeqCst);

        // Rolled back: no job.
        let mut tx = t.db.begin().await.unwrap();
        jobs::enqueue(
            &mut tx,
            &Flaky {
                name: "a".into(),
                fail_times: 0,
            },
        )
        .await
        .unwrap();
        drop(tx);
        assert!(jobs::list(&t.db).await.unwrap().is_empty(), "{}", t.label);

        // Committed, twice with the same dedup key: one job, run once, then gone.
        for _ in 0..2 {
            let mut tx = t.db.begin().await.unwrap();
            jobs::enqueue(
                &mut tx,
                &Flaky {
                    name: "a".into(),
                    fail_times: 0,
                },
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
        }
        assert_eq!(jobs::list(&t.db).await.unwrap().len(), 1, "{}", t.label);
        assert_eq!(jobs::drain(&state).await.unwrap(), 1);
        assert!(jobs::list(&t.db).await.unwrap().is_empty());

        // Fails twice, succeeds the third time; retries are pushed into the future.
        FLAKY_RUNS.store(0, Ordering::SeqCst);
        let mut tx = t.db.begin().await.unwrap();
        jobs::enqueue(
            &mut tx,
            &Flaky {
                name: "b".into(),
                fail_times: 2,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert!(jobs::run_one(&state).await.unwrap());
        let j = &jobs::list(&t.db).await.unwrap()[0];
        assert_eq!(j.attempts, 1);
        assert!(j.run_at > chrono::Utc::now(), "backoff: not due at once");
        assert!(j.last_error.as_deref().unwrap().contains("failure 0"));
        assert!(
            !jobs::run_one(&state).await.unwrap(),
            "nothing due during the backoff"
        );
        make_due(&t.db).await;
        assert!(jobs::run_one(&state).await.unwrap());
        make_due(&t.db).await;
        assert!(jobs::run_one(&state).await.unwrap());
        assert!(
            jobs::list(&t.db).await.unwrap().is_empty(),
            "{}: third attempt succeeded",
            t.label
        );

        // Always failing: dead after MAX_ATTEMPTS, kept for staff, never run again.
        FLAKY_RUNS.store(0, Ordering::SeqCst);
        let mut tx = t.db.begin().await.unwrap();
        jobs::enqueue(
            &mut tx,
            &Flaky {
                name: "c".into(),
                fail_times: 100,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        for _ in 0..3 {
            make_due(&t.db).await;
            assert!(jobs::run_one(&state).await.unwrap());
        }
        make_due(&t.db).await;
        assert!(
            !jobs::run_one(&state).await.unwrap(),
            "{}: a dead job is not claimed",
            t.label
        );
        let dead = &jobs::list(&t.db).await.unwrap()[0];
        assert!(dead.dead_at.is_some());
        assert_eq!(FLAKY_RUNS.load(Ordering::SeqCst), 3);
    }
}

async fn append(t: &TestDb, n: usize) {
    for i in 0..n {
        let mut tx = t.db.begin().await.unwrap();
        audit::record(
            &mut tx,
            Entry {
                actor: None,
                action: "test.action",
                record_type: "thing",
                record_id: i.to_string(),
                summary: serde_json::json!({ "i": i }),
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
}

#[tokio::test]
async fn audit_chain_detects_edits_and_deletions() {
    for t in testing::databases().await {
        append(&t, 5).await;
        assert_eq!(
            audit::verify(&t.db).await.unwrap(),
            Verdict::Intact { entries: 5 },
            "{}",
            t.label
        );

        // A rolled-back change leaves no entry and no gap.
        let mut tx = t.db.begin().await.unwrap();
        audit::record(
            &mut tx,
            Entry {
                actor: None,
                action: "x",
                record_type: "x",
                record_id: "x".into(),
                summary: serde_json::json!({}),
            },
        )
        .await
        .unwrap();
        drop(tx);
        assert_eq!(
            audit::verify(&t.db).await.unwrap(),
            Verdict::Intact { entries: 5 }
        );

        exec(
            &t.db,
            "UPDATE audit_log SET summary = '{\"i\":99}' WHERE seq = 3",
        )
        .await;
        assert!(
            matches!(
                audit::verify(&t.db).await.unwrap(),
                Verdict::Broken { seq: 3, .. }
            ),
            "{}",
            t.label
        );
    }
    for t in testing::databases().await {
        append(&t, 4).await;
        exec(&t.db, "DELETE FROM audit_log WHERE seq = 2").await;
        assert!(
            matches!(
                audit::verify(&t.db).await.unwrap(),
                Verdict::Broken { seq: 2, .. }
            ),
            "{}",
            t.label
        );
    }
    for t in testing::databases().await {
        append(&t, 4).await;
        exec(&t.db, "DELETE FROM audit_log WHERE seq = 4").await;
        assert!(
            matches!(audit::verify(&t.db).await.unwrap(), Verdict::Broken { .. }),
            "{}: truncation",
            t.label
        );
    }
}

#[tokio::test]
async fn concurrent_audit_appends_keep_one_chain() {
    for t in testing::databases().await {
        let mut tasks = vec![];
        for _ in 0..4 {
            let db = t.db.clone();
            tasks.push(tokio::spawn(async move {
                for i in 0..10 {
                    let mut tx = db.begin().await.unwrap();
                    audit::record(
                        &mut tx,
                        Entry {
                            actor: None,
                            action: "race",
                            record_type: "thing",
                            record_id: i.to_string(),
                            summary: serde_json::json!({}),
                        },
                    )
                    .await
                    .unwrap();
                    tx.commit().await.unwrap();
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(
            audit::verify(&t.db).await.unwrap(),
            Verdict::Intact { entries: 40 },
            "{}",
            t.label
        );
    }
}

#[tokio::test]
async fn rate_limits_count_failures_per_scope() {
    for t in testing::databases().await {
        let scope = "account:someone@example.org";
        for _ in 0..ratelimit::PER_ACCOUNT.max - 1 {
            ratelimit::record_failure(&t.db, scope).await.unwrap();
        }
        assert!(
            !ratelimit::is_blocked(&t.db, scope, &ratelimit::PER_ACCOUNT)
                .await
                .unwrap()
        );
        ratelimit::record_failure(&t.db, scope).await.unwrap();
        assert!(
            ratelimit::is_blocked(&t.db, scope, &ratelimit::PER_ACCOUNT)
                .await
                .unwrap(),
            "{}",
            t.label
        );
        assert!(!ratelimit::is_blocked(
            &t.db,
            "account:other@example.org",
            &ratelimit::PER_ACCOUNT
        )
        .await
        .unwrap());
        ratelimit::clear(&t.db, scope).await.unwrap();
        assert!(
            !ratelimit::is_blocked(&t.db, scope, &ratelimit::PER_ACCOUNT)
                .await
                .unwrap()
        );
    }
}

#[tokio::test]
async fn sessions_load_the_person_and_end() {
    for t in testing::databases().await {
        let u = user(&t, "s@example.org").await;
        let a = session::create(&t.db, u).await.unwrap();
        let b = session::create(&t.db, u).await.unwrap();
        let loaded = session::load(&t.db, &a)
            .await
            .unwrap()
            .expect("live session");
        assert_eq!(loaded.id, u);
        assert_eq!(loaded.email, "s@example.org");
        assert!(session::load(&t.db, "forged-token")
            .await
            .unwrap()
            .is_none());
        // Ending the others keeps this one.
        session::destroy_others(&t.db, u, Some(&loaded.session_hash))
            .await
            .unwrap();
        assert!(
            session::load(&t.db, &a).await.unwrap().is_some(),
            "{}",
            t.label
        );
        assert!(
            session::load(&t.db, &b).await.unwrap().is_none(),
            "{}",
            t.label
        );
        // A disabled account's sessions stop working.
        exec(&t.db, "UPDATE users SET disabled = TRUE").await;
        assert!(session::load(&t.db, &a).await.unwrap().is_none());
    }
}
