// Shared helpers of the end-to-end tests: an Essor server per test file (fresh data folder,
// embedded SQLite, free port), headless Chromium through playwright-core, the mail outbox, and
// the axe-core accessibility check that every page the browser visits must pass.

import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
export const E2E_DIR = path.resolve(HERE, "..");
export const REPO = path.resolve(E2E_DIR, "../..");
export const ESSOR_BIN = process.env.ESSOR_BIN || path.join(REPO, "target/debug/essor");
export const CHROMIUM = process.env.ESSOR_E2E_CHROMIUM || "/usr/bin/chromium";
const ARTIFACTS = path.join(E2E_DIR, "artifacts");

/** A password that satisfies the policy (12 characters at least). */
export const PASSWORD = "une phrase de passe solide";
/** The password of every account `essor demo` creates. */
export const DEMO_PASSWORD = "essor-demo-2026";

/** WCAG 2.1 levels A and AA: the rules every page must pass, with no exception. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

let uniq = 0;
/** A unique e-mail address for this run. */
export function email(who) {
  uniq += 1;
  return `${who}.${process.pid}.${uniq}@example.org`;
}

// ---- The server ------------------------------------------------------------------------------

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

/** The environment of the server and of the CLI: no inherited ESSOR_* setting, SQLite. */
function essorEnv(dataDir, port) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith("ESSOR_")) env[k] = v;
  }
  Object.assign(env, {
    ESSOR_DATA_DIR: dataDir,
    ESSOR_LISTEN: `127.0.0.1:${port}`,
    ESSOR_BASE_URL: `http://127.0.0.1:${port}`,
    RUST_LOG: process.env.RUST_LOG || "info,sqlx=warn,tower_http=warn",
  });
  return env;
}

/**
 * Starts `essor serve` on a fresh data folder and a free port, and waits for /readyz.
 * `admins` ([{ email, name, password }]) are created first with `essor admin create-admin`.
 * With `demo`, the database is the one `essor demo --no-serve` fills (every module's demo data;
 * the demo accounts' password is `DEMO_PASSWORD`).
 */
export async function startServer({ admins = [], demo = false } = {}) {
  assert.ok(
    fs.existsSync(ESSOR_BIN),
    `${ESSOR_BIN} is missing: build it first with \`cargo build -p essor\` (scripts/test does)`,
  );
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "essor-e2e-"));
  const port = await freePort();
  const env = essorEnv(dataDir, port);
  const server = {
    dataDir,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    logFile: path.join(dataDir, "server.log"),
    child: null,
    seenMail: new Set(),
  };
  if (demo) {
    const seeded = spawnSync(ESSOR_BIN, ["demo", "--no-serve"], { env, encoding: "utf8" });
    assert.equal(seeded.status, 0, `essor demo failed:\n${seeded.stdout}\n${seeded.stderr}`);
    env.ESSOR_DATABASE_URL = `sqlite://${path.join(dataDir, "demo.db")}`;
  }
  for (const a of admins) createAdmin(server, a);
  const log = fs.openSync(server.logFile, "a");
  const child = spawn(ESSOR_BIN, ["serve"], { env, stdio: ["ignore", log, log] });
  fs.closeSync(log);
  server.child = child;
  let exited = null;
  child.on("exit", (code, signal) => {
    exited = { code, signal };
  });
  // Never leave a server behind, even if the runner dies.
  const killOnExit = () => {
    try {
      child.kill("SIGKILL");
    } catch {
      /* already gone */
    }
  };
  process.on("exit", killOnExit);
  server.stop = async () => {
    process.off("exit", killOnExit);
    if (exited === null) {
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGINT");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await gone;
      clearTimeout(timer);
    }
    if (!process.env.ESSOR_E2E_KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  server.log = () => (fs.existsSync(server.logFile) ? fs.readFileSync(server.logFile, "utf8") : "");
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) {
      throw new Error(`essor serve exited (${JSON.stringify(exited)}) before being ready:\n${server.log()}`);
    }
    try {
      const res = await fetch(`${server.baseUrl}/readyz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`essor serve not ready after 60 s:\n${server.log()}`);
    }
    await sleep(100);
  }
  return server;
}

/** `essor admin create-admin` against the server's data folder (works while it runs: WAL). */
export function createAdmin(server, { email: address, name, password = PASSWORD }) {
  const env = essorEnv(server.dataDir, server.port);
  env.ESSOR_ADMIN_PASSWORD = password;
  const r = spawnSync(ESSOR_BIN, ["admin", "create-admin", "--email", address, "--name", name], {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  assert.equal(r.status, 0, `essor admin create-admin failed:\n${r.stdout}\n${r.stderr}`);
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// ---- Mail ------------------------------------------------------------------------------------

/** Undoes quoted-printable: soft line breaks, then =XX escapes (UTF-8 bytes). */
export function decodeQuotedPrintable(text) {
  const soft = text.replace(/=\r?\n/g, "");
  const bytes = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i];
    if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(c, "utf8")) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Decodes the base64 parts of a message too, so that a link is found whatever the encoding. */
function decodeMessage(raw) {
  let text = decodeQuotedPrintable(raw);
  const b64 = /Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/gi;
  for (const m of raw.matchAll(b64)) {
    text += "\n" + Buffer.from(m[1].replace(/\s+/g, ""), "base64").toString("utf8");
  }
  return text;
}

/** The To: header of a message (unfolded, lower case), "" if it has none yet. */
function recipients(raw) {
  const head = raw.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, " ");
  const m = head.match(/^To:[ \t]*(.*)$/im);
  return m ? m[1].toLowerCase() : "";
}

/**
 * Waits for a new message to `to` in the outbox that contains a link whose path matches
 * `pathPattern` (e.g. /\/verify\/[\w-]+/), and returns { link, text, file }. The link is
 * returned as a path (relative to the server) so that it works whatever ESSOR_BASE_URL says.
 */
export async function waitForMail(server, { to, pathPattern, timeoutMs = 20_000 }) {
  const outbox = path.join(server.dataDir, "outbox");
  const linkRe = new RegExp(`https?://[^\\s"'<>]*?(${pathPattern.source})`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => f.endsWith(".eml")) : [];
    for (const f of files) {
      if (server.seenMail.has(f)) continue;
      const raw = fs.readFileSync(path.join(outbox, f), "utf8");
      if (!recipients(raw).includes(to.toLowerCase())) continue;
      const text = decodeMessage(raw);
      const m = text.match(linkRe);
      if (!m) continue;
      server.seenMail.add(f);
      return { link: m[1], url: m[0], text, file: f };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `no mail to ${to} with a link matching ${pathPattern} in ${outbox} after ${timeoutMs} ms ` +
          `(${files.length} message(s) there)`,
      );
    }
    await sleep(200);
  }
}

