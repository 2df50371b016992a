//! The e-mails of this room, rendered when the change happens and queued in its transaction:
//! the receipt, the draft reminder, and the notices to the call's contact (a message from the
//! applicant, a withdrawal). One text and one HTML template serve them all: a greeting,
//! paragraphs, label–value facts and one link, every sentence from the catalogue.

use super::{Arg, Lang, Loaded};
use askama::Template;
use essor_platform::db::Tx;
use essor_platform::i18n::Locale;
use essor_platform::mail::{self, SendMail};
use essor_platform::AppState;

pub(crate) struct Notice {
    pub subject: String,
    pub paragraphs: Vec<String>,
    pub facts: Vec<(String, String)>,
    pub action: String,
    pub link: String,
}

#[derive(Template)]
#[template(path = "apply/emails/notice.txt")]
struct NoticeText<'a> {
    n: &'a Notice,
    hello: String,
    signature: String,
}

#[derive(Template)]
#[template(path = "apply/emails/notice.html")]
struct NoticeHtml<'a> {
    n: &'a Notice,
    lang: &'a str,
    hello: String,
    signature: String,
}

/// Renders `n` in `lang` and queues it to `to` in the caller's transaction.
pub(crate) async fn queue(
    tx: &mut Tx,
    state: &AppState,
    lang: &Lang,
    to: &str,
    n: &Notice,
) -> anyhow::Result<()> {
    let hello = lang.t("email-hello");
    let signature = format!("Essor · {}", state.territory().name);
    let text = NoticeText {
        n,
        hello: hello.clone(),
        signature: signature.clone(),
    }
    .render()?;
    let html = NoticeHtml {
        n,
        lang: lang.code(),
        hello,
        signature,
    }
    .render()?;
    mail::queue(
        tx,
        SendMail {
            to: to.to_owned(),
            subject: n.subject.clone(),
            text,
            html,
        },
    )
    .await
}

/// Tells the call's contact about something the applicant did, in French (the department's
/// working language), with a link to the staff page of the file.
pub(crate) async fn notify_staff(
    tx: &mut Tx,
    state: &AppState,
    l: &Loaded,
    name: &str,
    extra: &str,
) -> anyhow::Result<()> {
    if l.call.contact_email.trim().is_empty() {
        return Ok(());
    }
    let lang = Lang::new(state, Locale::Fr);
    let args = [
        ("number", Arg::S(l.file.number.clone())),
        ("org", Arg::S(l.org.name.clone())),
        ("call", Arg::S(l.call.title.clone())),
    ];
    let mut paragraphs = vec![lang.ta(&format!("{name}-intro"), &args)];
    if !extra.trim().is_empty() {
        paragraphs.push(extra.trim().to_owned());
    }
    let n = Notice {
        subject: lang.ta(&format!("{name}-subject"), &args),
        paragraphs,
        facts: vec![],
        action: lang.t("apply-mail-open-staff"),
        link: super::link(state, &format!("/staff/files/{}", l.file.id)),
    };
    queue(tx, state, &lang, &l.call.contact_email, &n).await
}
