// The main pages as people meet them: axe-core's accessibility rules, keyboard-only use with a
// visible focus, lang attributes on mixed-language pages, no sideways scrolling at 320 px, image
// sizes set, the self-hosted Bangla font really used, and the weight of a first visit.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { staffApi } from "../lib/api.mjs";
import { openSite, closeSite, newContext, screenshot, report, axe, PHONE, DESKTOP, NARROW } from "../lib/browser.mjs";
import { SEED, login, register } from "../lib/people.mjs";

const PHOTO = fileURLToPath(new URL("../../assets/share-card.png", import.meta.url));
const reporter = { email: "reporter@e2e.example", name: "Rafiq Reporter", password: "reporter pass phrase" };
const reader = { email: "reader@e2e.example", name: "Rumana Reader", password: "reader pass phrase" };
const moderator = { email: "moderator@e2e.example", name: "Mina Moderator", password: "moderator pass phrase" };
const commenter = { email: "commenter@e2e.example", name: "Kamal Commenter", password: "reader pass phrase" };

let site, browser, pages;
before(async () => {
  ({ site, browser } = await openSite());
  site.addUser({ role: "reporter", ...reporter });
  site.addUser({ role: "moderator", ...moderator });
  site.addUser({ role: "reader", ...commenter });
  const editor = site.addUser({ role: "editor", email: "editor@e2e.example", name: "Eva Editor", password: "editor pass phrase" });
  const api = await staffApi(site, editor);
  const photo = await api.upload(PHOTO, "নদীর ওপর সেতু", "Eva Editor");
  const sections = await api.call("GET", "/api/v1/sections?lang=bn");
  const bnStory = await api.publish({
    lang: "bn",
    section: sections.sections[0].slug,
    title: "ঢাকায় নতুন মেট্রো লাইনের কাজ শুরু",
    standfirst: "প্রথম ধাপে উত্তরা থেকে কমলাপুর পর্যন্ত চলবে ট্রেন।",
    body: "রাজধানীতে নতুন মেট্রো লাইনের নির্মাণকাজ আজ শুরু হয়েছে।\n\nকর্তৃপক্ষ জানিয়েছে, কাজ শেষ হবে তিন বছরে।",
    byline: ["vb-desk"],
    image_id: photo.id,
  });
  const home = await (await fetch(site.url("/en/"))).text();
  const section = home.match(/<nav class="main-nav"[\s\S]*?<li><a href="[^"]+">[^<]+<\/a><\/li>\s*<li[^>]*><a href="([^"]+)"/)[1];
  pages = {
    "home-en": "/en/",
    "home-bn": "/bn/",
    "article-en": SEED,
    "article-bn": new URL(bnStory.url).pathname,
    section,
    "search-en": "/en/search?q=taliban",
    "search-bn": `/bn/search?q=${encodeURIComponent("মেট্রো")}`,
    login: "/login",
    register: "/register",
    trending: "/en/trending-views",
    "newsroom-editor": "/newsroom/articles/new",
    "newsroom-dashboard": "/newsroom",
    "newsroom-media": "/newsroom/media",
    "newsroom-comments": "/newsroom/comments?queue=recent",
    "article-logged-in": SEED,
  };
  // A comment for the logged-in article page and the moderation queue to show.
  const context = await newContext(browser);
  const page = await context.newPage();
  await login(page, site, commenter, SEED);
  await page.locator("#comment-body").fill("A first comment, so that the thread and the queue have one.");
  await Promise.all([page.waitForEvent("framenavigated"), page.locator(".comment-form button[type=submit]").click()]);
  await context.close();
});

/** Who is logged in when a page is opened: staff pages need their role, one article page a reader. */
function userFor(name) {
  if (name === "newsroom-comments") return moderator;
  if (name.startsWith("newsroom")) return reporter;
  if (name === "article-logged-in") return commenter;
  return null;
}
after(() => closeSite({ site, browser }));

/** A page open in a fresh context, logged in as `userFor(name)`. */
async function open(name, options = {}) {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  const user = userFor(name);
  if (user) await login(page, site, user, pages[name]);
  const res = await page.goto(site.url(pages[name]));
  assert.equal(res.status(), 200, `${name}: ${pages[name]}`);
  await page.evaluate(() => document.fonts.ready);
  return { context, page };
}

test("axe-core finds no serious or critical problem on the main pages, on phones and desktops", async () => {
  const results = {};
  const serious = [];
  for (const name of Object.keys(pages)) {
    for (const [label, viewport, isMobile] of [["phone", PHONE, true], ["desktop", DESKTOP, false]]) {
      const { context, page } = await open(name, { viewport, isMobile });
      const violations = await axe(page);
      results[`${name} ${label}`] = violations;
      for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
        serious.push(`${name} ${label}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.join(", ")}`);
      }
      await context.close();
    }
  }
  report("axe", results);
  assert.deepEqual(serious, []);
});

