//! E-mails that ask the recipient to follow one link (confirm, reset, invitation, new message…):
//! a subject, a text and an HTML part in the recipient's language, rendered from one template pair
//! with the e-mail's own messages (`email-{name}-subject`, `-intro`, `-action`, `-outro`).

use crate::db::Tx;
use crate::i18n::Tr;
use crate::mail::{self, SendMail};
use askama::Template;

#[derive(Template)]
#[template(path = "emails/action.txt")]
struct ActionText<'a> {
    t: &'a Tr,
    name: &'a str,
    link: &'a str,
    territory: &'a str,
}

#[derive(Template)]
#[template(path = "emails/action.html")]
struct ActionHtml<'a> {
    t: &'a Tr,
    name: &'a str,
    link: &'a str,
    territory: &'a str,
}

impl ActionText<'_> {
    fn id(&self, part: &str) -> String {
        format!("email-{}-{part}", self.name)
    }
}

impl ActionHtml<'_> {
    fn id(&self, part: &str) -> String {
        format!("email-{}-{part}", self.name)
    }
}

/// Renders the e-mail `name` with its link and queues it in the caller's transaction.
pub async fn queue(
    tx: &mut Tx,
    t: &Tr,
    territory: &str,
    to: &str,
    name: &str,
    link: &str,
) -> anyhow::Result<()> {
    let text = ActionText {
        t,
        name,
        link,
        territory,
    }
    .render()?;
    let html = ActionHtml {
        t,
        name,
        link,
        territory,
    }
    .render()?;
    let subject = t.t1(&format!("email-{name}-subject"), "territory", territory);
    mail::queue(
        tx,
        SendMail {
            to: to.to_owned(),
            subject,
            text,
            html,
        },
    )
    .await
}
