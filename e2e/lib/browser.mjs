// Debian's Chromium, headless, driven by playwright-core: a fresh profile per launch, the
// viewports people read on, screenshots kept as artifacts under target/e2e/, and axe-core.
import { chromium } from "playwright-core";
import { mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { startSite } from "./site.mjs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const ARTIFACTS =
  process.env.NEWSDESK_E2E_ARTIFACTS ?? resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "target", "e2e");

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 768 };
export const NARROW = { width: 320, height: 640 };

/** Starts Chromium; Playwright gives every launch a new, empty profile. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}

/** A browser context (its own cookies) at a viewport, with or without JavaScript. */
export async function newContext(browser, { viewport = DESKTOP, javaScript = true, isMobile = false } = {}) {
  const context = await browser.newContext({
    viewport,
    javaScriptEnabled: javaScript,
    isMobile,
    hasTouch: isMobile,
    deviceScaleFactor: 1,
  });
  context.setDefaultTimeout(15_000);
  return context;
}

/** Saves a full-page screenshot as target/e2e/screenshots/{name}.png. */
export async function screenshot(page, name) {
  const dir = join(ARTIFACTS, "screenshots");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Records a finding of the run (axe results, page weights) in target/e2e/report/{topic}.json. */
export function report(topic, data) {
  const dir = join(ARTIFACTS, "report");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${topic}.json`), JSON.stringify(data, null, 2) + "\n");
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Runs axe-core (WCAG 2.x A and AA rules and best practices) on the page as it is now. */
export async function axe(page) {
  // Evaluated through the DevTools protocol, which the pages' Content-Security-Policy does not cover.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
    }));
  });
}

/** A test file's site and browser: the release binary on a fresh data directory, and Chromium. */
export async function openSite(options) {
  const site = await startSite(options);
  try {
    return { site, browser: await launch() };
  } catch (err) {
    await site.stop();
    throw err;
  }
}

/** Closes what `openSite` opened; the server is stopped (and its log checked) even if Chromium fails to close. */
export async function closeSite({ site, browser }) {
  try {
    await browser?.close();
  } finally {
    await site?.stop();
  }
}
