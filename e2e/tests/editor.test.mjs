// Flow: the story editor. A reporter writes a Bangla story in the rich-text editor: types with
// an input method (composition events), makes text bold and a heading, places a photo from the
// library with a caption for this story, pastes a YouTube address (an embed) and a Word fragment
// with mso- markup and a SutonnyMJ (Bijoy) run (clean structure, converted Bangla), closes the tab
// without saving and gets the text back. An editor publishes; the public page shows the figure
// with its caption and the video's facade, and makes no third-party request on load.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { staffApi } from "../lib/api.mjs";
import { openSite, closeSite, newContext, screenshot, report } from "../lib/browser.mjs";
import { login, storyBody, submitAndWait } from "../lib/people.mjs";

const PHOTO = fileURLToPath(new URL("../../assets/share-card.png", import.meta.url));

let site, browser;
before(async () => ({ site, browser } = await openSite()));
after(() => closeSite({ site, browser }));

const reporter = { email: "writer@e2e.example", name: "Wasi Writer", password: "writer pass phrase" };
const editor = { email: "chief@e2e.example", name: "Chandra Chief", password: "chief pass phrase" };

const WORD_PASTE = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{mso-style-parent:"";}</style></head>
<body><!--StartFragment--><p class=MsoNormal style='mso-margin-top-alt:auto'><b style='mso-bidi-font-weight:normal'>Dhaka bureau</b> reports<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-.25in;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;</span></span><![endif]>First point<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-.25in;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;</span></span><![endif]>Second point<o:p></o:p></p>
<p class=MsoNormal><span style='font-family:SutonnyMJ;mso-bidi-font-family:Arial'>Avwg evsjvq Mvb MvB</span><o:p></o:p></p>
<img width=1 height=1 src="https://tracker.example/pixel.gif"><!--EndFragment--></body></html>`;

/** Pastes `html` (and its plain text) into the story editor as a browser's paste would. */
async function paste(page, html, text) {
  await page.evaluate(([html, text]) => {
    const data = new DataTransfer();
    if (html) data.setData("text/html", html);
    data.setData("text/plain", text);
    const body = document.querySelector("[role=textbox][aria-labelledby=body-label]");
    body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, [html, text]);
}

/** What the form would post as the body. */
const stored = (page) => page.locator("textarea#body").inputValue();

test("a reporter writes a Bangla story with a photo, a video and pasted copy, and it is published", async () => {
  site.addUser({ role: "reporter", ...reporter });
  site.addUser({ role: "editor", ...editor });
  const chief = await staffApi(site, editor);
  const photo = await chief.upload(PHOTO, "নৌকায় যাত্রী পারাপার", "Library credit");

  const desk = await newContext(browser);
  const page = await desk.newPage();
  await login(page, site, reporter, "/newsroom/articles/new");
  await page.locator("#section").selectOption("bn:bangladesh");
  await page.locator("#title").fill("পদ্মায় ফেরি চলাচল শুরু");
  const body = storyBody(page);
  await body.click();

  // Typed with an input method: composition events, then the committed text, exactly once.
  const cdp = await desk.newCDPSession(page);
  await cdp.send("Input.imeSetComposition", { text: "আমি", selectionStart: 3, selectionEnd: 3 });
  await cdp.send("Input.imeSetComposition", { text: "আমি বাং", selectionStart: 7, selectionEnd: 7 });
  await cdp.send("Input.insertText", { text: "আমি বাংলায়" });
  await cdp.send("Input.imeSetComposition", { text: " লি", selectionStart: 3, selectionEnd: 3 });
  await cdp.send("Input.insertText", { text: " লিখি।" });
  assert.equal((await body.textContent()).trim(), "আমি বাংলায় লিখি।");

  // Bold, then a heading, with the keyboard.
  await page.keyboard.press("Enter");
  await page.keyboard.press("ControlOrMeta+b");
  await page.keyboard.insertText("জরুরি");
  await page.keyboard.press("ControlOrMeta+b");
  await page.keyboard.insertText(" খবর");
  await page.keyboard.press("Enter");
  await page.keyboard.insertText("ঘাটের অবস্থা");
  await page.keyboard.press("ControlOrMeta+Alt+2");
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  assert.match(await stored(page), /<p><strong>জরুরি<\/strong> খবর<\/p><h2>ঘাটের অবস্থা<\/h2>/);

  // A photo from the library, with this story's caption.
  await page.getByRole("button", { name: "Insert photo" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("searchbox").fill("নৌকায়");
  await dialog.getByRole("button", { name: /নৌকায় যাত্রী পারাপার/ }).first().click();
  const caption = page.getByLabel("Caption").last();
  await caption.fill("মাওয়া ঘাটে সকালের ফেরি");
  await expectStored(page, new RegExp(`<figure data-media="${photo.id}"[^>]*data-alt="নৌকায় যাত্রী পারাপার"[^>]*><figcaption>মাওয়া ঘাটে সকালের ফেরি</figcaption></figure>`));

  // A YouTube address on its own line becomes an embed; the Word fragment comes in clean.
  await body.locator(":scope > p").last().click();
  await page.keyboard.press("ControlOrMeta+End");
  await paste(page, "", "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
  await expectStored(page, /<figure data-embed="youtube" data-url="https:\/\/www.youtube.com\/watch\?v=dQw4w9WgXcQ"><\/figure>/);
  await page.keyboard.press("ControlOrMeta+End");
  await paste(page, WORD_PASTE, "Dhaka bureau reports\nFirst point\nSecond point\nAvwg evsjvq Mvb MvB");
  await expectStored(page, /আমি বাংলায় গান গাই/, async () => `message: ${await page.locator(".ed-msg").textContent()}`);
  const html = await stored(page);
  assert.match(html, /<strong>Dhaka bureau<\/strong> reports/);
  assert.match(html, /<ul><li><p>First point<\/p><\/li><li><p>Second point<\/p><\/li><\/ul>/);
  for (const junk of ["mso-", "Mso", "o:p", "style", "class=", "tracker.example", "Symbol", "Avwg"]) {
    assert.ok(!html.includes(junk), `${junk} survived the paste: ${html}`);
  }
  await screenshot(page, "editor-story");

  // The tab closes without saving; the autosaved copy comes back when the editor opens again.
  await page.locator("#body-stats").getByText(/Saved a draft copy|খসড়ার একটি কপি/).waitFor({ timeout: 15_000 });
  const typed = await stored(page);
  await page.close({ runBeforeUnload: false });
  const again = await desk.newPage();
  await again.goto(site.url("/newsroom/articles/new"));
  assert.match(await again.locator(".nr-restored").textContent(), /Restored unsaved changes from/);
  assert.equal(await again.locator("#title").inputValue(), "পদ্মায় ফেরি চলাচল শুরু");
  assert.equal(await stored(again), typed, "the text is back, every block of it");
  await again.locator("#section").selectOption("bn:bangladesh");
  await again.getByRole("checkbox", { name: "VB Desk (desk)" }).check();
  await submitAndWait(again, again.locator("form.nr-form button[type=submit]:not([name=preview])"));
  const id = again.url().match(/\/newsroom\/articles\/(\d+)/)[1];
  await desk.close();

  // The editor publishes; a reader's page shows the figure, the facade, and nothing from afar.
  const story = await chief.call("GET", `/api/v1/newsroom/articles/${id}`);
  const done = await chief.call("POST", `/api/v1/newsroom/articles/${id}/publish`, { version: story.version });
  const reader = await newContext(browser);
  const view = await reader.newPage();
  const requests = [];
  view.on("request", (r) => requests.push(r.url()));
  await view.goto(done.url);
  await view.waitForLoadState("load");
  const figure = view.locator(".article-body figure.story-photo");
  assert.equal(await figure.locator("figcaption").textContent(), "মাওয়া ঘাটে সকালের ফেরি Library credit");
  assert.equal(await figure.locator("img").getAttribute("loading"), "lazy");
  assert.ok((await figure.locator("img").getAttribute("srcset")).includes("w,"));
  assert.equal(await view.locator(".embed-play").count(), 1);
  assert.equal(await view.locator("iframe").count(), 0);
  const origin = new URL(site.url("/")).origin;
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith("data:"));
  assert.deepEqual(foreign, [], "no third-party request on load");
  assert.match(await view.locator(".article-body").textContent(), /আমি বাংলায় লিখি।[\s\S]*আমি বাংলায় গান গাই/);
  await screenshot(view, "editor-published");
  report("editor", { requests: requests.length, foreign: foreign.length });
  await reader.close();
});

async function expectStored(page, pattern, more = async () => "") {
  const deadline = Date.now() + 10_000;
  let html = "";
  while (Date.now() < deadline) {
    html = await stored(page);
    if (pattern.test(html)) return;
    await page.waitForTimeout(100);
  }
  assert.match(html, pattern, `${html}\n${await more()}`);
}
