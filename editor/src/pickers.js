// Pickers for the newsroom story editor and the settings page: topics, translation, featured
// image / site logo, byline filter, and the SEO / social preview. Progressive enhancement only:
// every original input stays in the form with its name and submitted value format (hidden when a
// widget replaces it), and nothing happens when an element is absent. No dependencies.
//
// UI text goes through t(english); placeholders such as {name} are filled in after translation.

let uid = 0;
const nextId = (p) => `pk-${p}${++uid}`;

function el(doc, tag, attrs = {}, ...kids) {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const k of kids) if (k != null) e.append(k);
  return e;
}

const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));

function digits(doc, n) {
  const s = String(n);
  return doc.documentElement.lang === "bn" ? s.replace(/[0-9]/g, (d) => "০১২৩৪৫৬৭৮৯"[d]) : s;
}

// User-perceived characters. A virama (্) followed by a consonant joins the cluster before it,
// so Bangla conjuncts count as one even where the segmenter's Unicode data predates that rule.
let segmenter;
export function graphemes(text) {
  const s = String(text || "");
  let parts;
  if (typeof Intl !== "undefined" && Intl.Segmenter) {
    segmenter ||= new Intl.Segmenter(undefined, { granularity: "grapheme" });
    parts = Array.from(segmenter.segment(s), (x) => x.segment);
  } else {
    parts = s.match(/\r\n|\P{M}\p{M}*|\p{M}+/gsu) || [];
  }
  const out = [];
  for (const p of parts) {
    const prev = out[out.length - 1];
    if (prev && /\u09CD\u200D?$/.test(prev) && /^[\u0995-\u09B9\u09CE\u09DC-\u09DF]/.test(p)) out[out.length - 1] = prev + p;
    else out.push(p);
  }
  return out;
}

function truncate(text, max) {
  const g = graphemes(text);
  return g.length > max ? g.slice(0, max).join("").trimEnd() + "…" : g.join("");
}

const norm = (s) => String(s || "").normalize("NFC").toLocaleLowerCase().trim();

function editionOf(doc) {
  const body = doc.getElementById("body");
  const dl = body && body.dataset.lang;
  if (dl === "en" || dl === "bn") return dl;
  const sec = doc.getElementById("section");
  const m = sec && /^(en|bn):/.exec(sec.value);
  return m ? m[1] : "";
}
const otherEdition = (l) => (l === "en" ? "bn" : l === "bn" ? "en" : "");

function fire(input) {
  input.dispatchEvent(new Event("input", { bubbles: true }));
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

async function request(doc, t, method, url, body) {
  const win = doc.defaultView;
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") {
    const c = doc.querySelector("input[name=csrf]");
    if (c) headers["X-CSRF-Token"] = c.value;
  }
  let res;
  try {
    res = await win.fetch(url, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new Error(t("Could not reach the server"));
  }
  let data = null;
  try { data = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) throw new Error((data && data.error && data.error.message) || fill(t("Something went wrong (HTTP {status})"), { status: res.status }));
  return data;
}

function hideOriginal(input) {
  input.hidden = true;
  input.classList.add("pk-original");
}

// A combobox (ARIA 1.2 pattern): text box + listbox, arrows move, Enter picks, Escape closes.
// search(q) resolves to [{text, ...}]; pick(item) is called with the chosen one.
function combobox(doc, t, { label, search, pick, empty }) {
  const listId = nextId("list");
  const input = el(doc, "input", {
    type: "text", id: nextId("combo"), class: "pk-input", role: "combobox", autocomplete: "off",
    "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": listId, "aria-label": label, placeholder: label,
  });
  const list = el(doc, "ul", { id: listId, role: "listbox", class: "pk-list", "aria-label": label, hidden: true });
  const status = el(doc, "p", { class: "pk-status", role: "status" });
  const wrap = el(doc, "div", { class: "pk-combo" }, input, list, status);
  let items = [], active = -1, seq = 0, timer = 0;

  const isOpen = () => !list.hidden;
  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }
  function setActive(i) {
    active = i;
    list.querySelectorAll("[role=option]").forEach((o, j) => o.setAttribute("aria-selected", String(j === i)));
    const o = list.children[i];
    if (o) {
      input.setAttribute("aria-activedescendant", o.id);
      if (o.scrollIntoView) o.scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  }
  function render() {
    list.replaceChildren(...items.map((it, i) => {
      const o = el(doc, "li", { id: `${listId}-${i}`, role: "option", class: "pk-option" + (it.create ? " pk-create" : ""), "aria-selected": "false" }, it.text);
      if (it.detail) o.append(" ", el(doc, "span", { class: "pk-detail", text: it.detail }));
      o.addEventListener("mousedown", (e) => e.preventDefault());
      o.addEventListener("click", () => choose(i));
      return o;
    }));
    if (items.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = "";
    } else {
      close();
      status.textContent = empty;
    }
    active = -1;
  }
  async function run() {
    clearTimeout(timer);
    const q = input.value.trim();
    const my = ++seq;
    try {
      const found = await search(q);
      if (my === seq) { items = found; render(); }
    } catch (e) {
      if (my === seq) { close(); status.textContent = e.message; }
    }
  }
  function choose(i) {
    const it = items[i];
    if (!it) return;
    seq++;
    close();
    pick(it);
  }
  input.addEventListener("input", () => {
    clearTimeout(timer);
    status.textContent = "";
    if (!input.value.trim()) { seq++; close(); return; }
    timer = setTimeout(run, 200);
  });
  input.addEventListener("keydown", (e) => {
    const n = items.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!isOpen()) { run(); return; }
      if (!n) return;
      const down = e.key === "ArrowDown";
      setActive(active < 0 ? (down ? 0 : n - 1) : (active + (down ? 1 : n - 1)) % n);
    } else if (e.key === "Enter") {
      e.preventDefault(); // never submit the story form from a search box
      if (isOpen() && active >= 0) choose(active);
      else run();
    } else if (e.key === "Escape") {
      if (isOpen()) { e.preventDefault(); e.stopPropagation(); close(); }
      else if (input.value) { e.preventDefault(); input.value = ""; status.textContent = ""; }
    } else if (e.key === "Tab") close();
  });
  input.addEventListener("blur", () => setTimeout(() => { if (doc.activeElement !== input) close(); }, 150));
  return { wrap, input, status, refresh: () => { if (input.value.trim()) run(); }, clear: () => { input.value = ""; close(); } };
}

