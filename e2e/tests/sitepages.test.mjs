// Done means: an editor's note page is written, published and found in the footer. An editor
// writes the Bangla edition's note in the newsroom, previews it, publishes it, and a reader on
// a phone finds it in the footer of the Bangla home page and opens it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openSite, closeSite, newContext, screenshot, axe, PHONE } from "../lib/browser.mjs";
import { login, submitAndWait } from "../lib/people.mjs";

let site, browser;
before(async () => ({ site, browser } = await openSite()));
after(() => closeSite({ site, browser }));

const editor = { email: "pages.editor@e2e.example", name: "Nadia Editor", password: "editor pass phrase" };
const note = {
  title: "পাঠকের প্রতি সম্পাদকের চিঠি",
  slug: "সম্পাদকের-চিঠি",
  body: "প্রিয় পাঠক,\n\nআমরা **নির্ভুল** খবর দিতে চাই। কোনো ভুল চোখে পড়লে আমাদের লিখে জানান।",
};

test("an editor writes and publishes an editor's note, and a reader finds it in the footer", async () => {
  site.addUser({ role: "editor", ...editor });
  const desk = await newContext(browser);
  const page = await desk.newPage();
  await login(page, site, editor, "/newsroom/pages");
  await page.getByRole("link", { name: "New page" }).first().click();
  await page.getByLabel("Edition", { exact: true }).selectOption("bn");
  await page.getByLabel("Title", { exact: true }).fill(note.title);
  await page.getByLabel(/^Address/).fill(note.slug);
  await page.getByLabel("Body (Markdown)").fill(note.body);
  // The live preview is the page as readers will see it.
  await page.locator("#preview strong").filter({ hasText: "নির্ভুল" }).waitFor();
  await submitAndWait(page, page.getByRole("button", { name: "Create draft" }));
  await page.waitForURL(/\/newsroom\/pages\/\d+/);
  assert.match(await page.locator("h1").textContent(), /draft/);
  await submitAndWait(page, page.getByRole("button", { name: "Publish now" }));
  assert.match(await page.locator("h1").textContent(), /published/);
  await screenshot(page, "sitepages-editor-desktop");
  await desk.close();

  const phone = await newContext(browser, { viewport: PHONE, isMobile: true });
  const reader = await phone.newPage();
  await reader.goto(site.url("/bn/"));
  const link = reader.locator(".site-footer .footer-pages a", { hasText: note.title });
  await link.scrollIntoViewIfNeeded();
  await screenshot(reader, "sitepages-footer-phone");
  await link.click();
  await reader.waitForURL((url) => decodeURIComponent(url.pathname) === `/bn/${note.slug}`);
  assert.equal((await reader.locator("main h1").textContent()).trim(), note.title);
  assert.equal((await reader.locator("main .article-body strong").textContent()).trim(), "নির্ভুল");
  const violations = await axe(reader);
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
  await screenshot(reader, "sitepages-page-phone");
  await phone.close();
});
