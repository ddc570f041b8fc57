// Keyboard-only browser test of editor/src/pickers.js against stubbed endpoints.
// Run: node editor/dev/pickers-test.mjs   (needs /work/main/e2e/node_modules/playwright-core, Chromium)
import http from "node:http";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const require = createRequire(path.join(root, "e2e/package.json"));
const { chromium } = require("playwright-core");

const TOPICS = [
  { id: 1, slug: "economy", name: "Economy", lang: "en" },
  { id: 2, slug: "dhaka", name: "Dhaka", lang: "en" },
  { id: 3, slug: "election", name: "Election", lang: "en" },
  { id: 4, slug: "elections-2026", name: "Elections 2026", lang: "en" },
  { id: 5, slug: "নির্বাচন", name: "নির্বাচন", lang: "bn" },
];
const ARTICLES = [
  { id: 7, lang: "bn", status: "draft", title: "বাজেট ঘোষণা (budget)", section: "national" },
  { id: 8, lang: "en", status: "published", title: "Budget announced", section: "business" },
  { id: 9, lang: "bn", status: "published", title: "নদীর নৌকা", section: "national" },
];
const MEDIA = [
  { id: 21, url: "/img/21-full.svg", mime: "image/jpeg", width: 2000, height: 1333, alt: "River at dusk", caption: "", credit: "",
    renditions: [{ width: 120, url: "/img/21-120.svg" }, { width: 640, url: "/img/21-640.svg" }, { width: 320, url: "/img/21-320.svg" }] },
  { id: 12, url: "/img/12.svg", mime: "image/jpeg", width: 800, height: 600, alt: "", caption: "Boats on the river", credit: "", renditions: [] },
  { id: 3, url: "/img/3.svg", mime: "image/png", width: 300, height: 100, alt: "Newsdesk logo", caption: "", credit: "", renditions: [{ width: 100, url: "/img/3-100.svg" }] },
];

const log = [];
let submitted = null;
const send = (res, status, body, type = "application/json") => {
  res.writeHead(status, { "Content-Type": type });
  res.end(type === "application/json" ? JSON.stringify(body) : body);
};
const has = (s, q) => !q || s.toLowerCase().includes(q.toLowerCase());

