// Flow 2: a reporter writes a Bangla story with a photo and submits it; an editor edits it and
// schedules it; the scheduler publishes it and it appears on the Bangla home page and in search.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { openSite, closeSite, newContext, screenshot, PHONE } from "../lib/browser.mjs";
import { login, submitAndWait, writeBody } from "../lib/people.mjs";

const PHOTO = fileURLToPath(new URL("../../assets/share-card.png", import.meta.url));

let site, browser;
before(async () => ({ site, browser } = await openSite()));
after(() => closeSite({ site, browser }));

const reporter = { email: "reporter@e2e.example", name: "Rafiq Reporter", password: "reporter pass phrase" };
const editor = { email: "editor@e2e.example", name: "Eva Editor", password: "editor pass phrase" };

const draft = {
  title: "পদ্মা সেতুতে রেকর্ড যান চলাচল",
  body: "ঈদের ছুটিতে পদ্মা সেতু দিয়ে একদিনে রেকর্ড সংখ্যক যানবাহন পার হয়েছে।\n\nসেতু কর্তৃপক্ষ জানিয়েছে, টোল আদায়ও ছাড়িয়েছে আগের সব হিসাব।",
  alt: "পদ্মা সেতুর ওপর দিয়ে চলছে যানবাহন",
};
const edited = "পদ্মা সেতুতে এক দিনে রেকর্ড যান চলাচল";

/** `datetime-local` text for the first whole minute at least 45 s from now, in Dhaka time (UTC+6). */
function nextMinuteInDhaka() {
  const at = new Date(Math.ceil((Date.now() + 45_000) / 60_000) * 60_000);
  const dhaka = new Date(at.getTime() + 6 * 3600_000);
  return { at, local: dhaka.toISOString().slice(0, 16) };
}

test("a reporter's Bangla draft with a photo is edited, scheduled and published", async () => {
  site.addUser({ role: "reporter", ...reporter });
  site.addUser({ role: "editor", ...editor });

  // The reporter uploads the photo and writes the draft.
  const desk = await newContext(browser);
  const page = await desk.newPage();
  await login(page, site, reporter, "/newsroom/media");
  await page.getByLabel(/^Image/).setInputFiles(PHOTO);
  await page.getByLabel(/^Alt text/).fill(draft.alt);
  await page.getByLabel("Credit").fill("Rafiq Reporter");
  await submitAndWait(page, page.getByRole("button", { name: "Upload" }));
  assert.equal(await page.locator(".form-error").count(), 0, await page.locator("main").textContent());
  await page.locator(`.nr-media img[alt="${draft.alt}"]`).waitFor();

  await page.goto(site.url("/newsroom/articles/new"));
  const section = page.getByLabel("Edition and section");
  const bangla = await section.locator("option").evaluateAll((options) =>
    options.filter((o) => o.textContent.startsWith("বাংলা")).map((o) => o.value),
  );
  assert.ok(bangla.length > 0, "the editor offers the Bangla edition's sections");
  await section.selectOption(bangla[0]);
  await page.getByLabel("Headline", { exact: true }).fill(draft.title);
  await writeBody(page, draft.body);
  // The library also holds the sample stories' photos: the upload is found by its alt text.
  await page.getByRole("button", { name: "Choose image" }).click();
  const chooser = page.getByRole("dialog");
  await chooser.getByLabel("Search images").fill(draft.alt);
  await chooser.getByRole("button", { name: draft.alt }).click();
  assert.notEqual(await page.locator("#image_id").inputValue(), "0", "the upload is the featured image");
  await page.getByRole("checkbox", { name: "VB Desk (desk)" }).check();
  await submitAndWait(page, page.getByRole("button", { name: "Create draft" }));
  await page.waitForURL(/\/newsroom\/articles\/\d+/);
  const editorPath = new URL(page.url()).pathname;
  assert.match(await page.locator("h1").textContent(), /draft/);
  await screenshot(page, "flow2-reporter-draft-desktop");
  await submitAndWait(page, page.getByRole("button", { name: "Submit for review" }));
  assert.match(await page.locator("h1").textContent(), /review/);
  assert.equal(await page.getByRole("button", { name: "Publish now" }).count(), 0, "a reporter is not offered publishing");
  // Nor can they publish by sending the form themselves.
  const csrf = await page.locator("input[name=csrf]").first().inputValue();
  const version = await page.locator("input[name=version]").first().inputValue();
  const forged = await page.request.post(site.url(`${editorPath}/publish`), { form: { csrf, version }, maxRedirects: 0 });
  assert.equal(forged.status(), 403);
  await desk.close();

  // The editor finds it on the dashboard, edits the headline and schedules it.
  const chief = await newContext(browser);
  const ed = await chief.newPage();
  await login(ed, site, editor, "/newsroom");
  await ed.goto(site.url("/newsroom?status=review&lang=bn"));
  await ed.getByRole("link", { name: draft.title }).click();
  await ed.waitForURL((url) => url.pathname === editorPath);
  await ed.getByLabel("Headline", { exact: true }).fill(edited);
  await submitAndWait(ed, ed.getByRole("button", { name: "Save" }));
  assert.equal(await ed.getByLabel("Headline", { exact: true }).inputValue(), edited);
  const { at, local } = nextMinuteInDhaka();
  await ed.getByLabel(/^Publish at/).fill(local);
  await submitAndWait(ed, ed.getByRole("button", { name: "Schedule" }));
  assert.match(await ed.locator("h1").textContent(), /scheduled/);
  await screenshot(ed, "flow2-editor-scheduled-desktop");

  // Not public before its time.
  const reader = await newContext(browser, { viewport: PHONE, isMobile: true });
  const home = await reader.newPage();
  await home.goto(site.url("/bn/"));
  assert.equal(await home.getByRole("link", { name: edited }).count(), 0, "a scheduled story is not on the home page early");

  // The scheduler publishes it (it looks every 15 s).
  const deadline = at.getTime() + 60_000;
  for (;;) {
    await home.goto(site.url("/bn/"));
    if ((await home.getByRole("link", { name: edited }).count()) > 0) break;
    assert.ok(Date.now() < deadline, "the scheduled story reached the Bangla home page within a minute of its time");
    await home.waitForTimeout(2_000);
  }
  await screenshot(home, "flow2-bangla-home-phone");
  await home.getByRole("link", { name: edited }).first().click();
  await home.waitForURL(/\/bn\/news\/\d+\//);
  assert.equal((await home.locator("h1").textContent()).trim(), edited);
  const photo = home.locator(`img[alt="${draft.alt}"]`).first();
  assert.ok(await photo.evaluate((img) => img.complete && img.naturalWidth > 0), "the photo loads");
  assert.equal((await home.locator(".hero .credit").textContent()).trim(), "Rafiq Reporter");
  assert.ok(Number(await photo.getAttribute("width")) > 0 && Number(await photo.getAttribute("height")) > 0, "the photo has its size set");

  // Search finds it by a word of its body (the index follows within seconds).
  const searchDeadline = Date.now() + 15_000;
  for (;;) {
    await home.goto(site.url(`/bn/search?q=${encodeURIComponent("টোল আদায়")}`));
    if ((await home.getByRole("link", { name: edited }).count()) > 0) break;
    assert.ok(Date.now() < searchDeadline, "search finds the story");
    await home.waitForTimeout(1_000);
  }
  await screenshot(home, "flow2-bangla-search-phone");
  await reader.close();
  await chief.close();
});
