//! Organisations end to end, on every database engine: identity form, permissions, invitations,
//! members, document vault and ESUS approval.

use axum::http::{header, StatusCode};
use axum::Router;
use chrono::{Months, NaiveDate, Utc};
use essor_accounts::orgs::queries::{self, MemberRole};
use essor_accounts::testing::{account, login, PASSWORD};
use essor_accounts::users;
use essor_domain::email::Email;
use essor_domain::ids::{OrgId, UserId};
use essor_domain::role::Role;
use essor_platform::app;
use essor_platform::i18n::Locale;
use essor_platform::testing::{self, Client, TestDb, TestResponse};
use essor_platform::{AppState, Module};
use sea_query::{Alias, Expr, Query};

/// A verified account named after its address's local part.
async fn user(state: &AppState, email: &str) -> UserId {
    account(state, email, email.split('@').next().unwrap(), "fr", &[]).await
}

async fn staff(state: &AppState, email: &str) -> UserId {
    let name = email.split('@').next().unwrap();
    account(state, email, name, "fr", &[Role::Staff]).await
}

fn modules() -> Vec<Module> {
    vec![essor_accounts::module()]
}

/// The French message `id` as it appears in HTML (askama escapes quotes and ampersands).
fn msg(state: &AppState, id: &str) -> String {
    let m = state.i18n().get(Locale::Fr, id, &[]);
    assert_ne!(m, id, "missing message {id}");
    m.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

/// A complete, valid association form; tests override fields.
fn association<'a>() -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "association"),
        ("name", "Les Amis du Parc"),
        ("acronym", "ADP"),
        ("siret", "842 173 056 00016"),
        ("rna", "w922004567"),
        ("legal_category", "9220"),
        ("address", "12 rue des Anciennes Mairies"),
        ("commune", "92050"),
        ("commune_other", ""),
        ("website", "amis-du-parc.example.org"),
        ("contact_email", "Contact@Amis-du-Parc.example.org"),
        ("contact_phone", "01 47 00 00 01"),
    ]
}

fn with<'a>(
    mut form: Vec<(&'a str, &'a str)>,
    changes: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    for (k, v) in changes {
        match form.iter_mut().find(|(f, _)| f == k) {
            Some(slot) => slot.1 = v,
            None => form.push((k, v)),
        }
    }
    form
}

fn org_id_from(res: &TestResponse) -> OrgId {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let loc = res.location().unwrap();
    OrgId(loc.trim_start_matches("/orgs/").parse().unwrap())
}

async fn create_org(c: &mut Client, form: &[(&str, &str)]) -> OrgId {
    let res = c.post("/orgs/new", form).await;
    org_id_from(&res)
}

async fn audit_actions(state: &AppState) -> Vec<String> {
    essor_platform::audit::page(state.db(), Some("organisation"), None, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect()
}

fn pdf(body: &str) -> Vec<u8> {
    format!("%PDF-1.7\n{body}\n%%EOF\n").into_bytes()
}

/// Today (UTC): the dates the tests pick are months away from any time-zone boundary.
fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn years_before(d: NaiveDate, years: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(12 * years)).unwrap()
}

#[tokio::test]
async fn creating_an_organisation_with_siret_and_rna() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let owner = user(&state, "owner@example.org").await;
        let mut c = login(&router, "owner@example.org").await;

        let page = c.get("/orgs").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(&msg(&state, "orgs-empty")));
        assert_eq!(c.get("/orgs/new").await.status, StatusCode::OK);

        let id = create_org(&mut c, &association()).await;
        let org = queries::by_id(state.db(), id).await.unwrap().unwrap();
        assert_eq!(org.siret.as_deref(), Some("84217305600016"), "{}", t.label);
        assert_eq!(org.siren.as_deref(), Some("842173056"));
        assert_eq!(org.rna.as_deref(), Some("W922004567"));
        assert_eq!(org.contact_email, "contact@amis-du-parc.example.org");
        assert_eq!(
            org.website.as_deref(),
            Some("https://amis-du-parc.example.org")
        );
        assert_eq!(org.commune_code, "92050");
        assert_eq!(
            queries::role_of(state.db(), id, owner).await.unwrap(),
            Some(MemberRole::Owner)
        );

        let page = c.get(&format!("/orgs/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(&msg(&state, "org-created")));
        assert!(page.body.contains("Les Amis du Parc"));
        assert!(page.body.contains("842\u{a0}173\u{a0}056\u{a0}00016"));
        assert!(page.body.contains("Nanterre (92050)"));
        assert!(page.body.contains(&msg(&state, "org-not-verified")));
        assert!(page.body.contains(&msg(&state, "org-role-owner")));
        let list = c.get("/orgs").await;
        assert!(list.body.contains(&format!("href=\"/orgs/{id}\"")));
        assert!(audit_actions(&state)
            .await
            .contains(&"org.create".to_owned()));

        // The same SIRET cannot be registered twice.
        let again = c.post("/orgs/new", &association()).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.body.contains(&msg(&state, "org-error-siret-taken")));
    }
}