function groupFor(doc, original, cls) {
  const group = el(doc, "div", { class: `pk-group ${cls}`, role: "group" });
  const lab = original.id && doc.querySelector(`label[for="${original.id}"]`);
  if (lab) {
    lab.id ||= nextId("label");
    group.setAttribute("aria-labelledby", lab.id);
  }
  original.after(group);
  return group;
}

// 1. Topics ---------------------------------------------------------------------------------
function topics(doc, t) {
  const input = doc.getElementById("topics");
  if (!input) return;
  let chosen = input.value.split(",").map((s) => s.trim()).filter(Boolean).map((slug) => ({ slug, name: slug }));
  hideOriginal(input);
  const group = groupFor(doc, input, "pk-topics");
  const chips = el(doc, "ul", { class: "pk-chips" });

  function save() {
    input.value = chosen.map((c) => c.slug).join(", ");
    fire(input);
  }
  function draw() {
    chips.replaceChildren(...chosen.map((c) => {
      const rm = el(doc, "button", { type: "button", class: "pk-chip-x", "aria-label": fill(t("Remove {name}"), { name: c.name }), text: "×" });
      rm.addEventListener("click", () => {
        const i = chosen.indexOf(c);
        chosen.splice(i, 1);
        save(); draw();
        const next = chips.querySelectorAll(".pk-chip-x")[Math.min(i, chosen.length - 1)];
        (next || combo.input).focus();
      });
      return el(doc, "li", { class: "pk-chip", title: c.slug !== c.name ? c.slug : null }, el(doc, "span", { text: c.name }), rm);
    }));
  }
  function add(slug, name) {
    if (!chosen.some((c) => c.slug === slug)) chosen.push({ slug, name: name || slug });
    save(); draw();
    combo.clear();
    combo.status.textContent = fill(t("Added {name}"), { name: name || slug });
    combo.input.focus();
  }
  const combo = combobox(doc, t, {
    label: t("Add a topic"),
    empty: t("No matching topics"),
    async search(q) {
      const lang = editionOf(doc);
      const p = new URLSearchParams();
      if (lang) p.set("lang", lang);
      p.set("q", q);
      p.set("limit", "10");
      const data = await request(doc, t, "GET", `/api/v1/topics?${p}`);
      const found = ((data && data.topics) || []).filter((x) => !chosen.some((c) => c.slug === x.slug));
      const items = found.map((x) => ({ text: x.name, detail: x.slug !== x.name ? x.slug : "", topic: x }));
      const exact = ((data && data.topics) || []).some((x) => norm(x.name) === norm(q) || norm(x.slug) === norm(q));
      if (q && !exact && lang) items.push({ text: fill(t("Create topic “{name}”"), { name: q }), create: q });
      return items;
    },
    async pick(it) {
      if (!it.create) return add(it.topic.slug, it.topic.name);
      try {
        const made = await request(doc, t, "POST", "/api/v1/newsroom/topics", { lang: editionOf(doc), name: it.create });
        add(made.slug, made.name || it.create);
      } catch (e) {
        combo.input.value = it.create;
        combo.status.textContent = e.message;
        combo.input.focus();
      }
    },
  });
  combo.status.classList.add("pk-msg");
  group.append(chips, combo.wrap);
  draw();
  const sec = doc.getElementById("section");
  if (sec) sec.addEventListener("change", () => combo.refresh());
}

