//! Configuration: defaults, then an optional TOML file, then `ESSOR_*` environment variables.

use anyhow::{bail, Context};
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `sqlite://path` (default: `essor.db` in the data folder) or `postgres://…`.
    pub database_url: Option<String>,
    pub listen: String,
    /// The public address, used in e-mail links. Default: `http://` + listen.
    pub base_url: Option<String>,
    pub data_dir: PathBuf,
    pub time_zone: String,
    pub territory_name: String,
    /// INSEE codes of the eligible communes; empty = every commune of `territory_departement`.
    pub territory_communes: Vec<String>,
    pub territory_departement: String,
    pub smtp: Option<SmtpConfig>,
    pub mail_from: String,
    /// JSON logs (for log collectors) instead of human-readable lines.
    pub log_json: bool,
    /// Trust `X-Forwarded-For` / `X-Forwarded-Proto` from a reverse proxy.
    pub behind_proxy: bool,
    /// Largest accepted upload, in bytes.
    pub max_upload_bytes: u64,
    pub esus_years: u32,
    pub esus_years_young_company: u32,
    /// Months after a minor's last activity before the youth bridge anonymises the record
    /// (domain-fr §5: no longer than a year after the last contact).
    pub minors_retention_months: u32,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    /// `starttls` (default), `tls`, or `none` (local relays only).
    #[serde(default)]
    pub security: Option<String>,
}

fn default_smtp_port() -> u16 {
    587
}

// Never print the SMTP password, even in debug logs.
impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("security", &self.security)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: None,
            listen: "127.0.0.1:8080".into(),
            base_url: None,
            data_dir: PathBuf::from("essor-data"),
            time_zone: "Europe/Paris".into(),
            territory_name: "Hauts-de-Seine".into(),
            territory_communes: Vec::new(),
            territory_departement: "92".into(),
            smtp: None,
            mail_from: "Essor <no-reply@essor.localhost>".into(),
            log_json: false,
            behind_proxy: false,
            max_upload_bytes: 10 * 1024 * 1024,
            esus_years: 5,
            esus_years_young_company: 2,
            minors_retention_months: 12,
        }
    }
}

impl Config {
    /// Reads `ESSOR_CONFIG` (a TOML file) if set, then the environment.
    pub fn load() -> anyhow::Result<Config> {
        let vars: Vec<(String, String)> = std::env::vars().collect();
        Self::from_sources(&vars)
    }

