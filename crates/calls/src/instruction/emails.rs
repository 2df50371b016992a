//! What instruction sends, each rendered in its recipient's language and queued in the
//! transaction of the change it follows:
//! - letters to the applicant (the file's creator): correction requested, accepted, refused
//!   (with the reason), closed without follow-up;
//! - notices: an opinion asked of an outside expert (with the link that is their access), a new
//!   message from staff to the applicant, an expert's answer to the staff member who asked.

use super::{absolute, money, Person};
use crate::model::{Call, File};
use askama::Template;
use essor_domain::lifecycle::FileEvent;
use essor_platform::db::Tx;
use essor_platform::i18n::Tr;
use essor_platform::mail::{self, SendMail};
use essor_platform::AppState;

/// An e-mail's content, already translated.
pub(crate) struct Mail {
    lang: &'static str,
    subject: String,
    greeting: String,
    /// Letters only: "Objet : …" and the date.
    object: Option<String>,
    date: Option<String>,
    /// (label, value) lines: the call, the file number…
    facts: Vec<(String, String)>,
    paragraphs: Vec<String>,
    /// A quoted text (a reason, a question) with its title.
    quote_title: Option<String>,
    quote: Vec<String>,
    after: Vec<String>,
    action: String,
    link: String,
    signature: Vec<String>,
}

#[derive(Template)]
#[template(path = "instruction/emails/letter.txt")]
struct LetterText<'a> {
    m: &'a Mail,
}

#[derive(Template)]
#[template(path = "instruction/emails/letter.html")]
struct LetterHtml<'a> {
    m: &'a Mail,
}

#[derive(Template)]
#[template(path = "instruction/emails/notice.txt")]
struct NoticeText<'a> {
    m: &'a Mail,
}

#[derive(Template)]
#[template(path = "instruction/emails/notice.html")]
struct NoticeHtml<'a> {
    m: &'a Mail,
}

async fn send(tx: &mut Tx, to: &str, m: &Mail, letter: bool) -> anyhow::Result<()> {
    let (text, html) = if letter {
        (LetterText { m }.render()?, LetterHtml { m }.render()?)
    } else {
        (NoticeText { m }.render()?, NoticeHtml { m }.render()?)
    };
    mail::queue(
        tx,
        SendMail {
            to: to.to_owned(),
            subject: m.subject.clone(),
            text,
            html,
        },
    )
    .await
}

/// Lines of a typed text, blank lines kept as paragraph breaks.
fn text_lines(s: &str) -> Vec<String> {
    s.lines().map(str::to_owned).collect()
}

fn facts(t: &Tr, call: &Call, file: &File, org_name: &str) -> Vec<(String, String)> {
    let mut v = vec![
        (t.t("instruction-letter-fact-call"), call.title.clone()),
        (t.t("instruction-letter-fact-number"), file.number.clone()),
        (t.t("instruction-letter-fact-title"), file.title.clone()),
        (t.t("instruction-letter-fact-org"), org_name.to_owned()),
    ];
    if let Some(c) = file.requested() {
        v.push((t.t("instruction-letter-fact-amount"), money(t.lang(), c)));
    }
    v
}

/// The staff signature: the call's contact and the territory.
fn signature(t: &Tr, state: &AppState, call: &Call) -> Vec<String> {
    let mut v = vec![t.t1(
        "instruction-letter-signature",
        "territory",
        &state.territory().name,
    )];
    if !call.contact_email.trim().is_empty() {
        let contact = if call.contact_name.trim().is_empty() {
            call.contact_email.clone()
        } else {
            format!("{} <{}>", call.contact_name, call.contact_email)
        };
        v.push(t.t1("instruction-letter-contact", "contact", contact));
    }
    v
}

/// The letter an event sends to the applicant, if any: a correction request or a decision.
pub(crate) fn letter_kind(event: FileEvent) -> Option<&'static str> {
    match event {
        FileEvent::RequestCorrection => Some("correction"),
        FileEvent::Accept => Some("accepted"),
        FileEvent::Refuse => Some("refused"),
        FileEvent::CloseWithoutFollowUp => Some("closed"),
        _ => None,
    }
}

