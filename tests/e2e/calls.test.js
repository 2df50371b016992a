// The calls-for-projects journey of the issue: an administrator creates a call (Paris time),
// gives it the ready-made Progr’ESS form (the CERFA 12156 template) and publishes it; an
// association checks its eligibility, starts a file, fills the eight steps of the CERFA (identity
// prefilled from its profile, a field shown only once another answer calls for it, a repeatable
// group, the association and project budget tables that must balance, the sworn statements,
// attachments), leaves and comes back to find its answers saved, submits it (receipt by e-mail);
// staff start the instruction and ask for a correction, the association corrects and sends it
// again, staff accept it. Finally an ESS company whose ESUS approval has expired is told it is
// not eligible to a call that requires ESUS, and why (that call's form is imported as JSON, which
// exercises the import). Every page is checked with axe-core.
//
// The steps share one server and run in order; a step whose prerequisite failed is skipped.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import {
  PASSWORD,
  assertAllChecked,
  checkA11y,
  clickAndLoad,
  launchBrowser,
  logIn,
  newPage,
  newVerifiedUser,
  startServer,
  visit,
  waitForMail,
} from "./lib/essor.js";

const ADMIN = { name: "Agnès Agent", email: "agent.calls@departement.example.org", password: PASSWORD };
const ASSO = {
  name: "Les Jardins partagés de Nanterre",
  acronym: "JPN",
  siret: "552 100 554 00013",
  rna: "W922001234",
  address: "12 rue des Lilas, 92000 Nanterre",
  commune: "92050",
  contactEmail: "contact@jardins-nanterre.example.org",
  phone: "01 23 45 67 89",
};
const COMPANY = {
  name: "Coopérative du Vélo Solidaire",
  siret: "732 829 320 00074",
  address: "3 avenue de la République, 92000 Nanterre",
  commune: "92050",
  contactEmail: "contact@velo-solidaire.example.org",
  phone: "01 98 76 54 32",
};
const CALL = {
  title: "Fonds d’innovation sociale 2027",
  slug: "fonds-innovation-sociale-2027",
  theme: "Innovation sociale",
  summary: "Soutenir les projets d’innovation sociale des associations du territoire.",
  description: "Le Département soutient les projets innovants portés par les structures de l’ESS.",
  maxAmount: "15000",
  envelope: "200000",
};
const ESUS_CALL = {
  title: "Appel ESUS 2027",
  slug: "appel-esus-2027",
};
const PROJECT_TITLE = "Un jardin partagé au pied des immeubles";
const PAGES = [
  "identification",
  "administration",
  "networks",
  "human_resources",
  "association_budget",
  "project",
  "declarations",
  "attachments",
];
const CORRECTED_TITLE = "Un jardin partagé et pédagogique au pied des immeubles";
const CORRECTION_REASON = "Merci de préciser le caractère pédagogique du projet dans son intitulé.";

/** A small form imported as JSON for the ESUS call. */
const FORM_JSON = {
  pages: [
    {
      id: "p1",
      title: { fr: "Le projet", en: "The project" },
      sections: [
        {
          id: "s1",
          title: { fr: "Présentation", en: "Presentation" },
          fields: [
            {
              id: "org_name",
              label: { fr: "Nom de la structure", en: "Organisation name" },
              required: true,
              kind: { type: "short_text", max_len: 250 },
              prefill: "org_name",
            },
            {
              id: "title",
              label: { fr: "Titre du projet", en: "Project title" },
              required: true,
              kind: { type: "short_text", max_len: 200 },
            },
          ],
        },
      ],
    },
    {
      id: "p2",
      title: { fr: "Budget et pièces", en: "Budget and documents" },
      sections: [
        {
          id: "s2",
          title: { fr: "Budget du projet", en: "Project budget" },
          fields: [
            {
              id: "budget",
              label: { fr: "Budget prévisionnel du projet", en: "Project budget" },
              required: true,
              kind: { type: "budget_table", requested_line: "74-departement" },
            },
            {
              id: "statutes",
              label: { fr: "Statuts signés", en: "Signed statutes" },
              required: true,
              kind: { type: "attachment", accept: ["pdf"], max_bytes: 5000000 },
            },
          ],
        },
      ],
    },
  ],
};

