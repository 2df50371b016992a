// The impact-financing morning of the issue, in a real browser: staff create the morning and
// its speed-meeting block and publish it; a project without a file is refused and told what to
// do; three projects file a short financing request and register; two funders register with a
// profile; both sides choose; staff compute, save and publish the schedule; a participant
// downloads the PDF and ICS agenda; staff check people in by the agenda's QR link and by name,
// mark a no-show and re-fill; a funder records an outcome that shows in the follow-up.
// Every page is checked with axe-core.

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
} from "./lib/essor.js";

const ADMIN = { name: "Agnès Agent", email: "agent.events@departement.example.org", password: PASSWORD };

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

/** A valid SIRET (Luhn on the SIREN and on the whole number) from a seed. */
function siret(seed) {
  const complete = (digits) => {
    for (let d = 0; d < 10; d++) {
      const s = `${digits}${d}`;
      let sum = 0;
      [...s].reverse().forEach((c, i) => {
        let v = Number(c);
        if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
        sum += v;
      });
      if (sum % 10 === 0) return s;
    }
    throw new Error("no check digit");
  };
  const siren = complete(`7${String(seed).padStart(7, "0")}`);
  return complete(`${siren}0001`);
}

const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" +
    "trailer<</Root 1 0 R>>\n%%EOF\n",
);

const PROJECTS = [
  { person: "Paula Porteuse", org: "Épicerie solidaire de Bagneux", amount: "40000", theme: "alimentation" },
  { person: "Pierre Porteur", org: "Recyclerie de Clichy", amount: "80000", theme: "réemploi" },
  { person: "Prisca Projet", org: "Garage solidaire de Nanterre", amount: "15000", theme: "mobilité" },
];
const FUNDERS = [
  { person: "Fabien Financeur", org: "Fonds solidaire des Hauts-de-Seine" },
  { person: "Flavie Fondation", org: "Fondation territoriale" },
];

async function createOrg(page, kindLabel, name, seed) {
  await visit(page, "/orgs/new");
  await page.getByLabel(/^Type de structure/).selectOption({ label: kindLabel });
  await page.getByLabel(/^Nom/).fill(name);
  await page.getByLabel(/^Numéro SIRET/).fill(siret(seed));
  await page.getByLabel(/^Adresse du siège/).fill("1 place de la Mairie");
  await page.getByLabel(/^Commune du siège/).selectOption("92050");
  await page.getByLabel(/^Adresse électronique de contact/).fill(`contact${seed}@example.org`);
  await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer" }));
  assert.match(pathOf(page), /^\/orgs\/\d+$/, `organisation not created: ${plain(await page.locator("main").textContent())}`);
}