#[tokio::test]
async fn a_wrong_siret_is_refused_and_the_form_kept() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let owner = user(&state, "owner@example.org").await;
        let mut c = login(&router, "owner@example.org").await;
        let res = c
            .post(
                "/orgs/new",
                &with(association(), &[("siret", "842 173 056 00017")]),
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        assert!(res.body.contains(&msg(&state, "id-siret-checksum")));
        assert!(res.body.contains("href=\"#f-siret\""));
        // Every other field comes back as typed.
        for kept in [
            "value=\"Les Amis du Parc\"",
            "value=\"ADP\"",
            "value=\"842 173 056 00017\"",
            "value=\"w922004567\"",
            "value=\"12 rue des Anciennes Mairies\"",
            "value=\"amis-du-parc.example.org\"",
            "value=\"Contact@Amis-du-Parc.example.org\"",
            "value=\"01 47 00 00 01\"",
            "<option value=\"association\" selected>",
            "<option value=\"92050\" selected>",
        ] {
            assert!(res.body.contains(kept), "{kept} not kept");
        }
        assert!(queries::orgs_of(state.db(), owner)
            .await
            .unwrap()
            .is_empty());

        // Other identifier errors, each with its own message.
        let res = c
            .post("/orgs/new", &with(association(), &[("rna", "X123")]))
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains(&msg(&state, "id-rna-format")));
        let res = c
            .post(
                "/orgs/new",
                &with(
                    association(),
                    &[("commune", "other"), ("commune_other", "92999")],
                ),
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains(&msg(&state, "org-error-commune-unknown")));
        assert!(res.body.contains("<option value=\"other\" selected>"));
    }
}

#[tokio::test]
async fn identifiers_required_by_kind() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        user(&state, "owner@example.org").await;
        let mut c = login(&router, "owner@example.org").await;

        // An association may have only an RNA number.
        let id = create_org(&mut c, &with(association(), &[("siret", "")])).await;
        let org = queries::by_id(state.db(), id).await.unwrap().unwrap();
        assert_eq!(org.siret, None, "{}", t.label);
        assert_eq!(org.siren, None);
        assert_eq!(org.rna.as_deref(), Some("W922004567"));

        // But not nothing at all.
        let res = c
            .post(
                "/orgs/new",
                &with(association(), &[("siret", ""), ("rna", "")]),
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains(&msg(&state, "org-error-id-required")));

        // Companies need a SIRET.
        for kind in ["ess_company", "commercial_company", "cooperative"] {
            let res = c
                .post(
                    "/orgs/new",
                    &with(
                        association(),
                        &[("kind", kind), ("siret", ""), ("rna", "W921111111")],
                    ),
                )
                .await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{kind}");
            assert!(res.body.contains(&msg(&state, "org-error-siret-required")));
            assert!(res.body.contains("value=\"Les Amis du Parc\""));
        }
        let id = create_org(
            &mut c,
            &with(
                association(),
                &[
                    ("kind", "ess_company"),
                    ("siret", "81904462900023"),
                    ("rna", ""),
                    ("legal_category", "5710"),
                    // A head office outside the territory (Paris).
                    ("commune", "other"),
                    ("commune_other", "75056"),
                ],
            ),
        )
        .await;
        let page = c.get(&format!("/orgs/{id}")).await;
        assert!(page.body.contains("Paris (75056)"));
    }
}