// 2. Translation ----------------------------------------------------------------------------
function translation(doc, t) {
  const input = doc.getElementById("translation_id");
  if (!input) return;
  hideOriginal(input);
  const group = groupFor(doc, input, "pk-translation");
  const textId = nextId("tr");
  const text = el(doc, "span", { id: textId });
  const rm = el(doc, "button", { type: "button", class: "pk-remove", "aria-describedby": textId, text: t("Remove") });
  const chosen = el(doc, "p", { class: "pk-chosen" }, text, " ", rm);

  function show(title) {
    const has = /^\d+$/.test(input.value.trim()) && input.value.trim() !== "0";
    chosen.hidden = !has;
    combo.wrap.hidden = has;
    if (has) text.textContent = fill(t("Translation: {title}"), { title: title || fill(t("Article {n}"), { n: digits(doc, input.value.trim()) }) });
  }
  const combo = combobox(doc, t, {
    label: t("Search the other edition by headline"),
    empty: t("No matching stories"),
    async search(q) {
      const p = new URLSearchParams();
      const other = otherEdition(editionOf(doc));
      if (other) p.set("lang", other);
      p.set("q", q);
      const data = await request(doc, t, "GET", `/api/v1/newsroom/articles?${p}`);
      const self = (doc.getElementById("body") || { dataset: {} }).dataset.article;
      return (Array.isArray(data) ? data : [])
        .filter((a) => String(a.id) !== String(self || ""))
        .slice(0, 20)
        .map((a) => ({ text: a.title, detail: `${t(a.status)} · ${digits(doc, a.id)}`, article: a }));
    },
    pick(it) {
      input.value = String(it.article.id);
      fire(input);
      combo.clear();
      show(it.article.title);
      rm.focus();
    },
  });
  rm.addEventListener("click", () => {
    input.value = "";
    fire(input);
    show();
    combo.input.focus();
  });
  group.append(chosen, combo.wrap);
  show();
  const sec = doc.getElementById("section");
  if (sec) sec.addEventListener("change", () => combo.refresh());
}

// 3. Featured image and site logo -----------------------------------------------------------
function thumbOf(m) {
  const r = (m.renditions || []).filter((x) => x.width >= 160).sort((a, b) => a.width - b.width)[0];
  return r ? r.url : m.url;
}