/// Queues the letter `kind` ([`letter_kind`]) to the file's creator.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn queue_letter(
    tx: &mut Tx,
    state: &AppState,
    to: &Person,
    call: &Call,
    file: &File,
    org_name: &str,
    kind: &str,
    reason: Option<&str>,
) -> anyhow::Result<()> {
    let t = to.tr(state);
    let id = |part: &str| format!("instruction-letter-{kind}-{part}");
    let subject = t.t1(&id("subject"), "number", &file.number);
    let today = chrono::Utc::now().with_timezone(&state.tz()).date_naive();
    let date = match t.lang() {
        "en" => today.format("%Y-%m-%d").to_string(),
        _ => today.format("%d/%m/%Y").to_string(),
    };
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let m = Mail {
        lang: t.lang(),
        greeting: t.t1("instruction-letter-greeting", "name", &to.display_name),
        object: Some(t.t1("instruction-letter-object", "subject", &subject)),
        date: Some(t.t1("instruction-letter-date", "date", date)),
        facts: facts(&t, call, file, org_name),
        paragraphs: vec![t.t1(&id("body"), "call", &call.title)],
        quote_title: reason.map(|_| t.t(&id("reason"))),
        quote: reason.map(text_lines).unwrap_or_default(),
        after: vec![t.t(&id("next"))],
        action: t.t("instruction-letter-open-file"),
        link: absolute(state, &format!("/files/{}", file.id)),
        signature: signature(&t, state, call),
        subject,
    };
    send(tx, &to.email, &m, true).await
}

/// Asks an outside expert for an opinion; `link` holds their token (their only access).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn queue_expert_request(
    tx: &mut Tx,
    state: &AppState,
    t: &Tr,
    to: &str,
    expert_name: &str,
    requester: &str,
    call: &Call,
    file: &File,
    org_name: &str,
    question: &str,
    link: &str,
) -> anyhow::Result<()> {
    let m = Mail {
        lang: t.lang(),
        subject: t.t1("instruction-expert-mail-subject", "number", &file.number),
        greeting: t.t1("instruction-letter-greeting", "name", expert_name),
        object: None,
        date: None,
        facts: facts(t, call, file, org_name),
        paragraphs: vec![t.t1("instruction-expert-mail-intro", "name", requester)],
        quote_title: Some(t.t("instruction-expert-mail-question")),
        quote: text_lines(question),
        after: vec![
            t.t("instruction-expert-mail-how"),
            t.t("instruction-expert-mail-private"),
        ],
        action: t.t("instruction-expert-mail-action"),
        link: link.to_owned(),
        signature: signature(t, state, call),
    };
    send(tx, to, &m, false).await
}

/// Tells the applicant that staff wrote in the file's thread (the message itself stays on the
/// platform: mail is not a safe place for what applicants and staff exchange).
pub(crate) async fn queue_message_notice(
    tx: &mut Tx,
    state: &AppState,
    to: &Person,
    call: &Call,
    file: &File,
) -> anyhow::Result<()> {
    let t = to.tr(state);
    let m = Mail {
        lang: t.lang(),
        subject: t.t1("instruction-message-mail-subject", "number", &file.number),
        greeting: t.t1("instruction-letter-greeting", "name", &to.display_name),
        object: None,
        date: None,
        facts: vec![
            (t.t("instruction-letter-fact-call"), call.title.clone()),
            (t.t("instruction-letter-fact-number"), file.number.clone()),
        ],
        paragraphs: vec![t.t("instruction-message-mail-intro")],
        quote_title: None,
        quote: vec![],
        after: vec![t.t("instruction-message-mail-private")],
        action: t.t("instruction-message-mail-action"),
        link: absolute(state, &format!("/files/{}/messages", file.id)),
        signature: signature(&t, state, call),
    };
    send(tx, &to.email, &m, false).await
}

/// Tells the staff member who asked that the expert answered.
pub(crate) async fn queue_expert_answered(
    tx: &mut Tx,
    state: &AppState,
    to: &Person,
    call: &Call,
    file: &File,
    expert_name: &str,
) -> anyhow::Result<()> {
    let t = to.tr(state);
    let m = Mail {
        lang: t.lang(),
        subject: t.t1("instruction-answered-mail-subject", "number", &file.number),
        greeting: t.t1("instruction-letter-greeting", "name", &to.display_name),
        object: None,
        date: None,
        facts: vec![
            (t.t("instruction-letter-fact-call"), call.title.clone()),
            (t.t("instruction-letter-fact-number"), file.number.clone()),
        ],
        paragraphs: vec![t.t1("instruction-answered-mail-intro", "name", expert_name)],
        quote_title: None,
        quote: vec![],
        after: vec![],
        action: t.t("instruction-answered-mail-action"),
        link: absolute(state, &format!("/staff/files/{}#experts", file.id)),
        signature: vec![format!("Essor · {}", state.territory().name)],
    };
    send(tx, &to.email, &m, false).await
}
