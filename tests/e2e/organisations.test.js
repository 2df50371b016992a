// The organisation journey of the issue: sign up → verification link from the outbox → sign in
// → create an association with a valid SIRET and RNA (a wrong SIRET is refused first, with a
// message and the rest of the form kept) → invite a member → the member accepts; then a staff
// person (an administrator made with `essor admin create-admin`) finds the organisation in the
// back-office and verifies it. Every page the browsers visit is checked with axe-core.
//
// The steps share one server and run in order; a step whose prerequisite failed is skipped.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  PASSWORD,
  assertAllChecked,
  clickAndLoad,
  email,
  launchBrowser,
  logIn,
  newPage,
  newVerifiedUser,
  signUp,
  startServer,
  verifyFromOutbox,
  visit,
  waitForMail,
} from "./lib/essor.js";

const VALID_SIRET = "55210055400013";
const VALID_SIRET_TYPED = "552 100 554 00013"; // spaces are accepted
const WRONG_SIRET = "55210055400014"; // valid SIREN, wrong check digit
const RNA = "W922001234";
const ORG = {
  name: "Les Jardins partagés de Nanterre",
  acronym: "JPN",
  address: "12 rue des Lilas, 92000 Nanterre",
  commune: "92050",
  contactEmail: "contact@jardins-nanterre.example.org",
  phone: "01 23 45 67 89",
  website: "https://jardins-nanterre.example.org",
};
const ADMIN = { name: "Agnès Agent", email: "agent.ess@departement.example.org", password: PASSWORD };

/** Text with every kind of space (French typography uses no-break spaces) made plain. */
function plain(text) {
  return text.replace(/\s+/g, " ").trim();
}

function pathOf(page) {
  return new URL(page.url()).pathname;
}

