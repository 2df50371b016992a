//! The organisation itself: my organisations, create, view, edit.

use super::queries::{
    self, Document, EsusRow, Invitation, Member, MemberRole, MyOrg, Org, OrgData,
};
use super::{commune_name, load, load_owned, today, Access};
use askama::Template;
use axum::extract::{Form, Path};
use axum::response::Response;
use essor_domain::email::Email;
use essor_domain::esus::EsusStatus;
use essor_domain::identifiers::{CommuneCode, LegalCategory, Rna, Siret};
use essor_domain::org::OrgKind;
use essor_platform::audit::{self, Entry};
use essor_platform::web::{render, render_invalid, see_other_flash, AppResult, Ctx, FormErrors};
use serde::Deserialize;
use serde_json::json;

/// The value of the commune select meaning "outside the territory: type the code".
const COMMUNE_OTHER: &str = "other";

// ---- My organisations ----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "orgs/list.html")]
struct ListTpl<'a> {
    p: &'a Ctx,
    orgs: Vec<MyOrg>,
}

pub(super) async fn list(p: Ctx) -> AppResult<Response> {
    let user = p.require_user()?;
    let orgs = queries::orgs_of(p.state.db(), user.id).await?;
    render(&ListTpl { p: &p, orgs })
}

// ---- The identity form ---------------------------------------------------------------------

/// The form as typed: every field comes back as it was when something is refused.
#[derive(Deserialize, Default, Debug, Clone)]
#[serde(default)]
pub(super) struct OrgForm {
    kind: String,
    name: String,
    acronym: String,
    siret: String,
    rna: String,
    legal_category: String,
    address: String,
    /// A commune of the territory, or [`COMMUNE_OTHER`].
    commune: String,
    /// The INSEE code typed when the head office is outside the territory.
    commune_other: String,
    website: String,
    contact_email: String,
    contact_phone: String,
}

impl OrgForm {
    fn from_org(p: &Ctx, org: &Org) -> OrgForm {
        let inside = p.state.territory().contains(&org.commune_code);
        OrgForm {
            kind: org.kind.clone(),
            name: org.name.clone(),
            acronym: org.acronym.clone().unwrap_or_default(),
            siret: org.siret.clone().unwrap_or_default(),
            rna: org.rna.clone().unwrap_or_default(),
            legal_category: org.legal_category.clone().unwrap_or_default(),
            address: org.address.clone(),
            commune: if inside {
                org.commune_code.clone()
            } else {
                COMMUNE_OTHER.to_owned()
            },
            commune_other: if inside {
                String::new()
            } else {
                org.commune_code.clone()
            },
            website: org.website.clone().unwrap_or_default(),
            contact_email: org.contact_email.clone(),
            contact_phone: org.contact_phone.clone().unwrap_or_default(),
        }
    }
}

const MAX_NAME: usize = 200;
const MAX_ACRONYM: usize = 40;
const MAX_ADDRESS: usize = 300;
const MAX_WEBSITE: usize = 200;

/// Kinds that must give a SIRET. Associations may have only an RNA number (they get a SIREN
/// only once they employ staff or receive public money, domain-fr.md §1); youth structures
/// (missions locales…) are usually associations.
fn needs_siret(kind: OrgKind) -> bool {
    !matches!(kind, OrgKind::Association | OrgKind::YouthStructure)
}

fn optional(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

fn text(
    errors: &mut FormErrors,
    p: &Ctx,
    field: &str,
    value: &str,
    max: usize,
    required: bool,
) -> Option<String> {
    let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if v.is_empty() {
        if required {
            errors.add(field, p.t("field-required"));
        }
        None
    } else if v.chars().count() > max {
        errors.add(field, p.t1("org-error-too-long", "max", max));
        None
    } else {
        Some(v)
    }
}

/// A web address: `https://` is assumed when no scheme is typed; only http(s) is kept, so a
/// stored address is always safe to link to.
fn parse_website(input: &str) -> Result<Option<String>, ()> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let url = if s.contains("://") {
        s.to_owned()
    } else {
        format!("https://{s}")
    };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or(())?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let ok = url.len() <= MAX_WEBSITE
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(c));
    if ok {
        Ok(Some(url))
    } else {
        Err(())
    }
}

/// A phone number as typed (spaces, dots, dashes, brackets and a leading `+` allowed),
/// with 6 to 15 digits (ITU E.164 allows at most 15).
fn parse_phone(input: &str) -> Result<Option<String>, ()> {
    let s = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        return Ok(None);
    }
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let chars_ok = s
        .char_indices()
        .all(|(i, c)| c.is_ascii_digit() || " .-()".contains(c) || (c == '+' && i == 0));
    if chars_ok && (6..=15).contains(&digits) {
        Ok(Some(s))
    } else {
        Err(())
    }
}