    pub fn from_sources(vars: &[(String, String)]) -> anyhow::Result<Config> {
        let get = |k: &str| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let mut cfg = match get("ESSOR_CONFIG") {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading configuration file {path}"))?;
                toml::from_str(&text).with_context(|| format!("in configuration file {path}"))?
            }
            None => Config::default(),
        };
        if let Some(v) = get("ESSOR_DATABASE_URL") {
            cfg.database_url = Some(v);
        }
        if let Some(v) = get("ESSOR_LISTEN") {
            cfg.listen = v;
        }
        if let Some(v) = get("ESSOR_BASE_URL") {
            cfg.base_url = Some(v);
        }
        if let Some(v) = get("ESSOR_DATA_DIR") {
            cfg.data_dir = v.into();
        }
        if let Some(v) = get("ESSOR_TIME_ZONE") {
            cfg.time_zone = v;
        }
        if let Some(v) = get("ESSOR_TERRITORY_NAME") {
            cfg.territory_name = v;
        }
        if let Some(v) = get("ESSOR_TERRITORY_DEPARTEMENT") {
            cfg.territory_departement = v;
        }
        if let Some(v) = get("ESSOR_TERRITORY_COMMUNES") {
            cfg.territory_communes = v
                .split([',', ' '])
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
        }
        if let Some(v) = get("ESSOR_MAIL_FROM") {
            cfg.mail_from = v;
        }
        if let Some(host) = get("ESSOR_SMTP_HOST") {
            let port = match get("ESSOR_SMTP_PORT") {
                Some(p) => p.parse().context("ESSOR_SMTP_PORT must be a port number")?,
                None => default_smtp_port(),
            };
            cfg.smtp = Some(SmtpConfig {
                host,
                port,
                username: get("ESSOR_SMTP_USERNAME"),
                password: get("ESSOR_SMTP_PASSWORD"),
                security: get("ESSOR_SMTP_SECURITY"),
            });
        }
        if let Some(v) = get("ESSOR_LOG_JSON") {
            cfg.log_json = parse_bool("ESSOR_LOG_JSON", &v)?;
        }
        if let Some(v) = get("ESSOR_BEHIND_PROXY") {
            cfg.behind_proxy = parse_bool("ESSOR_BEHIND_PROXY", &v)?;
        }
        if let Some(v) = get("ESSOR_MINORS_RETENTION_MONTHS") {
            cfg.minors_retention_months = v
                .parse()
                .ok()
                .filter(|m| *m > 0)
                .context("ESSOR_MINORS_RETENTION_MONTHS must be a number of months above 0")?;
        }
        if let Some(v) = get("ESSOR_MAX_UPLOAD_BYTES") {
            cfg.max_upload_bytes = v
                .parse()
                .context("ESSOR_MAX_UPLOAD_BYTES must be a number of bytes")?;
        }
        cfg.validate()?;
        Ok(cfg)
    }

    fn validate(&self) -> anyhow::Result<()> {
        if self.tz().is_err() {
            bail!(
                "unknown time zone `{}` (expected e.g. Europe/Paris)",
                self.time_zone
            );
        }
        if let Some(url) = &self.database_url {
            crate::db::Backend::from_url(url)?;
        }
        Ok(())
    }

    pub fn tz(&self) -> anyhow::Result<chrono_tz::Tz> {
        self.time_zone
            .parse::<chrono_tz::Tz>()
            .map_err(|_| anyhow::anyhow!("unknown time zone `{}`", self.time_zone))
    }

    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("essor.db").display()))
    }

    pub fn base_url(&self) -> String {
        self.base_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.listen))
            .trim_end_matches('/')
            .to_owned()
    }

    /// Cookies get `Secure` when the public address is HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.base_url().starts_with("https://")
    }

    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }

    pub fn files_dir(&self) -> PathBuf {
        self.data_dir.join("files")
    }
}

fn parse_bool(name: &str, v: &str) -> anyhow::Result<bool> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        _ => bail!("{name} must be true or false, not `{v}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn defaults_are_embedded_sqlite_in_paris() {
        let c = Config::from_sources(&[]).unwrap();
        assert_eq!(c.listen, "127.0.0.1:8080");
        assert_eq!(c.database_url(), "sqlite://essor-data/essor.db");
        assert_eq!(c.tz().unwrap(), chrono_tz::Europe::Paris);
        assert!(c.smtp.is_none());
    }

    #[test]
    fn environment_overrides_and_unknown_scheme_is_refused() {
        let c = Config::from_sources(&vars(&[
            ("ESSOR_DATABASE_URL", "postgres://db/essor"),
            ("ESSOR_TERRITORY_COMMUNES", "92050, 92002"),
        ]))
        .unwrap();
        assert_eq!(c.database_url(), "postgres://db/essor");
        assert_eq!(c.territory_communes, vec!["92050", "92002"]);
        assert_eq!(c.minors_retention_months, 12);
        let c = Config::from_sources(&vars(&[("ESSOR_MINORS_RETENTION_MONTHS", "6")])).unwrap();
        assert_eq!(c.minors_retention_months, 6);
        assert!(Config::from_sources(&vars(&[("ESSOR_MINORS_RETENTION_MONTHS", "0")])).is_err());
        let err = Config::from_sources(&vars(&[("ESSOR_DATABASE_URL", "mysql://x")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("mysql"), "{err}");
    }

    #[test]
    fn smtp_password_never_printed() {
        let c = Config::from_sources(&vars(&[
            ("ESSOR_SMTP_HOST", "smtp.example.org"),
            ("ESSOR_SMTP_PASSWORD", "hunter2"),
        ]))
        .unwrap();
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
