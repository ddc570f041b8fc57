// What people do on the site, as steps a test can string together: register, log in, comment.
import assert from "node:assert/strict";

/** The sample story every site starts with. */
export const SEED = "/en/news/1/russia-officially-recognises-afghanistans-taliban-govt";

/** Registers a reader through the form; ends where `next` points. */
export async function register(page, site, { email, name, password }, next = "/") {
  await page.goto(site.url(`/register?next=${encodeURIComponent(next)}`));
  await page.locator("#email").fill(email);
  await page.locator("#display_name").fill(name);
  await page.locator("#password").fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname === next.split("?")[0]), page.locator("form[action='/register'] button").click()]);
}

/** Logs in through the form; ends where `next` points. */
export async function login(page, site, { email, password }, next = "/") {
  await page.goto(site.url(`/login?next=${encodeURIComponent(next)}`));
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname === next.split("?")[0]), page.locator("form[action='/login'] button").click()]);
}

/** Posts a comment on the article open in `page` and waits for the page that answers. */
export async function comment(page, text) {
  await page.locator("#comment-body").fill(text);
  await submitAndWait(page, page.locator(".comment-form button[type=submit]"));
}

/** Clicks a submit button and waits for the page the form's answer leads to. */
export async function submitAndWait(page, button) {
  await Promise.all([page.waitForEvent("framenavigated"), button.click()]);
  await page.waitForLoadState("load");
}

/** The bodies of the comments shown on the page. */
export async function commentTexts(page) {
  return page.locator(".comment .comment-body").allTextContents().then((all) => all.map((t) => t.trim()));
}

/** Opens `path` in a context without a session and returns the comments anyone can read there. */
export async function publicComments(browser, site, path) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const res = await page.goto(site.url(path));
    assert.equal(res.status(), 200);
    return await commentTexts(page);
  } finally {
    await context.close();
  }
}