/// Checks the form and builds the organisation; field errors otherwise.
async fn validate(
    p: &Ctx,
    f: &OrgForm,
    except: Option<essor_domain::ids::OrgId>,
) -> AppResult<Result<OrgData, FormErrors>> {
    let mut errors = FormErrors::default();
    let kind = OrgKind::parse(&f.kind);
    if kind.is_none() {
        errors.add("kind", p.t("org-error-kind"));
    }
    let name = text(&mut errors, p, "name", &f.name, MAX_NAME, true);
    let acronym = text(&mut errors, p, "acronym", &f.acronym, MAX_ACRONYM, false);
    let mut id_error = false;
    let siret = match optional(&f.siret) {
        None => None,
        Some(s) => match Siret::parse(&s) {
            Ok(s) => Some(s),
            Err(e) => {
                errors.add("siret", p.t(e.code()));
                id_error = true;
                None
            }
        },
    };
    let rna = match optional(&f.rna) {
        None => None,
        Some(s) => match Rna::parse(&s) {
            Ok(r) => Some(r),
            Err(e) => {
                errors.add("rna", p.t(e.code()));
                id_error = true;
                None
            }
        },
    };
    // Only when what was typed is valid, ask for what is missing.
    if let (Some(kind), false) = (kind, id_error) {
        if needs_siret(kind) && siret.is_none() {
            errors.add("siret", p.t("org-error-siret-required"));
        } else if siret.is_none() && rna.is_none() {
            errors.add("rna", p.t("org-error-id-required"));
        }
    }
    let legal_category = match optional(&f.legal_category) {
        None => None,
        Some(s) => match LegalCategory::parse(&s) {
            Ok(c) => Some(c),
            Err(e) => {
                errors.add("legal_category", p.t(e.code()));
                None
            }
        },
    };
    let address = text(&mut errors, p, "address", &f.address, MAX_ADDRESS, true);
    let commune = if f.commune == COMMUNE_OTHER {
        match CommuneCode::parse(&f.commune_other) {
            Ok(c) if commune_name(c.as_str()).is_some() => Some(c),
            Ok(_) => {
                errors.add("commune_other", p.t("org-error-commune-unknown"));
                None
            }
            Err(e) => {
                errors.add("commune_other", p.t(e.code()));
                None
            }
        }
    } else {
        match CommuneCode::parse(&f.commune) {
            Ok(c) if p.state.territory().contains(c.as_str()) => Some(c),
            _ => {
                errors.add("commune", p.t("org-error-commune"));
                None
            }
        }
    };
    let website = parse_website(&f.website).unwrap_or_else(|()| {
        errors.add("website", p.t("org-error-website"));
        None
    });
    let contact_email = match Email::parse(&f.contact_email) {
        Ok(e) => Some(e),
        Err(e) => {
            errors.add("contact_email", p.t(e.code()));
            None
        }
    };
    let contact_phone = parse_phone(&f.contact_phone).unwrap_or_else(|()| {
        errors.add("contact_phone", p.t("org-error-phone"));
        None
    });
    // One record per structure: a second sign-up of the same SIRET or RNA is pointed to the
    // existing one (whose owners can invite) rather than creating a duplicate.
    let (siret_taken, rna_taken) =
        queries::find_duplicate(p.state.db(), siret.as_ref(), rna.as_ref(), except).await?;
    if siret_taken {
        errors.add("siret", p.t("org-error-siret-taken"));
    }
    if rna_taken {
        errors.add("rna", p.t("org-error-rna-taken"));
    }
    Ok(match (kind, name, address, commune, contact_email) {
        (Some(kind), Some(name), Some(address), Some(commune), Some(contact_email))
            if errors.is_empty() =>
        {
            Ok(OrgData {
                kind,
                name,
                acronym,
                siret,
                rna,
                legal_category,
                address,
                commune,
                website,
                contact_email,
                contact_phone,
            })
        }
        _ => Err(errors),
    })
}

#[derive(Template)]
#[template(path = "orgs/form.html")]
struct FormTpl<'a> {
    p: &'a Ctx,
    f: &'a OrgForm,
    errors: FormErrors,
    title_id: &'a str,
    intro_id: &'a str,
    action: String,
    cancel: String,
}