describe("impact-financing morning: from registration to outcomes", { timeout: 900_000 }, () => {
  let server;
  let browser;
  let staff;
  let eventId = null;
  let published = false;
  const holders = []; // { page, name, org }
  const funders = [];
  let scheduled = false;

  before(async () => {
    server = await startServer({ admins: [ADMIN] });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of [staff, ...holders.map((h) => h.page), ...funders.map((f) => f.page)]) if (p) assertAllChecked(p);
    await browser?.close();
    await server?.stop();
  });

  it("staff create the financing morning with its speed-meeting block and publish it", async () => {
    staff = await newPage(browser, server);
    await logIn(staff, ADMIN);
    await visit(staff, "/staff/events/new");
    await staff.locator("#f-kind").selectOption({ label: "Matinée des financements à impact" });
    await staff.locator("#f-title").fill("Matinée des financements à impact");
    await staff.getByLabel(/^Description/).fill("Conférence, pitchs, puis rendez-vous porteurs – financeurs.");
    await staff.getByLabel(/^Lieu/).fill("Hôtel du Département, Nanterre");
    await staff.locator("#f-date").fill(parisDate(5));
    await staff.locator("#f-start_time").fill("09:00");
    await staff.locator("#f-end_time").fill("12:30");
    await staff.getByLabel(/^Ouverture des inscriptions \(date\)/).fill(parisDate(-1));
    await staff.getByLabel(/^Ouverture des inscriptions \(heure\)/).fill("09:00");
    await staff.getByLabel(/^Clôture des inscriptions \(date\)/).fill(parisDate(4));
    await staff.getByLabel(/^Clôture des inscriptions \(heure\)/).fill("18:00:00");
    await clickAndLoad(staff, staff.getByRole("button", { name: "Enregistrer" }));
    assert.match(pathOf(staff), /^\/staff\/events\/\d+$/, plain(await staff.locator("main").textContent()));
    eventId = pathOf(staff).split("/")[3];

    await staff.locator("#f-item_kind").selectOption({ label: "Rendez-vous en tête-à-tête" });
    await staff.locator("#f-item_title").fill("Rendez-vous porteurs – financeurs");
    await staff.locator("#f-item_start").fill("09:30");
    await staff.locator("#f-item_end").fill("12:00");
    await clickAndLoad(staff, staff.getByRole("button", { name: "Ajouter au programme" }));
    await clickAndLoad(staff, staff.getByRole("button", { name: "Publier" }));
    await staff.getByText("Événement publié.").waitFor();
    await visit(staff, "/events");
    await staff.getByRole("link", { name: "Matinée des financements à impact" }).waitFor();
    published = true;
  });

  it("a project without a file is refused and told what to do; with a financing request it registers", async (t) => {
    if (!published) return t.skip("no event");
    for (const [i, p] of PROJECTS.entries()) {
      const page = await newPage(browser, server);
      await newVerifiedUser(page, server, p.person, `porteur${i}`);
      await createOrg(page, "Association", p.org, 900 + i);
      await visit(page, `/events/${eventId}`);
      if (i === 0) {
        await page.getByRole("radio", { name: "Porteur de projet" }).check();
        await page.getByLabel(/^Organisation/).selectOption({ label: p.org });
        await clickAndLoad(page, page.getByRole("button", { name: "M’inscrire" }));
        await page.getByRole("alert").getByText(/il faut un dossier déposé/).waitFor();
      }
      await clickAndLoad(page, page.getByRole("link", { name: /Déposer une demande de financement courte/ }));
      await page.getByLabel(/^Montant recherché/).fill(p.amount);
      await page.getByLabel("Prêt d’honneur").check();
      await page.getByLabel(/^Stade du projet/).selectOption({ label: "Création" });
      await page.getByLabel(/^Thématique/).fill(p.theme);
      await page.getByLabel(/^Résumé du pitch/).fill(`${p.org} : notre projet en quelques lignes.`);
      await page.getByLabel(/^Présentation/).setInputFiles({ name: "deck.pdf", mimeType: "application/pdf", buffer: PDF });
      await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer" }));
      await page.getByText(/Demande enregistrée/).waitFor();
      await page.getByRole("radio", { name: "Porteur de projet" }).check();
      await page.getByLabel(/^Organisation/).selectOption({ label: p.org });
      await page.getByLabel(/^Dossier déposé/).selectOption({ index: 1 });
      await page.locator("#f-share_file").check();
      await clickAndLoad(page, page.getByRole("button", { name: "M’inscrire" }));
      await page.getByText(/Vous êtes inscrit/).waitFor();
      holders.push({ page, ...p });
    }
  });

  it("two funders register with a profile", async (t) => {
    if (holders.length < 3) return t.skip("no projects");
    for (const [i, f] of FUNDERS.entries()) {
      const page = await newPage(browser, server);
      await newVerifiedUser(page, server, f.person, `financeur${i}`);
      await createOrg(page, "Financeur", f.org, 950 + i);
      await visit(page, `/events/${eventId}`);
      await page.getByRole("radio", { name: "Financeur" }).check();
      await page.getByLabel(/^Organisation/).selectOption({ label: f.org });
      await page.getByLabel("Prêt d’honneur").check();
      await page.getByLabel("Subvention").check();
      await page.getByLabel(/^Ticket minimum/).fill("5000");
      await page.getByLabel(/^Ticket maximum/).fill("100000");
      await page.getByLabel(/^Thématiques/).fill("alimentation, réemploi, mobilité");
      await page.getByLabel(/^Nombre de représentants/).fill("1");
      await clickAndLoad(page, page.getByRole("button", { name: "M’inscrire" }));
      await page.getByText(/Vous êtes inscrit/).waitFor();
      funders.push({ page, ...f });
    }
  });

  it("both sides browse the other and choose", async (t) => {
    if (funders.length < 2) return t.skip("no funders");
    for (const h of holders) {
      await visit(h.page, `/events/${eventId}/browse`);
      for (const f of FUNDERS) await h.page.getByLabel(f.org, { exact: true }).check();
      await clickAndLoad(h.page, h.page.getByRole("button", { name: "Enregistrer mes choix" }));
      await h.page.getByText("Vos choix sont enregistrés.").waitFor();
    }
    const f = funders[0];
    await visit(f.page, `/events/${eventId}/browse`);
    assert.match(plain(await f.page.locator("main").textContent()), /ticket compatible/);
    await f.page.getByLabel(PROJECTS[0].org, { exact: true }).check();
    await clickAndLoad(f.page, f.page.getByRole("button", { name: "Enregistrer mes choix" }));
  });

  it("staff compute, save and publish the schedule; a participant downloads the PDF and ICS agenda", async (t) => {
    if (funders.length < 2) return t.skip("no participants");
    await visit(staff, `/staff/events/${eventId}/schedule`);
    await clickAndLoad(staff, staff.getByRole("button", { name: "Calculer le planning" }));
    const run = plain(await staff.locator("#run-title").locator("..").textContent());
    assert.match(run, /Optimal \(prouvé\)/, run);
    assert.match(run, /écart 0\.000 %/, run);
    await clickAndLoad(staff, staff.getByRole("button", { name: "Enregistrer ce planning" }));
    await clickAndLoad(staff, staff.getByRole("button", { name: "Publier le planning et envoyer les agendas" }));
    await staff.getByText(/Planning publié/).waitFor();
    await visit(staff, `/staff/events/${eventId}/master`);
    scheduled = true;

    const h = holders[0];
    await visit(h.page, `/events/${eventId}/agenda`);
    assert.match(plain(await h.page.locator("main").textContent()), /Rendez-vous avec/);
    const pdf = await h.page.request.get(`${server.baseUrl}/events/${eventId}/agenda.pdf`);
    assert.equal(pdf.status(), 200);
    assert.equal((await pdf.body()).subarray(0, 4).toString(), "%PDF");
    const ics = await h.page.request.get(`${server.baseUrl}/events/${eventId}/agenda.ics`);
    assert.match(ics.headers()["content-type"], /^text\/calendar/);
    const text = await ics.text();
    assert.ok(text.startsWith("BEGIN:VCALENDAR\r\n"));
    assert.match(text, /DTSTART:\d{8}T\d{6}Z/);
    assert.ok(text.split("\r\n").every((l) => Buffer.byteLength(l) <= 75));
  });

  it("staff check in by the QR link and by name, mark a no-show and re-fill", async (t) => {
    if (!scheduled) return t.skip("no schedule");
    // The link the agenda's QR code encodes opens the staff check-in page of that person.
    const link = plain(await holders[0].page.locator(".checkin-url").textContent());
    await visit(staff, link);
    await clickAndLoad(staff, staff.getByRole("button", { name: "Enregistrer l’arrivée" }));
    await staff.getByText("Arrivée enregistrée.").waitFor();
    // By name, for the others.
    for (const p of [holders[1], ...funders]) {
      await staff.getByLabel(/^Nom, organisation ou courriel/).fill(p.person);
      await clickAndLoad(staff, staff.getByRole("button", { name: "Rechercher" }));
      await clickAndLoad(staff, staff.getByRole("button", { name: `Enregistrer l’arrivée ${p.person}` }));
    }
    await staff.getByLabel(/^Nom, organisation ou courriel/).fill(holders[2].person);
    await clickAndLoad(staff, staff.getByRole("button", { name: "Rechercher" }));
    await clickAndLoad(staff, staff.getByRole("button", { name: `Marquer absent ${holders[2].person}` }));
    await staff.getByText("Absence enregistrée.").waitFor();

    await visit(staff, `/staff/events/${eventId}/schedule`);
    await clickAndLoad(staff, staff.getByRole("button", { name: "Re-remplir" }));
    await clickAndLoad(staff, staff.getByRole("button", { name: "Enregistrer ce planning" }));
    const meetings = plain(await staff.getByRole("table", { name: "Rendez-vous" }).textContent());
    assert.doesNotMatch(meetings, new RegExp(holders[2].org), "the no-show has no meeting left");
    assert.match(meetings, new RegExp(holders[0].org));
  });

  it("a funder records an outcome that shows in the follow-up", async (t) => {
    if (!scheduled) return t.skip("no schedule");
    const f = funders[0];
    await visit(f.page, `/events/${eventId}/agenda`);
    await clickAndLoad(f.page, f.page.getByRole("link", { name: /^Compte rendu/ }).first());
    await f.page.getByRole("radio", { name: "Financement envisagé" }).check();
    await f.page.getByLabel(/^Montant envisagé/).fill("20000");
    await f.page.getByLabel(/^Instrument/).selectOption({ label: "Prêt d’honneur" });
    await f.page.getByLabel(/^Prochaine étape/).fill("Comité d’engagement le 3 avril");
    await clickAndLoad(f.page, f.page.getByRole("button", { name: "Enregistrer" }));
    await f.page.getByText("Suite enregistrée.").waitFor();

    await visit(staff, `/staff/events/${eventId}/follow-up`);
    const main = plain(await staff.locator("main").textContent());
    assert.match(main, /Financement envisagé — 20/);
    assert.match(main, /Comité d’engagement le 3 avril/);
    assert.match(main, /Absents ?1/);
  });
});
