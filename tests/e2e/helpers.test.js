// The test helpers themselves: the accessibility check really fails on a bad page (with
// JavaScript on and off), and quoted-printable mail bodies are decoded before links are read.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkA11y, decodeQuotedPrintable, launchBrowser } from "./lib/essor.js";

describe("helpers", { timeout: 120_000 }, () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  const BAD = `<!DOCTYPE html><html><head><title>t</title></head><body><main>
    <h1>Bad</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">
    <p style="color:#bbb;background:#fff">low contrast</p></main></body></html>`;
  const GOOD = `<!DOCTYPE html><html lang="fr"><head><title>t</title></head><body><main>
    <h1>Bon</h1><label for="x">Nom</label><input id="x" type="text"></main></body></html>`;

  for (const javaScriptEnabled of [true, false]) {
    it(`checkA11y reports violations with their rule ids (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.essor = { loads: 0, checkedLoads: 0, problems: [], javaScriptEnabled, noArtifacts: true };
      // A page at an http address, so that the mirror used without JavaScript can serve it.
      const url = "http://127.0.0.1:9/axe-self-test";
      await page.route(url, (r) => r.fulfill({ contentType: "text/html", body: BAD }));
      await page.goto(url);
      await assert.rejects(checkA11y(page), (err) => {
        for (const rule of ["html-has-lang", "image-alt", "label", "color-contrast"]) {
          assert.match(err.message, new RegExp(`\\* ${rule} `), `${rule} in:\n${err.message}`);
        }
        return true;
      });
      await page.unroute(url);
      await page.route(url, (r) => r.fulfill({ contentType: "text/html", body: GOOD }));
      await page.goto(url);
      await checkA11y(page);
      await context.close();
    });
  }

  it("decodes quoted-printable soft line breaks and UTF-8 escapes", () => {
    const qp = "Bonjour,\r\n<a href=3D\"http://127.0.0.1:1/verify/abc=\r\ndef\">Confirmer mon adres=\r\nse</a> =C3=A9t=C3=A9";
    assert.equal(
      decodeQuotedPrintable(qp),
      'Bonjour,\r\n<a href="http://127.0.0.1:1/verify/abcdef">Confirmer mon adresse</a> été',
    );
  });
});