const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" +
    "trailer<</Root 1 0 R>>\n%%EOF\n",
);

function plain(text) {
  return (text ?? "").replace(/\s+/g, " ").trim();
}

function pathOf(page) {
  return new URL(page.url()).pathname;
}

/** A date (YYYY-MM-DD) in Paris time, `days` from today. */
function parisDate(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}

/** Messages in the outbox to `to` whose decoded text matches `re` (no link needed). */
function mailsTo(server, to, re) {
  const outbox = path.join(server.dataDir, "outbox");
  if (!fs.existsSync(outbox)) return [];
  return fs
    .readdirSync(outbox)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => fs.readFileSync(path.join(outbox, f), "utf8"))
    .filter((raw) => raw.toLowerCase().includes(to.toLowerCase()))
    .filter((raw) => {
      let text = raw.replace(/=\r?\n/g, "");
      for (const m of raw.matchAll(/Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/gi)) {
        text += Buffer.from(m[1].replace(/\s+/g, ""), "base64").toString("utf8");
      }
      return re.test(text);
    });
}

/** Declares an organisation from /orgs/new; returns its path. */
async function createOrg(page, kindLabel, org) {
  await visit(page, "/orgs/new");
  await page.getByLabel(/^Type de structure/).selectOption({ label: kindLabel });
  await page.getByLabel(/^Nom/).fill(org.name);
  if (org.acronym) await page.getByLabel(/^Sigle/).fill(org.acronym);
  await page.getByLabel(/^Numéro SIRET/).fill(org.siret);
  if (org.rna) await page.getByLabel(/^Numéro RNA/).fill(org.rna);
  await page.getByLabel(/^Adresse du siège/).fill(org.address);
  await page.getByLabel(/^Commune du siège/).selectOption(org.commune);
  await page.getByLabel(/^Adresse électronique de contact/).fill(org.contactEmail);
  await page.getByLabel(/^Téléphone/).fill(org.phone);
  await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer" }));
  assert.match(pathOf(page), /^\/orgs\/\d+$/, `organisation not created: ${plain(await page.locator("main").textContent())}`);
  return pathOf(page);
}

/** Creates a call at /staff/calls/new; returns its id. */
async function createCall(page, call, { kinds, requireEsus = false }) {
  await visit(page, "/staff/calls/new");
  await page.getByLabel(/^Titre/).first().fill(call.title);
  await page.getByLabel(/^Adresse publique/).fill(call.slug);
  await page.getByLabel(/^Thème/).fill(call.theme ?? CALL.theme);
  await page.getByLabel(/^Résumé/).fill(call.summary ?? CALL.summary);
  await page.getByLabel(/^Description/).fill(call.description ?? CALL.description);
  await page.getByLabel(/^Fuseau horaire/).selectOption("Europe/Paris");
  await page.getByLabel(/^Date d’ouverture/).fill(parisDate(-1));
  await page.getByLabel(/^Heure d’ouverture/).fill("09:00");
  await page.getByLabel(/^Date limite de dépôt/).fill(parisDate(10));
  await page.getByLabel(/^Heure limite de dépôt/).fill("17:00");
  for (const k of kinds) await page.getByLabel(k, { exact: true }).check();
  if (requireEsus) await page.getByLabel(/^Exiger un agrément ESUS valide/).check();
  await page.getByLabel("Siège social dans une commune du territoire").check();
  await page.getByLabel(/^Montant maximal par projet/).fill(call.maxAmount ?? CALL.maxAmount);
  await page.getByLabel(/^Enveloppe totale/).fill(call.envelope ?? CALL.envelope);
  await page.getByLabel(/^Contact/).first().fill("Service de l’ESS");
  await page.getByRole("group", { name: /Contact/ }).getByLabel(/^Adresse électronique de contact/).fill("ess@departement.example.org");
  await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer" }));
  assert.match(pathOf(page), /^\/staff\/calls\/\d+$/, `call not created: ${plain(await page.locator("main").textContent())}`);
  await page.getByText("L’appel a été créé, en brouillon.").waitFor();
  return pathOf(page).split("/").pop();
}

