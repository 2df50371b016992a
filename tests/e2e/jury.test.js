// The jury journey of the issue, on the demo data (`essor demo`): staff build the scoring grid
// of the pilot call (three files under instruction, no jury yet) with the default Progr’ESS grid,
// invite three reviewers — the demo jury account, an outside expert who creates an account from
// the invitation, and the owner of an applicant association (a conflict of interest detected
// automatically) — run the optimal assignment and accept it; two reviewers score their files
// (an incomplete submission is refused with an error summary first). Every page is checked with
// axe-core.
//
// The steps share one server and run in order; a step whose prerequisite failed is skipped.
// Later parts of the jury (ranking, commission, award) extend this file: `state` keeps what they
// need (the call's staff URL, the pages of each persona).

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  DEMO_PASSWORD,
  assertAllChecked,
  clickAndLoad,
  email,
  launchBrowser,
  logIn,
  newPage,
  startServer,
  signUp,
  verifyFromOutbox,
  visit,
  waitForMail,
} from "./lib/essor.js";

const STAFF = { email: "agent@essor.demo", password: DEMO_PASSWORD };
const JURY = { name: "Jeanne Jury", email: "jury@essor.demo", password: DEMO_PASSWORD, tags: "alimentation, gaspillage" };
const ASSO = { name: "Aïcha Association", email: "asso@essor.demo", password: DEMO_PASSWORD, tags: "jardins, alimentation" };
const EXPERT = { name: "Xavier Externe", email: email("expert"), tags: "déchets, compostage, circuit court" };
const PILOT = "Progr’ESS — Édition pilote";

function pathOf(page) {
  return new URL(page.url()).pathname;
}

