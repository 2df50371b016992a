// The end of the jury's journey on the demo data. On *Vie quotidienne* (files scored by the demo
// jury): staff read the ranking (raw and calibrated side by side, the method explained), open the
// commission, ask for the suggested allocation, are stopped by a refusal without reason and an
// amount above the request, close the session; the association's letter arrives in the outbox,
// it opens its award, agrees to the showcase, and appears on /laureats. On the past 2025
// edition: the closed commission, the minutes, the payment schedule (an instalment marked paid,
// one beyond the award refused), and the laureate withdrawing and giving its consent again.
// Every page is checked with axe-core.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  DEMO_PASSWORD,
  assertAllChecked,
  checkA11y,
  clickAndLoad,
  launchBrowser,
  logIn,
  newPage,
  startServer,
  visit,
  waitForMail,
} from "./lib/essor.js";

const STAFF = { email: "agent@essor.demo", password: DEMO_PASSWORD };
const ASSO = { email: "asso@essor.demo", password: DEMO_PASSWORD };

describe("jury: ranking, commission, award and showcase on the demo", () => {
  let server;
  let browser;
  let callId;
  let awardId;

  before(async () => {
    server = await startServer({ demo: true });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("staff see the ranking, the closed commission, its minutes and the award's schedule", async () => {
    const page = await newPage(browser, server);
    await logIn(page, STAFF);
    await visit(page, "/staff/calls");
    const href = await page.getByRole("link", { name: /Progr’ESS 2025/ }).first().getAttribute("href");
    callId = href.match(/\/staff\/calls\/(\d+)/)[1];

    await visit(page, `/staff/calls/${callId}/jury/ranking`);
    await page.getByRole("heading", { level: 2, name: "Comment les notes sont calculées" }).waitFor();
    await page.getByRole("columnheader", { name: "Note calibrée" }).waitFor();
    await page.getByRole("columnheader", { name: "Note brute (moyenne)" }).waitFor();
    await clickAndLoad(page, page.getByRole("link", { name: "Trier par note brute" }));
    await page.getByText("Trié par note brute.").waitFor();

    await clickAndLoad(page, page.getByRole("link", { name: "Commission", exact: true }));
    await page.getByText("close", { exact: true }).waitFor();
    const minutes = await page.request.get(`/staff/calls/${callId}/jury/commission/minutes.pdf`);
    assert.equal(minutes.status(), 200);
    assert.ok((await minutes.body()).subarray(0, 4).toString() === "%PDF");

    await clickAndLoad(page, page.getByRole("link", { name: /P25-2025-00001/ }).last());
    awardId = new URL(page.url()).pathname.split("/").pop();
    await page.getByRole("heading", { level: 2, name: "Échéancier des versements" }).waitFor();
    // The second instalment is marked paid.
    const second = page.locator("fieldset").nth(1);
    await second.getByLabel("État").selectOption("paid");
    await clickAndLoad(page, second.getByRole("button", { name: "Enregistrer" }));
    await page.getByText("Échéancier mis à jour.").waitFor();
    assert.equal(await page.locator("fieldset").nth(1).getByLabel("État").inputValue(), "paid");
    // An instalment beyond the award is refused, the form kept.
    await page.getByLabel(/^Montant attribué/).last().fill("1 000");
    await page.getByLabel(/^Date prévue/).last().fill("2027-06-01");
    await clickAndLoad(page, page.getByRole("button", { name: "Ajouter un versement" }));
    await page.getByText(/L’échéancier dépasserait le montant attribué/).first().waitFor();
    assertAllChecked(page);
  });

  it("staff run the commission of Vie quotidienne and the laureate reaches the showcase", async () => {
    const page = await newPage(browser, server);
    await logIn(page, STAFF);
    await visit(page, "/staff/calls");
    const href = await page.getByRole("link", { name: /Vie quotidienne/ }).first().getAttribute("href");
    const id = href.match(/\/staff\/calls\/(\d+)/)[1];
    await visit(page, `/staff/calls/${id}/jury/ranking`);
    await page.getByRole("caption").filter({ hasText: "note calibrée" }).waitFor();
    await page.getByText("⚠ désaccord").first().waitFor();

    await clickAndLoad(page, page.getByRole("link", { name: "Commission", exact: true }));
    await page.getByLabel(/^Date de la commission/).fill("2026-11-27");
    await page.getByLabel(/^Membres présents/).fill("Mme la Vice-présidente, le service de l’ESS");
    await clickAndLoad(page, page.getByRole("button", { name: "Ouvrir la commission" }));
    await page.getByText("La commission est ouverte.").waitFor();
    await clickAndLoad(page, page.getByRole("button", { name: "Suggérer une répartition" }));
    await page.getByText("La répartition suggérée a été reportée dans les décisions.").waitFor();

    // A refusal needs a reason; an amount never exceeds the request.
    await page.getByLabel("Décision sur le dossier PRG-2026-00006").selectOption("refused");
    await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer la décision sur PRG-2026-00006" }));
    await page.getByRole("link", { name: "Un refus doit être motivé : écrivez le motif." }).waitFor();
    await page.getByLabel(/^Motif pour le dossier PRG-2026-00006/).fill("Le budget ne montre pas de cofinancement.");
    await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer la décision sur PRG-2026-00006" }));
    await page.getByLabel(/^Montant attribué au dossier PRG-2026-00001/).fill("30 000");
    await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer la décision sur PRG-2026-00001" }));
    await page.getByRole("link", { name: /Le montant dépasse la demande/ }).waitFor();
    assert.equal(await page.getByLabel(/^Montant attribué au dossier PRG-2026-00001/).inputValue(), "30 000");
    await page.getByLabel(/^Montant attribué au dossier PRG-2026-00001/).fill("20 000");
    await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer la décision sur PRG-2026-00001" }));

    await clickAndLoad(page, page.getByRole("button", { name: "Clore la commission et notifier" }));
    await page.getByText("La commission est close ; les lettres de notification partent.").waitFor();
    assertAllChecked(page);

    const { link } = await waitForMail(server, { to: ASSO.email, pathPattern: /\/awards\/\d+/ });
    const asso = await newPage(browser, server);
    await logIn(asso, ASSO);
    await visit(asso, link);
    await asso.getByText("20 000,00").first().waitFor();
    await clickAndLoad(asso, asso.getByRole("button", { name: "J’accepte de figurer sur la vitrine des lauréats" }));
    await visit(asso, "/laureats");
    await asso.getByRole("link", { name: "Épicerie solidaire itinérante" }).waitFor();
    assertAllChecked(asso);
  });

  it("the laureate withdraws and gives its consent, and the showcase follows", async () => {
    assert.ok(awardId, "the staff step found the award");
    const page = await newPage(browser, server);
    await visit(page, "/laureats");
    await page.getByRole("link", { name: "Épicerie solidaire du Petit-Nanterre" }).waitFor();
    await clickAndLoad(page, page.getByRole("link", { name: "Épicerie solidaire du Petit-Nanterre" }));
    await page.getByRole("cell", { name: "2 400 par an" }).waitFor();

    await logIn(page, ASSO);
    await visit(page, `/awards/${awardId}`);
    const letter = await page.request.get(`/files/${await fileId(page)}/decision.pdf`);
    assert.equal(letter.status(), 200);
    await clickAndLoad(page, page.getByRole("button", { name: "Retirer mon accord" }));
    await page.getByText("Le projet ne figure plus sur la vitrine des lauréats.").waitFor();
    await visit(page, "/laureats");
    assert.equal(await page.getByRole("link", { name: "Épicerie solidaire du Petit-Nanterre" }).count(), 0);
    await visit(page, `/awards/${awardId}`);
    await clickAndLoad(page, page.getByRole("button", { name: "J’accepte de figurer sur la vitrine des lauréats" }));
    await visit(page, "/laureats");
    await page.getByRole("link", { name: "Épicerie solidaire du Petit-Nanterre" }).waitFor();
    assertAllChecked(page);
  });
});

async function fileId(page) {
  const href = await page.getByRole("link", { name: "Lettre de notification (PDF)" }).getAttribute("href");
  return href.match(/\/files\/(\d+)\//)[1];
}