#[tokio::test]
async fn who_sees_and_who_changes() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        user(&state, "owner@example.org").await;
        let member = user(&state, "member@example.org").await;
        user(&state, "stranger@example.org").await;
        staff(&state, "agent@example.org").await;
        let mut owner = login(&router, "owner@example.org").await;
        let id = create_org(&mut owner, &association()).await;
        let res = owner
            .post_multipart(
                &format!("/orgs/{id}/documents"),
                &[
                    ("kind", None, b"statutes"),
                    ("file", Some("statuts.pdf"), &pdf("statuts")),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let doc = queries::documents_of(state.db(), id).await.unwrap()[0].id;
        let mut tx = state.db().begin().await.unwrap();
        queries::add_member(&mut tx, id, member, MemberRole::Member)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let reads = [
            format!("/orgs/{id}"),
            format!("/orgs/{id}/documents"),
            format!("/orgs/{id}/documents/{doc}"),
        ];
        let owner_only = [format!("/orgs/{id}/edit"), format!("/orgs/{id}/esus")];

        // Signed out: to the sign-in page.
        let mut anon = Client::new(&router);
        let res = anon.get(&format!("/orgs/{id}")).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert!(res.location().unwrap().starts_with("/login?next="));

        // A stranger learns nothing, not even that the organisation exists.
        let mut stranger = login(&router, "stranger@example.org").await;
        for path in reads.iter().chain(&owner_only) {
            assert_eq!(
                stranger.get(path).await.status,
                StatusCode::NOT_FOUND,
                "{path} {}",
                t.label
            );
        }
        let res = stranger
            .post(&format!("/orgs/{id}/edit"), &association())
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        let res = stranger
            .post_multipart(
                &format!("/orgs/{id}/documents"),
                &[
                    ("kind", None, b"statutes"),
                    ("file", Some("x.pdf"), &pdf("x")),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert_eq!(
            stranger.get("/orgs/999999").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            stranger.get("/orgs/abc").await.status,
            StatusCode::NOT_FOUND
        );

        // A member views and downloads, but changes nothing (403: they know it exists).
        let mut m = login(&router, "member@example.org").await;
        for path in &reads {
            assert_eq!(m.get(path).await.status, StatusCode::OK, "{path}");
        }
        for path in &owner_only {
            assert_eq!(m.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
        }
        let res = m
            .post(
                &format!("/orgs/{id}/edit"),
                &with(association(), &[("name", "Pris")]),
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = m
            .post(
                &format!("/orgs/{id}/invitations"),
                &[("invite_email", "x@example.org")],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = m
            .post_multipart(
                &format!("/orgs/{id}/documents"),
                &[
                    ("kind", None, b"statutes"),
                    ("file", Some("x.pdf"), &pdf("x")),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let page = m.get(&format!("/orgs/{id}")).await;
        assert!(!page.body.contains(&format!("/orgs/{id}/edit")));
        assert_eq!(
            queries::by_id(state.db(), id).await.unwrap().unwrap().name,
            "Les Amis du Parc"
        );

        // Staff read every organisation, and change nothing here.
        let mut agent = login(&router, "agent@example.org").await;
        for path in &reads {
            assert_eq!(agent.get(path).await.status, StatusCode::OK, "{path}");
        }
        let page = agent.get(&format!("/orgs/{id}")).await;
        assert!(page.body.contains(&msg(&state, "org-staff-view")));
        assert_eq!(
            agent.get(&format!("/orgs/{id}/edit")).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            agent.post(&format!("/orgs/{id}/leave"), &[]).await.status,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn editing_keeps_verification_unless_the_identity_changes() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        user(&state, "owner@example.org").await;
        let agent = staff(&state, "agent@example.org").await;
        let mut c = login(&router, "owner@example.org").await;
        let id = create_org(&mut c, &association()).await;
        let mut tx = state.db().begin().await.unwrap();
        queries::mark_verified(&mut tx, id, agent).await.unwrap();
        tx.commit().await.unwrap();
        let page = c.get(&format!("/orgs/{id}")).await;
        assert!(
            page.body.contains(&msg(&state, "org-verified")),
            "{}",
            t.label
        );

        let form = c.get(&format!("/orgs/{id}/edit")).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("value=\"84217305600016\""));
        let res = c
            .post(
                &format!("/orgs/{id}/edit"),
                &with(association(), &[("contact_phone", "01 47 00 00 99")]),
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let org = queries::by_id(state.db(), id).await.unwrap().unwrap();
        assert_eq!(org.contact_phone.as_deref(), Some("01 47 00 00 99"));
        assert!(org.is_verified());

        // A refused edit changes nothing and keeps what was typed.
        let res = c
            .post(
                &format!("/orgs/{id}/edit"),
                &with(association(), &[("name", "Nouveau nom"), ("siret", "123")]),
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("value=\"Nouveau nom\""));
        assert!(res.body.contains(&msg(&state, "id-siret-length")));

        let res = c
            .post(
                &format!("/orgs/{id}/edit"),
                &with(association(), &[("name", "Les Amis du Grand Parc")]),
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let org = queries::by_id(state.db(), id).await.unwrap().unwrap();
        assert_eq!(org.name, "Les Amis du Grand Parc");
        assert!(!org.is_verified());
        let actions = audit_actions(&state).await;
        assert_eq!(actions.iter().filter(|a| *a == "org.update").count(), 2);
    }
}

/// The invitation link from the last e-mail sent to `to`.
fn invitation_link(state: &AppState, to: &str) -> String {
    let mails = testing::outbox(state);
    let mail = mails
        .iter()
        .rev()
        .find(|m| m.contains(&format!("To: {to}")))
        .unwrap_or_else(|| panic!("no mail to {to}"));
    testing::link_path(mail, "http://essor.test/invitations/").expect("invitation link")
}

#[tokio::test]
async fn invitations_end_to_end() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        user(&state, "owner@example.org").await;
        let invitee = user(&state, "invitee@example.org").await;
        let other = user(&state, "other@example.org").await;
        let mut owner = login(&router, "owner@example.org").await;
        let id = create_org(&mut owner, &association()).await;

        // A bad address is refused on the organisation page, what was typed kept.
        let res = owner
            .post(
                &format!("/orgs/{id}/invitations"),
                &[
                    ("invite_email", "not an address"),
                    ("invite_role", "member"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains(&msg(&state, "email-invalid")));
        assert!(res.body.contains("value=\"not an address\""));

        let res = owner
            .post(
                &format!("/orgs/{id}/invitations"),
                &[
                    ("invite_email", "Invitee@Example.org"),
                    ("invite_role", "member"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", t.label);
        let page = owner.get(&format!("/orgs/{id}")).await;
        assert!(page.body.contains("invitee@example.org"));
        essor_platform::jobs::drain(&state).await.unwrap();
        let mails = testing::outbox(&state);
        let mail = mails.last().unwrap();
        assert!(mail.contains("To: invitee@example.org"));
        assert!(mail.contains(&state.i18n().get(Locale::Fr, "email-invitation-action", &[])));
        let link = invitation_link(&state, "invitee@example.org");

        // Signed out: asked to sign in (or sign up) with that address.
        let mut anon = Client::new(&router);
        let res = anon.get(&link).await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains("Les Amis du Parc"));
        assert!(res.body.contains("/login?next="));
        assert!(res.body.contains("href=\"/signup\""));
        let res = anon.post(&link, &[]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert!(res.location().unwrap().starts_with("/login?next="));

        // Another account cannot use it, and is told why.
        let mut o = login(&router, "other@example.org").await;
        let res = o.get(&link).await;
        assert!(res.body.contains("invitee@example.org"));
        let res = o.post(&link, &[]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert!(queries::role_of(state.db(), id, other)
            .await
            .unwrap()
            .is_none());

        // The invited person accepts.
        let mut i = login(&router, "invitee@example.org").await;
        assert_eq!(
            i.get(&format!("/orgs/{id}")).await.status,
            StatusCode::NOT_FOUND
        );
        let res = i.get(&link).await;
        assert!(res.body.contains(&msg(&state, "invitation-accept")));
        let res = i.post(&link, &[]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(res.location(), Some(format!("/orgs/{id}").as_str()));
        assert_eq!(
            queries::role_of(state.db(), id, invitee).await.unwrap(),
            Some(MemberRole::Member)
        );
        let page = i.get(&format!("/orgs/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(&msg(&state, "invitation-accepted")));

        // Used once only.
        let res = i.post(&link, &[]).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert!(res.body.contains(&msg(&state, "invitation-invalid-title")));
        let actions = audit_actions(&state).await;
        assert!(actions.contains(&"org.invite".to_owned()));
        assert!(actions.contains(&"org.invitation_accept".to_owned()));

        // Inviting someone who is already a member is refused.
        let res = owner
            .post(
                &format!("/orgs/{id}/invitations"),
                &[("invite_email", "invitee@example.org")],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains(&msg(&state, "org-invite-already-member")));
    }
}

#[tokio::test]
async fn expired_and_revoked_invitations_are_refused() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        user(&state, "owner@example.org").await;
        let late = user(&state, "late@example.org").await;
        let mut owner = login(&router, "owner@example.org").await;
        let id = create_org(&mut owner, &association()).await;
        for email in ["late@example.org", "revoked@example.org"] {
            let res = owner
                .post(
                    &format!("/orgs/{id}/invitations"),
                    &[("invite_email", email)],
                )
                .await;
            assert_eq!(res.status, StatusCode::SEE_OTHER);
        }
        essor_platform::jobs::drain(&state).await.unwrap();

        // Expired: 14 days have passed.
        state
            .db()
            .execute(
                Query::update()
                    .table(Alias::new("invitations"))
                    .value(
                        Alias::new("expires_at"),
                        Utc::now() - chrono::Duration::minutes(1),
                    )
                    .and_where(Expr::col(Alias::new("email")).eq("late@example.org")),
            )
            .await
            .unwrap();
        let link = invitation_link(&state, "late@example.org");
        let mut l = login(&router, "late@example.org").await;
        let res = l.get(&link).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", t.label);
        assert!(res.body.contains(&msg(&state, "invitation-invalid-body")));
        assert_eq!(l.post(&link, &[]).await.status, StatusCode::NOT_FOUND);
        assert!(queries::role_of(state.db(), id, late)
            .await
            .unwrap()
            .is_none());

        // Revoked by an owner.
        let pending = queries::pending_invitations(state.db(), id).await.unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].email, "revoked@example.org");
        let res = owner
            .post(
                &format!("/orgs/{id}/invitations/{}/revoke", pending[0].id),
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert!(queries::pending_invitations(state.db(), id)
            .await
            .unwrap()
            .is_empty());
        let revoked = user(&state, "revoked@example.org").await;
        let mut r = login(&router, "revoked@example.org").await;
        let link = invitation_link(&state, "revoked@example.org");
        assert_eq!(r.post(&link, &[]).await.status, StatusCode::NOT_FOUND);
        assert!(queries::role_of(state.db(), id, revoked)
            .await
            .unwrap()
            .is_none());
        assert!(audit_actions(&state)
            .await
            .contains(&"org.invitation_revoke".to_owned()));
    }
}

#[tokio::test]
async fn an_organisation_always_keeps_an_owner() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let first = user(&state, "first@example.org").await;
        let second = user(&state, "second@example.org").await;
        let mut c1 = login(&router, "first@example.org").await;
        let id = create_org(&mut c1, &association()).await;

        // The only owner can neither leave, nor step down, nor remove themself.
        let res = c1.post(&format!("/orgs/{id}/leave"), &[]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        assert!(res.body.contains(&msg(&state, "org-last-owner-leave")));
        let res = c1
            .post(
                &format!("/orgs/{id}/members/{first}/role"),
                &[("role", "member")],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains(&msg(&state, "org-last-owner")));
        let res = c1
            .post(&format!("/orgs/{id}/members/{first}/remove"), &[])
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            queries::role_of(state.db(), id, first).await.unwrap(),
            Some(MemberRole::Owner)
        );

        // With a second member made owner, the first may step down, then leave.
        let mut tx = state.db().begin().await.unwrap();
        queries::add_member(&mut tx, id, second, MemberRole::Member)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut c2 = login(&router, "second@example.org").await;
        // A plain member cannot change roles.
        let res = c2
            .post(
                &format!("/orgs/{id}/members/{second}/role"),
                &[("role", "owner")],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = c1
            .post(
                &format!("/orgs/{id}/members/{second}/role"),
                &[("role", "owner")],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let res = c1
            .post(
                &format!("/orgs/{id}/members/{first}/role"),
                &[("role", "member")],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(
            queries::role_of(state.db(), id, first).await.unwrap(),
            Some(MemberRole::Member)
        );
        // Now the second is the last owner: it cannot be removed by anyone.
        let res = c2
            .post(&format!("/orgs/{id}/members/{second}/remove"), &[])
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let res = c1.post(&format!("/orgs/{id}/leave"), &[]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(res.location(), Some("/orgs"));
        assert_eq!(
            c1.get(&format!("/orgs/{id}")).await.status,
            StatusCode::NOT_FOUND
        );

        // An owner removes a member.
        let mut tx = state.db().begin().await.unwrap();
        queries::add_member(&mut tx, id, first, MemberRole::Member)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let res = c2
            .post(&format!("/orgs/{id}/members/{first}/remove"), &[])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert!(queries::role_of(state.db(), id, first)
            .await
            .unwrap()
            .is_none());
        let members = queries::members(state.db(), id).await.unwrap();
        assert_eq!(members.len(), 1);
        assert!(members[0].is_owner());
        let actions = audit_actions(&state).await;
        for a in ["org.member_role", "org.leave", "org.member_remove"] {
            assert!(actions.contains(&a.to_owned()), "{a}");
        }
    }
}

/// The app with a small upload limit, to test refusals without megabytes of data.
fn small_upload_app(t: &TestDb, max: u64) -> (AppState, Router) {
    let mut cfg = testing::test_config(&t.dir);
    cfg.max_upload_bytes = max;
    let state = app::state_with_db(cfg, t.db.clone(), &modules()).unwrap();
    let router = app::router(state.clone(), modules());
    (state, router)
}

#[tokio::test]
async fn document_vault_uploads_replaces_and_refuses() {
    for t in testing::databases().await {
        let (state, router) = small_upload_app(&t, 4096);
        user(&state, "owner@example.org").await;
        let member = user(&state, "member@example.org").await;
        user(&state, "stranger@example.org").await;
        let mut c = login(&router, "owner@example.org").await;
        let id = create_org(&mut c, &association()).await;
        let mut tx = state.db().begin().await.unwrap();
        queries::add_member(&mut tx, id, member, MemberRole::Member)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let vault = format!("/orgs/{id}/documents");

        // The form carries the CSRF token in its action, for the multipart body.
        let page = c.get(&vault).await;
        assert!(page.body.contains(&format!(
            "action=\"/orgs/{id}/documents?_csrf={}\"",
            c.csrf()
        )));

        let first = pdf("statuts 2019");
        let res = c
            .post_multipart(
                &vault,
                &[
                    ("kind", None, b"statutes"),
                    ("valid_until", None, b""),
                    ("file", Some("../../Statuts signés.pdf"), &first),
                ],
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "{} {}",
            t.label,
            res.body
        );
        let docs = queries::documents_of(state.db(), id).await.unwrap();
        assert_eq!(docs.len(), 1);
        let doc = &docs[0];
        assert_eq!(doc.original_name, "Statuts signés.pdf");
        assert_eq!(doc.content_type, "application/pdf");
        assert_eq!(doc.size_bytes, first.len() as i64);
        assert!(doc.storage_key.starts_with(&format!("orgs/{id}/")));
        assert!(!doc.storage_key.contains("Statuts"));

        // Members download it, as an attachment with its type.
        let mut m = login(&router, "member@example.org").await;
        let res = m.get(&format!("{vault}/{}", doc.id)).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.headers[header::CONTENT_TYPE], "application/pdf");
        let cd = res.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert!(cd.starts_with("attachment;"), "{cd}");
        assert!(
            cd.contains("filename*=UTF-8''Statuts%20sign%C3%A9s.pdf"),
            "{cd}"
        );
        assert_eq!(res.body.as_bytes(), &first[..]);
        let mut s = login(&router, "stranger@example.org").await;
        assert_eq!(
            s.get(&format!("{vault}/{}", doc.id)).await.status,
            StatusCode::NOT_FOUND
        );

        // Refused uploads leave the current document as it was.
        let exe: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00not a document";
        let big = pdf(&"x".repeat(5000));
        let huge = pdf(&"y".repeat(100_000));
        for (label, body, message) in [
            ("bad type", exe.to_vec(), "upload-bad-type"),
            ("over the limit", big, "upload-too-large"),
            ("over the body limit", huge, "upload-too-large"),
            ("empty", vec![], "upload-empty"),
        ] {
            let res = c
                .post_multipart(
                    &vault,
                    &[
                        ("kind", None, b"statutes"),
                        ("valid_until", None, b"2030-01-01"),
                        ("file", Some("nouveaux.pdf"), &body),
                    ],
                )
                .await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
            assert!(res.body.contains(&msg(&state, message)), "{label}");
            let docs = queries::documents_of(state.db(), id).await.unwrap();
            assert_eq!(docs.len(), 1, "{label}");
            assert_eq!(docs[0].id, doc.id, "{label}");
            assert!(docs[0].replaced_at.is_none());
        }
        // No kind chosen: refused too, and the kept file is removed again.
        let res = c
            .post_multipart(
                &vault,
                &[("kind", None, b""), ("file", Some("x.pdf"), &pdf("x"))],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains(&msg(&state, "documents-error-kind")));

        // A new statutes document replaces the old one, which stays in the history; the
        // file may come before the other fields.
        let second = pdf("statuts 2024");
        let res = c
            .post_multipart(
                &vault,
                &[
                    ("file", Some("statuts-2024.pdf"), &second),
                    ("kind", None, b"statutes"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let docs = queries::documents_of(state.db(), id).await.unwrap();
        assert_eq!(docs.len(), 1);
        assert_ne!(docs[0].id, doc.id);
        assert_eq!(docs[0].original_name, "statuts-2024.pdf");
        let page = c.get(&vault).await;
        assert!(page.body.contains(&msg(&state, "documents-history")));
        assert!(page.body.contains("Statuts signés.pdf"));
        // The replaced version can still be downloaded.
        let old = m.get(&format!("{vault}/{}", doc.id)).await;
        assert_eq!(old.body.as_bytes(), &first[..]);

        // Only the two accepted uploads left files behind.
        let files = std::fs::read_dir(state.config().files_dir().join(format!("orgs/{id}")))
            .unwrap()
            .count();
        assert_eq!(files, 2);

        // An expired document is shown as such.
        let res = c
            .post_multipart(
                &vault,
                &[
                    ("kind", None, b"bank_details"),
                    ("valid_until", None, b"2020-01-31"),
                    ("file", Some("rib.pdf"), &pdf("rib")),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let page = m.get(&format!("/orgs/{id}")).await;
        assert!(page.body.contains(&msg(&state, "documents-expired")));
        assert_eq!(
            audit_actions(&state)
                .await
                .iter()
                .filter(|a| *a == "org.document_upload")
                .count(),
            3
        );
    }
}

#[tokio::test]
async fn esus_validity_is_computed_and_shown() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        user(&state, "owner@example.org").await;
        let mut c = login(&router, "owner@example.org").await;
        let id = create_org(
            &mut c,
            &with(
                association(),
                &[
                    ("kind", "ess_company"),
                    ("rna", ""),
                    ("legal_category", "5710"),
                ],
            ),
        )
        .await;
        let esus = format!("/orgs/{id}/esus");
        assert_eq!(c.get(&esus).await.status, StatusCode::OK);
        let today = today();

        // An established company: 5 years, through the day before the anniversary.
        let decision = years_before(today, 1);
        let res = c
            .post(
                &esus,
                &[
                    ("decision_date", &decision.format("%Y-%m-%d").to_string()),
                    ("authority", "Préfecture des Hauts-de-Seine"),
                    (
                        "company_created",
                        &years_before(decision, 10).format("%d/%m/%Y").to_string(),
                    ),
                ],
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "{} {}",
            t.label,
            res.body
        );
        let row = queries::current_esus(state.db(), id)
            .await
            .unwrap()
            .unwrap();
        let five = decision
            .checked_add_months(Months::new(60))
            .unwrap()
            .pred_opt()
            .unwrap();
        assert_eq!(row.valid_until, five);
        let page = c.get(&format!("/orgs/{id}")).await;
        assert!(page.body.contains(&msg(&state, "esus-valid")));
        assert!(page.body.contains("class=\"badge ok\""));
        assert!(page.body.contains(&five.format("%d/%m/%Y").to_string()));

        // A company under 3 years old at the decision: 2 years, over by now.
        let decision = years_before(today, 3);
        let res = c
            .post(
                &esus,
                &[
                    ("decision_date", &decision.format("%Y-%m-%d").to_string()),
                    ("authority", "Préfecture des Hauts-de-Seine"),
                    (
                        "company_created",
                        &years_before(decision, 1).format("%Y-%m-%d").to_string(),
                    ),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let row = queries::current_esus(state.db(), id)
            .await
            .unwrap()
            .unwrap();
        let two = decision
            .checked_add_months(Months::new(24))
            .unwrap()
            .pred_opt()
            .unwrap();
        assert_eq!(row.valid_until, two);
        // The latest record is the current one (a correction or a renewal).
        assert_eq!(row.decision_date, decision);
        let page = c.get(&format!("/orgs/{id}")).await;
        assert!(page.body.contains(&msg(&state, "esus-expired")));
        assert!(!page.body.contains(&msg(&state, "esus-valid")));
        assert!(page.body.contains("class=\"badge bad\""));
        assert!(page.body.contains(&two.format("%d/%m/%Y").to_string()));

        // Close to its end: expiring.
        let decision = years_before(today, 5) + chrono::Days::new(30);
        let res = c
            .post(
                &esus,
                &[
                    ("decision_date", &decision.format("%Y-%m-%d").to_string()),
                    ("authority", "Préfecture des Hauts-de-Seine"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let page = c.get(&format!("/orgs/{id}")).await;
        assert!(page.body.contains(&msg(&state, "esus-expiring")));
        assert!(page.body.contains("class=\"badge warn\""));

        // Refusals: a future decision, a creation after the decision, a foreign proof.
        let tomorrow = today + chrono::Days::new(2);
        let res = c
            .post(
                &esus,
                &[
                    ("decision_date", &tomorrow.format("%Y-%m-%d").to_string()),
                    ("authority", "Préfecture des Hauts-de-Seine"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains(&msg(&state, "esus-error-future")));
        let res = c
            .post(
                &esus,
                &[
                    ("decision_date", "2024-03-15"),
                    ("authority", "Préfecture des Hauts-de-Seine"),
                    ("company_created", "2024-04-01"),
                    ("proof_document", "999"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains(&msg(&state, "esus-error-created-after")));
        assert!(res.body.contains(&msg(&state, "esus-error-proof")));
        assert!(res.body.contains("value=\"2024-04-01\""));
        let res = c
            .post(&esus, &[("decision_date", "31/02/2024"), ("authority", "")])
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains(&msg(&state, "org-error-date")));
        assert!(res.body.contains(&msg(&state, "field-required")));
        assert_eq!(
            audit_actions(&state)
                .await
                .iter()
                .filter(|a| *a == "org.esus_set")
                .count(),
            3
        );

        // Schools and public bodies have no ESUS approval.
        let school = create_org(
            &mut c,
            &with(
                association(),
                &[("kind", "school"), ("siret", "19920148400011"), ("rna", "")],
            ),
        )
        .await;
        assert_eq!(
            c.get(&format!("/orgs/{school}/esus")).await.status,
            StatusCode::NOT_FOUND
        );
        let page = c.get(&format!("/orgs/{school}")).await;
        assert!(!page.body.contains("id=\"esus\""));
        assert!(c
            .get(&format!("/orgs/{id}"))
            .await
            .body
            .contains("id=\"esus\""));
    }
}

#[tokio::test]
async fn esus_proof_comes_from_the_vault() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        user(&state, "owner@example.org").await;
        let mut c = login(&router, "owner@example.org").await;
        let id = create_org(
            &mut c,
            &with(association(), &[("kind", "ess_company"), ("rna", "")]),
        )
        .await;
        let res = c
            .post_multipart(
                &format!("/orgs/{id}/documents"),
                &[
                    ("kind", None, b"esus_decision"),
                    ("file", Some("arrete-esus.pdf"), &pdf("arrete")),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let doc = queries::documents_of(state.db(), id).await.unwrap()[0].id;
        let decision = years_before(today(), 1);
        let res = c
            .post(
                &format!("/orgs/{id}/esus"),
                &[
                    ("decision_date", &decision.format("%Y-%m-%d").to_string()),
                    ("authority", "Préfecture des Hauts-de-Seine"),
                    ("proof_document", &doc.to_string()),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", t.label);
        let row = queries::current_esus(state.db(), id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.proof_document_id, Some(doc));
        let page = c.get(&format!("/orgs/{id}")).await;
        assert!(page
            .body
            .contains(&format!("/orgs/{id}/documents/{doc}\">arrete-esus.pdf")));
    }
}

#[tokio::test]
async fn the_demo_seeds_organisations() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        essor_accounts::demo::seed(&state, PASSWORD).await.unwrap();
        let mut c = login(&router, "esus@essor.demo").await;
        let list = c.get("/orgs").await;
        assert_eq!(list.status, StatusCode::OK, "{}", t.label);
        let ids: Vec<i64> = list
            .body
            .match_indices("href=\"/orgs/")
            .filter_map(|(i, _)| {
                let rest = &list.body[i + 12..];
                rest[..rest.find('"')?].parse().ok()
            })
            .collect();
        assert_eq!(ids.len(), 2);
        let mut seen = vec![];
        for id in ids {
            let page = c.get(&format!("/orgs/{id}")).await;
            for s in ["esus-valid", "esus-expired"] {
                if page.body.contains(&msg(&state, s)) {
                    seen.push(s);
                }
            }
        }
        seen.sort();
        assert_eq!(seen, ["esus-expired", "esus-valid"]);

        let mut a = login(&router, "asso@essor.demo").await;
        let mine = queries::orgs_of(
            state.db(),
            users::by_email(state.db(), &Email::parse("asso@essor.demo").unwrap())
                .await
                .unwrap()
                .unwrap()
                .id(),
        )
        .await
        .unwrap();
        assert_eq!(mine.len(), 1);
        let org = queries::by_id(state.db(), OrgId(mine[0].id))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(org.commune_code, "92050");
        assert!(org.siret.is_some() && org.rna.is_some());
        let docs = queries::documents_of(state.db(), org.id()).await.unwrap();
        assert!(docs.len() >= 3);
        let res = a
            .get(&format!("/orgs/{}/documents/{}", org.id, docs[0].id))
            .await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.starts_with("%PDF-"));
        for login_email in [
            "funder@essor.demo",
            "ecole@essor.demo",
            "entreprise@essor.demo",
        ] {
            let mut l = login(&router, login_email).await;
            let page = l.get("/orgs").await;
            assert_eq!(
                page.body.matches("href=\"/orgs/").count()
                    - page.body.matches("href=\"/orgs/new").count(),
                1,
                "{login_email}"
            );
        }
    }
}
