// Browser test of the editor bundle against stubbed endpoints.
// Usage (repository root): node editor/build.mjs && node editor/dev/test.mjs
// Needs /work/main/e2e's playwright-core (npm ci --prefix e2e) and Debian's chromium.
import http from "node:http";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join, normalize, extname } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const root = normalize(join(here, "..", ".."));
const require = createRequire(join(root, "e2e", "package.json"));
const { chromium } = require("playwright-core");

const MEDIA = [
  { id: 12, url: "/assets/logo.png", mime: "image/png", width: 800, height: 600, alt: "Dhaka skyline", caption: "The city at dusk", credit: "Photo: Someone", renditions: [{ width: 400, url: "/assets/logo.png" }] },
  { id: 13, url: "/assets/share-card.png", mime: "image/png", width: 1200, height: 630, alt: "Rickshaws on a street", caption: "Morning traffic", credit: "Photo: Rahim", renditions: [] },
];
const requests = [];

function json(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
  });
}
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml" };

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://x");
  const p = url.pathname;
  const body = await readBody(req);
  const csrf = req.headers["x-csrf-token"];
  requests.push({ method: req.method, path: p, search: url.search, body: body.toString("utf8"), csrf });
  if (p.startsWith("/api/") && req.method !== "GET" && csrf !== "TEST-CSRF") return json(res, 403, { error: { code: "csrf", message: "Bad token" } });
  if (p === "/api/v1/newsroom/media" && req.method === "GET") {
    const q = (url.searchParams.get("q") || "").toLowerCase();
    const ids = (url.searchParams.get("ids") || "").split(",").filter(Boolean).map(Number);
    let list = MEDIA;
    if (ids.length) list = list.filter((m) => ids.includes(m.id));
    if (q) list = list.filter((m) => (m.alt + m.caption + m.credit).toLowerCase().includes(q));
    return json(res, 200, list);
  }
  if (p === "/api/v1/newsroom/media" && req.method === "POST") {
    const text = body.toString("latin1");
    if (text.includes('filename="big.png"')) return json(res, 413, { error: { code: "too_large", message: "That file is larger than 20 MB." } });
    if (!/name="file"; filename=/.test(text)) return json(res, 422, { error: { code: "no_file", message: "No file" } });
    const item = { id: 77, url: "/assets/logo.png", mime: "image/png", width: 10, height: 10, alt: "", caption: "", credit: "", renditions: [] };
    MEDIA.push(item);
    return json(res, 201, item);
  }
  if (p === "/api/v1/newsroom/convert/bijoy") {
    const { text } = JSON.parse(body.toString("utf8"));
    if (text.includes("FAIL")) return json(res, 422, { error: { code: "convert", message: "The converter could not read that text." } });
    const map = { "Avwg evsjvq Mvb MvB": "আমি বাংলায় গান গাই", "Avwg": "আমি" };
    return json(res, 200, { text: map[text] ?? "[" + text + "]" });
  }
  if (p === "/api/v1/newsroom/autosave") return json(res, 200, { saved_at: "2026-12-05T10:42:00+06:00", editing: ["Karim Rahman", "Nadia Islam"] });
  if (p === "/api/v1/newsroom/presence") return json(res, 200, { editing: ["Karim Rahman"] });
  if (p === "/api/v1/topics") return json(res, 200, { topics: [] });
  if (p.startsWith("/api/")) return json(res, 200, []);
  try {
    const file = normalize(join(root, decodeURIComponent(p)));
    if (!file.startsWith(root)) throw new Error("outside");
    const data = await readFile(file);
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    res.end(data);
  } catch (_) {
    res.writeHead(404);
    res.end("not found");
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = "http://127.0.0.1:" + server.address().port;

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log("ok   " + name);
  } else {
    failed++;
    console.log("FAIL " + name + (detail !== undefined ? "\n     " + JSON.stringify(detail) : ""));
  }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage();