test("screenshots of the main pages at phone and desktop widths", async () => {
  for (const name of Object.keys(pages)) {
    for (const [label, viewport, isMobile] of [["phone", PHONE, true], ["desktop", DESKTOP, false]]) {
      const { context, page } = await open(name, { viewport, isMobile });
      await screenshot(page, `${name}-${label}`);
      await context.close();
    }
  }
});

test("no page scrolls sideways at 320 px, and every image has its size set", async () => {
  const wide = [];
  for (const name of Object.keys(pages)) {
    const { context, page } = await open(name, { viewport: NARROW, isMobile: true });
    const found = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const overflow = document.documentElement.scrollWidth - width;
      const culprits = [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > width + 1)
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
      const unsized = [...document.images].filter((img) => !img.getAttribute("width") || !img.getAttribute("height")).map((img) => img.src);
      return { overflow, culprits, unsized };
    });
    if (found.overflow > 0) wide.push(`${name}: ${found.overflow}px too wide (${found.culprits.join(", ")})`);
    if (found.unsized.length > 0) wide.push(`${name}: images without width and height: ${found.unsized.join(", ")}`);
    await context.close();
  }
  assert.deepEqual(wide, []);
});

test("article pages do not jump while they load", async () => {
  const shifts = {};
  for (const name of ["article-en", "article-bn"]) {
    const context = await newContext(browser, { viewport: PHONE, isMobile: true });
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__cls = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
    await page.goto(site.url(pages[name]), { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(500);
    shifts[name] = await page.evaluate(() => window.__cls);
    await context.close();
  }
  report("layout-shift", shifts);
  for (const [name, cls] of Object.entries(shifts)) assert.ok(cls < 0.1, `${name}: cumulative layout shift ${cls}`);
});

test("Bangla text is drawn in the self-hosted Noto Sans Bengali, not a fallback", async () => {
  const used = {};
  for (const [name, selector] of [["article-bn", "main h1"], ["article-bn", ".article-body p"], ["home-bn", ".main-nav a"], ["home-en", ".edition-switch"]]) {
    const { context, page } = await open(name);
    const cdp = await context.newCDPSession(page);
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root } = await cdp.send("DOM.getDocument");
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    used[`${name} ${selector}`] = fonts;
    const bengali = fonts.find((f) => /Noto Sans Bengali/.test(f.familyName));
    assert.ok(bengali?.isCustomFont, `${name} ${selector}: drawn with ${JSON.stringify(fonts)}`);
    const total = fonts.reduce((n, f) => n + f.glyphCount, 0);
    assert.ok(bengali.glyphCount / total > 0.8, `${name} ${selector}: most glyphs come from the web font: ${JSON.stringify(fonts)}`);
    await context.close();
  }
  report("bangla-font", used);
});

test("a first visit to an article page weighs under 150 KB compressed, article images aside", async () => {
  const weights = {};
  for (const name of ["article-en", "article-bn"]) {
    const context = await newContext(browser, { viewport: PHONE, isMobile: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const requests = new Map();
    cdp.on("Network.responseReceived", ({ requestId, response, type }) => requests.set(requestId, { url: response.url, type, encoding: response.headers["content-encoding"] ?? "" }));
    cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => {
      const r = requests.get(requestId);
      if (r) r.bytes = encodedDataLength;
    });
    await page.goto(site.url(pages[name]), { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);
    await page.waitForLoadState("networkidle");
    const all = [...requests.values()];
    assert.ok(all.every((r) => r.bytes !== undefined), "every response finished loading");
    // Article images (the media library) aside; the logo, CSS, fonts and scripts count.
    const counted = all.filter((r) => !(r.type === "Image" && new URL(r.url).pathname.startsWith("/media/")));
    assert.ok(counted.some((r) => r.type === "Document"), "the page itself is counted");
    if (name === "article-bn") assert.ok(all.some((r) => new URL(r.url).pathname.startsWith("/media/")), "the article's photo was loaded, and set aside");
    const byType = {};
    for (const r of counted) byType[r.type] = (byType[r.type] ?? 0) + r.bytes;
    const total = counted.reduce((n, r) => n + r.bytes, 0);
    weights[name] = { total, byType, files: counted.map((r) => `${new URL(r.url).pathname} ${r.bytes} B ${r.encoding}`) };
    await context.close();
  }
  report("page-weight", weights);
  for (const [name, w] of Object.entries(weights)) assert.ok(w.total < 150_000, `${name}: ${w.total} bytes: ${w.files.join("; ")}`);
});

/** Presses Tab until `selector` has the focus; returns the focus style of every stop on the way. */
async function tabTo(page, selector, limit = 80) {
  const stops = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate((sel) => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      const visible = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
      return { at: el.matches(sel), what: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} ${el.textContent.trim().slice(0, 30)}`, visible };
    }, selector);
    stops.push(stop);
    if (stop.at) return stops;
  }
  throw new Error(`${selector} not reached with ${limit} Tab presses: ${stops.map((s) => s.what).join(" → ")}`);
}

function assertFocusVisible(stops) {
  const hidden = stops.filter((s) => !s.visible).map((s) => s.what);
  assert.deepEqual(hidden, [], "every element reached by Tab shows where the focus is");
}

test("a reader logs in and comments with the keyboard alone, seeing the focus at every step", async () => {
  const setup = await newContext(browser);
  await register(await setup.newPage(), site, reader, "/");
  await setup.close();

  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(site.url(`/login?next=${encodeURIComponent(SEED)}`));
  assertFocusVisible(await tabTo(page, "#email"));
  await page.keyboard.type(reader.email);
  assertFocusVisible(await tabTo(page, "#password"));
  await page.keyboard.type(reader.password);
  await Promise.all([page.waitForURL((url) => url.pathname === SEED), page.keyboard.press("Enter")]);

  assertFocusVisible(await tabTo(page, "#comment-body", 200));
  await page.keyboard.type("Typed and sent without a mouse.");
  const toButton = await tabTo(page, ".comment-form button[type=submit]");
  assertFocusVisible(toButton);
  assert.equal(toButton.length, 1, "the honeypot field is skipped: the button is the next stop");
  await Promise.all([page.waitForEvent("framenavigated"), page.keyboard.press("Enter")]);
  await page.locator(".comment", { hasText: "Typed and sent without a mouse." }).waitFor();
  await context.close();
});

test("a reporter writes and saves a draft with the keyboard alone", async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await login(page, site, reporter, "/newsroom/articles/new");
  assertFocusVisible(await tabTo(page, "#section"));
  assertFocusVisible(await tabTo(page, "#title"));
  await page.keyboard.type("Keyboard-only draft");
  // The story editor: its toolbar is one stop (arrow keys move along it), then the body.
  assertFocusVisible(await tabTo(page, "[role=textbox][aria-labelledby=body-label]"));
  await page.keyboard.type("Written without touching the mouse.");
  const toByline = await tabTo(page, "input[name=byline][value=vb-desk]");
  assertFocusVisible(toByline);
  await page.keyboard.press("Space");
  const toCreate = await tabTo(page, "form.nr-form button[type=submit]:not(.secondary)");
  assertFocusVisible(toCreate);
  await Promise.all([page.waitForURL(/\/newsroom\/articles\/\d+/), page.keyboard.press("Enter")]);
  assert.match(await page.locator("h1").textContent(), /draft/);
  assert.equal(await page.locator("#title").inputValue(), "Keyboard-only draft");
  await context.close();
});

test("Bangla text is marked lang=bn on every page, and English links on Bangla pages lang=en", async () => {
  const wrong = [];
  for (const name of ["home-en", "article-en", "home-bn", "article-bn", "search-bn"]) {
    const { context, page } = await open(name);
    const found = await page.evaluate(() => {
      const out = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent.trim();
        const parent = node.parentElement;
        if (!text || !parent || parent.closest("script,style,[aria-hidden=true]")) continue;
        const lang = parent.closest("[lang]")?.getAttribute("lang");
        const bengali = /[\u0980-\u09FF]/.test(text);
        const latinOnly = /^[A-Za-z][A-Za-z ,.'’-]*$/.test(text) && text.split(" ").length <= 3;
        if (bengali && lang !== "bn") out.push(`"${text.slice(0, 40)}" is Bangla under lang=${lang}`);
        if (parent.closest(".edition-switch, .translation") && latinOnly && lang !== "en") out.push(`"${text}" is English under lang=${lang}`);
      }
      return out;
    });
    wrong.push(...found.map((f) => `${name}: ${f}`));
    await context.close();
  }
  assert.deepEqual(wrong, []);
});
