// Flow 4: with JavaScript switched off a reader can read every kind of page, search, register,
// log in, comment, reply, delete their comment and log out.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { staffApi } from "../lib/api.mjs";
import { openSite, closeSite, newContext, PHONE } from "../lib/browser.mjs";
import { SEED, register, login, comment, commentTexts, submitAndWait } from "../lib/people.mjs";

let site, browser;
before(async () => {
  ({ site, browser } = await openSite());
  // More stories than a section page holds, so that it has an "Older stories" link to follow.
  const editor = site.addUser({ role: "editor", email: "editor@e2e.example", name: "Eva Editor", password: "editor pass phrase" });
  const api = await staffApi(site, editor);
  for (let i = 1; i <= 21; i++) {
    await api.publish({ lang: "en", section: "technology", title: `Gadget review number ${i}`, body: "Short.", byline: ["vb-desk"] });
  }
});
after(() => closeSite({ site, browser }));

test("every kind of reading page works without JavaScript, by following links", async () => {
  const context = await newContext(browser, { javaScript: false, viewport: PHONE, isMobile: true });
  const page = await context.newPage();
  const visited = [];
  const open = async (link) => {
    await Promise.all([page.waitForEvent("framenavigated"), link.click()]);
    await page.waitForLoadState("load");
    visited.push(new URL(page.url()).pathname);
    assert.ok((await page.locator("main h1, main h2").count()) > 0, `${page.url()} has content`);
  };
  const res = await page.goto(site.url("/"));
  assert.equal(res.status(), 200);

  await open(page.locator(".main-nav a", { hasText: "Technology" })); // a section
  assert.match(page.url(), /\/en\/category\/technology$/);
  await open(page.getByRole("link", { name: /Older stories/ }));
  assert.match(page.url(), /\/en\/category\/technology\?cursor=/);
  await open(page.locator("main .story h3 a").first()); // an article
  assert.match(page.url(), /\/en\/news\/\d+\//);
  await open(page.locator(".byline a").first()); // its author or desk
  assert.match(page.url(), /\/en\/authors\//);
  await page.goto(site.url(SEED));
  await open(page.locator(".topics a").first());
  assert.match(page.url(), /\/en\/topic\//);
  await open(page.locator(".trending h2 a"));
  assert.match(page.url(), /\/en\/trending-views/);
  await open(page.locator(".edition-switch"));
  assert.match(page.url(), /\/bn\/$/);
  assert.equal(await page.locator("html").getAttribute("lang"), "bn");

  // The search box in the header is a plain form.
  await page.locator("#header-q").fill("সেতু");
  await Promise.all([page.waitForEvent("framenavigated"), page.locator("#header-q").press("Enter")]);
  await page.waitForLoadState("load");
  assert.match(page.url(), /\/bn\/search\?q=/);
  assert.equal(await page.locator("#search-q").inputValue(), "সেতু");
  assert.ok((await page.locator("main .results .story h3 a").count()) > 0, "the search finds Bangla stories");
  await context.close();
});

test("without JavaScript readers register, comment, reply, delete and log out", async () => {
  const first = await newContext(browser, { javaScript: false });
  const page = await first.newPage();
  const reader = { email: "nojs@e2e.example", name: "Nadia NoScript", password: "reader pass phrase" };
  await register(page, site, reader, SEED);
  await comment(page, "Read with scripts off, works fine.");
  assert.ok((await commentTexts(page)).includes("Read with scripts off, works fine."));
  // A second comment straight away is refused with a reason, and the words typed are kept.
  await comment(page, "One more thought.");
  assert.match(await page.locator(".comment-form .form-error").textContent(), /Please wait \d+ seconds/);
  assert.equal(await page.locator("#comment-body").inputValue(), "One more thought.");

  const second = await newContext(browser, { javaScript: false });
  const other = await second.newPage();
  const replier = { email: "replier@e2e.example", name: "Rana Replies", password: "reader pass phrase" };
  await register(other, site, replier, SEED);
  await Promise.all([other.waitForEvent("framenavigated"), other.locator(".comment .actions a", { hasText: "Reply" }).first().click()]);
  assert.match(await other.locator(".replying").textContent(), /Nadia NoScript/);
  await comment(other, "A reply, also without scripts.");
  const reply = other.locator(".comment.reply", { hasText: "A reply, also without scripts." });
  assert.equal(await reply.count(), 1);
  await submitAndWait(other, reply.getByRole("button", { name: "Delete" }));
  assert.ok(!(await commentTexts(other)).includes("A reply, also without scripts."));
  await second.close();

  await page.goto(site.url("/account"));
  await submitAndWait(page, page.getByRole("button", { name: /Log out/i }));
  await page.goto(site.url(SEED));
  assert.equal(await page.locator("#comment-body").count(), 0, "logged out: no comment box");
  await login(page, site, reader, SEED);
  assert.equal(await page.locator("#comment-body").count(), 1, "logged in again without JavaScript");
  await first.close();
});