// ---- The browser -----------------------------------------------------------------------------

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchBrowser() {
  assert.ok(
    fs.existsSync(CHROMIUM),
    `${CHROMIUM} is missing: install it with \`apt-get install -y chromium\` (scripts/test does)`,
  );
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A new browser context and page on `server`, with French as the browser's language (the
 * platform's default anyway). The page records every document it loads, so that `done(page)`
 * can prove each one went through `checkA11y`, and any script error or CSP refusal.
 */
export async function newPage(browser, server, { javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    javaScriptEnabled,
    locale: "fr-FR",
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  const page = await context.newPage();
  page.essor = { loads: 0, checkedLoads: 0, unchecked: [], problems: [], javaScriptEnabled };
  page.on("load", () => {
    page.essor.loads += 1;
  });
  page.on("pageerror", (err) => page.essor.problems.push(`script error on ${page.url()}: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content Security Policy|Refused to/i.test(msg.text())) {
      page.essor.problems.push(`CSP refusal on ${page.url()}: ${msg.text()}`);
    }
  });
  return page;
}

const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `      - ${n.target.join(" ")}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, "\n        ")}` : ""}`)
        .join("\n");
      return `  * ${v.id} [${v.impact}] ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join("\n");
}

function saveArtifacts(name, html, screenshot) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const base = path.join(ARTIFACTS, name.replace(/[^\w.-]+/g, "_").slice(0, 100));
  fs.writeFileSync(`${base}.html`, html);
  if (screenshot) fs.writeFileSync(`${base}.png`, screenshot);
  return base;
}

async function runAxe(page) {
  const run = page.evaluate(
    async ({ source, tags }) => {
      if (typeof window.axe === "undefined") {
        // eslint-disable-next-line no-eval
        (0, eval)(source);
      }
      const r = await window.axe.run(document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"],
      });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary })),
      }));
    },
    { source: AXE_SOURCE, tags: AXE_TAGS },
  );
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`axe-core did not finish within 30 s on ${page.url()}`)), 30_000);
  });
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// axe-core needs timers, which do not run in a page whose JavaScript is off. Such a page is
// checked through a mirror: the same document (its scripts removed, <noscript> shown) served at
// the same address to a page with JavaScript, the styles and images coming from the server.
const mirrors = new WeakMap();
async function runAxeOnMirror(page) {
  const browser = page.context().browser();
  let mirror = mirrors.get(browser);
  if (!mirror) {
    const ctx = await browser.newContext({ javaScriptEnabled: true, viewport: page.viewportSize() });
    mirror = await ctx.newPage();
    mirrors.set(browser, mirror);
  }
  const url = page.url();
  const html = (await page.content())
    .replace(/<script\b[\s\S]*?<\/script>/gi, "")
    .replace(/<noscript\b/gi, "<div data-was-noscript")
    .replace(/<\/noscript>/gi, "</div>");
  const serve = (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html });
  await mirror.route(url, serve);
  try {
    await mirror.goto(url);
    return await runAxe(mirror);
  } finally {
    await mirror.unroute(url, serve);
  }
}

/**
 * Runs axe-core (WCAG 2.1 A and AA) on the page as it is and fails on any violation, naming
 * the rule, its help and the offending elements. The engine is evaluated through the DevTools
 * protocol, so the page's CSP does not stop it.
 */
export async function checkA11y(page) {
  const url = page.url();
  await page.waitForLoadState("load");
  const violations =
    page.essor?.javaScriptEnabled === false ? await runAxeOnMirror(page) : await runAxe(page);
  if (page.essor) page.essor.checkedLoads = page.essor.loads;
  if (violations.length > 0) {
    let saved = "";
    if (url.startsWith("http") && !page.essor?.noArtifacts) {
      const base = saveArtifacts(
        `a11y-${new URL(url).pathname}-${Date.now()}`,
        await page.content(),
        await page.screenshot({ fullPage: true }).catch(() => null),
      );
      saved = `\n  (page saved as ${base}.html and .png)`;
    }
    assert.fail(
      `axe-core found ${violations.length} WCAG 2.1 A/AA violation(s) on ${url}:\n` +
        `${describeViolations(violations)}${saved}`,
    );
  }
}

/** Opens `url` (a path) and checks it. */
export async function visit(page, url) {
  const res = await page.goto(url);
  await checkA11y(page);
  return res;
}

/**
 * Clicks a submit button or link that loads a new document, waits for it, checks it.
 * Works with JavaScript off too.
 */
export async function clickAndLoad(page, locator) {
  const loaded = page.waitForEvent("load");
  await locator.click();
  await loaded;
  await checkA11y(page);
}

/**
 * At the end of a test: every document the page loaded was checked by axe, and no script
 * failed nor was refused by the CSP.
 */
export function assertAllChecked(page) {
  assert.equal(
    page.essor.checkedLoads,
    page.essor.loads,
    `${page.essor.loads - page.essor.checkedLoads} page load(s) ended without checkA11y (last: ${page.url()})`,
  );
  assert.deepEqual(page.essor.problems, [], "script errors or CSP refusals");
}

// ---- Journeys shared by several files --------------------------------------------------------

/** Fills the sign-up form (by its French labels) and sends it; checks the confirmation page. */
export async function signUp(page, { name, email: address, password = PASSWORD }) {
  await visit(page, "/signup");
  await page.getByLabel(/^Nom affiché/).fill(name);
  await page.getByLabel(/^Adresse électronique/).fill(address);
  await page.getByLabel(/^Mot de passe/).fill(password);
  await page.getByLabel(/^Confirmation du mot de passe/).fill(password);
  await clickAndLoad(page, page.getByRole("button", { name: "Créer mon compte" }));
  await page.getByRole("heading", { level: 1, name: "Vérifiez votre messagerie" }).waitFor();
}

/** Opens the verification link from the outbox and presses the confirm button. */
export async function verifyFromOutbox(page, server, address) {
  const { link } = await waitForMail(server, { to: address, pathPattern: /\/verify\/[A-Za-z0-9_-]+/ });
  await visit(page, link);
  await page.getByRole("heading", { level: 1, name: "Confirmer votre adresse" }).waitFor();
  await clickAndLoad(page, page.getByRole("button", { name: "Confirmer mon adresse" }));
  assert.equal(new URL(page.url()).pathname, "/login");
  await page.getByText("Votre adresse est confirmée. Vous pouvez vous connecter.").waitFor();
  return link;
}

/** Signs in from the sign-in page (opened if needed) and lands on `expectPath`. */
export async function logIn(page, { email: address, password = PASSWORD }, { expectPath } = {}) {
  if (new URL(page.url()).pathname !== "/login") await visit(page, "/login");
  await page.getByLabel(/^Adresse électronique/).fill(address);
  await page.getByLabel(/^Mot de passe/).fill(password);
  await clickAndLoad(page, page.getByRole("button", { name: "Se connecter" }));
  if (expectPath) assert.equal(new URL(page.url()).pathname, expectPath);
  // Signed in: the header offers sign-out.
  await page.getByRole("button", { name: "Se déconnecter" }).waitFor();
}

/** Sign-up, verification and sign-in in one go; returns the account. */
export async function newVerifiedUser(page, server, name, who = "membre") {
  const account = { name, email: email(who), password: PASSWORD };
  await signUp(page, account);
  await verifyFromOutbox(page, server, account.email);
  await logIn(page, account);
  return account;
}
