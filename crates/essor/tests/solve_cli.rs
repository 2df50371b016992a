//! `essor solve` on JSON files, as outside tools call it.

use std::process::Command;

fn run(problem: &str, json: &str) -> (bool, String, String) {
    let dir = std::env::temp_dir().join(format!("essor-solve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Tests run in parallel threads of one process: every call gets its own file.
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let input = dir.join(format!("{problem}-{n}.json"));
    std::fs::write(&input, json).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_essor"))
        .args(["solve", problem, "--input"])
        .arg(&input)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn assign_writes_the_optimum() {
    let (ok, out, err) = run(
        "assign",
        r#"{"dossiers":[{"id":"d1","demand":1},{"id":"d2","demand":1}],
            "reviewers":[{"id":"r1","min_load":0,"max_load":1},{"id":"r2","min_load":0,"max_load":1}],
            "edges":[{"d":"d1","r":"r1","w":1.0},{"d":"d1","r":"r2","w":0.9},{"d":"d2","r":"r1","w":0.8},{"d":"d2","r":"r2","w":0.1}],
            "objective":"total"}"#,
    );
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status"], "optimal");
    // d1–r2 + d2–r1 = 1.7 beats the greedy d1–r1 + d2–r2 = 1.1.
    assert!(
        (v["objective"].as_f64().unwrap() - 1.7).abs() < 1e-9,
        "{out}"
    );
}

#[test]
fn infeasible_is_a_result_and_bad_input_an_error() {
    let (ok, out, _) = run(
        "assign",
        r#"{"dossiers":[{"id":"d1","demand":2}],"reviewers":[{"id":"r1","min_load":0,"max_load":5}],
            "edges":[{"d":"d1","r":"r1","w":1}],"objective":"total"}"#,
    );
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status"], "infeasible");
    assert!(v["reason"].as_str().unwrap().contains("d1"));

    let (ok, _, err) = run(
        "placement",
        r#"{"seed":1,"offers":[{"id":"o1","capacity":1}],"applicants":[{"id":"y1","preferences":["o9"]}]}"#,
    );
    assert!(!ok);
    assert!(err.contains("o9"), "{err}");
    let (ok, _, err) = run("nonsense", "{}");
    assert!(!ok && err.contains("unknown problem"), "{err}");
}

#[test]
fn placement_and_meetings_follow_the_formats() {
    let (ok, out, err) = run(
        "placement",
        r#"{"seed":42,"offers":[{"id":"o1","capacity":1}],
            "applicants":[{"id":"y1","preferences":["o1"],"priority":1},{"id":"y2","preferences":["o1"],"priority":2}]}"#,
    );
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["matches"][0]["applicant"], "y2");
    assert_eq!(v["unmatched"][0], "y1");

    let (ok, out, err) = run(
        "meetings",
        r#"{"slots":2,"candidates":[{"id":"c1"},{"id":"c2"}],"funders":[{"id":"f1","seats":1}],
            "wishes":[{"c":"c1","f":"f1","w":3},{"c":"c2","f":"f1","w":1}],"objective":"total"}"#,
    );
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status"], "optimal");
    assert_eq!(v["objective"], 4);
    assert_eq!(v["meetings"].as_array().unwrap().len(), 2);
}
