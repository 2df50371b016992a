// The laureates' showcase on the demo data: a visitor finds the demo laureate on /laureats by an
// accent-free search and a goal filter, reads its story, pictures (with their alternative text),
// goals and news; the laureate adds a picture (refused first without alternative text, the form
// kept), rewrites its story and posts news; staff hide the page with a reason the laureate
// reads, then show it again. Every page is checked with axe-core.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import {
  DEMO_PASSWORD,
  REPO,
  assertAllChecked,
  clickAndLoad,
  launchBrowser,
  logIn,
  newPage,
  startServer,
  visit,
} from "./lib/essor.js";

const STAFF = { email: "agent@essor.demo", password: DEMO_PASSWORD };
const ASSO = { email: "asso@essor.demo", password: DEMO_PASSWORD };
const LAUREATE = "Épicerie solidaire du Petit-Nanterre";
const PICTURE = path.join(REPO, "crates/jury/assets/demo-workshop.png");

describe("showcase: the laureate's public page, its editing and moderation", () => {
  let server;
  let browser;
  let pageUrl;

  before(async () => {
    server = await startServer({ demo: true });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("a visitor finds the laureate with the filters and reads its page", async () => {
    const page = await newPage(browser, server);
    await visit(page, "/laureats");
    await page.getByLabel("Rechercher un projet").fill("epicerie petit nanterre");
    await page.getByLabel("Objectif de développement durable").selectOption({ label: "2. Faim « zéro »" });
    await clickAndLoad(page, page.getByRole("button", { name: "Rechercher" }));
    await page.getByRole("heading", { name: "1 projet" }).waitFor();
    const card = page.getByRole("link", { name: LAUREATE });
    await card.waitFor();
    // The card shows the first picture with its alternative text.
    await page.getByRole("img", { name: /potager partagé de l’épicerie/ }).waitFor();

    await page.getByLabel("Rechercher un projet").fill("introuvable");
    await clickAndLoad(page, page.getByRole("button", { name: "Rechercher" }));
    await page.getByText("Aucun projet ne correspond à ces critères.").waitFor();

    await visit(page, "/laureats");
    await clickAndLoad(page, page.getByRole("link", { name: LAUREATE }));
    pageUrl = new URL(page.url()).pathname;
    await page.getByRole("heading", { level: 1, name: LAUREATE }).waitFor();
    await page.getByText("trois après-midis par semaine").waitFor();
    await page.getByRole("img", { name: /deux roues de vélo/ }).waitFor();
    await page.getByText("Objectif 10 : Inégalités réduites").waitFor();
    await page.getByRole("heading", { name: "Le potager a donné sa première récolte" }).waitFor();
    // The pictures load (served by Essor, JPEG or PNG only).
    const src = await page.getByRole("img", { name: /deux roues de vélo/ }).getAttribute("src");
    const res = await page.request.get(src);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()["content-type"], "image/png");
    assert.equal(res.headers()["x-content-type-options"], "nosniff");
    assertAllChecked(page);
  });

  it("the laureate adds a picture, rewrites its story and posts news", async () => {
    assert.ok(pageUrl, "the visitor step found the page");
    const page = await newPage(browser, server);
    await logIn(page, ASSO);
    await visit(page, pageUrl);
    await clickAndLoad(page, page.getByRole("link", { name: "Modifier la page de ce projet" }));
    await page.getByRole("heading", { level: 1, name: /Page publique/ }).waitFor();

    // Without alternative text the picture is refused and what was typed stays.
    await page.getByLabel("Photo (JPEG ou PNG)").setInputFiles(PICTURE);
    await clickAndLoad(page, page.getByRole("button", { name: "Ajouter la photo" }));
    await page.getByText("Décrivez la photo en quelques mots (texte alternatif).").first().waitFor();
    assert.equal(await page.locator(".gallery img").count(), 2, "nothing was added");

    await page.getByLabel("Photo (JPEG ou PNG)").setInputFiles(PICTURE);
    await page.getByLabel(/^Texte alternatif/).last().fill("Les bénévoles devant l’établi de l’atelier");
    await clickAndLoad(page, page.getByRole("button", { name: "Ajouter la photo" }));
    await page.getByText("Photo ajoutée.").waitFor();
    await page.getByRole("img", { name: "Les bénévoles devant l’établi de l’atelier" }).waitFor();

    const story = page.getByLabel("Le projet raconté par la structure");
    await story.fill(`${await story.inputValue()}\n\nDepuis cet automne, **une livraison à domicile** pour les personnes âgées.`);
    await page.getByLabel("Emplois créés ou maintenus").fill("3");
    await clickAndLoad(page, page.getByRole("button", { name: "Enregistrer la page" }));
    await page.getByText("Page enregistrée.").waitFor();

    await page.getByLabel(/^Titre de la nouvelle/).fill("La livraison à domicile commence");
    await page.getByLabel(/^Texte de la nouvelle/).fill("Douze personnes livrées la première semaine.");
    await clickAndLoad(page, page.getByRole("button", { name: "Publier la nouvelle" }));
    await page.getByText("Nouvelle publiée.").waitFor();

    await visit(page, pageUrl);
    await page.getByText("une livraison à domicile", { exact: true }).waitFor();
    await page.getByRole("img", { name: "Les bénévoles devant l’établi de l’atelier" }).waitFor();
    await page.getByRole("heading", { name: "La livraison à domicile commence" }).waitFor();
    assertAllChecked(page);
  });

  it("staff hide the page with a reason the laureate reads, then show it again", async () => {
    assert.ok(pageUrl, "the visitor step found the page");
    const awardId = pageUrl.match(/\/laureats\/(\d+)/)[1];
    const staff = await newPage(browser, server);
    await logIn(staff, STAFF);
    await visit(staff, `/awards/${awardId}/showcase`);
    await clickAndLoad(staff, staff.getByRole("button", { name: "Masquer la page au public" }));
    await staff.getByText("Indiquez le motif (500 caractères au plus).").first().waitFor();
    await staff.getByLabel(/^Motif du masquage/).fill("Une photo montre un enfant sans l’accord de ses parents.");
    await clickAndLoad(staff, staff.getByRole("button", { name: "Masquer la page au public" }));
    await staff.getByText("La page est masquée au public.").waitFor();

    const visitor = await newPage(browser, server);
    const gone = await visitor.goto(pageUrl);
    assert.equal(gone.status(), 404);
    await visit(visitor, "/laureats");
    assert.equal(await visitor.getByRole("link", { name: LAUREATE }).count(), 0);

    const asso = await newPage(browser, server);
    await logIn(asso, ASSO);
    await visit(asso, `/awards/${awardId}/showcase`);
    await asso.getByText(/sans l’accord de ses parents/).first().waitFor();

    await clickAndLoad(staff, staff.getByRole("button", { name: "Rendre la page de nouveau visible" }));
    await staff.getByText("La page est de nouveau visible.").waitFor();
    await visit(visitor, pageUrl);
    await visitor.getByRole("heading", { level: 1, name: LAUREATE }).waitFor();
    assertAllChecked(staff);
    assertAllChecked(asso);
    assertAllChecked(visitor);
  });
});