function mediaPicker(doc, t, field, noneText) {
  const isSelect = field.tagName === "SELECT";
  hideOriginal(field);
  const group = groupFor(doc, field, "pk-media");
  const img = el(doc, "img", { class: "pk-current-img", alt: "", width: "120", height: "80", hidden: true });
  const caption = el(doc, "span", { class: "pk-current-text", id: nextId("cur") });
  const rm = el(doc, "button", { type: "button", class: "pk-remove", "aria-describedby": caption.id, text: t("Remove") });
  const open = el(doc, "button", { type: "button", class: "pk-choose", text: t("Choose image") });
  group.append(el(doc, "div", { class: "pk-current" }, img, caption), open, " ", rm);

  const value = () => {
    const v = String(field.value || "").trim();
    return /^\d+$/.test(v) && v !== "0" ? v : "";
  };
  function show(m) {
    const v = value();
    rm.hidden = !v;
    img.hidden = !(v && m);
    if (!v) { caption.textContent = noneText; img.removeAttribute("src"); return; }
    const label = m ? m.alt || m.caption || "" : "";
    const opt = isSelect ? Array.from(field.options).find((o) => o.value === v) : null;
    caption.textContent = label || (opt && opt.textContent.trim()) || fill(t("Image {n}"), { n: digits(doc, v) });
    if (m) { img.src = thumbOf(m); img.alt = label; }
  }
  function set(m) {
    const v = m ? String(m.id) : "0";
    if (isSelect && !Array.from(field.options).some((o) => o.value === v)) {
      field.append(el(doc, "option", { value: v, text: m ? m.alt || m.caption || fill(t("Image {n}"), { n: v }) : t("None") }));
    }
    field.value = v;
    fire(field);
    show(m);
  }
  rm.addEventListener("click", () => { set(null); open.focus(); });

  // The dialog, built on first use and kept in <body> so its search box never submits the form.
  let dialog, search, grid, status, seq = 0, timer = 0;
  function build() {
    const h = el(doc, "h2", { id: nextId("dlg"), text: t("Choose an image") });
    const sid = nextId("search");
    search = el(doc, "input", { type: "search", id: sid, class: "pk-input", autocomplete: "off" });
    status = el(doc, "p", { class: "pk-status", role: "status" });
    grid = el(doc, "div", { class: "pk-grid", role: "group", "aria-labelledby": h.id });
    const close = el(doc, "button", { type: "button", class: "pk-close", text: t("Close") });
    dialog = el(doc, "dialog", { class: "pk-dialog", "aria-labelledby": h.id },
      h, el(doc, "label", { for: sid, text: t("Search images") }), search, status, grid, close);
    doc.body.append(dialog);
    close.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => open.focus());
    search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(load, 250); });
    search.addEventListener("keydown", (e) => {
      if (e.key === "Enter") { e.preventDefault(); load(); }
      else if (e.key === "Escape") { e.preventDefault(); dialog.close(); }
      else if (e.key === "ArrowDown") { const b = grid.querySelector("button"); if (b) { e.preventDefault(); b.focus(); } }
    });
    grid.addEventListener("keydown", (e) => {
      const bs = Array.from(grid.querySelectorAll("button"));
      const i = bs.indexOf(doc.activeElement);
      if (i < 0) return;
      const cols = Math.max(1, Math.round(grid.clientWidth / (bs[0].offsetWidth || 1)) || 1);
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, ArrowDown: i + cols, ArrowUp: i - cols, Home: 0, End: bs.length - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      if (to < 0 && e.key === "ArrowUp") search.focus();
      else bs[Math.max(0, Math.min(bs.length - 1, to))].focus();
    });
  }
  async function load() {
    clearTimeout(timer);
    const my = ++seq;
    status.textContent = t("Loading…");
    try {
      const list = await request(doc, t, "GET", `/api/v1/newsroom/media?${new URLSearchParams({ q: search.value.trim() })}`);
      if (my !== seq) return;
      const images = (Array.isArray(list) ? list : []).filter((m) => !m.mime || m.mime.startsWith("image/"));
      grid.replaceChildren(...images.map((m) => {
        const alt = m.alt || m.caption || fill(t("Image {n}"), { n: digits(doc, m.id) });
        const b = el(doc, "button", { type: "button", class: "pk-thumb", "aria-pressed": String(String(m.id) === value()) },
          el(doc, "img", { src: thumbOf(m), alt, width: "160", height: "120", loading: "lazy" }));
        b.addEventListener("click", () => { set(m); dialog.close(); });
        return b;
      }));
      status.textContent = images.length ? fill(t("{n} images"), { n: digits(doc, images.length) }) : t("No images found");
    } catch (e) {
      if (my === seq) status.textContent = e.message;
    }
  }
  open.addEventListener("click", () => {
    if (!dialog) build();
    search.value = "";
    dialog.showModal();
    search.focus();
    load();
  });

  show(null);
  if (value()) {
    request(doc, t, "GET", `/api/v1/newsroom/media?ids=${value()}`)
      .then((list) => { const m = (list || []).find((x) => String(x.id) === value()); if (m) show(m); })
      .catch(() => {});
  }
}

// 4. Bylines --------------------------------------------------------------------------------
function bylines(doc, t) {
  const fs = doc.getElementById("bylines");
  if (!fs) return;
  const labels = Array.from(fs.querySelectorAll("label")).filter((l) => l.querySelector("input[type=checkbox]"));
  if (!labels.length) return;
  const id = nextId("byf");
  const box = el(doc, "input", { type: "search", id, class: "pk-input pk-filter", autocomplete: "off" });
  const none = el(doc, "p", { class: "pk-status", role: "status" });
  const wrap = el(doc, "div", { class: "pk-byline-filter" }, el(doc, "label", { for: id, text: t("Find a byline") }), box, none);
  const legend = fs.querySelector("legend");
  if (legend) legend.after(wrap); else fs.prepend(wrap);
  function apply() {
    const q = norm(box.value);
    let shown = 0;
    for (const l of labels) {
      const cb = l.querySelector("input[type=checkbox]");
      const ok = !q || cb.checked || norm(l.textContent).includes(q) || norm(cb.value).includes(q);
      l.hidden = !ok;
      if (ok) shown++;
    }
    none.textContent = q && !shown ? t("No byline matches") : "";
  }
  box.addEventListener("input", apply);
  box.addEventListener("keydown", (e) => {
    if (e.key === "Enter") e.preventDefault();
    else if (e.key === "Escape" && box.value) { e.preventDefault(); box.value = ""; apply(); }
  });
}

