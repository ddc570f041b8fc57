// The front of the paper: an editor makes an older story lead the Bangla home page above newer
// ones and puts a breaking-news banner up and takes it down; a reader on a phone sees each.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openSite, closeSite, newContext, screenshot, report, PHONE } from "../lib/browser.mjs";
import { login, submitAndWait } from "../lib/people.mjs";

let site, browser;
before(async () => ({ site, browser } = await openSite()));
after(() => closeSite({ site, browser }));

const editor = { email: "front.editor@e2e.example", name: "Farida Front", password: "front editor pass phrase" };
// A sample story from a day ago: the sample's newest Bangla story (the seed) is hours old.
const OLDER = "মূল্যস্ফীতি কমায় নীতি সুদহার কমিয়ে সাড়ে ৯ শতাংশ করল বাংলাদেশ ব্যাংক";
const BANNER = "ঢাকায় ৫.২ মাত্রার ভূমিকম্প অনুভূত";

test("an editor makes an older story lead the Bangla home page, and a reader on a phone sees it", async () => {
  site.addUser({ role: "editor", ...editor });
  const reader = await (await newContext(browser, { viewport: PHONE, isMobile: true })).newPage();
  await reader.goto(site.url("/bn/"));
  const before = await reader.locator(".lead h2 a").textContent();
  assert.notEqual(before.trim(), OLDER, "the older story does not lead on its own");

  const desk = await newContext(browser);
  const page = await desk.newPage();
  await login(page, site, editor, "/newsroom");
  await page.getByRole("link", { name: "Front pages" }).click();
  await page.locator("a[href='/newsroom/fronts/bn']").click();
  // Found by a Bangla word of its headline, placed with the keyboard.
  await page.getByRole("searchbox", { name: /Find a story/ }).fill("সুদহার");
  await submitAndWait(page, page.getByRole("button", { name: "Find" }));
  const makeLead = page.locator(".nr-candidates li", { hasText: OLDER }).getByRole("button", { name: /Make .* the lead/ });
  await makeLead.focus();
  await Promise.all([page.waitForEvent("framenavigated"), page.keyboard.press("Enter")]);
  await page.waitForLoadState("load");
  assert.match(await page.locator(".notice").textContent(), /Front saved/);
  assert.match(await page.locator(".lead-slot").textContent(), new RegExp(OLDER.slice(0, 12)));
  await screenshot(page, "front-editor-desktop");

  await reader.reload();
  assert.equal((await reader.locator(".lead h2 a").textContent()).trim(), OLDER);
  const newer = await reader.locator(".latest h3 a").first().textContent();
  assert.equal(newer.trim(), before.trim(), "the newer story follows under the editors' lead");
  await screenshot(reader, "front-bn-home-phone");
  await desk.close();
  await reader.context().close();
});

test("an editor puts a breaking banner up and takes it down; a reader on a phone sees both", async () => {
  const desk = await newContext(browser);
  const page = await desk.newPage();
  await login(page, site, editor, "/newsroom/fronts");
  await page.locator("#text-bn").fill(BANNER);
  await submitAndWait(page, page.getByRole("button", { name: /Put up the বাংলা banner/ }));
  assert.match(await page.locator("main").textContent(), /Up now/);

  const reader = await (await newContext(browser, { viewport: PHONE, isMobile: true })).newPage();
  for (const path of ["/bn/", "/bn/trending-views"]) {
    await reader.goto(site.url(path));
    const banner = reader.getByRole("region", { name: "ব্রেকিং" });
    assert.equal((await banner.textContent()).includes(BANNER), true, `${path} shows the banner`);
    const box = await banner.boundingBox();
    assert.ok(box && box.y < PHONE.height, `${path}: the banner is in view on a phone`);
  }
  await reader.goto(site.url("/bn/"));
  await screenshot(reader, "breaking-bn-home-phone");
  await reader.goto(site.url("/en/"));
  assert.equal(await reader.locator(".breaking").count(), 0, "the English edition has no banner");

  await submitAndWait(page, page.getByRole("button", { name: /Take the বাংলা banner down/ }));
  await reader.goto(site.url("/bn/"));
  assert.equal(await reader.locator(".breaking").count(), 0, "the banner is gone");
  await desk.close();
  await reader.context().close();
});

test("the home page on a phone: its weight with the front's photos, and Lighthouse's scores", async () => {
  const weights = {};
  for (const lang of ["en", "bn"]) {
    const context = await newContext(browser, { viewport: PHONE, isMobile: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const requests = new Map();
    cdp.on("Network.responseReceived", ({ requestId, response, type }) => requests.set(requestId, { url: response.url, type }));
    cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => {
      const r = requests.get(requestId);
      if (r) r.bytes = encodedDataLength;
    });
    await page.goto(site.url(`/${lang}/`), { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);
    await page.waitForLoadState("networkidle");
    const all = [...requests.values()].filter((r) => r.bytes !== undefined);
    const byType = {};
    for (const r of all) byType[r.type] = (byType[r.type] ?? 0) + r.bytes;
    const total = all.reduce((n, r) => n + r.bytes, 0);
    const photos = all.filter((r) => new URL(r.url).pathname.startsWith("/media/"));
    weights[`home-${lang}`] = { total, byType, photos: photos.map((r) => `${new URL(r.url).pathname} ${r.bytes} B`) };
    // Photos below the fold wait until they are scrolled to.
    const lazy = await page.locator("img[loading=lazy]").count();
    assert.ok(lazy > 0, `${lang}: cards below the fold load their photos lazily`);
    assert.ok(photos.length <= 4, `${lang}: only the photos in view load at first: ${photos.length}`);
    await context.close();
  }
  report("home-weight", weights);

  const { default: lighthouse } = await import("lighthouse");
  const chromeLauncher = await import("chrome-launcher");
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
  });
  const scores = {};
  try {
    for (const lang of ["en", "bn"]) {
      // Lighthouse's default: a mid-range phone on a slow 4G connection, simulated.
      const result = await lighthouse(site.url(`/${lang}/`), { port: chrome.port, output: "json", logLevel: "error" });
      const { categories, audits } = result.lhr;
      scores[`home-${lang}`] = {
        ...Object.fromEntries(Object.entries(categories).map(([k, c]) => [k, Math.round(c.score * 100)])),
        lcp_ms: Math.round(audits["largest-contentful-paint"].numericValue),
        cls: audits["cumulative-layout-shift"].numericValue,
        failed: Object.values(audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary").map((a) => a.id),
      };
    }
  } finally {
    await chrome.kill();
  }
  report("home-lighthouse", scores);
  for (const [page, s] of Object.entries(scores)) {
    for (const category of ["accessibility", "best-practices", "seo"]) {
      assert.equal(s[category], 100, `${page} ${category}: ${JSON.stringify(s)}`);
    }
    assert.ok(s.cls < 0.1, `${page}: nothing shifts as photos load: ${s.cls}`);
  }
});
