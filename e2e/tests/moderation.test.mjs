// Flow 3: a moderator approves a held comment, holds a published one back, rejects it, and bans
// a reader, who then cannot comment.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openSite, closeSite, newContext, screenshot } from "../lib/browser.mjs";
import { SEED, register, login, comment, commentTexts, publicComments, submitAndWait } from "../lib/people.mjs";

let site, browser;
before(async () => ({ site, browser } = await openSite({ args: ["--comment-blocklist", "casino"] })));
after(() => closeSite({ site, browser }));

const moderator = { email: "moderator@e2e.example", name: "Mina Moderator", password: "moderator pass phrase" };
const readers = {
  held: { email: "held@e2e.example", name: "Hasan Held", password: "reader pass phrase" },
  hasty: { email: "hasty@e2e.example", name: "Hena Hasty", password: "reader pass phrase" },
  troll: { email: "troll@e2e.example", name: "Tarek Troll", password: "reader pass phrase" },
};
const words = {
  held: "Best casino odds are on my site",
  hasty: "The ministry denied this an hour ago",
  troll: "You are all idiots",
};

/** A moderator's queue page, and the card of the comment with `text` on it. */
async function card(page, queue, text) {
  await page.goto(site.url(`/newsroom/comments?queue=${queue}`));
  const found = page.locator(".nr-comment", { hasText: text });
  await found.waitFor();
  return found;
}

test("a moderator approves, holds and rejects comments, and a banned reader cannot comment", async () => {
  site.addUser({ role: "moderator", ...moderator });
  for (const [key, reader] of Object.entries(readers)) {
    const context = await newContext(browser);
    const page = await context.newPage();
    await register(page, site, reader, SEED);
    await comment(page, words[key]);
    const mine = page.locator(".comment", { hasText: words[key] });
    await mine.waitFor();
    if (key === "held") {
      assert.match(await mine.locator(".held").textContent(), /Awaiting moderation/);
    }
    await context.close();
  }
  const seen = await publicComments(browser, site, SEED);
  assert.ok(!seen.includes(words.held), "a held comment is not public");
  assert.ok(seen.includes(words.hasty) && seen.includes(words.troll));

  const context = await newContext(browser);
  const page = await context.newPage();
  await login(page, site, moderator, "/newsroom/comments");

  // Approve the held comment: it is published.
  let held = await card(page, "held", words.held);
  await screenshot(page, "flow3-held-queue-desktop");
  await submitAndWait(page, held.getByRole("button", { name: "Approve" }));
  assert.match(await page.locator(".notice").textContent(), /approved/);
  assert.ok((await publicComments(browser, site, SEED)).includes(words.held));

  // Hold a published comment back: it leaves the page and waits in the held queue.
  const hasty = await card(page, "recent", words.hasty);
  await submitAndWait(page, hasty.getByRole("button", { name: "Hold back" }));
  assert.match(await page.locator(".notice").textContent(), /held/);
  assert.ok(!(await publicComments(browser, site, SEED)).includes(words.hasty));

  // Reject it from the held queue: it stays off the page and leaves the queue.
  held = await card(page, "held", words.hasty);
  await submitAndWait(page, held.getByRole("button", { name: "Reject" }));
  assert.match(await page.locator(".notice").textContent(), /rejected/);
  assert.equal(await page.locator(".nr-comment", { hasText: words.hasty }).count(), 0);
  assert.ok(!(await publicComments(browser, site, SEED)).includes(words.hasty));

  // Ban the troll for good, with a reason the reader will see.
  const troll = await card(page, "recent", words.troll);
  await troll.locator("summary").click();
  await troll.getByLabel("Reason").fill("Insults other readers");
  await submitAndWait(page, troll.getByRole("button", { name: "Ban" }));
  assert.match(await page.locator(".notice").textContent(), /banned/);
  const history = await page.locator(".nr-revisions li").allTextContents();
  for (const done of ["approved", "held", "rejected", "ban reader"]) {
    assert.ok(history.some((line) => line.includes(`Mina Moderator ${done}`)), `history shows "${done}": ${history.join(" | ")}`);
  }
  await context.close();

  const banned = await newContext(browser);
  const trollPage = await banned.newPage();
  await login(trollPage, site, readers.troll, SEED);
  await comment(trollPage, "Let me back in");
  assert.match(await trollPage.locator(".comment-form .form-error").textContent(), /Insults other readers/);
  assert.ok(!(await commentTexts(trollPage)).includes("Let me back in"));
  await screenshot(trollPage, "flow3-banned-reader-desktop");
  assert.ok(!(await publicComments(browser, site, SEED)).includes("Let me back in"));
  await banned.close();
});