describe("organisations, invitations and the back-office", { timeout: 300_000 }, () => {
  let server;
  let browser;
  let owner; // { page, account }
  let member; // { page, account }
  let orgPath = null; // "/orgs/{id}" once created
  let invitationLink = null;
  let accepted = false;

  before(async () => {
    server = await startServer({ admins: [ADMIN] });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const who of [owner, member]) {
      if (who?.page) assertAllChecked(who.page);
    }
    await browser?.close();
    await server?.stop();
  });

  it("the owner signs up, verifies the address from the outbox and signs in", async () => {
    const page = await newPage(browser, server);
    const account = await newVerifiedUser(page, server, "Odile Responsable", "odile");
    owner = { page, account };
    await clickAndLoad(page, page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Mes structures" }));
    assert.equal(pathOf(page), "/orgs");
    await page.getByRole("heading", { level: 1, name: "Mes structures" }).waitFor();
  });

  it("a wrong SIRET is refused with a message, and the rest of the form is kept", async (t) => {
    if (!owner) return t.skip("no owner");
    const { page } = owner;
    await clickAndLoad(page, page.getByRole("link", { name: "Déclarer une structure" }));
    assert.equal(pathOf(page), "/orgs/new");
    await page.getByRole("heading", { level: 1, name: "Déclarer une structure" }).waitFor();

    await page.getByLabel(/^Type de structure/).selectOption({ label: "Association" });
    await page.getByLabel(/^Nom/).fill(ORG.name);
    await page.getByLabel(/^Sigle/).fill(ORG.acronym);
    await page.getByLabel(/^Numéro SIRET/).fill(WRONG_SIRET);
    await page.getByLabel(/^Numéro RNA/).fill(RNA);
    await page.getByLabel(/^Adresse du siège/).fill(ORG.address);
    await page.getByLabel(/^Commune du siège/).selectOption(ORG.commune);
    await page.getByLabel(/^Adresse électronique de contact/).fill(ORG.contactEmail);
    await page.getByLabel(/^Téléphone/).fill(ORG.phone);
    await page.getByLabel(/^Site internet/).fill(ORG.website);
    await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer" }));

    assert.equal(pathOf(page), "/orgs/new", "the form comes back, nothing is created");
    assert.match(await page.title(), /^Le formulaire contient des erreurs/);
    const message = "Ce numéro SIRET n’est pas valide : vérifiez ses chiffres, en particulier les 5 derniers (NIC).";
    await page.getByRole("alert").getByRole("link", { name: message }).waitFor();
    const siret = page.getByLabel(/^Numéro SIRET/);
    assert.equal(await siret.getAttribute("aria-invalid"), "true");
    assert.match(await siret.getAttribute("aria-describedby"), /\be-siret\b/);
    assert.equal(plain(await page.locator("#e-siret").textContent()), message);
    // With JavaScript, the error summary takes the focus.
    assert.equal(await page.evaluate(() => document.activeElement?.id), "error-summary");
    // Everything typed is still there, the wrong SIRET included so that it can be corrected.
    assert.equal(await siret.inputValue(), WRONG_SIRET);
    assert.equal(await page.getByLabel(/^Type de structure/).inputValue(), "association");
    assert.equal(await page.getByLabel(/^Nom/).inputValue(), ORG.name);
    assert.equal(await page.getByLabel(/^Sigle/).inputValue(), ORG.acronym);
    assert.equal(await page.getByLabel(/^Numéro RNA/).inputValue(), RNA);
    assert.equal(await page.getByLabel(/^Adresse du siège/).inputValue(), ORG.address);
    assert.equal(await page.getByLabel(/^Commune du siège/).inputValue(), ORG.commune);
    assert.equal(await page.getByLabel(/^Adresse électronique de contact/).inputValue(), ORG.contactEmail);
    assert.equal(await page.getByLabel(/^Téléphone/).inputValue(), ORG.phone);
    assert.equal(await page.getByLabel(/^Site internet/).inputValue(), ORG.website);
    // Only the SIRET is in error.
    assert.equal(await page.locator("[aria-invalid=true]").count(), 1);
  });

  it("the association is created with a valid SIRET and RNA; its creator is its owner", async (t) => {
    if (!owner || pathOf(owner.page) !== "/orgs/new") return t.skip("no refused form to correct");
    const { page } = owner;
    await page.getByLabel(/^Numéro SIRET/).fill(VALID_SIRET_TYPED);
    await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer" }));
    assert.match(pathOf(page), /^\/orgs\/\d+$/);
    orgPath = pathOf(page);
    await page.getByRole("status").getByText("La structure est enregistrée. Vous en êtes responsable.").waitFor();
    await page.getByRole("heading", { level: 1, name: `${ORG.name} (${ORG.acronym})` }).waitFor();
    const facts = page.locator("dl.facts").first();
    await facts.getByText(RNA, { exact: true }).waitFor();
    const siretShown = (await facts.locator("dt", { hasText: /^Numéro SIRET$/ }).locator("xpath=following-sibling::dd[1]").textContent()).replace(/\s/g, "");
    assert.equal(siretShown, VALID_SIRET);
    await page.getByText("Pas encore vérifiée").first().waitFor();
    const members = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Membre depuis" }) });
    await members.getByRole("row").filter({ hasText: owner.account.email }).getByRole("cell", { name: "Responsable", exact: true }).waitFor();

    // The list of my organisations shows it.
    await clickAndLoad(page, page.getByRole("link", { name: "Retour à mes structures" }));
    const row = page.getByRole("row").filter({ hasText: ORG.name });
    await row.getByRole("cell", { name: "Responsable", exact: true }).waitFor();
    await row.getByText("Pas encore vérifiée").waitFor();
    await clickAndLoad(page, row.getByRole("link", { name: ORG.name }));
    assert.equal(pathOf(page), orgPath);
  });

  it("the owner invites a member, who receives a link by e-mail", async (t) => {
    if (!orgPath) return t.skip("no organisation");
    const { page } = owner;
    const account = { name: "Marc Membre", email: email("marc"), password: PASSWORD };
    member = { account };
    await page.getByLabel(/^Adresse électronique de la personne/).fill(account.email);
    await page.getByLabel(/^Rôle/).selectOption({ label: "Membre" });
    await clickAndLoad(page, page.getByRole("button", { name: "Envoyer l’invitation" }));
    assert.equal(pathOf(page), orgPath);
    await page.getByRole("status").getByText("L’invitation a été envoyée.").waitFor();
    await page.getByRole("row").filter({ hasText: account.email }).getByRole("button", { name: `Annuler l’invitation de ${account.email}` }).waitFor();
    const mail = await waitForMail(server, { to: account.email, pathPattern: /\/invitations\/[A-Za-z0-9_-]+/ });
    invitationLink = mail.link;
  });

  it("the invited person signs up with that address and accepts the invitation", async (t) => {
    if (!invitationLink) return t.skip("no invitation");
    const page = await newPage(browser, server);
    member.page = page;
    const { account } = member;

    // Signed out, the invitation says what to do.
    await visit(page, invitationLink);
    await page.getByRole("heading", { level: 1, name: "Invitation à rejoindre une structure" }).waitFor();
    await page.getByText(ORG.name, { exact: false }).first().waitFor();
    await page.getByText(account.email, { exact: false }).first().waitFor();

    // No account yet: create one with the invited address, verify it.
    await clickAndLoad(page, page.getByRole("main").getByRole("link", { name: "Créer un compte" }));
    assert.equal(pathOf(page), "/signup");
    await signUp(page, account);
    await verifyFromOutbox(page, server, account.email);

    // Before accepting, the organisation is not visible to this person.
    await logIn(page, account);
    const res = await visit(page, orgPath);
    assert.equal(res.status(), 404);
    await page.getByRole("heading", { level: 1, name: "Page introuvable" }).waitFor();

    // Reopen the invitation link and accept.
    await visit(page, invitationLink);
    await clickAndLoad(page, page.getByRole("button", { name: "Accepter l’invitation" }));
    await page.getByRole("status").getByText("Vous avez rejoint la structure.").waitFor();
    accepted = true;

    // The member now sees the organisation, as a member who cannot change it.
    if (pathOf(page) !== orgPath) await visit(page, orgPath);
    await page.getByRole("heading", { level: 1, name: `${ORG.name} (${ORG.acronym})` }).waitFor();
    assert.equal(await page.getByRole("link", { name: "Modifier la structure" }).count(), 0);
    assert.equal(await page.getByRole("button", { name: "Envoyer l’invitation" }).count(), 0);
    await clickAndLoad(page, page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Mes structures" }));
    await page.getByRole("row").filter({ hasText: ORG.name }).getByRole("cell", { name: "Membre", exact: true }).waitFor();

    // The invitation link is used up.
    const used = await visit(page, invitationLink);
    assert.equal(used.status(), 404);
    await page.getByRole("heading", { level: 1, name: "Invitation invalide ou expirée" }).waitFor();
  });

  it("the owner sees the new member and no pending invitation", async (t) => {
    if (!accepted) return t.skip("invitation not accepted");
    const { page } = owner;
    await visit(page, orgPath);
    const row = page.getByRole("row").filter({ hasText: member.account.email });
    await row.getByRole("cell", { name: member.account.name, exact: true }).waitFor();
    await row.getByRole("cell", { name: "Membre", exact: true }).waitFor();
    await row.getByRole("button", { name: `Nommer ${member.account.name} responsable` }).waitFor();
    await page.getByText("Aucune invitation en attente.").waitFor();
  });

  it("a staff person finds the organisation in the back-office and verifies it", async (t) => {
    if (!orgPath) return t.skip("no organisation");
    const page = await newPage(browser, server);
    try {
      await logIn(page, ADMIN, { expectPath: "/" });
      await clickAndLoad(page, page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Back-office" }));
      assert.equal(pathOf(page), "/staff");
      await page.getByRole("heading", { level: 1, name: "Back-office" }).waitFor();
      await page.getByText("1 structure en attente de vérification").waitFor();

      await clickAndLoad(page, page.getByRole("link", { name: "Rechercher une structure" }));
      assert.equal(pathOf(page), "/staff/orgs");
      await page.getByRole("searchbox", { name: /^Nom, sigle, SIRET ou RNA/ }).fill(VALID_SIRET);
      await clickAndLoad(page, page.getByRole("button", { name: "Rechercher" }));
      const row = page.getByRole("row").filter({ hasText: ORG.name });
      await row.getByText("En attente de vérification").waitFor();
      await row.getByText(RNA).waitFor();

      await clickAndLoad(page, row.getByRole("button", { name: `Marquer « ${ORG.name} » comme vérifiée` }));
      await page.getByRole("status").getByText("La structure est marquée comme vérifiée.").waitFor();
      const after = page.getByRole("row").filter({ hasText: ORG.name });
      await after.getByText("Vérifiée", { exact: true }).waitFor();
      await after.getByRole("button", { name: `Retirer la vérification de « ${ORG.name} »` }).waitFor();

      // Staff read the organisation's page without being a member.
      await clickAndLoad(page, after.getByRole("link", { name: ORG.name }));
      assert.equal(pathOf(page), orgPath);
      await page.getByText("Consultation en tant qu’agent du Département").waitFor();
      await page.getByText(/^Vérifiée par le Département le /).waitFor();
      assertAllChecked(page);
    } finally {
      await page.context().close();
    }

    // The owner sees it verified.
    await visit(owner.page, orgPath);
    await owner.page.getByText("Vérifiée par le Département").first().waitFor();
  });

  it("the organisation's other pages pass axe, in French and in English", async (t) => {
    if (!orgPath) return t.skip("no organisation");
    const { page } = owner;
    await visit(page, orgPath);
    await clickAndLoad(page, page.getByRole("link", { name: "Modifier la structure" }));
    assert.equal(pathOf(page), `${orgPath}/edit`);
    await page.getByRole("heading", { level: 1, name: "Modifier la structure" }).waitFor();
    assert.equal(await page.getByLabel(/^Numéro SIRET/).inputValue().then((v) => v.replace(/\s/g, "")), VALID_SIRET);
    await visit(page, orgPath);
    await clickAndLoad(page, page.getByRole("link", { name: "Enregistrer une décision d’agrément ESUS" }));
    await page.getByRole("heading", { level: 1, name: `Agrément ESUS — ${ORG.name}` }).waitFor();
    await visit(page, orgPath);
    await clickAndLoad(page, page.getByRole("link", { name: "Voir et déposer les documents" }));
    await page.getByRole("heading", { level: 1, name: `Documents de ${ORG.name}` }).waitFor();

    // The same pages in English.
    await clickAndLoad(page, page.getByRole("button", { name: "English" }));
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    for (const suffix of ["", "/edit", "/esus"]) {
      await visit(page, `${orgPath}${suffix}`);
      assert.equal(await page.locator("html").getAttribute("lang"), "en");
    }
    await visit(page, "/orgs");
    await page.getByRole("heading", { level: 1, name: "My organisations" }).waitFor();
    await clickAndLoad(page, page.getByRole("button", { name: "Français" }));
    assert.equal(await page.locator("html").getAttribute("lang"), "fr");
  });

  it("the other back-office pages pass axe", async (t) => {
    if (!orgPath) return t.skip("no organisation");
    const page = await newPage(browser, server);
    try {
      await logIn(page, ADMIN);
      await visit(page, "/staff");
      const staffNav = page.getByRole("navigation", { name: "Menu du back-office" });
      await clickAndLoad(page, staffNav.getByRole("link", { name: "Personnes" }));
      assert.equal(pathOf(page), "/staff/people");
      await page.getByRole("searchbox", { name: /^Nom ou adresse électronique/ }).fill(owner.account.email);
      await clickAndLoad(page, page.getByRole("button", { name: "Rechercher" }));
      await clickAndLoad(page, page.getByRole("link", { name: owner.account.name }).first());
      assert.match(pathOf(page), /^\/staff\/people\/\d+$/);
      await page.getByRole("heading", { level: 1, name: owner.account.name }).waitFor();
      await page.getByRole("link", { name: ORG.name }).first().waitFor();
      await clickAndLoad(page, staffNav.getByRole("link", { name: "Journal d’audit" }));
      assert.equal(pathOf(page), "/staff/audit");
      await clickAndLoad(page, staffNav.getByRole("link", { name: "Tâches de fond" }));
      assert.equal(pathOf(page), "/staff/jobs");
      await visit(page, "/staff/orgs?verified=yes");
      await page.getByRole("row").filter({ hasText: ORG.name }).waitFor();
      assertAllChecked(page);
    } finally {
      await page.context().close();
    }
  });

  it("people who are not staff get no back-office", async (t) => {
    if (!owner) return t.skip("no owner");
    const { page } = owner;
    assert.equal(await page.getByRole("link", { name: "Back-office" }).count(), 0);
    const res = await visit(page, "/staff");
    assert.equal(res.status(), 403);
    await page.getByRole("heading", { level: 1, name: "Accès refusé" }).waitFor();
  });
});
