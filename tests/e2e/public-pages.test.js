// The public pages pass axe-core (WCAG 2.1 A and AA), and the language switch works and is
// remembered from one page to the next.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  assertAllChecked,
  checkA11y,
  clickAndLoad,
  launchBrowser,
  newPage,
  startServer,
  visit,
} from "./lib/essor.js";

describe("public pages", { timeout: 180_000 }, () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const pages = [
    ["/", "L’économie sociale et solidaire en Hauts-de-Seine"],
    ["/accessibilite", "Déclaration d’accessibilité"],
    ["/mentions-legales", "Mentions légales"],
    ["/confidentialite", "Données personnelles"],
    ["/signup", "Créer un compte"],
    ["/login", "Se connecter"],
    ["/password/forgot", "Mot de passe oublié"],
  ];
  for (const [url, heading] of pages) {
    it(`${url} is in French and passes axe`, async () => {
      const page = await newPage(browser, server);
      const res = await visit(page, url);
      assert.equal(res.status(), 200);
      assert.equal(await page.locator("html").getAttribute("lang"), "fr");
      await page.getByRole("heading", { level: 1, name: heading }).waitFor();
      assertAllChecked(page);
      await page.context().close();
    });
  }

  it("the footer links lead to the accessibility statement, legal notice and privacy page", async () => {
    const page = await newPage(browser, server);
    await visit(page, "/");
    const footer = page.getByRole("contentinfo");
    await clickAndLoad(page, footer.getByRole("link", { name: "Accessibilité : partiellement conforme" }));
    assert.equal(new URL(page.url()).pathname, "/accessibilite");
    await clickAndLoad(page, footer.getByRole("link", { name: "Mentions légales" }));
    assert.equal(new URL(page.url()).pathname, "/mentions-legales");
    await clickAndLoad(page, footer.getByRole("link", { name: "Données personnelles" }));
    assert.equal(new URL(page.url()).pathname, "/confidentialite");
    assertAllChecked(page);
    await page.context().close();
  });

  it("an unknown address shows an accessible 404 page", async () => {
    const page = await newPage(browser, server);
    const res = await visit(page, "/cette-page-n-existe-pas");
    assert.equal(res.status(), 404);
    await page.getByRole("heading", { level: 1, name: "Page introuvable" }).waitFor();
    assertAllChecked(page);
    await page.context().close();
  });

  it("switching to English shows English text, remembered on the next page, and back", async () => {
    const page = await newPage(browser, server);
    await visit(page, "/accessibilite");
    await clickAndLoad(page, page.getByRole("button", { name: "English" }));
    // Back on the same page, now in English.
    assert.equal(new URL(page.url()).pathname, "/accessibilite");
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    await page.getByRole("heading", { level: 1, name: "Accessibility statement" }).waitFor();
    // The next page is in English too, without asking again.
    await clickAndLoad(page, page.getByRole("link", { name: "Home", exact: true }));
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    await page.getByRole("link", { name: "Create an account" }).first().waitFor();
    await visit(page, "/login");
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    await page.getByLabel(/^E-mail address/).waitFor();
    // And back to French.
    await clickAndLoad(page, page.getByRole("button", { name: "Français" }));
    assert.equal(new URL(page.url()).pathname, "/login");
    assert.equal(await page.locator("html").getAttribute("lang"), "fr");
    await page.getByRole("heading", { level: 1, name: "Se connecter" }).waitFor();
    await visit(page, "/");
    assert.equal(await page.locator("html").getAttribute("lang"), "fr");
    await checkA11y(page);
    assertAllChecked(page);
    await page.context().close();
  });
});