/** Gives the call the Progr’ESS (CERFA 12156) form and publishes the call. */
async function templateFormAndPublish(page, callId) {
  await visit(page, `/staff/calls/${callId}`);
  await clickAndLoad(page, page.getByRole("link", { name: "Formulaire de candidature" }).first());
  assert.equal(pathOf(page), `/staff/calls/${callId}/form`);
  await page.getByText("Cet appel n’a pas encore de formulaire.").waitFor();
  await clickAndLoad(page, page.getByRole("button", { name: "Créer depuis le modèle Progr’ESS (CERFA 12156)" }));
  await page.getByText("Le formulaire a été créé.").waitFor();
  // The template's steps are there, ready to publish.
  const main = plain(await page.locator("main").textContent());
  for (const step of ["1. Identification de l’association", "6. Le projet", "7. Déclaration sur l’honneur"]) {
    assert.ok(main.includes(step), `the template has the step ${step}`);
  }
  await visit(page, `/staff/calls/${callId}`);
  await clickAndLoad(page, page.getByRole("button", { name: "Publier l’appel" }));
  await page.getByText("L’appel est publié.").waitFor();
}

/** Answers a yes/no (or single choice) question by its legend. */
async function choose(page, legend, option) {
  await page.getByRole("group", { name: legend }).getByLabel(option, { exact: true }).check();
}

/** Saves the current step and moves to the next one; the step must have no error left. */
async function saveAndContinue(page, fileId, next) {
  const button = next ? "Enregistrer et continuer" : "Enregistrer et terminer";
  await clickAndLoad(page, page.getByRole("button", { name: button }));
  const main = plain(await page.locator("main").textContent());
  assert.doesNotMatch(main, /certaines sont à corriger|à corriger :/i, main);
  if (next) assert.equal(pathOf(page), `/files/${fileId}/pages/${next}`, main);
}

/** Saves the current step and stays on it (to see the fields an answer reveals). */
async function saveHere(page) {
  await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer", exact: true }).last());
  await page.getByText(/Vos réponses sont enregistrées/).first().waitFor();
}

/** Fills a budget table: `lines` maps an account line (e.g. "74-departement") to euros. */
async function fillBudget(page, field, lines) {
  for (const [line, euros] of Object.entries(lines)) {
    await page.locator(`input[name="${field}.${line}"]`).fill(euros);
  }
}

/** Imports FORM_JSON as the call's form and publishes the call. */
async function importFormAndPublish(page, callId) {
  await visit(page, `/staff/calls/${callId}`);
  await clickAndLoad(page, page.getByRole("link", { name: "Formulaire de candidature" }).first());
  assert.equal(pathOf(page), `/staff/calls/${callId}/form`);
  await page.getByText("Cet appel n’a pas encore de formulaire.").waitFor();
  await clickAndLoad(page, page.getByRole("link", { name: "Importer ou exporter en JSON" }).first());
  await page.getByLabel(/^Formulaire en JSON/).fill(JSON.stringify(FORM_JSON, null, 2));
  await clickAndLoad(page, page.getByRole("button", { name: "Importer ce formulaire" }));
  await page.getByText("Le formulaire a été importé.").waitFor();
  await visit(page, `/staff/calls/${callId}`);
  await clickAndLoad(page, page.getByRole("button", { name: "Publier l’appel" }));
  await page.getByText("L’appel est publié.").waitFor();
}

/** On the eligibility page: choose the organisation and check. */
async function checkEligibility(page, slug, orgName) {
  await visit(page, `/calls/${slug}/eligibility`);
  await page.getByRole("heading", { level: 1, name: /^Vérifier son éligibilité/ }).waitFor();
  await page.getByRole("radio", { name: orgName }).check();
  await clickAndLoad(page, page.getByRole("button", { name: "Vérifier" }));
}

