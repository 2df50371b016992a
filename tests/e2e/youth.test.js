// The youth journey of the issue: a company publishes a 3e observation placement in a shortage job
// (bakery, ROME D1102) and an apprenticeship offer, staff approve them, a collège referent
// registers a pupil of 14 and applies for her, the company accepts, the convention is confirmed
// by all four parties through the links e-mailed to them, the placement starts (attendance) and
// feedback is collected; a 17-year-old signs up and applies alone to the apprenticeship offer.
// Every page is checked with axe-core.
//
// The steps share one server and run in order; a step whose prerequisite failed is skipped.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  PASSWORD,
  assertAllChecked,
  clickAndLoad,
  launchBrowser,
  logIn,
  newPage,
  newVerifiedUser,
  startServer,
  visit,
  waitForMail,
} from "./lib/essor.js";

const ADMIN = { name: "Agnès Agent", email: "agent.youth@departement.example.org", password: PASSWORD };
const COMPANY = {
  name: "Le Fournil de Puteaux",
  siret: "552 100 554 00013",
  address: "3 rue Jean Jaurès, 92800 Puteaux",
  commune: "92062",
  contactEmail: "fournil@example.org",
};
const SCHOOL = {
  name: "Collège Jean Jaurès",
  siret: "732 829 320 00074",
  address: "15 rue de l’Union, 92110 Clichy",
  commune: "92024",
  contactEmail: "college@example.org",
};
const GUARDIAN = "sophie.martin@example.org";

const iso = (d) => d.toISOString().slice(0, 10);
const days = (d, n) => new Date(d.getTime() + n * 86_400_000);
function nextMonday() {
  let d = days(new Date(), 40);
  while (d.getUTCDay() !== 1) d = days(d, 1);
  return d;
}
const pathOf = (page) => new URL(page.url()).pathname;

async function createOrg(page, kindLabel, org) {
  await visit(page, "/orgs/new");
  await page.getByLabel(/^Type de structure/).selectOption({ label: kindLabel });
  await page.getByLabel(/^Nom/).fill(org.name);
  await page.getByLabel(/^Numéro SIRET/).fill(org.siret);
  await page.getByLabel(/^Adresse du siège/).fill(org.address);
  await page.getByLabel(/^Commune du siège/).selectOption(org.commune);
  await page.getByLabel(/^Adresse électronique de contact/).fill(org.contactEmail);
  await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer" }));
  assert.match(pathOf(page), /^\/orgs\/\d+$/, "organisation not created");
}

async function createOffer(page, o) {
  await visit(page, "/jeunes/accueil/offres/nouvelle");
  await page.locator("#f-kind").selectOption(o.kind);
  await page.locator("#f-title").fill(o.title);
  await page.locator("#f-rome_code").fill("D1102");
  await page.locator("#f-job_label").fill("Boulangère, boulanger");
  await page.locator("#f-sector").fill("Alimentation");
  if (o.level) await page.locator("#f-school_level").selectOption(o.level);
  await page.locator("#f-start_date").fill(o.start);
  await page.locator("#f-end_date").fill(o.end);
  await page.locator("#f-min_age").fill(o.minAge);
  await page.locator("#f-max_age").fill(o.maxAge);
  await page.locator("#f-commune").selectOption(COMPANY.commune);
  await page.locator("#f-address").fill(COMPANY.address);
  await page.locator("#f-description").fill("Pétrir, façonner les baguettes, suivre la cuisson avec l’équipe.");
  await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer" }));
  assert.match(pathOf(page), /^\/jeunes\/accueil\/offres\/\d+$/, `offer not saved: ${await page.locator("main").textContent()}`);
  const id = pathOf(page).split("/").pop();
  await clickAndLoad(page, page.getByRole("button", { name: "Soumettre à la validation" }));
  await page.getByText("En attente de modération").first().waitFor();
  return id;
}

