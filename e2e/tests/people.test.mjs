// Flow: a newsroom of people. An admin invites a reporter, whose byline exists at once; the
// reporter gives it a photo and a bio, creates a new Bangla topic and writes a Bangla story under
// their byline with a co-author; an editor returns it with a note; the reporter is told in the
// newsroom and by mail (a real SMTP server), fixes it and submits again; the editor publishes;
// the author page shows the story with the photo and the bio. A moderator lands in the queue.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { openSite, closeSite, newContext, screenshot } from "../lib/browser.mjs";
import { addTopic, login, submitAndWait, writeBody } from "../lib/people.mjs";
import { ADMIN } from "../lib/site.mjs";
import { startSmtp } from "../lib/smtp.mjs";

const PHOTO = fileURLToPath(new URL("../../assets/share-card.png", import.meta.url));

let site, browser, smtp;
before(async () => {
  smtp = await startSmtp();
  ({ site, browser } = await openSite({ args: ["--smtp-url", smtp.url] }));
});
after(async () => {
  await closeSite({ site, browser });
  await smtp.close();
});

const reporter = { email: "nadia@e2e.example", name: "Nadia Sultana", password: "monsoon river lantern" };
const editor = { email: "desk.editor@e2e.example", name: "Desk Editor", password: "editor pass phrase" };
const moderator = { email: "mod@e2e.example", name: "Queue Moderator", password: "moderator pass phrase" };
const story = { title: "উত্তরাঞ্চলে বন্যায় পানিবন্দি লাখো মানুষ", body: "তিস্তার পানি বিপৎসীমার ওপর দিয়ে বইছে।" };
const note = "Add the district officials' figures and a source for the number stranded.";
const bio = "নাদিয়া সুলতানা উত্তরাঞ্চলের দুর্যোগ ও কৃষি নিয়ে লেখেন।";

/** Waits until `find` returns something, or fails after `ms`. */
async function eventually(find, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() > deadline) return null;
    await new Promise((ok) => setTimeout(ok, 250));
  }
}

/** Submits the form whose action ends with `action` on the open page. */
async function press(page, action) {
  await submitAndWait(page, page.locator(`form[action$='${action}'] button[type=submit]`).first());
}

