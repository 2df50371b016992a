// The observatory journey: staff import a small SIRENE sample from the staff page (two files
// uploaded) and follow its progress to the end; a visitor finds a structure in the directory
// with an accent-free query and opens its page; the observatory shows its charts with their
// data tables and serves a figure as CSV; the open-data page lists the datasets. Every page is
// checked with axe-core.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  PASSWORD,
  assertAllChecked,
  checkA11y,
  clickAndLoad,
  launchBrowser,
  logIn,
  newPage,
  startServer,
  visit,
} from "./lib/essor.js";

const ADMIN = { name: "Odile Observatoire", email: "agent.obs@departement.example.org", password: PASSWORD };

// Two files with INSEE's column names (a subset, in another order than INSEE's: columns are
// found by name). SIRENs and SIRETs pass the Luhn check.
const UNITS = [
  "siren,denominationUniteLegale,statutDiffusionUniteLegale,categorieJuridiqueUniteLegale,economieSocialeSolidaireUniteLegale,etatAdministratifUniteLegale,sigleUniteLegale",
  "100000009,Épicerie Solidaire des Blagis,O,9220,O,A,ESB",
  "200000008,Coopérative Énergie Citoyenne,O,5458,O,A,",
  "300000007,Négoce Ordinaire,O,5499,N,A,",
  "400000006,Théâtre du Parvis,O,9220,O,A,",
].join("\n") + "\n";
const ESTABLISHMENTS = [
  "siren,siret,codeCommuneEtablissement,etatAdministratifEtablissement,etablissementSiege,activitePrincipaleEtablissement,trancheEffectifsEtablissement,numeroVoieEtablissement,typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement",
  "100000009,10000000900017,92071,A,true,47.11F,02,4,RUE,DES BLAGIS,92330",
  "200000008,20000000800017,92050,A,true,35.11Z,11,1,AV,DE LA REPUBLIQUE,92000",
  "300000007,30000000700017,92050,A,true,46.90Z,01,2,RUE,DU COMMERCE,92000",
  "400000006,40000000600017,92012,A,true,90.01Z,NN,7,PL,DU PARVIS,92100",
  "400000006,40000000600017,75056,A,false,90.01Z",
].join("\n") + "\n";