describe("jury: grid, reviewers, assignment, scoring", () => {
  let server;
  let browser;
  /** What later steps (and later parts of the jury) need. */
  const state = { jury: null, pages: {}, ok: true };

  before(async () => {
    server = await startServer({ demo: true });
    browser = await launchBrowser();
  });

  after(async () => {
    for (const p of Object.values(state.pages)) assertAllChecked(p);
    await browser?.close();
    await server?.stop();
  });

  /** Runs a step only if every previous one passed. */
  function step(name, fn) {
    it(name, async (t) => {
      if (!state.ok) return t.skip("an earlier step failed");
      try {
        await fn();
      } catch (e) {
        state.ok = false;
        throw e;
      }
    });
  }

  step("staff open the pilot call's jury and add the default Progr’ESS grid", async () => {
    const page = (state.pages.staff = await newPage(browser, server));
    await logIn(page, STAFF);
    await visit(page, "/staff/calls");
    await clickAndLoad(page, page.getByRole("link", { name: PILOT }).first());
    const callPath = pathOf(page);
    assert.match(callPath, /^\/staff\/calls\/\d+$/);
    state.jury = `${callPath}/jury`;
    await visit(page, `${state.jury}/grid`);
    await clickAndLoad(page, page.getByRole("button", { name: "Utiliser la grille Progr’ESS par défaut" }));
    await page.getByText("La grille Progr’ESS a été ajoutée.").waitFor();
    for (const title of [
      "Impact social auprès des publics fragiles",
      "Réponse à un besoin fondamental du quotidien",
      "Innovation",
      "Faisabilité et budget",
      "Ancrage local et partenariats",
    ]) {
      await page.getByRole("heading", { level: 2, name: new RegExp(title) }).waitFor();
    }
    // Each level has its written anchor.
    await page.getByRole("cell", { name: "Aucun impact social identifiable." }).waitFor();
    // Two reviews per file, at most three files each.
    await visit(page, state.jury);
    await page.getByLabel(/^Évaluations par dossier/).fill("2");
    await page.getByLabel(/^Charge maximale par défaut/).fill("3");
    await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer" }));
    await page.getByText("Réglages du jury enregistrés.").waitFor();
  });

  step("staff invite three reviewers by e-mail", async () => {
    const page = state.pages.staff;
    for (const r of [JURY, ASSO, EXPERT]) {
      await visit(page, `${state.jury}/reviewers`);
      const form = page.locator("form", { has: page.getByRole("button", { name: "Envoyer l’invitation" }) });
      await form.getByLabel(/^Adresse électronique/).fill(r.email);
      await form.getByLabel(/^Nom et prénom/).fill(r.name);
      await form.getByLabel(/^Expertise/).fill(r.tags);
      await clickAndLoad(page, form.getByRole("button", { name: "Envoyer l’invitation" }));
      await page.getByText("Invitation envoyée.").waitFor();
    }
    const table = page.getByRole("table", { name: /Jurés de l’appel/ });
    for (const r of [JURY, ASSO, EXPERT]) await table.getByText(r.name).waitFor();
  });

  /** Opens the invitation from the outbox as `page` (signed in as the invitee) and accepts. */
  async function accept(page, address) {
    const { link } = await waitForMail(server, { to: address, pathPattern: /\/jury\/invitations\/[A-Za-z0-9_-]+/ });
    await visit(page, link);
    await page.getByRole("heading", { level: 1, name: "Invitation à rejoindre un jury" }).waitFor();
    await clickAndLoad(page, page.getByRole("button", { name: "Accepter et rejoindre le jury" }));
    assert.equal(pathOf(page), "/jury");
    await page.getByText("Bienvenue dans le jury").waitFor();
  }

  step("the outside expert creates an account from the invitation and accepts", async () => {
    const page = (state.pages.expert = await newPage(browser, server));
    const { link } = await waitForMail(server, { to: EXPERT.email, pathPattern: /\/jury\/invitations\/[A-Za-z0-9_-]+/ });
    // Not signed in: the page offers to sign in or create an account.
    await visit(page, link);
    await page.getByRole("main").getByRole("link", { name: "Créer un compte" }).waitFor();
    server.seenMail.clear(); // the invitation is read again below
    await signUp(page, { name: EXPERT.name, email: EXPERT.email });
    await verifyFromOutbox(page, server, EXPERT.email);
    await logIn(page, { email: EXPERT.email });
    await accept(page, EXPERT.email);
  });

  step("the demo jury account and the association's owner accept", async () => {
    state.pages.jury = await newPage(browser, server);
    await logIn(state.pages.jury, JURY);
    await accept(state.pages.jury, JURY.email);
    state.pages.asso = await newPage(browser, server);
    await logIn(state.pages.asso, ASSO);
    await accept(state.pages.asso, ASSO.email);
  });

  step("staff run the optimal assignment, which avoids the conflict, and accept it", async () => {
    const page = state.pages.staff;
    await visit(page, `${state.jury}/assignment`);
    // The association's owner is in conflict with its own file, detected from the membership.
    const files = page.getByRole("table", { name: /Dossiers soumis au jury/ });
    await files.getByText("Aïcha Association (membre de la structure candidate)").waitFor();
    await page.getByLabel(/^Affinité totale maximale/).check();
    await clickAndLoad(page, page.getByRole("button", { name: "Proposer" }));
    await page.getByText("optimale (prouvée)").waitFor();
    const proposal = page.getByRole("table", { name: "Affectation proposée, par dossier" });
    const jardins = proposal.getByRole("row", { name: /Potagers au pied des immeubles/ });
    assert.doesNotMatch(await jardins.innerText(), /Aïcha/);
    await clickAndLoad(page, page.getByRole("button", { name: "Accepter la proposition" }));
    await page.getByText("Affectation enregistrée").waitFor();
    // Six reviews: three files, two reviewers each.
    const reviews = page.getByRole("table", { name: /Dossiers soumis au jury/ }).locator("li", { hasText: "à rendre" });
    assert.equal(await reviews.count(), 6);
  });

  /** The pilot call's block of a reviewer's dashboard. */
  function pilotBlock(page) {
    return page.locator("section", { has: page.getByRole("heading", { level: 2, name: PILOT }) });
  }

  /** Scores every review still to do of the pilot call: level 3 everywhere, comments where required. */
  async function scoreAll(page) {
    await visit(page, "/jury");
    const links = pilotBlock(page).getByRole("row", { name: /à rendre/ }).getByRole("link");
    const n = await links.count();
    assert.ok(n >= 1, "the reviewer has files to score");
    const hrefs = [];
    for (let i = 0; i < n; i++) hrefs.push(await links.nth(i).getAttribute("href"));
    for (const href of hrefs) {
      await visit(page, href);
      // The file itself is shown under the form.
      await page.getByRole("heading", { level: 2, name: "Le dossier" }).waitFor();
      const groups = page.locator("fieldset.field");
      const count = await groups.count();
      assert.equal(count, 5);
      for (let i = 0; i < count; i++) {
        const g = groups.nth(i);
        await g.locator('input[type="radio"][value="3"]').check();
        if (await g.locator(".req").count() > 1) {
          await g.locator("textarea").fill("Projet solide, à suivre de près.");
        }
      }
      await clickAndLoad(page, page.getByRole("button", { name: "Rendre mon évaluation" }));
      await page.getByText("Évaluation rendue. Merci !").waitFor();
      await page.getByText("Évaluation rendue : elle ne peut plus être modifiée.").waitFor();
    }
  }

  step("a reviewer's incomplete submission is refused with an error summary, the form kept", async () => {
    const page = state.pages.jury;
    await visit(page, "/jury");
    await clickAndLoad(page, pilotBlock(page).getByRole("link", { name: /PIL-/ }).first());
    await page.getByText("Les notes des autres jurés seront visibles").waitFor();
    const first = page.locator("fieldset.field").first();
    await first.locator('input[type="radio"][value="4"]').check();
    await clickAndLoad(page, page.getByRole("button", { name: "Rendre mon évaluation" }));
    const summary = page.getByRole("alert");
    await summary.getByText("Choisissez une note pour ce critère.").first().waitFor();
    await summary.getByText("Un commentaire est obligatoire pour ce critère.").first().waitFor();
    assert.equal(await first.locator('input[type="radio"][value="4"]').isChecked(), true);
  });

  step("two reviewers score their files; the others' scores open once submitted", async () => {
    await scoreAll(state.pages.jury);
    await scoreAll(state.pages.expert);
    const page = state.pages.jury;
    await visit(page, "/jury");
    await clickAndLoad(page, pilotBlock(page).getByRole("link", { name: /PIL-/ }).first());
    await clickAndLoad(page, page.getByRole("link", { name: "Voir les notes des autres jurés" }));
    await page.getByRole("table", { name: /Notes rendues sur le dossier/ }).waitFor();
    // Staff follow the progress.
    const staff = state.pages.staff;
    await visit(staff, `${state.jury}/reviewers`);
    await staff.getByRole("table", { name: /Jurés de l’appel/ }).waitFor();
  });
});