impl FormTpl<'_> {
    /// (value, Fluent id) of every kind.
    fn kinds(&self) -> Vec<(&'static str, &'static str)> {
        OrgKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.message_id()))
            .collect()
    }

    fn communes(&self) -> &[essor_platform::territory::Commune] {
        &self.p.state.territory().communes
    }

    fn commune_other(&self) -> &str {
        COMMUNE_OTHER
    }

    fn is_kind(&self, value: &str) -> bool {
        self.f.kind == value
    }

    fn is_commune(&self, value: &str) -> bool {
        self.f.commune == value
    }
}

fn form_page(tpl: FormTpl<'_>) -> AppResult<Response> {
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

pub(super) async fn new_form(p: Ctx) -> AppResult<Response> {
    p.require_user()?;
    form_page(FormTpl {
        p: &p,
        f: &OrgForm::default(),
        errors: FormErrors::default(),
        title_id: "org-new-title",
        intro_id: "org-new-intro",
        action: "/orgs/new".into(),
        cancel: "/orgs".into(),
    })
}

pub(super) async fn create(p: Ctx, Form(f): Form<OrgForm>) -> AppResult<Response> {
    let user = p.require_user()?.clone();
    let data = match validate(&p, &f, None).await? {
        Ok(d) => d,
        Err(errors) => {
            return form_page(FormTpl {
                p: &p,
                f: &f,
                errors,
                title_id: "org-new-title",
                intro_id: "org-new-intro",
                action: "/orgs/new".into(),
                cancel: "/orgs".into(),
            })
        }
    };
    let mut tx = p.state.db().begin().await?;
    let id = queries::insert(&mut tx, &data).await?;
    queries::add_member(&mut tx, id, user.id, MemberRole::Owner).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "org.create",
            record_type: "organisation",
            record_id: id.to_string(),
            summary: json!({
                "kind": data.kind.as_str(),
                "name": data.name,
                "siret": data.siret.as_ref().map(|s| s.as_str()),
                "rna": data.rna.as_ref().map(|r| r.as_str()),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(&format!("/orgs/{id}"), "org-created"))
}

pub(super) async fn edit_form(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let org = load_owned(&p, &id).await?;
    let f = OrgForm::from_org(&p, &org);
    form_page(FormTpl {
        p: &p,
        f: &f,
        errors: FormErrors::default(),
        title_id: "org-edit-title",
        intro_id: "org-edit-intro",
        action: format!("/orgs/{}/edit", org.id),
        cancel: format!("/orgs/{}", org.id),
    })
}

pub(super) async fn update(
    p: Ctx,
    Path(id): Path<String>,
    Form(f): Form<OrgForm>,
) -> AppResult<Response> {
    let org = load_owned(&p, &id).await?;
    let user = p.require_user()?.clone();
    let data = match validate(&p, &f, Some(org.id())).await? {
        Ok(d) => d,
        Err(errors) => {
            return form_page(FormTpl {
                p: &p,
                f: &f,
                errors,
                title_id: "org-edit-title",
                intro_id: "org-edit-intro",
                action: format!("/orgs/{}/edit", org.id),
                cancel: format!("/orgs/{}", org.id),
            })
        }
    };
    // What staff checked no longer holds once the identity changes.
    let unverify = org.is_verified() && data.changes_identity_of(&org);
    let mut tx = p.state.db().begin().await?;
    queries::update(&mut tx, org.id(), &data, unverify).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "org.update",
            record_type: "organisation",
            record_id: org.id.to_string(),
            summary: json!({
                "kind": data.kind.as_str(),
                "name": data.name,
                "siret": data.siret.as_ref().map(|s| s.as_str()),
                "rna": data.rna.as_ref().map(|r| r.as_str()),
                "commune": data.commune.as_str(),
                "verification_cleared": unverify,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(&format!("/orgs/{}", org.id), "org-updated"))
}

// ---- The organisation page -----------------------------------------------------------------

/// The invitation form's values, kept when it is refused.
#[derive(Deserialize, Default, Debug, Clone)]
#[serde(default)]
pub(super) struct InviteForm {
    pub invite_email: String,
    pub invite_role: String,
}

/// The ESUS approval as shown.
pub(super) struct EsusView {
    pub row: EsusRow,
    pub status: EsusStatus,
    pub valid_until: chrono::NaiveDate,
    pub young: bool,
    pub proof: Option<Document>,
}

impl EsusView {
    pub fn badge(&self) -> &'static str {
        match self.status {
            EsusStatus::Valid => "ok",
            EsusStatus::Expiring => "warn",
            EsusStatus::Expired => "bad",
        }
    }
}

pub(super) async fn esus_view(p: &Ctx, org: &Org) -> AppResult<Option<EsusView>> {
    let Some(row) = queries::current_esus(p.state.db(), org.id()).await? else {
        return Ok(None);
    };
    let rules = p.state.esus_rules();
    let approval = row.approval();
    let proof = match row.proof_document_id {
        Some(d) => {
            queries::document(p.state.db(), org.id(), essor_domain::ids::DocumentId(d)).await?
        }
        None => None,
    };
    Ok(Some(EsusView {
        status: approval.status(&rules, today(p)),
        valid_until: approval.valid_until(&rules),
        young: approval.is_young_company(&rules),
        proof,
        row,
    }))
}

#[derive(Template)]
#[template(path = "orgs/show.html")]
struct ShowTpl<'a> {
    p: &'a Ctx,
    org: &'a Org,
    access: Access,
    me: i64,
    members: Vec<Member>,
    invitations: Vec<Invitation>,
    documents: Vec<Document>,
    esus: Option<EsusView>,
    invite: InviteForm,
    errors: FormErrors,
    today: chrono::NaiveDate,
}

impl ShowTpl<'_> {
    fn commune(&self) -> String {
        let code = &self.org.commune_code;
        match commune_name(code) {
            Some(name) => format!("{name} ({code})"),
            None => code.clone(),
        }
    }

    /// Roles offered when inviting, the default first.
    fn roles(&self) -> [MemberRole; 2] {
        [MemberRole::Member, MemberRole::Owner]
    }

    fn is_invite_role(&self, value: &str) -> bool {
        self.invite.invite_role == value
            || (self.invite.invite_role.is_empty() && value == MemberRole::Member.as_str())
    }

    fn invite_hint(&self) -> String {
        self.p.t1(
            "org-invite-email.hint",
            "days",
            super::members::INVITATION_DAYS,
        )
    }

    fn expired(&self, d: &Document) -> bool {
        d.is_expired(self.today)
    }

    fn since(&self, m: &Member) -> String {
        self.p
            .date(&m.created_at.with_timezone(&self.p.state.tz()).date_naive())
    }

    /// The ESUS section is shown where the approval applies, or if one was recorded anyway.
    fn shows_esus(&self) -> bool {
        self.esus.is_some() || super::esus_applies(self.org.kind())
    }

    fn young_note(&self) -> String {
        let rules = self.p.state.esus_rules();
        self.p
            .t1("esus-young", "years", rules.young_company_under_years)
    }
}

