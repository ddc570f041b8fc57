// Flow: the opinion poll on the Bangla home page, on a phone. One reader votes without
// JavaScript (chooses on the home page, confirms on the poll's page, sees the results there);
// another votes with it and sees the counts in place of the form, without the page reloading.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openSite, closeSite, screenshot, PHONE } from "../lib/browser.mjs";

// Headless Chromium names itself in its user agent, and crawlers may not vote: a phone's.
const PHONE_UA =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";

let site, browser;
before(async () => {
  ({ site, browser } = await openSite());
});
after(() => closeSite({ site, browser }));

async function phone(javaScript) {
  const context = await browser.newContext({
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 1,
    javaScriptEnabled: javaScript,
    userAgent: PHONE_UA,
  });
  context.setDefaultTimeout(15_000);
  return context;
}

test("a reader without JavaScript chooses on the home page, confirms and sees the results", async () => {
  const context = await phone(false);
  const page = await context.newPage();
  await page.goto(site.url("/bn/"));
  const poll = page.locator("section.poll");
  assert.equal(await poll.locator(".poll-kicker").textContent(), "জনমত জরিপ");
  await poll.scrollIntoViewIfNeeded();
  await screenshot(page, "poll-home-bn-phone");
  await poll.locator("input[name=option]").first().check();
  await Promise.all([page.waitForURL(/\/bn\/polls\/\d+\?option=1$/), poll.locator("button").click()]);
  await Promise.all([page.waitForURL(/voted=1/), page.locator("form.poll-form button").click()]);
  assert.equal(await page.locator(".poll-total").textContent(), "১ জন মত দিয়েছেন");
  assert.deepEqual(await page.locator(".poll-count").allTextContents(), ["১ · ১০০%", "০ · ০%", "০ · ০%"]);
  assert.equal(await page.locator("form.poll-form").count(), 0, "no second vote is offered");
  await screenshot(page, "poll-results-bn-phone");
  await context.close();
});

test("a reader with JavaScript votes on the home page and sees the counts without a reload", async () => {
  const context = await phone(true);
  const page = await context.newPage();
  await page.goto(site.url("/bn/"));
  let navigations = 0;
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });
  await page.evaluate(() => {
    window.notReloaded = true;
  });
  const poll = page.locator("section.poll");
  await poll.locator("input[name=option]").nth(1).check();
  await poll.locator("button").click();
  await poll.locator(".poll-total").waitFor();
  assert.equal(await poll.locator(".poll-total").textContent(), "২ জন মত দিয়েছেন");
  assert.deepEqual(await poll.locator(".poll-count").allTextContents(), ["১ · ৫০%", "১ · ৫০%", "০ · ০%"]);
  assert.equal(await poll.locator("form").count(), 0, "the counts took the form's place");
  assert.equal(navigations, 0, "the page was not navigated");
  assert.equal(await page.evaluate(() => window.notReloaded), true, "the page was not reloaded");
  assert.match(new URL(page.url()).pathname, /^\/bn\/$/);
  await poll.scrollIntoViewIfNeeded();
  await screenshot(page, "poll-voted-bn-phone");
  await context.close();
});
