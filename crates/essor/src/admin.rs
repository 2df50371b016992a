//! `essor admin …`: tasks for whoever runs the server.

use anyhow::{bail, Context};
use clap::Subcommand;
use essor_accounts::users;
use essor_domain::email::Email;
use essor_domain::role::Role;
use essor_platform::audit::{self, Entry};
use essor_platform::config::Config;
use essor_platform::db::Db;
use essor_platform::{password, session};
use serde_json::json;
use std::io::BufRead;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum AdminTask {
    /// Create an administrator account (already verified). The password is read from
    /// ESSOR_ADMIN_PASSWORD or, if unset, from the first line of standard input.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Give an account a new random password (printed once) and end its sessions.
    ResetPassword {
        #[arg(long)]
        email: String,
    },
    /// Grant a role (admin, staff, jury, young) to an account.
    GrantRole {
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: String,
    },
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("ESSOR_ADMIN_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

pub async fn run(cfg: Config, task: AdminTask) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&cfg.database_url()).await?;
    db.migrate().await?;
    match task {
        AdminTask::CreateAdmin { email, name } => {
            let email = Email::parse(&email)
                .map_err(|_| anyhow::anyhow!("`{email}` is not a valid e-mail address"))?;
            let pw = read_password()?;
            if pw.chars().count() < password::MIN_LENGTH {
                bail!(
                    "the password must be at least {} characters long",
                    password::MIN_LENGTH
                );
            }
            let mut tx = db.begin().await?;
            let Some(id) =
                users::create(&mut tx, &email, &name, &password::hash(&pw)?, "fr", true).await?
            else {
                bail!("an account already exists for {email}; use `essor admin grant-role`");
            };
            users::grant_role(&mut tx, id, Role::Admin).await?;
            audit::record(
                &mut tx,
                Entry {
                    actor: None,
                    action: "admin.create_admin",
                    record_type: "user",
                    record_id: id.to_string(),
                    summary: json!({ "email": email.as_str() }),
                },
            )
            .await?;
            tx.commit().await?;
            println!("administrator {email} created");
        }
        AdminTask::ResetPassword { email } => {
            let email = Email::parse(&email)
                .map_err(|_| anyhow::anyhow!("`{email}` is not a valid e-mail address"))?;
            let user = users::by_email(&db, &email)
                .await?
                .with_context(|| format!("no account for {email}"))?;
            let (pw, _) = password::new_token();
            let mut tx = db.begin().await?;
            users::set_password(&mut tx, user.id(), &password::hash(&pw)?).await?;
            audit::record(
                &mut tx,
                Entry {
                    actor: None,
                    action: "admin.reset_password",
                    record_type: "user",
                    record_id: user.id.to_string(),
                    summary: json!({}),
                },
            )
            .await?;
            tx.commit().await?;
            session::destroy_others(&db, user.id(), None).await?;
            println!("new password for {email}: {pw}");
        }
        AdminTask::GrantRole { email, role } => {
            let email = Email::parse(&email)
                .map_err(|_| anyhow::anyhow!("`{email}` is not a valid e-mail address"))?;
            let role = Role::parse(&role)
                .filter(|r| Role::GRANTABLE.contains(r))
                .with_context(|| {
                    format!(
                        "`{role}` is not a role that can be granted (admin, staff, jury, young)"
                    )
                })?;
            let user = users::by_email(&db, &email)
                .await?
                .with_context(|| format!("no account for {email}"))?;
            let mut tx = db.begin().await?;
            users::grant_role(&mut tx, user.id(), role).await?;
            audit::record(
                &mut tx,
                Entry {
                    actor: None,
                    action: "admin.grant_role",
                    record_type: "user",
                    record_id: user.id.to_string(),
                    summary: json!({ "role": role.as_str() }),
                },
            )
            .await?;
            tx.commit().await?;
            println!("{email} is now {}", role.as_str());
        }
    }
    Ok(ExitCode::SUCCESS)
}
