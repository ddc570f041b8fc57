// Flow 1: a reader finds the lead story, reads it, is asked to log in to comment, registers,
// is brought back to the story and comments.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openSite, closeSite, newContext, screenshot, PHONE } from "../lib/browser.mjs";
import { submitAndWait } from "../lib/people.mjs";

let site, browser;
before(async () => ({ site, browser } = await openSite()));
after(() => closeSite({ site, browser }));

test("a reader follows the lead story, registers when asked to log in, and comments", async () => {
  const context = await newContext(browser, { viewport: PHONE, isMobile: true });
  const page = await context.newPage();

  await page.goto(site.url("/"));
  const lead = page.locator(".lead h2 a").first();
  const headline = (await lead.textContent()).trim();
  assert.ok(headline.length > 10, `the home page has a lead story, got ${JSON.stringify(headline)}`);
  await lead.click();
  await page.waitForURL(/\/en\/news\/\d+\//);
  const articleUrl = page.url();
  assert.equal((await page.locator("h1").first().textContent()).trim(), headline);
  assert.ok((await page.locator(".article-body p").count()) > 0, "the story is there to read");
  const trending = page.locator(".trending");
  await trending.scrollIntoViewIfNeeded();
  assert.match(await trending.locator("h2").textContent(), /Trending Views/i);
  assert.ok((await trending.locator("li a").count()) >= 3, "Trending Views lists stories");

  const note = page.locator(".login-note a");
  assert.match(await note.textContent(), /You need login first to leave a comment/);
  await note.click();
  await page.waitForURL(/\/login\?/);
  await page.getByRole("link", { name: /create an account|register|sign up/i }).click();
  await page.waitForURL(/\/register\?/);

  await page.getByLabel("Email").fill("rahima@example.com");
  await page.getByLabel("Name shown with your comments").fill("Rahima Khatun");
  await page.getByLabel("Password").fill("a long reader password");
  await page.getByRole("button", { name: /create account|register|sign up/i }).click();
  await page.waitForURL((url) => url.href.startsWith(articleUrl));

  const box = page.locator("#comment-body");
  await box.scrollIntoViewIfNeeded();
  assert.match(await page.locator(".comment-form .as").textContent(), /Rahima Khatun/);
  const words = "Clear reporting on the recognition, thank you.";
  await box.fill(words);
  await submitAndWait(page, page.locator(".comment-form").getByRole("button"));

  const mine = page.locator(".comment", { hasText: words });
  await mine.waitFor();
  assert.match(await mine.locator(".who").textContent(), /Rahima Khatun/);
  await screenshot(page, "flow1-article-commented-phone");

  // A visitor who is not logged in sees the comment too: it is published, not only shown to its author.
  const stranger = await newContext(browser);
  const fresh = await stranger.newPage();
  await fresh.goto(articleUrl);
  assert.equal(await fresh.locator(".comment", { hasText: words }).count(), 1);
  await stranger.close();
  await context.close();
});
