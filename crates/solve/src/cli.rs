//! The JSON face of the solvers, as `essor solve PROBLEM --input FILE` uses it.

/// Why an instance could not be solved: the message names the offending field or id.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InputError(pub String);

/// The problems `essor solve` knows, in the order its help lists them.
pub const PROBLEMS: &[&str] = &["assign", "meetings", "placement"];

/// Solves one JSON instance of `problem` and returns the JSON result.
pub fn run(problem: &str, input: &str) -> Result<String, InputError> {
    match problem {
        "assign" => crate::assign::solve_json(input),
        "meetings" => crate::meetings::solve_json(input),
        "placement" => crate::placement::solve_json(input),
        other => Err(InputError(format!(
            "unknown problem `{other}`; expected one of: {}",
            PROBLEMS.join(", ")
        ))),
    }
}
