//! Small pieces every room's handlers share: submitted fields, messages with several arguments,
//! the territory's communes for selects.

use essor_platform::web::Ctx;

/// A submitted URL-encoded form, keeping repeated names (checkboxes).
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(transparent)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && !v.is_empty())
    }
}

/// A message with several arguments.
pub fn tr(p: &Ctx, id: &str, args: &[(&str, String)]) -> String {
    let args: Vec<(&str, _)> = args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
    p.state.i18n().get(p.locale(), id, &args)
}

/// The territory's communes as (INSEE code, name), by name.
pub fn communes(p: &Ctx) -> Vec<(String, String)> {
    let mut v: Vec<_> = p
        .state
        .territory()
        .communes
        .iter()
        .map(|c| (c.code.clone(), c.name.clone()))
        .collect();
    v.sort_by(|a, b| a.1.cmp(&b.1));
    v
}

pub fn commune_name(p: &Ctx, code: &str) -> String {
    p.state
        .territory()
        .commune(code)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| code.to_owned())
}

/// Parses a whole number within bounds, or gives the message id to show.
pub fn int_in(s: &str, lo: i64, hi: i64, msg: &'static str) -> Result<i64, &'static str> {
    match s.trim().parse::<i64>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        _ => Err(msg),
    }
}

pub fn date(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}
