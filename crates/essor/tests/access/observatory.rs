//! Access rows of the observatory module, and the records they need.

use super::{Row, World};

/// Records the rows refer to, created once per world; returns the placeholders to fill in
/// (e.g. `("{observatory_thing}", id.to_string())`).
pub async fn setup(_w: &World) -> Vec<(&'static str, String)> {
    vec![]
}

pub fn rows() -> Vec<Row> {
    vec![]
}
