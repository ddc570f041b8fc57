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

/** The story editor's body: the rich-text editor the page mounts over its textarea. */
export function storyBody(page) {
  return page.getByRole("textbox", { name: "Body", exact: true });
}

/** Types `text` into the story editor's body at its end, a paragraph per blank-line-separated part. */
export async function writeBody(page, text, { replace = false } = {}) {
  const body = storyBody(page);
  await body.click();
  await page.keyboard.press(replace ? "ControlOrMeta+a" : "ControlOrMeta+End");
  if (replace) await page.keyboard.press("Backspace");
  else if ((await body.textContent()).trim() !== "") await page.keyboard.press("Enter");
  const parts = text.split(/\n\n+/);
  for (const [i, part] of parts.entries()) {
    if (i > 0) await page.keyboard.press("Enter");
    await page.keyboard.insertText(part);
  }
}

/** Tags the story with a topic through the topic picker (its name typed, the match picked). */
export async function addTopic(page, name) {
  const box = page.getByRole("combobox", { name: /topic/i });
  await box.fill(name);
  const option = page.getByRole("option", { name }).first();
  await option.waitFor();
  await option.click();
}