describe("observatory: SIRENE import, directory, figures, open data", () => {
  let server;
  let browser;
  let staff;
  let visitor;
  let imported = false;

  before(async () => {
    server = await startServer({ admins: [ADMIN] });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of [staff, visitor]) if (p) assertAllChecked(p);
    await browser?.close();
    await server?.stop();
  });

  it("staff upload the two stock files and follow the import to its end", async () => {
    staff = await newPage(browser, server);
    await logIn(staff, ADMIN);
    await visit(staff, "/staff/observatory/imports");
    await staff.getByRole("heading", { level: 1, name: "Imports SIRENE" }).waitFor();
    const form = staff.locator("form[enctype='multipart/form-data']");
    await form
      .getByLabel("Fichier des unités légales (StockUniteLegale)")
      .setInputFiles({ name: "StockUniteLegale.csv", mimeType: "text/csv", buffer: Buffer.from(UNITS) });
    await form
      .getByLabel("Fichier des établissements (StockEtablissement)")
      .setInputFiles({ name: "StockEtablissement.csv", mimeType: "text/csv", buffer: Buffer.from(ESTABLISHMENTS) });
    await clickAndLoad(staff, form.getByRole("button", { name: "Envoyer et lancer l’import" }));
    assert.match(new URL(staff.url()).pathname, /^\/staff\/observatory\/imports\/\d+$/);
    // The page reloads itself while the import runs: check each load until it says done.
    const deadline = Date.now() + 60_000;
    while (!(await staff.getByText("Terminé —").count())) {
      assert.ok(Date.now() < deadline, "the import did not finish within 60 s");
      await staff.waitForEvent("load", { timeout: 10_000 });
      await checkA11y(staff);
    }
    const progress = staff.locator("progress");
    assert.equal(await progress.getAttribute("value"), "100");
    const counts = staff.getByRole("table", { name: "Résultat de l’import" });
    await counts.waitFor();
    // Three ESS establishments in the 92 kept, the ordinary company and the Paris one left out.
    assert.equal(await counts.getByRole("row", { name: /^Établissements retenus/ }).getByRole("cell").textContent(), "3");
    assert.equal(await counts.getByRole("row", { name: /^Ajoutés/ }).getByRole("cell").textContent(), "3");
    imported = true;
  });

  it("a visitor finds a structure with an accent-free query and opens its page", async (t) => {
    if (!imported) return t.skip("the import did not run");
    visitor = await newPage(browser, server);
    await visit(visitor, "/annuaire");
    await visitor.getByLabel("Nom de la structure").fill("epicerie solidaire");
    await clickAndLoad(visitor, visitor.getByRole("button", { name: "Rechercher" }));
    const results = visitor.getByRole("table");
    await results.getByRole("link", { name: "Épicerie Solidaire des Blagis" }).waitFor();
    assert.equal(await results.getByRole("link").count(), 1);
    await clickAndLoad(visitor, results.getByRole("link", { name: "Épicerie Solidaire des Blagis" }));
    await visitor.getByRole("heading", { level: 1, name: "Épicerie Solidaire des Blagis" }).waitFor();
    await visitor.getByText("4 RUE DES BLAGIS, 92330 Sceaux").waitFor();

    // Filters: the cooperative family alone.
    await visit(visitor, "/annuaire");
    await visitor.getByLabel("Famille juridique").selectOption("cooperative");
    await clickAndLoad(visitor, visitor.getByRole("button", { name: "Rechercher" }));
    await visitor.getByRole("link", { name: "Coopérative Énergie Citoyenne" }).waitFor();
    assert.equal(await visitor.getByRole("link", { name: "Épicerie Solidaire des Blagis" }).count(), 0);
  });

  it("the observatory shows each chart with its data table, and a figure downloads as CSV", async (t) => {
    if (!imported) return t.skip("the import did not run");
    await visit(visitor, "/observatoire");
    const charts = visitor.locator("svg[role='img']");
    assert.ok((await charts.count()) >= 5);
    const families = visitor.locator("#familles");
    await families.getByRole("img", { name: /Établissements par famille juridique/ }).waitFor();
    const table = families.getByRole("table", { name: /Établissements par famille juridique/ });
    assert.equal(
      await table.getByRole("row", { name: /^Association/ }).getByRole("cell").first().textContent(),
      "association",
    );
    assert.equal(await table.getByRole("row", { name: /^Association/ }).getByRole("cell").nth(1).textContent(), "2");
    assert.equal(await table.getByRole("row", { name: /^Coopérative/ }).getByRole("cell").nth(1).textContent(), "1");

    const download = visitor.waitForEvent("download");
    await families.getByRole("link", { name: /\(CSV\)$/ }).click();
    const file = await download;
    const text = await new Promise((resolve, reject) => {
      file.createReadStream().then((s) => {
        let data = "";
        s.on("data", (c) => (data += c));
        s.on("end", () => resolve(data));
        s.on("error", reject);
      }, reject);
    });
    const lines = text.trim().split("\n");
    assert.equal(lines[0], "famille,libelle,etablissements,structures");
    assert.ok(lines.includes("association,Association,2,2"), text);
    assert.ok(lines.includes("cooperative,Coopérative,1,1"), text);
  });

  it("the open-data page lists the directory with its schema, and the figures", async (t) => {
    if (!imported) return t.skip("the import did not run");
    await visit(visitor, "/donnees-ouvertes");
    await visitor.getByRole("heading", { level: 1, name: "Données ouvertes" }).waitFor();
    const table = visitor.getByRole("table", { name: /Jeux de données/ });
    const directory = table.getByRole("row", { name: /Annuaire de l’ESS/ });
    await directory.getByRole("link", { name: "Table Schema (JSON)" }).waitFor();
    const res = await visitor.request.get("/donnees-ouvertes/annuaire.csv");
    assert.equal(res.status(), 200);
    const csv = await res.text();
    assert.match(csv.split("\n")[0], /^siret,siren,nom,/);
    assert.ok(csv.includes("10000000900017"));
    assert.ok((await table.getByRole("link", { name: /^CSV — Observatoire/ }).count()) >= 5);
  });
});