describe("young people and companies", () => {
  let server, browser;
  let company, admin, school, young; // pages
  let companyAccount, schoolAccount;
  let placement, apprenticeship, application;
  const mon = nextMonday();

  before(async () => {
    server = await startServer({ admins: [ADMIN] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("a company publishes an observation placement in a shortage job, and an apprenticeship offer", async () => {
    company = await newPage(browser, server);
    companyAccount = await newVerifiedUser(company, server, "Paul Patron", "patron");
    await createOrg(company, "Entreprise commerciale", COMPANY);
    placement = await createOffer(company, {
      kind: "observation_placement",
      title: "Stage de 3e au fournil",
      level: "3e",
      start: iso(mon),
      end: iso(days(mon, 4)),
      minAge: "14",
      maxAge: "16",
    });
    // Tagged "shortage job" automatically: bakery is on the département's list.
    await company.getByText("Métier en tension").first().waitFor();
    apprenticeship = await createOffer(company, {
      kind: "apprenticeship",
      title: "CAP boulanger en apprentissage",
      start: iso(days(mon, 90)),
      end: iso(days(mon, 800)),
      minAge: "16",
      maxAge: "25",
    });
    assertAllChecked(company);
  });

  it("staff approve both offers", async () => {
    assert.ok(placement && apprenticeship, "offers created");
    admin = await newPage(browser, server);
    await visit(admin, "/login");
    await logIn(admin, ADMIN);
    for (const title of ["Stage de 3e au fournil", "CAP boulanger en apprentissage"]) {
      await visit(admin, "/staff/jeunes");
      await clickAndLoad(admin, admin.getByRole("link", { name: title }));
      await clickAndLoad(admin, admin.getByRole("button", { name: "Valider et publier" }));
    }
    // Published: visitors find it, accents and case ignored.
    await visit(admin, "/jeunes/offres?q=BOULANGERE&axis=shortage_job");
    await admin.getByRole("link", { name: "Stage de 3e au fournil" }).waitFor();
    assertAllChecked(admin);
  });

  it("a collège referent registers a pupil of 14 and applies for her", async () => {
    assert.ok(placement, "placement published");
    school = await newPage(browser, server);
    schoolAccount = await newVerifiedUser(school, server, "Élise Enseignante", "prof");
    await createOrg(school, "Établissement scolaire", SCHOOL);
    await visit(school, "/jeunes/etablissement");
    await school.locator("#f-first_name").fill("Inès");
    await school.locator("#f-last_name").fill("Martin");
    await school.locator("#f-birth_date").fill(iso(days(mon, -(14 * 365 + 30))));
    await school.locator("#f-school_level").selectOption("3e");
    await school.locator("#f-commune").selectOption("92024");
    await school.locator("#f-guardian_name").fill("Sophie Martin");
    await school.locator("#f-guardian_email").fill(GUARDIAN);
    await clickAndLoad(school, school.getByRole("button", { name: "Inscrire un jeune" }));
    await school.getByRole("link", { name: "Inès Martin" }).waitFor();
    await visit(school, `/jeunes/offres/${placement}`);
    await school.locator("#f-person").selectOption({ label: "Inès Martin" });
    await clickAndLoad(school, school.getByRole("button", { name: "Envoyer la candidature" }));
    assert.match(pathOf(school), /^\/jeunes\/candidatures\/\d+$/);
    application = pathOf(school).split("/").pop();
    assertAllChecked(school);
  });

  it("the company accepts; the convention is confirmed by all four parties", async () => {
    assert.ok(application, "application sent");
    await visit(company, `/jeunes/candidatures/${application}`);
    await clickAndLoad(company, company.getByRole("button", { name: "Accepter" }));
    await company.getByText("Le stage ne peut pas commencer").first().waitFor();
    // One link each: the school (referent), the pupil (through her referent), the host, the
    // legal representative.
    const links = [];
    for (const to of [schoolAccount.email, schoolAccount.email, companyAccount.email, GUARDIAN]) {
      const { link } = await waitForMail(server, { to, pathPattern: /\/jeunes\/convention\/[A-Za-z0-9_-]+/ });
      links.push(link);
    }
    assert.equal(new Set(links).size, 4, "four personal links");
    const party = await newPage(browser, server);
    for (const link of links) {
      await visit(party, link);
      await clickAndLoad(party, party.getByRole("button", { name: "Je confirme la convention" }));
      await party.getByText("Vous avez confirmé cette convention.").waitFor();
    }
    assertAllChecked(party);
    await party.context().close();
    await visit(company, `/jeunes/candidatures/${application}`);
    await company.getByText("Toutes les parties ont confirmé la convention.").waitFor();
  });

  it("the placement happens: attendance and feedback", async () => {
    assert.ok(application);
    await clickAndLoad(company, company.getByRole("button", { name: "Le stage commence" }));
    await company.getByText("En cours").first().waitFor();
    await company.locator("#f-day").fill(iso(mon));
    await clickAndLoad(company, company.getByRole("button", { name: "Enregistrer la présence" }));
    await company.getByRole("table", { name: "Présence" }).waitFor();
    await company.locator("#f-comment").fill("Très motivée, à l’heure chaque matin.");
    await clickAndLoad(company, company.getByRole("button", { name: "Envoyer mon avis" }));
    await company.getByText("Très motivée").waitFor();
    await visit(school, `/jeunes/candidatures/${application}`);
    await school.locator("#f-comment").fill("Inès a adoré.");
    await clickAndLoad(school, school.getByRole("button", { name: "Envoyer mon avis" }));
    await school.getByText("Inès a adoré.").waitFor();
    assertAllChecked(company);
    assertAllChecked(school);
  });

  it("a 17-year-old applies alone to the apprenticeship offer", async () => {
    assert.ok(apprenticeship);
    young = await newPage(browser, server);
    await newVerifiedUser(young, server, "Yanis Benali", "jeune");
    await visit(young, "/jeunes/profil");
    await young.locator("#f-first_name").fill("Yanis");
    await young.locator("#f-last_name").fill("Benali");
    await young.locator("#f-birth_date").fill(iso(days(new Date(), -(17 * 365 + 30))));
    await young.locator("#f-school_level").selectOption("cap");
    await young.locator("#f-commune").selectOption("92050");
    await clickAndLoad(young, young.getByRole("button", { name: "Enregistrer" }));
    assert.equal(pathOf(young), "/jeunes/moi");
    await visit(young, `/jeunes/offres/${apprenticeship}`);
    await young.locator("#f-motivation").fill("Je veux devenir boulanger.");
    await clickAndLoad(young, young.getByRole("button", { name: "Envoyer ma candidature" }));
    await visit(young, "/jeunes/moi");
    await young.getByRole("link", { name: "CAP boulanger en apprentissage" }).waitFor();
    await young.getByText("Envoyée").waitFor();
    assertAllChecked(young);
  });
});