describe("calls for projects: from the call to the accepted file", { timeout: 600_000 }, () => {
  let server;
  let browser;
  let staff; // page
  let asso; // { page, account, orgPath }
  let callId = null;
  let published = false;
  let fileId = null;
  let fileNumber = null;
  let submitted = false;
  let correctionAsked = false;
  let resubmitted = false;

  before(async () => {
    server = await startServer({ admins: [ADMIN] });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of [staff, asso?.page]) if (p) assertAllChecked(p);
    await browser?.close();
    await server?.stop();
  });

  it("an administrator creates a call, gives it the Progr’ESS form from the template and publishes it", async () => {
    staff = await newPage(browser, server);
    await logIn(staff, ADMIN);
    callId = await createCall(staff, CALL, { kinds: ["Association"] });
    await templateFormAndPublish(staff, callId);
    published = true;

    // A routing rule: files from Nanterre go to this agent, with a label.
    await visit(staff, `/staff/calls/${callId}`);
    await clickAndLoad(staff, staff.getByRole("link", { name: "Aiguillage des dossiers" }));
    await staff.getByLabel(/^Nom de la règle/).fill("Projets à Nanterre");
    const first = staff.getByRole("group", { name: "Condition 1" });
    await first.getByLabel("Donnée testée").selectOption({ label: "Commune du siège" });
    await first.getByLabel("Comparaison").selectOption({ label: "est dans les communes ou départements" });
    await first.getByLabel("Valeur").fill("92050");
    await staff.getByLabel("Confier le dossier à").selectOption({ label: ADMIN.name });
    await staff.getByLabel(/^Poser l’étiquette/).fill("Nanterre");
    await clickAndLoad(staff, staff.getByRole("button", { name: "Enregistrer la règle" }));
    await staff.getByText("La règle a été ajoutée.", { exact: false }).waitFor();
    const rule = staff.getByRole("row").filter({ hasText: "Projets à Nanterre" });
    await rule.getByText(`Confier le dossier à ${ADMIN.name}`).waitFor();

    // The public page shows the deadline (Paris time) and the time left.
    await visit(staff, `/calls/${CALL.slug}`);
    await staff.getByRole("heading", { level: 1, name: CALL.title }).waitFor();
    const main = plain(await staff.locator("main").textContent());
    assert.match(main, /Date limite/);
    assert.match(main, /17 ?h ?00|17:00/, "the deadline shows 17:00 Paris time");
    assert.match(main, /Il reste (9|10) jours/);
  });

  it("an association checks its eligibility, starts a file, fills the first steps, leaves and finds its answers", async (t) => {
    if (!published) return t.skip("no published call");
    const page = await newPage(browser, server);
    const account = await newVerifiedUser(page, server, "Odile Responsable", "odile");
    const orgPath = await createOrg(page, "Association", ASSO);
    asso = { page, account, orgPath };

    await visit(page, `/calls/${CALL.slug}`);
    await clickAndLoad(page, page.getByRole("link", { name: "Déposer un dossier" }));
    await checkEligibility(page, CALL.slug, ASSO.name);
    await page.getByRole("status").getByText("Votre structure peut déposer un dossier pour cet appel.").waitFor();
    await clickAndLoad(page, page.getByRole("button", { name: "Commencer le dossier" }));
    assert.match(pathOf(page), /^\/files\/\d+/);
    fileId = pathOf(page).split("/")[2];
    fileNumber = plain(await page.locator(".file-banner strong").first().textContent()).replace(/^Dossier /, "");
    assert.ok(fileNumber.length > 0, "the file has a number");
    if (!/\/pages\//.test(pathOf(page))) await clickAndLoad(page, page.getByRole("link", { name: /Identification/ }).first());
    assert.equal(pathOf(page), `/files/${fileId}/pages/identification`);

    // The table of contents lists the eight steps of the CERFA.
    const toc = plain(await page.locator("main").textContent());
    for (const step of ["1. Identification de l’association", "5.", "8."]) assert.ok(toc.includes(step), `step ${step} listed`);

    // Step 1: identity prefilled from the organisation (tell us once).
    assert.equal(await page.getByLabel(/^Nom \(obligatoire\)/).inputValue(), ASSO.name);
    assert.equal((await page.getByLabel(/^Numéro SIRET/).inputValue()).replace(/\s/g, ""), ASSO.siret.replace(/\s/g, ""));
    assert.equal(await page.getByLabel(/^Numéro RNA/).inputValue(), ASSO.rna);
    assert.equal(await page.getByLabel(/^Commune du siège social/).inputValue(), ASSO.commune);
    await page.locator('input[name="rep_name"]').fill("Odile Responsable");
    await page.locator('input[name="rep_role"]').fill("Présidente");
    await page.locator('input[name="contact_name"]').fill("Odile Responsable");
    await page.locator('input[name="contact_email"]').fill(account.email);
    await page.locator('input[name="contact_phone"]').fill(ASSO.phone);
    await saveAndContinue(page, fileId, "administration");

    // Step 2: answering yes reveals the date of the ESUS decision, required once shown.
    await choose(page, /bénéficie-t-elle d’agréments administratifs/, "Non");
    await choose(page, /agrément « Entreprise solidaire d’utilité sociale »/, "Oui");
    await choose(page, /reconnue d’utilité publique/, "Non");
    await choose(page, /assujettie aux impôts commerciaux/, "Non");
    await saveHere(page);
    await page.getByLabel(/^Date de la décision préfectorale d’agrément ESUS/).fill("2025-03-14");
    await saveAndContinue(page, fileId, "networks");

    // Step 3 and 4.
    await choose(page, /affiliée à une union, une fédération ou un réseau/, "Non");
    await saveAndContinue(page, fileId, "human_resources");
    await page.getByLabel(/^Nombre d’adhérents/).fill("85");
    await page.getByLabel(/^Nombre de bénévoles/).fill("12");
    await page.getByLabel(/^Nombre de volontaires/).fill("1");
    await page.getByLabel(/^Nombre de salariés/).fill("2");
    await saveHere(page);
    await page.getByLabel(/^Dont en équivalents temps plein/).fill("1,5");
    await saveAndContinue(page, fileId, "association_budget");

    // Step 5: the association's budget must balance.
    await page.getByLabel(/^Exercice/).fill("2027");
    await fillBudget(page, "association_budget", { "60-matieres": "5000", "64-remunerations": "30000" });
    await fillBudget(page, "association_budget", { "70": "20000", "74-departement": "10000", "75-cotisations": "4000" });
    await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer et continuer" }));
    assert.equal(pathOf(page), `/files/${fileId}/pages/association_budget`, "an unbalanced budget keeps the step open");
    await page.getByText("Budget non équilibré", { exact: false }).first().waitFor();
    assert.match((await page.locator('input[name="association_budget.70"]').inputValue()).replace(/\s/g, ""), /^20000(,00)?$/, "the answers are kept");
    await fillBudget(page, "association_budget", { "75-cotisations": "5000" });
    await saveAndContinue(page, fileId, "project");

    // Step 6, first part: the title, saved; then away and back.
    await page.getByLabel(/^Intitulé du projet/).fill(PROJECT_TITLE);
    await saveHere(page);
    await visit(page, "/");
    await visit(page, `/files/${fileId}`);
    await page.getByRole("heading", { level: 1, name: `Dossier ${fileNumber}` }).waitFor();
    await page.getByText("Brouillon — non envoyé").first().waitFor();
    await visit(page, `/files/${fileId}/pages/project`);
    assert.equal(await page.getByLabel(/^Intitulé du projet/).inputValue(), PROJECT_TITLE);
    await visit(page, `/files/${fileId}/pages/human_resources`);
    assert.match(await page.getByLabel(/^Dont en équivalents temps plein/).inputValue(), /^1,50?$/);
  });

  it("the association completes the project, its budget, the statements and the attachments, and submits; a receipt is mailed", async (t) => {
    if (!fileId) return t.skip("no file");
    const { page, account } = asso;
    await visit(page, `/files/${fileId}/pages/project`);
    await choose(page, /^Nature de la demande/, "Nouveau projet");
    await page.getByLabel(/^Objectifs/).fill("Créer un jardin partagé cultivé par les habitants d’une résidence sociale.");
    await page.getByLabel(/^Description/).first().fill("Des ateliers hebdomadaires de jardinage et de cuisine, avec les familles de la résidence.");
    await page.getByRole("group", { name: /^Publics visés/ }).getByLabel("Familles", { exact: true }).check();
    await page.getByLabel(/^Nombre de bénéficiaires/).fill("120");
    await page.getByRole("group", { name: /^Communes où se déroule le projet/ }).getByLabel("Nanterre", { exact: true }).check();
    await page.getByLabel(/^Date de début/).fill("2027-03-01");
    await page.getByLabel(/^Durée/).fill("12");
    await page.getByLabel(/^Moyens humains et matériels/).fill("Une animatrice à mi-temps, des bénévoles, un terrain prêté par le bailleur.");
    await page.getByLabel(/^Méthode d’évaluation/).fill("Questionnaire aux participants et suivi des récoltes.");
    await fillBudget(page, "project_budget", { "60-matieres": "3000", "64-remunerations": "9000" });
    await fillBudget(page, "project_budget", { "74-departement": "8000", "75-dons": "4000" });
    // A repeatable group: one indicator at least.
    await clickAndLoad(page, page.getByRole("button", { name: "Ajouter un élément : Indicateurs" }));
    assert.equal(await page.getByLabel(/^Méthode d’évaluation/).inputValue(), "Questionnaire aux participants et suivi des récoltes.", "adding a row keeps the answers");
    await page.getByLabel(/^Indicateur/).first().fill("Familles participantes");
    await page.getByLabel(/^Valeur cible/).first().fill("40");
    await saveAndContinue(page, fileId, "declarations");
    // The budget's requested amount and share were computed on the saved step.
    await visit(page, `/files/${fileId}/pages/project`);
    const projectMain = plain(await page.locator("main").textContent());
    assert.match(projectMain, /8\s?000,00\s?€/, "the amount requested from the Département is shown");
    assert.match(projectMain, /66[,.]67\s?%/, "the share of the budget requested is computed");
    await visit(page, `/files/${fileId}/pages/declarations`);

    // Step 7: the sworn statements, including the Contrat d’engagement républicain.
    await page.getByLabel(/^Nom et prénom du signataire/).fill("Odile Responsable");
    await page.getByLabel(/^Qualité du signataire/).fill("Présidente");
    await choose(page, /contrat d’engagement républicain/, "Oui");
    await choose(page, /à jour de ses obligations/, "Oui");
    await choose(page, /Certifie exactes les informations/, "Oui");
    await choose(page, /Demande que la subvention soit versée/, "Oui");
    await choose(page, /reçu des aides publiques relevant du/, "Non");
    await saveAndContinue(page, fileId, "attachments");

    // Step 8: the attachments.
    for (const legend of [/^Relevé d’identité bancaire/, /^Derniers comptes approuvés/]) {
      await page.getByRole("group", { name: legend }).getByLabel(/fichier (depuis|de) votre ordinateur/).setInputFiles({ name: "piece.pdf", mimeType: "application/pdf", buffer: PDF });
    }
    await saveAndContinue(page, fileId, null);

    await visit(page, `/files/${fileId}`);
    await clickAndLoad(page, page.getByRole("button", { name: "Envoyer le dossier" }));
    assert.equal(pathOf(page), `/files/${fileId}`, plain(await page.locator("main").textContent()));
    await page.getByText(/^Dossier envoyé le /).waitFor();
    assert.equal(plain(await page.getByRole("heading", { level: 1 }).textContent()), `Dossier ${fileNumber}`);
    submitted = true;

    const mail = await waitForMail(server, { to: account.email, pathPattern: /\/files\/\d+/ });
    assert.ok(mail.text.includes(fileNumber), "the receipt names the file number");
  });

  it("staff start the instruction and ask for a correction, with a reason", async (t) => {
    if (!submitted) return t.skip("no submitted file");
    await visit(staff, "/staff/files");
    await clickAndLoad(staff, staff.getByRole("link", { name: fileNumber }).first());
    assert.equal(pathOf(staff), `/staff/files/${fileId}`);
    // Routed on submission: assigned to this agent and labelled.
    const chosen = await staff.locator("#f-assignee option:checked").textContent();
    assert.equal(plain(chosen), ADMIN.name, "the file is assigned by the routing rule");
    await staff.locator("#labels + ul .badge").getByText("Nanterre", { exact: true }).waitFor();
    await staff.getByLabel(/^Passer en instruction/).check();
    await clickAndLoad(staff, staff.getByRole("button", { name: "Valider l’étape" }));
    await staff.getByText("L’étape a été enregistrée.").waitFor();
    await staff.getByLabel(/^Demander une correction au demandeur/).check();
    await staff.getByLabel(/^Motif/).fill(CORRECTION_REASON);
    await clickAndLoad(staff, staff.getByRole("button", { name: "Valider l’étape" }));
    await staff.getByText("L’étape a été enregistrée.").waitFor();
    correctionAsked = true;
  });

  it("the association reads the reason, corrects and sends the file again", async (t) => {
    if (!correctionAsked) return t.skip("no correction asked");
    const { page } = asso;
    await visit(page, `/files/${fileId}`);
    await page.getByText("Correction demandée par le Département").waitFor();
    await page.getByText(CORRECTION_REASON, { exact: false }).waitFor();
    await visit(page, `/files/${fileId}/pages/project`);
    await page.getByLabel(/^Intitulé du projet/).fill(CORRECTED_TITLE);
    await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer", exact: true }).last());
    await visit(page, `/files/${fileId}`);
    await clickAndLoad(page, page.getByRole("button", { name: "Envoyer le dossier corrigé" }));
    await page.getByText(/^Dossier envoyé le /).waitFor();
    resubmitted = true;
  });

  it("staff accept the file; the association sees it accepted", async (t) => {
    if (!resubmitted) return t.skip("not sent again");
    await visit(staff, `/staff/files/${fileId}`);
    const needsStart = await staff.getByLabel(/^Passer en instruction/).count();
    if (needsStart) {
      await staff.getByLabel(/^Passer en instruction/).check();
      await clickAndLoad(staff, staff.getByRole("button", { name: "Valider l’étape" }));
    }
    await staff.getByLabel(/^Accepter/).check();
    await clickAndLoad(staff, staff.getByRole("button", { name: "Valider l’étape" }));
    await staff.getByText("L’étape a été enregistrée.").waitFor();

    const { page } = asso;
    await visit(page, `/files/${fileId}`);
    const facts = page.locator("dl.facts");
    await facts.getByText("Accepté", { exact: true }).waitFor();
  });

  it("an ESS company whose ESUS approval expired is told it is not eligible, and why", async (t) => {
    if (!staff) return t.skip("no staff");
    const esusCallId = await createCall(staff, ESUS_CALL, { kinds: ["Association", "Entreprise de l’ESS"], requireEsus: true });
    await importFormAndPublish(staff, esusCallId);

    const page = await newPage(browser, server);
    try {
      await newVerifiedUser(page, server, "Claire Coopératrice", "claire");
      const orgPath = await createOrg(page, "Entreprise de l’ESS", COMPANY);
      await visit(page, `${orgPath}/esus`);
      const decision = new Date();
      decision.setFullYear(decision.getFullYear() - 6);
      await page.getByLabel(/^Date de la décision/).fill(decision.toISOString().slice(0, 10));
      await page.getByLabel(/^Autorité qui a accordé l’agrément/).fill("Préfecture des Hauts-de-Seine");
      await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer l’agrément" }));
      await page.getByText("L’agrément ESUS est enregistré.").waitFor();

      await checkEligibility(page, ESUS_CALL.slug, COMPANY.name);
      await page.getByRole("alert").getByText(/^Votre structure ne peut pas déposer de dossier pour cet appel/).waitFor();
      const reason = page.getByRole("listitem").filter({ hasText: "Agrément ESUS" });
      await reason.getByText(/Votre agrément ESUS a expiré le .*cet appel exige un agrément en cours de validité/).waitFor();
      assert.equal(await page.getByRole("button", { name: "Commencer le dossier" }).count(), 0);
      assertAllChecked(page);
    } finally {
      await page.context().close();
    }
  });
});
