// Done means: an old link still reaches its story. The operator imports a WordPress site's
// export (WordPress's Theme Unit Test data) while the site runs; a reader on a phone follows a
// years-old link to one of its posts and lands on the story, with its threaded comments; the
// site's plain `/?p=` address and an old category archive lead on too, and an editor finds the
// old address in the newsroom's list of redirects.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join, dirname } from "node:path";
import { openSite, closeSite, newContext, screenshot, axe, PHONE } from "../lib/browser.mjs";
import { login } from "../lib/people.mjs";

const EXPORT = join(
  dirname(fileURLToPath(import.meta.url)),
  "../../../shared/wxr/wordpress-importer__phpunit__data__theme-unit-test-data.xml",
);

let site, browser;
before(async () => ({ site, browser } = await openSite()));
after(() => closeSite({ site, browser }));

test("a reader follows an old WordPress link to the imported story", async () => {
  const report = site.importWordpress(EXPORT);
  assert.match(report, /stories +58 \/ 0/);

  const phone = await newContext(browser, { viewport: PHONE, isMobile: true });
  const reader = await phone.newPage();
  const response = await reader.goto(site.url("/2012/01/03/template-comments/"));
  assert.equal(response.status(), 200);
  assert.match(new URL(reader.url()).pathname, /^\/en\/news\/\d+\/template-comments$/);
  const story = new URL(reader.url()).pathname;
  assert.equal((await reader.locator("main h1").first().textContent()).trim(), "Template: Comments");
  // The comments came across with their authors' names and their threads.
  const comments = reader.locator("#comments article.comment");
  assert.ok((await comments.count()) >= 10, "the story's comments are shown");
  assert.ok((await reader.locator("#comments article.comment.reply").count()) >= 1, "replies sit in their threads");
  await screenshot(reader, "import-old-link-phone");
  const violations = await axe(reader);
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));

  await reader.goto(site.url("/?p=1148"));
  assert.equal(new URL(reader.url()).pathname, story, "the plain address leads to the story");
  await reader.goto(site.url("/category/classic/"));
  assert.equal(new URL(reader.url()).pathname, "/en/category/classic");
  await phone.close();

  const editor = site.addUser({ role: "editor", email: "import.editor@e2e.example", name: "Nadia Editor", password: "editor pass phrase" });
  const desk = await newContext(browser);
  const page = await desk.newPage();
  await login(page, site, editor, "/newsroom/redirects?q=template-comments");
  await page.getByText("/2012/01/03/template-comments/", { exact: true }).first().waitFor();
  await screenshot(page, "import-redirects-newsroom");
  await desk.close();
});
