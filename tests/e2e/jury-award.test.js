// The end of the jury's journey on the demo data: staff open the ranking of the past 2025 edition (raw
// and calibrated side by side, the method explained), its closed commission and the award it
// made (payment schedule: an instalment marked paid; the minutes as a PDF); the laureate
// association opens its award, downloads the decision letter, withdraws and gives again its
// consent, and the public showcase follows. Every page is checked with axe-core.
//
// The open session (decisions, suggested allocation, closing, letters in the outbox) is covered
// through HTTP in crates/jury/tests/commission.rs; the demo has no submitted file to decide.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import {
  ESSOR_BIN,
  assertAllChecked,
  checkA11y,
  clickAndLoad,
  launchBrowser,
  logIn,
  newPage,
  sleep,
  visit,
} from "./lib/essor.js";

const DEMO_PASSWORD = "essor-demo-2026";
const STAFF = { email: "agent@essor.demo", password: DEMO_PASSWORD };
const ASSO = { email: "asso@essor.demo", password: DEMO_PASSWORD };

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** `essor demo --no-serve` in a fresh folder, then `essor serve` on its database. */
async function startDemo() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "essor-e2e-jury-"));
  const port = await freePort();
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("ESSOR_")) env[k] = v;
  Object.assign(env, {
    ESSOR_DATA_DIR: dataDir,
    ESSOR_LISTEN: `127.0.0.1:${port}`,
    ESSOR_BASE_URL: `http://127.0.0.1:${port}`,
  });
  const demo = spawnSync(ESSOR_BIN, ["demo", "--no-serve"], { env, encoding: "utf8" });
  assert.equal(demo.status, 0, `essor demo failed:\n${demo.stdout}\n${demo.stderr}`);
  env.ESSOR_DATABASE_URL = `sqlite://${path.join(dataDir, "demo.db")}`;
  const child = spawn(ESSOR_BIN, ["serve"], { env, stdio: "ignore" });
  const kill = () => child.kill("SIGKILL");
  process.on("exit", kill);
  const server = {
    dataDir,
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      process.off("exit", kill);
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGINT");
      await gone;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${server.baseUrl}/readyz`)).ok) return server;
    } catch {
      /* not yet */
    }
    assert.ok(Date.now() < deadline, "essor serve not ready");
    await sleep(100);
  }
}

describe("jury: ranking, commission, award and showcase on the demo", () => {
  let server;
  let browser;
  let callId;
  let awardId;

  before(async () => {
    server = await startDemo();
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
    await page.getByText("Aucun lauréat à présenter pour l’instant.").waitFor();
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