test("an invited reporter writes under their byline, is returned a story, fixes it, and it is published", async () => {
  editor.role = "editor";
  site.addUser({ ...editor, role: "editor" });
  site.addUser({ ...moderator, role: "moderator" });

  // The admin invites a reporter.
  const adminContext = await newContext(browser);
  const admin = await adminContext.newPage();
  await login(admin, site, ADMIN, "/newsroom/staff");
  await admin.locator("#invite-email").fill(reporter.email);
  await admin.locator("#invite-role").selectOption("reporter");
  await press(admin, "/newsroom/invites");
  const invitation = await eventually(() => smtp.to(reporter.email).find((m) => m.includes("/invite?token=")));
  assert.ok(invitation, "the invitation arrives by mail");
  const link = invitation.match(/https?:\/\/\S+\/invite\?token=[0-9a-f]+/)[0];

  // The reporter accepts, and their byline is there at once.
  const reporterContext = await newContext(browser);
  const page = await reporterContext.newPage();
  await page.goto(site.url(new URL(link).pathname + new URL(link).search));
  await page.locator("#display_name").fill(reporter.name);
  await page.locator("#password").fill(reporter.password);
  await Promise.all([page.waitForURL((url) => url.pathname === "/newsroom"), page.locator("form[action='/invite'] button").click()]);
  const bylines = await (await page.request.get(site.url(`/api/v1/newsroom/bylines?q=${encodeURIComponent("Nadia")}`))).json();
  assert.equal(bylines.length, 1);
  const mine = bylines[0];
  assert.equal(mine.kind, "staff");
  assert.equal(mine.slug, "nadia-sultana");

  // A photo for the byline, from the media library, and a bio for the Bangla edition.
  await page.goto(site.url("/newsroom/media"));
  await page.locator("#file").setInputFiles(PHOTO);
  await page.locator("#alt").fill("Nadia Sultana in the newsroom");
  await submitAndWait(page, page.locator("form[enctype='multipart/form-data'] button[type=submit]"));
  await page.goto(site.url(`/newsroom/bylines/${mine.id}`));
  const photo = await page.locator("#photo_id option", { hasText: "Nadia Sultana in the newsroom" }).getAttribute("value");
  await page.locator("#photo_id").selectOption(photo);
  await page.locator("#title_bn").fill("নিজস্ব প্রতিবেদক");
  await page.locator("#bio_bn").fill(bio);
  await press(page, `/newsroom/bylines/${mine.id}`);
  assert.match(page.url(), /notice=saved/);
  await screenshot(page, "byline-profile");

  // A new Bangla topic, made from the topics page.
  await page.goto(site.url("/newsroom/topics?lang=bn"));
  await page.locator("form[method=post][action='/newsroom/topics'] #topic-name").fill("তিস্তার বন্যা");
  await submitAndWait(page, page.locator("form[method=post][action='/newsroom/topics'] button[type=submit]"));
  const { topics } = await (await page.request.get(site.url(`/api/v1/topics?lang=bn&q=${encodeURIComponent("তিস্তার")}`))).json();
  assert.equal(topics.length, 1, JSON.stringify(topics));

  // The story: their own byline (ticked already) with a co-author, the new topic.
  await page.goto(site.url("/newsroom/articles/new"));
  assert.equal(await page.locator(`input[name=byline][value='${mine.slug}']`).isChecked(), true, "credited to its writer");
  await page.locator("#section").selectOption("bn:bangladesh");
  await page.locator("#title").fill(story.title);
  await writeBody(page, story.body);
  await page.locator("input[name=byline][value='farhana-akter']").check();
  await addTopic(page, topics[0].name);
  await submitAndWait(page, page.locator("form.nr-form button[type=submit]:not([name=preview])"));
  const id = page.url().match(/\/newsroom\/articles\/(\d+)/)[1];
  await press(page, `/newsroom/articles/${id}/submit`);

  // The editor returns it with a note.
  const editorContext = await newContext(browser);
  const desk = await editorContext.newPage();
  await login(desk, site, editor, `/newsroom/articles/${id}`);
  await desk.locator("#return-note").fill(note);
  await press(desk, `/newsroom/articles/${id}/return`);

  // The reporter is told in the newsroom and by mail, and sees the note on the story.
  await page.goto(site.url("/newsroom"));
  assert.equal(await page.locator(".nr-bell .count").textContent(), "1");
  await page.goto(site.url("/newsroom/notifications"));
  const told = await page.locator(".nr-notifications li").first().textContent();
  assert.ok(told.includes(story.title), told);
  await screenshot(page, "notifications");
  const mail = await eventually(() => smtp.to(reporter.email).find((m) => m.includes(note)));
  assert.ok(mail, "the return, with its note, arrives by mail");
  await page.goto(site.url(`/newsroom/articles/${id}`));
  assert.ok((await page.locator("main").textContent()).includes(note), "the note is on the story");
  await writeBody(page, "জেলা প্রশাসনের হিসাবে পানিবন্দি মানুষ এক লাখ ২০ হাজার।");
  await submitAndWait(page, page.locator("form.nr-form button[type=submit]:not([name=preview])"));
  await press(page, `/newsroom/articles/${id}/submit`);

  // The editor publishes.
  await desk.goto(site.url(`/newsroom/articles/${id}`));
  await press(desk, `/newsroom/articles/${id}/publish`);

  // The author page shows the story, the photo and the bio.
  const readerContext = await newContext(browser);
  const reader = await readerContext.newPage();
  const res = await reader.goto(site.url(`/bn/authors/${mine.slug}`));
  assert.equal(res.status(), 200);
  assert.equal((await reader.locator("h1").textContent()).trim(), reporter.name);
  assert.equal((await reader.locator(".intro").textContent()).trim(), bio);
  assert.equal(await reader.locator(".author-photo").count(), 1);
  assert.ok((await reader.locator(".story h3, .lead h2").allTextContents()).some((t) => t.includes(story.title)));
  await screenshot(reader, "author-page-bn");

  // A moderator who logs in lands in the comment queue.
  const modContext = await newContext(browser);
  const mod = await modContext.newPage();
  await mod.goto(site.url("/login"));
  await mod.locator("#email").fill(moderator.email);
  await mod.locator("#password").fill(moderator.password);
  await Promise.all([mod.waitForURL((url) => url.pathname === "/newsroom/comments"), mod.locator("form[action='/login'] button").click()]);
  for (const context of [adminContext, reporterContext, editorContext, readerContext, modContext]) await context.close();
});