// The editor asks for an upload's alt text before sending it.
const askAlt = (d) => (d.type() === "prompt" ? d.accept("A dropped photo") : undefined);
page.on("dialog", askAlt);
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => {
  if (m.type() === "error" && !/Failed to load resource/.test(m.text())) errors.push(m.text());
});
const value = () => page.$eval("#body", (t) => t.value);
const docText = () => page.$eval(".ed-body", (e) => e.textContent);
const paste = (data, files) =>
  page.evaluate(
    ([data, files]) => {
      const dt = new DataTransfer();
      for (const [type, v] of Object.entries(data)) dt.setData(type, v);
      for (const f of files || []) dt.items.add(new File([new Uint8Array([137, 80, 78, 71])], f, { type: "image/png" }));
      document.querySelector(".ed-body").dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
    },
    [data, files],
  );
const endOfDoc = async () => {
  await page.focus(".ed-body");
  await page.keyboard.press("Control+End");
  await sleep(100); // ProseMirror reads the moved caret on selectionchange
};
async function until(fn, ms = 3000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > end) return v;
    await sleep(50);
  }
}

try {
  await page.goto(base + "/editor/dev/harness.html");
  await page.waitForSelector(".ed-body");
  const fixture = await value();

  // Mounting and accessibility
  const a = await page.$eval(".ed-body", (e) => ({ role: e.getAttribute("role"), ml: e.getAttribute("aria-multiline"), lb: e.getAttribute("aria-labelledby"), ce: e.contentEditable }));
  check("contenteditable is a labelled multiline textbox", a.role === "textbox" && a.ml === "true" && a.lb === "body-label" && a.ce === "true", a);
  check("textarea stays in the form, hidden", await page.$eval("#body", (t) => t.hidden && t.form !== null && t.name === "body_html"));
  const tb = await page.$eval("[role=toolbar]", (b) => ({ n: b.querySelectorAll("button[type=button][title]").length, tab: b.querySelectorAll("button[tabindex='0']").length, pressed: b.querySelectorAll("button[aria-pressed]").length }));
  check("toolbar has labelled buttons, one tab stop, aria-pressed toggles", tb.n >= 20 && tb.tab === 1 && tb.pressed >= 3, tb);
  await page.focus("[role=toolbar] button[tabindex='0']");
  const enabled = await page.$$eval("[role=toolbar] button", (l) => l.filter((b) => !b.disabled && !b.hidden).map((b) => b.getAttribute("aria-label")));
  await page.keyboard.press("ArrowRight");
  const roving = await page.evaluate(() => [document.activeElement.getAttribute("aria-label"), document.querySelectorAll("[role=toolbar] button[tabindex='0']").length]);
  await page.keyboard.press("End");
  const atEnd = await page.evaluate(() => document.activeElement.getAttribute("aria-label"));
  check("arrow keys and End move along the toolbar (roving tabindex)", roving[0] === enabled[1] && roving[1] === 1 && atEnd === enabled[enabled.length - 1], [roving, atEnd, enabled]);
  await page.keyboard.press("Escape");
  check("Escape in the toolbar returns to the text", await page.evaluate(() => document.activeElement.classList.contains("ed-body")));
  check("figure thumbnail looked up by id", await until(() => page.$eval(".ed-figure img", (i) => !i.hidden && i.src.endsWith("/assets/logo.png"))));
  check("media lookup was batched through ?ids=", requests.some((r) => r.path === "/api/v1/newsroom/media" && r.search === "?ids=12"));
  check("word count shown", /^\d+ words · 1 min read/.test(await page.$eval("#body-stats", (e) => e.textContent)), await page.$eval("#body-stats", (e) => e.textContent));

  // Round trip: one edit and its undo rewrite the stored format unchanged.
  await endOfDoc();
  await page.keyboard.type("x");
  await page.keyboard.press("Backspace");
  check("stored format round-trips", (await value()) === fixture, { got: await value(), want: fixture });

  // IME: composition then commit of Bangla text.
  await endOfDoc();
  await page.keyboard.press("Enter");
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Input.imeSetComposition", { text: "আমি", selectionStart: 3, selectionEnd: 3 });
  await cdp.send("Input.imeSetComposition", { text: "আমি বাং", selectionStart: 7, selectionEnd: 7 });
  await cdp.send("Input.insertText", { text: "আমি বাংলায়" });
  await sleep(100);
  const txt = await docText();
  check("IME text committed exactly once", txt.split("আমি বাংলায়").length === 2 && !txt.includes("আমি বাংআমি"), txt.slice(-40));
  check("IME text in the textarea", (await value()).includes("<p>আমি বাংলায়</p>"), (await value()).slice(-80));
  await cdp.send("Input.insertText", { text: " গান" });
  check("typing after composition continues the paragraph", (await value()).includes("<p>আমি বাংলায় গান</p>"));

  // Heading and bold via keyboard.
  await page.keyboard.press("Enter");
  await page.keyboard.type("Section head");
  await page.keyboard.press("Control+Alt+2");
  check("Mod-Alt-2 makes a heading 2", (await value()).includes("<h2>Section head</h2>"));
  await page.keyboard.press("Control+Alt+3");
  check("Mod-Alt-3 makes a heading 3", (await value()).includes("<h3>Section head</h3>"));
  await page.keyboard.press("Enter");
  await page.keyboard.type("Plain ");
  await page.keyboard.press("Control+b");
  check("bold button shows pressed", (await page.$eval("button[title^=Bold]", (b) => b.getAttribute("aria-pressed"))) === "true");
  await page.keyboard.type("strong");
  await page.keyboard.press("Control+b");
  await page.keyboard.type(" and ");
  await page.keyboard.press("Control+i");
  await page.keyboard.type("slanted");
  await page.keyboard.press("Control+i");
  check("Mod-b / Mod-i", (await value()).includes("<p>Plain <strong>strong</strong> and <em>slanted</em></p>"), (await value()).slice(-100));

  // Link: Mod-k with a bad then a good address.
  await page.keyboard.down("Shift");
  for (let i = 0; i < 7; i++) await page.keyboard.press("ArrowLeft");
  await page.keyboard.up("Shift");
  await page.keyboard.press("Control+k");
  await page.waitForSelector(".ed-linkform:not([hidden]) input");
  await page.keyboard.type("javascript:alert(1)");
  await page.keyboard.press("Enter");
  const linkMsg = await page.$eval(".ed-linkform .ed-error", (e) => e.textContent);
  check("bad link address refused with the message", linkMsg === "Links must start with https://, http:// or mailto:", linkMsg);
  await page.fill(".ed-linkform input", "https://example.org/x");
  await page.keyboard.press("Enter");
  check("link applied", (await value()).includes('<em><a href="https://example.org/x">slanted</a></em>') || (await value()).includes('<a href="https://example.org/x"><em>slanted</em></a>'), (await value()).slice(-120));
  check("focus back in the editor after the link form", await page.evaluate(() => document.activeElement.classList.contains("ed-body")));

  // Lists by input rule and shortcut.
  await endOfDoc();
  await page.keyboard.press("Enter");
  await page.keyboard.type("- first");
  await page.keyboard.press("Enter");
  await page.keyboard.type("second");
  check('"- " makes a bulleted list', (await value()).includes("<ul><li><p>first</p></li><li><p>second</p></li></ul>"), (await value()).slice(-120));
  await page.keyboard.press("Control+Shift+9");
  check("Shift-Mod-9 switches to a numbered list", (await value()).includes("<ol><li><p>first</p></li><li><p>second</p></li></ol>"));
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await page.keyboard.type("after list");
  check("Enter twice leaves the list", (await value()).includes("</ol><p>after list</p>"));

  // Photo from the library, then its caption.
  await page.keyboard.press("Enter");
  await page.click("button[title^='Insert photo']");
  await page.waitForSelector("dialog.ed-dialog[open] .ed-thumb");
  await page.fill("dialog.ed-dialog input[type=search]", "rickshaw");
  await until(async () => (await page.$$("dialog.ed-dialog .ed-thumb")).length === 1);
  check("library search asks the server", requests.some((r) => r.search === "?q=rickshaw"));
  await page.click("dialog.ed-dialog .ed-thumb[aria-label='Rickshaws on a street']");
  await page.waitForSelector("figure.ed-figure >> nth=1");
  let v = await value();
  check("photo inserted with the library's defaults", v.includes('<figure data-media="13" data-alt="Rickshaws on a street" data-credit="Photo: Rahim"><figcaption>Morning traffic</figcaption></figure>'), v.slice(-300));
  const cap = page.locator("figure.ed-figure >> nth=1").locator("input").first();
  await cap.fill("");
  await cap.type("Traffic on Mirpur Road");
  await page.keyboard.press("Backspace"); // stays in the input, not the document
  await page.keyboard.type("d");
  const altInput = page.locator("figure.ed-figure >> nth=1").locator("input").nth(2);
  await altInput.fill("");
  check("empty alt text is flagged", (await altInput.getAttribute("aria-invalid")) === "true" && (await page.locator("figure.ed-figure >> nth=1").locator(".ed-error").isVisible()));
  await altInput.type("Rickshaws queue at a junction");
  await page.locator("figure.ed-figure >> nth=1").locator("select").selectOption("full");
  v = await value();
  check("caption, alt and size typed into the figure update the stored HTML", v.includes('<figure data-media="13" data-size="full" data-alt="Rickshaws queue at a junction" data-credit="Photo: Rahim"><figcaption>Traffic on Mirpur Road</figcaption></figure>'), v.slice(-300));
  check("typing in figure inputs did not touch the text", !(await docText()).includes("Traffic on Mirpur Road"));

  // YouTube address pasted alone becomes an embed.
  await endOfDoc();
  await paste({ "text/plain": "https://www.youtube.com/watch?v=dQw4w9WgXcQ" });
  v = await value();
  check("pasted YouTube address becomes an embed", v.includes('<figure data-embed="youtube" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>'), v.slice(-200));
  check("embed card shows provider and address", (await page.$eval("figure.ed-embed >> nth=-1", (e) => e.textContent).catch(() => page.$$eval("figure.ed-embed", (l) => l[l.length - 1].textContent))).includes("YouTube"));
  await endOfDoc();
  await page.keyboard.type("https://x.com/someone/status/12345");
  await page.keyboard.press("Enter");
  check("typed X address + Enter becomes an embed", (await value()).includes('<figure data-embed="x" data-url="https://x.com/someone/status/12345"></figure>'));

  // Word fragment: mso markup, a list, and a Bijoy run.
  const word = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8"><style>p.MsoNormal{mso-style-parent:"";}</style><!--[if gte mso 9]><xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml><![endif]--></head><body lang=EN-US style='tab-interval:.5in'><!--StartFragment--><p class=MsoNormal style='mso-margin-top-alt:auto'><b>Word bold</b> and <span style='font-family:"Times New Roman";mso-fareast-font-family:Calibri'>plain</span><o:p></o:p></p><p class=MsoListParagraphCxSpFirst style='text-indent:-.25in;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol;mso-fareast-font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Alpha<o:p></o:p></p><p class=MsoListParagraphCxSpLast style='text-indent:-.25in;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>Beta<o:p></o:p></p><p class=MsoNormal><span style='font-size:14.0pt;font-family:SutonnyMJ;mso-bidi-font-family:SutonnyMJ'>Avwg evsjvq Mvb MvB</span><o:p></o:p></p><img src="https://tracker.example/pixel.gif" width=1 height=1><!--EndFragment--></body></html>`;
  await endOfDoc();
  await paste({ "text/html": word, "text/plain": "Word bold and plain\nAlpha\nBeta\nAvwg evsjvq Mvb MvB" });
  await until(async () => (await value()).includes("আমি বাংলায় গান গাই"));
  v = await value();
  check("Word paste: paragraphs, bold, real list", v.includes("<p><strong>Word bold</strong> and plain</p><ul><li><p>Alpha</p></li><li><p>Beta</p></li></ul>"), v.slice(-400));
  check("Word paste: Bijoy run converted in place", v.includes("<p>আমি বাংলায় গান গাই</p>") && !v.includes("Avwg"), v.slice(-200));
  check("Word paste: no mso, o:p, comments, classes, styles, images", !/mso|o:p|<!--|class=(?!"pullquote")|style=|pixel|<img|MsoNormal|·/.test(v.replace(fixture, "")));
  check("convert endpoint got the Bijoy text with the CSRF header", requests.some((r) => r.path === "/api/v1/newsroom/convert/bijoy" && r.body.includes("Avwg evsjvq Mvb MvB") && r.csrf === "TEST-CSRF"));

  // Google Docs fragment: the guid wrapper must not make everything bold.
  const gdocs = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1234abcd"><p dir="ltr" style="line-height:1.38"><span style="font-size:11pt;font-family:Arial;font-weight:400">Docs plain </span><span style="font-size:11pt;font-family:Arial;font-weight:700">docs bold</span><span style="font-weight:400"> and </span><span style="font-style:italic;font-weight:400">docs italic</span></p></b>`;
  await endOfDoc();
  await page.keyboard.press("Enter");
  await paste({ "text/html": gdocs, "text/plain": "Docs plain docs bold and docs italic" });
  v = await value();
  check("Google Docs paste keeps only real bold/italic", v.includes("<p>Docs plain <strong>docs bold</strong> and <em>docs italic</em></p>"), v.slice(-200));

  // A failing conversion leaves the text and shows the server's message.
  await endOfDoc();
  await page.keyboard.press("Enter");
  await paste({ "text/html": `<p><span style="font-family:'Sutonny MJ'">FAIL Avwg</span></p>`, "text/plain": "FAIL Avwg" });
  await until(async () => (await page.$eval(".ed-msg", (m) => m.textContent)) !== "");
  check("failed conversion keeps the text and shows the message", (await value()).includes("<p>FAIL Avwg</p>") && (await page.$eval(".ed-msg", (m) => m.textContent)) === "The converter could not read that text.");

  // Convert Bijoy on a selection.
  await endOfDoc();
  await page.keyboard.press("Enter");
  await page.keyboard.type("Avwg");
  await page.keyboard.down("Shift");
  await page.keyboard.press("Home");
  await page.keyboard.up("Shift");
  await page.click("button[title^='Convert Bijoy']");
  check("Convert Bijoy button converts the selection", await until(async () => (await value()).endsWith("<p>আমি</p>")), (await value()).slice(-60));

  // Table.
  await endOfDoc();
  await page.keyboard.press("Enter");
  await page.click("button[title^='Insert table']");
  await page.keyboard.type("Name");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Age");
  v = await value();
  check("table inserted with a header row", v.includes("<table><tbody><tr><th>Name</th><th>Age</th><th></th></tr><tr><td></td><td></td><td></td></tr><tr><td></td><td></td><td></td></tr></tbody></table>"), v.slice(-250));
  await page.click("button[title^='Add row']");
  check("add row", ((await value()).match(/<tr>/g) || []).length === 6);
  await page.click("button[title^='Remove column']");
  check("remove column", (await value()).includes("<tr><th>Name</th><th></th></tr>"), (await value()).slice(-250));
  await page.click("button[title^='Toggle header row']");
  check("toggle header row", (await value()).includes("<tr><td>Name</td><td></td></tr>"));

  // Pasting an image file uploads it; a failure shows the server's message.
  await page.keyboard.press("Control+End");
  await sleep(100);
  await paste({}, ["big.png"]);
  await until(async () => (await page.$eval(".ed-msg", (m) => m.textContent)) === "That file is larger than 20 MB.");
  check("failed upload shows the server's message", (await page.$eval(".ed-msg", (m) => m.textContent)) === "That file is larger than 20 MB.");
  await paste({}, ["photo.png"]);
  check("pasted image uploaded and inserted", await until(async () => (await value()).includes('<figure data-media="77"></figure>')));
  const up = requests.find((r) => r.method === "POST" && r.path === "/api/v1/newsroom/media" && r.body.includes('filename="photo.png"'));
  check("upload is multipart with file, alt, caption, credit", !!up && ["file", "alt", "caption", "credit"].every((f) => up.body.includes(`name="${f}"`)));

  // Undo / redo.
  const before = await value();
  await page.focus(".ed-body");
  await page.keyboard.press("Control+z");
  const undone = await value();
  await page.keyboard.press("Control+y");
  check("undo and redo", undone !== before && (await value()) === before);

  // Final stored HTML, exactly.
  const expected = fixture +
    "<p>আমি বাংলায় গান</p><h3>Section head</h3><p>Plain <strong>strong</strong> and <a href=\"https://example.org/x\"><em>slanted</em></a></p>" +
    "<ol><li><p>first</p></li><li><p>second</p></li></ol><p>after list</p>" +
    '<figure data-media="13" data-size="full" data-alt="Rickshaws queue at a junction" data-credit="Photo: Rahim"><figcaption>Traffic on Mirpur Road</figcaption></figure>' +
    '<figure data-embed="youtube" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>' +
    '<figure data-embed="x" data-url="https://x.com/someone/status/12345"></figure>' +
    "<p><strong>Word bold</strong> and plain</p><ul><li><p>Alpha</p></li><li><p>Beta</p></li></ul><p>আমি বাংলায় গান গাই</p>" +
    "<p>Docs plain <strong>docs bold</strong> and <em>docs italic</em></p><p>FAIL Avwg</p><p>আমি</p>" +
    "<table><tbody><tr><td>Name</td><td></td></tr><tr><td></td><td></td></tr><tr><td></td><td></td></tr><tr><td></td><td></td></tr></tbody></table>" +
    '<figure data-media="77"></figure>';
  v = await value();
  check("textarea holds the expected stored HTML", v === expected, { got: v.replace(fixture, "FIXTURE") });

  // Autosave and presence.
  await until(() => requests.some((r) => r.path === "/api/v1/newsroom/autosave"), 7000);
  const save = requests.find((r) => r.path === "/api/v1/newsroom/autosave");
  const saved = save && JSON.parse(save.body);
  check("autosave posts article, title, standfirst and body_html", !!saved && saved.article === 42 && saved.title === "A headline" && saved.standfirst === "A standfirst" && saved.body_html.includes("Traffic on Mirpur Road"), saved);
  await sleep(200);
  check("saved time shown", /Saved a draft copy at \d\d:\d\d/.test(await page.$eval("#body-stats", (e) => e.textContent)), await page.$eval("#body-stats", (e) => e.textContent));
  check("presence names shown", (await page.$eval("#body-presence", (e) => e.textContent)) === "Karim Rahman, Nadia Islam is also editing");
  await until(() => requests.some((r) => r.path === "/api/v1/newsroom/presence" && JSON.parse(r.body).article === 42), 12000);
  check("unchanged form: presence ping instead of autosave", await until(async () => (await page.$eval("#body-presence", (e) => e.textContent)) === "Karim Rahman is also editing"));

  // Leaving with unsaved changes asks first.
  let asked = false;
  page.off("dialog", askAlt);
  page.on("dialog", async (d) => {
    if (d.type() === "beforeunload") asked = true;
    await d.dismiss();
  });
  const prevented = await page.evaluate(() => {
    const e = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(e);
    return e.defaultPrevented;
  });
  check("beforeunload handler prevents leaving while changed", prevented);
  await page.evaluate(() => { location.href = "/assets/site.css"; });
  await until(() => asked, 3000);
  check("leaving with unsaved changes asks first", asked);

  // A Bangla page: translated strings and Bangla digits.
  const bn = await browser.newPage();
  await bn.route("**/editor/dev/harness.html", async (route) => {
    let html = await readFile(join(here, "harness.html"), "utf8");
    html = html.replace('<html lang="en">', '<html lang="bn">').replace('data-lang="en" data-article="42"', 'data-lang="bn" data-article=""')
      .replace('<script type="application/json" id="editor-strings">{}</script>', '<script type="application/json" id="editor-strings">{"{n} words":"{n} শব্দ","{n} min read":"{n} মিনিটে পড়া","Bold":"বোল্ড"}</script>');
    await route.fulfill({ body: html, contentType: "text/html; charset=utf-8" });
  });
  await bn.goto(base + "/editor/dev/harness.html");
  await bn.waitForSelector(".ed-body");
  const stats = await bn.$eval("#body-stats", (e) => e.textContent);
  check("Bangla page: translated word count with Bangla digits", /^[০-৯]+ শব্দ · ১ মিনিটে পড়া$/.test(stats), stats);
  check("Bangla page: translated button label", (await bn.$eval("button[title^='বোল্ড']", (b) => b.title)).startsWith("বোল্ড"));
  await bn.close();

  check("no script errors", errors.length === 0, errors);
} catch (e) {
  failed++;
  console.log("FAIL exception: " + (e && e.stack ? e.stack : e));
} finally {
  await browser.close();
  server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
