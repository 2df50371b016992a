//! Access rows of the observatory module, and the records they need.

use super::{r, Answer, Row, World, PUBLIC, STAFF};

/// Records the rows refer to, created once per world; returns the placeholders to fill in
/// (e.g. `("{observatory_thing}", id.to_string())`).
pub async fn setup(w: &World) -> Vec<(&'static str, String)> {
    let mut tx = w.state.db().begin().await.unwrap();
    let import = essor_observatory::sirene::store::create(
        &mut tx,
        "cli",
        ("u.csv", None),
        ("e.csv", None),
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    vec![("{observatory_import}", import.to_string())]
}

pub fn rows() -> Vec<Row> {
    vec![
        r(
            "GET",
            "/staff/observatory/imports",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/observatory/imports",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/observatory/imports/upload",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "GET",
            "/staff/observatory/imports/{observatory_import}",
            STAFF,
            Answer::Forbidden,
            &[],
        ),
        r(
            "GET",
            "/observatory/static/imports.js",
            PUBLIC,
            Answer::Ok,
            &[],
        ),
    ]
}
