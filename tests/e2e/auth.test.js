// Sign-up, e-mail verification through the outbox, sign-in, the account page and sign-out, with
// JavaScript on; every page checked with axe-core.

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

describe("sign-up and sign-in", { timeout: 180_000 }, () => {
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

  it("a refused sign-up keeps the name and e-mail and says what is wrong", async () => {
    const page = await newPage(browser, server);
    await visit(page, "/signup");
    await page.getByLabel(/^Nom affiché/).fill("Camille Martin");
    await page.getByLabel(/^Adresse électronique/).fill("camille@example.org");
    await page.getByLabel(/^Mot de passe/).fill("court");
    await page.getByLabel(/^Confirmation du mot de passe/).fill("court");
    await clickAndLoad(page, page.getByRole("button", { name: "Créer mon compte" }));
    assert.match(await page.title(), /^Le formulaire contient des erreurs/);
    const summary = page.getByRole("alert");
    await summary.getByText("Le mot de passe doit comporter au moins 12 caractères.").waitFor();
    // The summary links to the field, and the field says it is invalid and why.
    const pw = page.getByLabel(/^Mot de passe/);
    assert.equal(await pw.getAttribute("aria-invalid"), "true");
    assert.match(await pw.getAttribute("aria-describedby"), /e-password/);
    assert.equal(await page.getByLabel(/^Nom affiché/).inputValue(), "Camille Martin");
    assert.equal(await page.getByLabel(/^Adresse électronique/).inputValue(), "camille@example.org");
    assert.equal(await pw.inputValue(), "", "passwords are never sent back");
    // With JavaScript, focus goes to the error summary.
    assert.equal(await page.evaluate(() => document.activeElement?.id), "error-summary");
    assertAllChecked(page);
    await page.context().close();
  });

  it("sign up → verify from the outbox → sign in → account → sign out", async () => {
    const page = await newPage(browser, server);
    const account = { name: "Dominique Durand", email: email("dominique"), password: PASSWORD };
    await signUp(page, account);

    // Before verification, sign-in is refused with an explanation and a resend button.
    await visit(page, "/login");
    await page.getByLabel(/^Adresse électronique/).fill(account.email);
    await page.getByLabel(/^Mot de passe/).fill(account.password);
    await clickAndLoad(page, page.getByRole("button", { name: "Se connecter" }));
    await page.getByText("Votre adresse n’est pas encore confirmée.", { exact: false }).waitFor();
    await page.getByRole("button", { name: "Renvoyer le lien de confirmation" }).waitFor();

    const link = await verifyFromOutbox(page, server, account.email);

    // A wrong password is refused without saying whether the account exists.
    await page.getByLabel(/^Adresse électronique/).fill(account.email);
    await page.getByLabel(/^Mot de passe/).fill("pas le bon mot de passe");
    await clickAndLoad(page, page.getByRole("button", { name: "Se connecter" }));
    await page.getByRole("alert").getByText("Adresse électronique ou mot de passe incorrect.").waitFor();
    assert.equal(await page.getByLabel(/^Adresse électronique/).inputValue(), account.email);

    await logIn(page, account, { expectPath: "/" });
    await page.getByText(account.name, { exact: true }).first().waitFor();

    await clickAndLoad(page, page.getByRole("link", { name: "Mon compte" }));
    assert.equal(new URL(page.url()).pathname, "/account");
    await page.getByRole("heading", { level: 1, name: "Mon compte" }).waitFor();
    await page.getByText(account.email, { exact: true }).waitFor();

    await clickAndLoad(page, page.getByRole("button", { name: "Se déconnecter" }));
    assert.equal(new URL(page.url()).pathname, "/");
    await page.getByRole("status").getByText("Vous êtes déconnecté.").waitFor();
    await page.getByRole("link", { name: "Se connecter" }).first().waitFor();

    // The verification link works once only.
    await visit(page, link);
    await page.getByRole("heading", { level: 1, name: "Lien invalide ou expiré" }).waitFor();

    // Signed out, the account page sends to sign-in, then back.
    await visit(page, "/account");
    assert.equal(new URL(page.url()).pathname, "/login");
    await logIn(page, account, { expectPath: "/account" });
    assertAllChecked(page);
    await page.context().close();
  });
});