// 5. SEO and social preview -----------------------------------------------------------------
function seo(doc, t) {
  const title = doc.getElementById("seo_title");
  const desc = doc.getElementById("seo_description");
  if (!title && !desc) return;
  const head = doc.getElementById("title");
  const stand = doc.getElementById("standfirst");
  const slug = doc.getElementById("slug");
  const val = (a, b) => ((a && a.value.trim()) || (b && b.value.trim()) || "").replace(/\s+/g, " ");

  function hint(field) {
    if (!field) return null;
    const h = el(doc, "p", { class: "pk-count hint", id: nextId("count") });
    field.setAttribute("aria-describedby", [field.getAttribute("aria-describedby"), h.id].filter(Boolean).join(" "));
    field.after(h);
    return h;
  }
  const hTitle = hint(title);
  const hDesc = hint(desc);

  const sTitle = el(doc, "span", { class: "pk-serp-title" });
  const sUrl = el(doc, "span", { class: "pk-serp-url" });
  const sDesc = el(doc, "span", { class: "pk-serp-desc" });
  const cHost = el(doc, "span", { class: "pk-card-host" });
  const cTitle = el(doc, "span", { class: "pk-card-title" });
  const cDesc = el(doc, "span", { class: "pk-card-desc" });
  const hid = nextId("seo");
  const box = el(doc, "section", { class: "pk-seo", "aria-labelledby": hid },
    el(doc, "h3", { id: hid, class: "pk-seo-h", text: t("Search and social preview") }),
    el(doc, "p", { class: "pk-seo-label", text: t("In search results") }),
    el(doc, "div", { class: "pk-serp" }, sUrl, sTitle, sDesc),
    el(doc, "p", { class: "pk-seo-label", text: t("When shared") }),
    el(doc, "div", { class: "pk-card" }, el(doc, "div", { class: "pk-card-img", "aria-hidden": "true" }),
      el(doc, "div", { class: "pk-card-text" }, cHost, cTitle, cDesc)));
  (hDesc || desc || hTitle).after(box);

  function count(h, text, max) {
    if (!h) return;
    const n = graphemes(text).length;
    const over = n > max;
    h.classList.toggle("pk-warn", over);
    h.textContent = fill(t("{n} of {max} characters"), { n: digits(doc, n), max: digits(doc, max) }) +
      (over ? ` — ${t("Longer than search engines show")}` : "");
  }
  function update() {
    const tt = val(title, head);
    const dd = val(desc, stand);
    count(hTitle, tt, 60);
    count(hDesc, dd, 160);
    const loc = doc.defaultView.location;
    const host = loc && loc.host ? loc.host : "";
    const lang = editionOf(doc);
    const article = ((doc.getElementById("body") || { dataset: {} }).dataset.article || "").trim();
    const path = [lang, "news", article, (slug && slug.value.trim()) || ""].filter(Boolean);
    sUrl.textContent = [host, ...path].join(" › ");
    sTitle.textContent = truncate(tt, 60) || t("Headline");
    sDesc.textContent = truncate(dd, 160);
    cHost.textContent = host.toUpperCase();
    cTitle.textContent = tt || t("Headline");
    cDesc.textContent = truncate(dd, 160);
  }
  for (const f of [title, desc, head, stand, slug]) if (f) f.addEventListener("input", update);
  const sec = doc.getElementById("section");
  if (sec) sec.addEventListener("change", update);
  update();
}

export function enhancePickers(doc, t) {
  doc = doc || document;
  const tr = typeof t === "function" ? (s) => t(s) || s : (s) => s;
  const run = (f, ...a) => { try { f(doc, tr, ...a); } catch (e) { console.error("pickers:", e); } };
  run(topics);
  run(translation);
  const img = doc.getElementById("image_id");
  if (img) run(mediaPicker, img, tr("No image"));
  const logo = doc.getElementById("logo_media_id");
  if (logo) run(mediaPicker, logo, tr("Built-in logo"));
  run(bylines);
  run(seo);
}