/// Renders the organisation page; with `errors` (a refused invitation or member change) it
/// comes back as 422 with the messages at the top.
pub(super) async fn show_page(
    p: &Ctx,
    org: &Org,
    access: Access,
    invite: InviteForm,
    errors: FormErrors,
) -> AppResult<Response> {
    let db = p.state.db();
    let me = p.require_user()?.id.0;
    let invitations = if access.can_manage() {
        queries::pending_invitations(db, org.id()).await?
    } else {
        vec![]
    };
    let tpl = ShowTpl {
        p,
        org,
        access,
        me,
        members: queries::members(db, org.id()).await?,
        invitations,
        documents: queries::documents_of(db, org.id()).await?,
        esus: esus_view(p, org).await?,
        invite,
        errors,
        today: today(p),
    };
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

pub(super) async fn show(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (org, access) = load(&p, &id).await?;
    show_page(
        &p,
        &org,
        access,
        InviteForm::default(),
        FormErrors::default(),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websites() {
        assert_eq!(
            parse_website("asso92.fr"),
            Ok(Some("https://asso92.fr".into()))
        );
        assert_eq!(
            parse_website(" http://www.asso92.fr/a?b=c "),
            Ok(Some("http://www.asso92.fr/a?b=c".into()))
        );
        assert_eq!(parse_website(""), Ok(None));
        for bad in [
            "javascript:alert(1)",
            "ftp://asso92.fr",
            "https://localhost",
            "https://asso 92.fr",
            "https://a.fr/\"onmouseover",
        ] {
            assert_eq!(parse_website(bad), Err(()), "{bad}");
        }
    }

    #[test]
    fn phones() {
        assert_eq!(
            parse_phone(" 01 47  29 30 00 "),
            Ok(Some("01 47 29 30 00".into()))
        );
        assert_eq!(
            parse_phone("+33 (0)1.47.29.30.00"),
            Ok(Some("+33 (0)1.47.29.30.00".into()))
        );
        assert_eq!(parse_phone(""), Ok(None));
        assert_eq!(parse_phone("12345"), Err(()));
        assert_eq!(parse_phone("01 47 29 30 00 ext"), Err(()));
        assert_eq!(parse_phone("01+47293000"), Err(()));
    }
}
