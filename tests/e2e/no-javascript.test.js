// The pages work without JavaScript: sign-up → verification → sign-in → account → sign-out in
// a browser context with JavaScript disabled (the platform's scripts are enhancements only).

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  PASSWORD,
  assertAllChecked,
  clickAndLoad,
  email,
  launchBrowser,
  logIn,
  newPage,
  signUp,
  startServer,
  verifyFromOutbox,
  visit,
} from "./lib/essor.js";

describe("without JavaScript", { timeout: 180_000 }, () => {
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

  it("sign up → verify → sign in → account → language → sign out", async () => {
    const page = await newPage(browser, server, { javaScriptEnabled: false });
    await visit(page, "/");

    // A refused form comes back filled, with its errors, without any script.
    await visit(page, "/signup");
    await page.getByLabel(/^Nom affiché/).fill("Sacha Petit");
    await page.getByLabel(/^Adresse électronique/).fill("pas-une-adresse");
    await page.getByLabel(/^Mot de passe/).fill(PASSWORD);
    await page.getByLabel(/^Confirmation du mot de passe/).fill(PASSWORD);
    await clickAndLoad(page, page.getByRole("button", { name: "Créer mon compte" }));
    await page.getByRole("alert").getByRole("link").first().waitFor();
    assert.equal(await page.getByLabel(/^Adresse électronique/).getAttribute("aria-invalid"), "true");
    assert.equal(await page.getByLabel(/^Nom affiché/).inputValue(), "Sacha Petit");
    // Scripts really are off: /static/essor.js would have focused the error summary.
    assert.notEqual(await page.evaluate(() => document.activeElement?.id), "error-summary");

    const account = { name: "Sacha Petit", email: email("sacha"), password: PASSWORD };
    await signUp(page, account);
    await verifyFromOutbox(page, server, account.email);
    await logIn(page, account, { expectPath: "/" });
    await clickAndLoad(page, page.getByRole("link", { name: "Mon compte" }));
    await page.getByRole("heading", { level: 1, name: "Mon compte" }).waitFor();
    await page.getByText(account.email, { exact: true }).waitFor();

    // The language switch is a plain form.
    await clickAndLoad(page, page.getByRole("button", { name: "English" }));
    assert.equal(new URL(page.url()).pathname, "/account");
    await page.getByRole("heading", { level: 1, name: "My account" }).waitFor();
    await clickAndLoad(page, page.getByRole("button", { name: "Français" }));
    await page.getByRole("heading", { level: 1, name: "Mon compte" }).waitFor();

    await clickAndLoad(page, page.getByRole("button", { name: "Se déconnecter" }));
    await page.getByText("Vous êtes déconnecté.").waitFor();
    assertAllChecked(page);
    await page.context().close();
  });
});