const server = http.createServer(async (req, res) => {
  const u = new URL(req.url, "http://x");
  let body = "";
  for await (const c of req) body += c;
  log.push({ method: req.method, path: u.pathname, query: Object.fromEntries(u.searchParams), csrf: req.headers["x-csrf-token"], body });
  try {
    if (u.pathname === "/api/v1/topics") {
      const lang = u.searchParams.get("lang"), q = u.searchParams.get("q") || "";
      const limit = Number(u.searchParams.get("limit") || 20);
      return send(res, 200, { topics: TOPICS.filter((t) => (!lang || t.lang === lang) && (has(t.name, q) || has(t.slug, q))).slice(0, limit) });
    }
    if (u.pathname === "/api/v1/newsroom/topics" && req.method === "POST") {
      if (req.headers["x-csrf-token"] !== "TOKEN123") return send(res, 403, { error: { code: "csrf", message: "Bad token." } });
      const { lang, name } = JSON.parse(body);
      if (name === "Bad") return send(res, 422, { error: { code: "invalid", message: "That name is not allowed." } });
      const t = { id: TOPICS.length + 1, lang, name, slug: name.toLowerCase().replace(/\s+/g, "-") };
      TOPICS.push(t);
      return send(res, 201, t);
    }
    if (u.pathname === "/api/v1/newsroom/articles") {
      const lang = u.searchParams.get("lang"), q = u.searchParams.get("q") || "";
      return send(res, 200, ARTICLES.filter((a) => (!lang || a.lang === lang) && has(a.title, q)));
    }
    if (u.pathname === "/api/v1/newsroom/media") {
      const ids = u.searchParams.get("ids"), q = u.searchParams.get("q") || "";
      if (ids) return send(res, 200, MEDIA.filter((m) => ids.split(",").includes(String(m.id))));
      return send(res, 200, MEDIA.filter((m) => has(`${m.alt} ${m.caption} ${m.credit}`, q)));
    }
    if (u.pathname.startsWith("/img/")) {
      return send(res, 200, `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><rect width="300" height="200" fill="#8ab"/><text x="10" y="100">${u.pathname}</text></svg>`, "image/svg+xml");
    }
    if (u.pathname === "/submit") {
      submitted = new URLSearchParams(body);
      return send(res, 200, "<p>saved</p>", "text/html");
    }
    const file = path.join(root, path.normalize(u.pathname));
    if (!file.startsWith(root)) return send(res, 403, "no", "text/plain");
    const ext = path.extname(file);
    const type = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css" }[ext] || "application/octet-stream";
    return send(res, 200, await readFile(file), type);
  } catch (e) {
    return send(res, 404, String(e), "text/plain");
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

let failures = 0, checks = 0;
function check(cond, what) {
  checks++;
  if (!cond) { failures++; console.log("FAIL", what); } else console.log("ok  ", what);
}
function eq(a, b, what) { check(a === b, `${what}: ${JSON.stringify(a)}${a === b ? "" : " !== " + JSON.stringify(b)}`); }

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => { if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text()); });
page.on("response", (r) => { if (r.status() >= 400 && !/favicon|__FONT|newsroom\/topics/.test(r.url())) errors.push(`${r.status()} ${r.url()}`); });
const kb = page.keyboard;
const open = async (qs = "") => { await page.goto(`${base}/editor/dev/pickers.html${qs}`); await page.waitForFunction(() => window.pickersReady); };
const val = (id) => page.$eval(`#${id}`, (e) => e.value);
const focused = () => page.evaluate(() => { const a = document.activeElement; return a && (a.getAttribute("aria-label") || a.textContent || a.id); });
const waitOption = (text) => page.getByRole("option", { name: text }).first().waitFor({ timeout: 3000 });

try {
  // ---------- Topics ----------
  await open();
  check(await page.$eval("#topics", (e) => e.hidden && e.form !== null && e.name === "topics"), "topics input hidden, still in the form");
  check(await page.getByRole("button", { name: "Remove economy" }).isVisible(), "chip economy with Remove button");
  const topicBox = page.getByRole("combobox", { name: "Add a topic" });
  await topicBox.focus();
  await kb.type("elec");
  await waitOption("Election");
  eq(await topicBox.getAttribute("aria-expanded"), "true", "listbox expanded");
  const tq = log.filter((l) => l.path === "/api/v1/topics").at(-1).query;
  eq(tq.lang, "en", "topics lang from section prefix");
  eq(tq.limit, "10", "topics limit");
  check(await page.getByRole("option", { name: /Create topic “elec”/ }).isVisible(), "create option offered when no exact match");
  await kb.press("ArrowDown");
  await kb.press("Enter");
  eq(await val("topics"), "economy, dhaka, election", "picked topic added to original input");
  eq(await topicBox.inputValue(), "", "search box cleared");
  // Exact match: no create option
  await kb.type("Dhaka");
  await kb.press("Escape"); // closes nothing yet (debounce) or clears; type again
  await topicBox.fill("");
  await kb.type("Economy");
  await page.waitForTimeout(500);
  check(!(await page.getByRole("option", { name: /Create topic/ }).count()), "no create option on exact match");
  await kb.press("Escape");
  eq(await topicBox.getAttribute("aria-expanded"), "false", "Escape closes the listbox");
  await topicBox.fill("");
  // Create
  await kb.type("Padma Bridge");
  await waitOption("Create topic “Padma Bridge”");
  await kb.press("ArrowUp"); // last option
  await kb.press("Enter");
  await page.waitForFunction(() => document.getElementById("topics").value.includes("padma-bridge"));
  const post = log.find((l) => l.method === "POST" && l.path === "/api/v1/newsroom/topics");
  eq(post && post.csrf, "TOKEN123", "create sends X-CSRF-Token");
  eq(post && post.body, JSON.stringify({ lang: "en", name: "Padma Bridge" }), "create body");
  eq(await val("topics"), "economy, dhaka, election, padma-bridge", "created slug added");
  // Refused
  await kb.type("Bad");
  await waitOption("Create topic “Bad”");
  await kb.press("ArrowUp");
  await kb.press("Enter");
  await page.getByText("That name is not allowed.").waitFor({ timeout: 3000 });
  check(true, "server error.message shown");
  await topicBox.fill("");
  // Remove by keyboard: Shift+Tab from the search box reaches the last chip's remove button
  await kb.press("Shift+Tab");
  eq(await focused(), "Remove Padma Bridge", "Shift+Tab reaches last chip remove button");
  await kb.press("Enter");
  eq(await val("topics"), "economy, dhaka, election", "chip removed");
  // Section change re-queries with the other edition
  await topicBox.focus();
  await kb.type("নির");
  await page.waitForTimeout(400);
  check(!(await page.getByRole("option", { name: "নির্বাচন" }).count()), "bn topic not offered for en section");
  await page.locator("#section").focus();
  await page.selectOption("#section", "bn:national");
  await waitOption("নির্বাচন");
  eq(log.filter((l) => l.path === "/api/v1/topics").at(-1).query.lang, "bn", "re-query in bn after section change");
  await topicBox.focus();
  await kb.press("ArrowDown");
  await kb.press("Enter");
  eq(await val("topics"), "economy, dhaka, election, নির্বাচন", "bn topic added");
  await page.selectOption("#section", "en:national");

  // ---------- Translation ----------
  const trBox = page.getByRole("combobox", { name: "Search the other edition by headline" });
  await trBox.focus();
  await kb.type("budget");
  await waitOption(/বাজেট/);
  eq(log.filter((l) => l.path === "/api/v1/newsroom/articles").at(-1).query.lang, "bn", "translation searches the other edition");
  check(await page.getByRole("option", { name: /বাজেট.*draft/ }).isVisible(), "option shows status");
  await kb.press("ArrowDown");
  await kb.press("Enter");
  eq(await val("translation_id"), "7", "translation number set");
  check(await page.getByText("Translation: বাজেট ঘোষণা (budget)").isVisible(), "Translation: HEADLINE shown");
  eq(await focused(), "Remove", "focus on Remove after picking");
  await kb.press("Enter");
  eq(await val("translation_id"), "", "Remove clears translation");
  eq(await focused(), "Search the other edition by headline", "focus back in search box");

  // ---------- Featured image ----------
  const chooseImg = page.locator(".pk-media").first().getByRole("button", { name: "Choose image" });
  await chooseImg.focus();
  await kb.press("Enter");
  const dlg = page.getByRole("dialog", { name: "Choose an image" });
  await dlg.waitFor();
  check(await page.evaluate(() => document.activeElement.type === "search" && !!document.activeElement.closest("dialog")), "focus moves into dialog search box");
  await kb.type("river");
  await page.waitForFunction(() => document.querySelectorAll(".pk-dialog .pk-thumb").length === 2);
  await kb.press("ArrowDown");
  eq(await page.evaluate(() => document.activeElement.querySelector("img")?.alt), "River at dusk", "ArrowDown focuses first thumbnail");
  eq(await page.evaluate(() => document.activeElement.querySelector("img")?.getAttribute("src")), "/img/21-320.svg", "smallest rendition >= 160px");
  await kb.press("ArrowRight");
  eq(await page.evaluate(() => document.activeElement.querySelector("img")?.alt), "Boats on the river", "ArrowRight moves; alt falls back to caption");
  await kb.press("ArrowLeft");
  await kb.press("Enter");
  check(!(await dlg.isVisible()), "dialog closed after choosing");
  eq(await val("image_id"), "21", "image_id set to chosen image");
  check(await page.$eval("#image_id", (s) => Array.from(s.options).some((o) => o.value === "21")), "option added to select");
  eq(await focused(), "Choose image", "focus returned to Choose image");
  eq(await page.locator(".pk-media").first().locator(".pk-current-img").getAttribute("src"), "/img/21-320.svg", "thumbnail shown");
  await kb.press("Enter");
  await dlg.waitFor();
  await kb.press("Escape");
  check(!(await dlg.isVisible()), "Escape closes the dialog");
  eq(await focused(), "Choose image", "focus returned after Escape");
  eq(await val("image_id"), "21", "Escape leaves the choice");

  // ---------- Logo ----------
  const logo = page.locator(".pk-media").nth(1);
  check(await logo.getByText("Built-in logo").isVisible(), "logo shows built-in when 0");
  await logo.getByRole("button", { name: "Choose image" }).focus();
  await kb.press("Enter");
  await page.locator(".pk-dialog").nth(1).getByRole("button").first().waitFor();
  await kb.type("logo");
  await page.waitForFunction(() => document.querySelectorAll(".pk-dialog")[1].querySelectorAll(".pk-thumb").length === 1);
  await kb.press("ArrowDown");
  eq(await page.evaluate(() => document.activeElement.querySelector("img")?.getAttribute("src")), "/img/3.svg", "url when no rendition >= 160");
  await kb.press("Enter");
  eq(await val("logo_media_id"), "3", "logo_media_id set");

  // ---------- Bylines ----------
  const find = page.getByRole("searchbox", { name: "Find a byline" });
  await find.focus();
  await kb.type("KAR");
  const visible = () => page.$$eval("#bylines label.check", (ls) => ls.filter((l) => l.offsetParent !== null).map((l) => l.textContent.trim()));
  eq((await visible()).join("|"), "Staff Reporter (desk)|Karim Rahman", "filter keeps matches and checked ones");
  await find.fill("");
  await kb.type("রহি");
  eq((await visible()).join("|"), "Staff Reporter (desk)|রহিমা খাতুন", "filter in Bangla");
  await kb.press("Tab"); // Staff (checked, stays visible)
  await kb.press("Tab"); // রহিমা খাতুন
  await kb.press("Space");
  await find.focus();
  await kb.press("Escape");
  eq((await visible()).length, 4, "Escape clears filter");

  // ---------- SEO ----------
  await page.locator("#title").focus();
  await kb.type("Padma bridge opens to traffic after a decade of construction work on it");
  const titleHint = page.locator("#seo_title + .pk-count");
  eq(await titleHint.textContent(), "71 of 60 characters — Longer than search engines show", "title hint with fallback to headline");
  check(await titleHint.evaluate((e) => e.classList.contains("pk-warn")), "warning class");
  const serpTitle = await page.locator(".pk-serp-title").textContent();
  check(serpTitle.endsWith("…") && [...serpTitle].length === 61, "search title truncated to 60 + …");
  await page.locator("#seo_title").focus();
  await kb.type("Padma bridge opens");
  eq(await titleHint.textContent(), "18 of 60 characters", "hint counts SEO title");
  check(!(await titleHint.evaluate((e) => e.classList.contains("pk-warn"))), "no warning");
  eq(await page.locator(".pk-card-title").textContent(), "Padma bridge opens", "card title");
  await page.locator("#seo_description").focus();
  await kb.type("x".repeat(170));
  eq(await page.locator("#seo_description + .pk-count").textContent(), "170 of 160 characters — Longer than search engines show", "description hint");
  eq([...(await page.locator(".pk-serp-desc").textContent())].length, 161, "description truncated at 160 + …");

  // ---------- Submit by keyboard: the server sees plain form fields ----------
  await page.getByRole("button", { name: "Save" }).focus();
  await kb.press("Enter");
  await page.waitForURL(/\/submit$/);
  eq(submitted.get("topics"), "economy, dhaka, election, নির্বাচন", "posted topics");
  eq(submitted.get("translation_id"), "", "posted translation_id");
  eq(submitted.get("image_id"), "21", "posted image_id");
  eq(submitted.get("logo_media_id"), "3", "posted logo_media_id");
  eq(submitted.getAll("byline").join(","), "staff,rahima-khatun", "posted bylines");
  eq(submitted.get("seo_title"), "Padma bridge opens", "posted seo_title");
  eq(submitted.get("csrf"), "TOKEN123", "posted csrf");

  // ---------- Existing story, Bangla UI, preset values ----------
  log.length = 0;
  await open("?ui=bn&lang=bn&article=42&tr=5&img=12&logo=0&topics=");
  check(await page.getByText("Translation: Article ৫").isVisible(), "existing translation shown as Article N");
  check(!log.some((l) => l.path === "/api/v1/newsroom/articles"), "no article fetch for an existing number");
  await page.waitForFunction(() => document.querySelector(".pk-current-img:not([hidden])"));
  check(log.some((l) => l.path === "/api/v1/newsroom/media" && l.query.ids === "12"), "current image fetched with ?ids=");
  eq(await page.locator(".pk-current-img").first().getAttribute("alt"), "Boats on the river", "current image alt from caption");
  eq(await page.locator(".pk-chip").count(), 0, "no chips for empty topics");
  // Remove image → 0
  await page.locator(".pk-media").first().getByRole("button", { name: "Remove" }).focus();
  await kb.press("Enter");
  eq(await val("image_id"), "0", "Remove sets image to 0");
  await page.locator("#seo_title").focus();
  await kb.type("ক্ষমা স্ত্রী");
  eq(await page.locator("#seo_title + .pk-count").textContent(), "৪ of ৬০ characters", "Bangla digits, conjuncts count as one");
  eq(await page.evaluate(() => [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment("ক্ষমা স্ত্রী")].length), 4, "(info) this Chromium's Segmenter joins conjuncts itself");
  await topicsLangCheck();
  // Translation search targets the other edition (en) when editing a bn story
  await page.locator(".pk-translation").getByRole("button", { name: "Remove" }).focus();
  await kb.press("Enter");
  await kb.type("budget");
  await waitOption("Budget announced");
  eq(log.filter((l) => l.path === "/api/v1/newsroom/articles").at(-1).query.lang, "en", "other edition of bn is en");

  async function topicsLangCheck() {
    await page.getByRole("combobox", { name: "Add a topic" }).focus();
    await kb.type("নির");
    await waitOption("নির্বাচন");
    eq(log.filter((l) => l.path === "/api/v1/topics").at(-1).query.lang, "bn", "topics lang from #body data-lang");
    await kb.press("Escape");
  }
} catch (e) {
  failures++;
  console.log("FAIL (exception)", e);
} finally {
  if (errors.length) { failures++; console.log("page errors:", errors); }
  await browser.close();
  server.close();
}
console.log(`${checks} checks, ${failures} failures`);
process.exit(failures ? 1 : 0);
