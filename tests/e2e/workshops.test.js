// The workshops of the issue, in a real browser: staff create a workshop with one place and
// publish it; A registers; B goes on the waiting list (position shown); A cancels; B is
// promoted (the e-mail is in the outbox); staff mark B present at check-in; B answers the
// satisfaction survey and downloads the certificate of attendance (a PDF); staff read the
// survey's results. Every page is checked with axe-core.

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

const ADMIN = { name: "Agnès Agent", email: "agent.ateliers@departement.example.org", password: PASSWORD };

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

const TITLE = "Tenir la comptabilité d’une association";

describe("workshops: register, waiting list, promotion, attendance, survey, certificate", { timeout: 600_000 }, () => {
  let server;
  let browser;
  let staff;
  let pa;
  let pb;
  let a;
  let b;
  let id = null;

  before(async () => {
    server = await startServer({ admins: [ADMIN] });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of [staff, pa, pb]) if (p) assertAllChecked(p);
    await browser?.close();
    await server?.stop();
  });

  it("staff create a workshop with one place and publish it", async () => {
    staff = await newPage(browser, server);
    await logIn(staff, ADMIN);
    // The staff list of topics.
    await visit(staff, "/staff/ateliers/topics");
    await staff.locator("#f-label").fill("Gouvernance");
    await clickAndLoad(staff, staff.getByRole("button", { name: "Ajouter le thème" }));
    assert.match(plain(await staff.locator("main").textContent()), /Gouvernance/);
    await visit(staff, "/staff/ateliers");
    await clickAndLoad(staff, staff.getByRole("link", { name: "Nouvel atelier" }));
    await staff.locator("#f-title").fill(TITLE);
    await staff.locator("#f-description").fill("Plan comptable associatif, budget, comptes annuels.");
    await staff.locator("#f-topic_other").fill("Comptabilité");
    await staff.locator("#f-trainer_name").fill("Claire Martin");
    await staff.locator("#f-trainer_org").fill("France Active");
    await staff.locator('input[name="format"][value="in_person"]').check();
    await staff.locator("#f-venue").fill("Nanterre, maison de l’ESS");
    await staff.locator("#f-date").fill(parisDate(3));
    await staff.locator("#f-start_time").fill("09:30");
    await staff.locator("#f-end_time").fill("12:30");
    await staff.locator("#f-capacity").fill("1");
    await staff.locator("#f-opens_date").fill(parisDate(-1));
    await staff.locator("#f-opens_time").fill("09:00:00");
    await staff.locator("#f-closes_date").fill(parisDate(2));
    await staff.locator("#f-closes_time").fill("18:00:00");
    await clickAndLoad(staff, staff.getByRole("button", { name: "Enregistrer" }));
    assert.match(pathOf(staff), /^\/staff\/events\/\d+$/, plain(await staff.locator("main").textContent()));
    id = pathOf(staff).split("/").pop();
    await clickAndLoad(staff, staff.getByRole("button", { name: "Publier" }));
    await visit(staff, `/staff/ateliers/${id}/edit`);
    assert.equal(await staff.locator("#f-trainer_name").inputValue(), "Claire Martin");
  });

  it("A registers, B goes on the waiting list", async () => {
    assert.ok(id, "needs the workshop");
    pa = await newPage(browser, server);
    a = await newVerifiedUser(pa, server, "Anne Atelier", "atelier-a");
    await visit(pa, "/ateliers");
    await clickAndLoad(pa, pa.getByRole("link", { name: TITLE }));
    assert.equal(pathOf(pa), `/ateliers/${id}`);
    assert.match(plain(await pa.locator("main").textContent()), /Claire Martin \(France Active\)/);
    await clickAndLoad(pa, pa.getByRole("button", { name: "S’inscrire" }));
    assert.match(plain(await pa.locator("main").textContent()), /Inscrit/);

    pb = await newPage(browser, server);
    b = await newVerifiedUser(pb, server, "Bruno Bénévole", "atelier-b");
    await visit(pb, `/ateliers/${id}`);
    assert.match(plain(await pb.locator("main").textContent()), /Complet/);
    await clickAndLoad(pb, pb.getByRole("button", { name: "S’inscrire" }));
    const text = plain(await pb.locator("main").textContent());
    assert.match(text, /En liste d’attente/);
    assert.match(text, /position 1/);
    // The waiting-list confirmation.
    const wait = await waitForMail(server, { to: b.email, pathPattern: /\/ateliers\/\d+/ });
    assert.match(wait.text, /liste d’attente/);
  });

  it("A cancels and B is promoted, by e-mail", async () => {
    assert.ok(b, "needs the waiting list");
    await visit(pa, `/ateliers/${id}`);
    await clickAndLoad(pa, pa.getByRole("button", { name: "Annuler mon inscription" }));
    const mail = await waitForMail(server, { to: b.email, pathPattern: /\/ateliers\/\d+/ });
    assert.match(mail.text, /une place s’est libérée pour « Tenir la comptabilité/);
    await visit(pb, mail.link);
    const text = plain(await pb.locator("main").textContent());
    assert.match(text, /Inscrit/);
    assert.doesNotMatch(text, /position/);
  });

  it("staff mark B present; B answers the survey and downloads the certificate", async () => {
    assert.ok(b, "needs B");
    // Before attending: no certificate.
    const early = await pb.request.get(`${server.baseUrl}/ateliers/${id}/certificate.pdf`);
    assert.equal(early.status(), 404);
    await visit(staff, `/staff/events/${id}/checkin`);
    await clickAndLoad(staff, staff.getByRole("button", { name: `Enregistrer l’arrivée ${b.name}` }));
    assert.match(plain(await staff.locator("main").textContent()), /Télécharger l’attestation/);

    await visit(pb, `/ateliers/${id}`);
    assert.match(plain(await pb.locator("main").textContent()), /Présent/);
    await clickAndLoad(pb, pb.getByRole("link", { name: "Questionnaire de satisfaction" }));
    await pb.locator('input[name="overall"][value="5"]').check();
    await pb.locator('input[name="usefulness"][value="4"]').check();
    await pb.locator('input[name="recommend"][value="yes"]').check();
    await pb.locator("#f-comment").fill("Très concret, merci !");
    await clickAndLoad(pb, pb.getByRole("button", { name: "Envoyer" }));
    assert.equal(pathOf(pb), `/ateliers/${id}`);
    await pb.getByText("Merci pour votre réponse.").waitFor();

    await visit(pb, "/ateliers/mes-inscriptions");
    const link = pb.getByRole("link", { name: /Télécharger l’attestation de présence/ });
    const href = await link.getAttribute("href");
    const pdf = await pb.request.get(`${server.baseUrl}${href}`);
    assert.equal(pdf.status(), 200);
    assert.match(pdf.headers()["content-type"], /^application\/pdf/);
    assert.equal((await pdf.body()).subarray(0, 4).toString(), "%PDF");
    // A, who cancelled, gets none.
    const none = await pa.request.get(`${server.baseUrl}/ateliers/${id}/certificate.pdf`);
    assert.equal(none.status(), 404);

    await visit(staff, `/staff/ateliers/${id}/survey`);
    const results = plain(await staff.locator("main").textContent());
    assert.match(results, /1 \/ 1/);
    assert.match(results, /5,0 \/ 5/);
    assert.match(results, /Très concret, merci !/);
    // A certificate's code is checked publicly (an unknown code does not verify).
    await visit(pa, "/ateliers/verifier?code=AAAA-BBBB-CCCC");
    assert.match(plain(await pa.locator("main").textContent()), /Aucune attestation/);
    await visit(staff, "/ateliers?when=upcoming&format=in_person");
    assert.match(plain(await staff.locator("main").textContent()), /Complet/);
  });
});
