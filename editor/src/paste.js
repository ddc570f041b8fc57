// Cleans HTML pasted from Word, Google Docs and web pages down to what the schema reads.

const REMOVE = new Set([
  "SCRIPT", "STYLE", "META", "LINK", "TITLE", "HEAD", "NOSCRIPT", "TEMPLATE", "IFRAME", "OBJECT",
  "EMBED", "SVG", "CANVAS", "VIDEO", "AUDIO", "IMG", "PICTURE", "SOURCE", "FORM", "INPUT", "BUTTON",
  "SELECT", "TEXTAREA", "XML", "MATH", "MAP", "AREA",
]);
const KEEP_ATTRS = new Set([
  "href", "colspan", "rowspan", "data-pm-slice", "data-media", "data-size", "data-alt", "data-credit",
  "data-embed", "data-url", "data-bijoy",
]);
const NO_BOLD_WRAP = /^(B|STRONG|H[1-6]|TH)$/;
const NO_ITALIC_WRAP = /^(I|EM)$/;

/** Whether a CSS font-family value names a Bijoy (ASCII-encoded Bangla) font. */
export function isBijoyFont(family) {
  if (!family) return false;
  const first = family.split(",")[0].replace(/["']/g, "").trim();
  const squashed = first.replace(/\s+/g, "");
  return /^sutonnyo?mj$/i.test(squashed) || /mj$/i.test(squashed);
}

/**
 * One declaration of an element's `style` attribute, read from the attribute's text: the
 * newsroom's Content-Security-Policy allows no inline style, so `el.style` stays empty for
 * pasted markup (the browser never applies the attribute).
 */
export function styleOf(el, property) {
  const text = (el.getAttribute && el.getAttribute("style")) || "";
  for (const declaration of text.split(";")) {
    const at = declaration.indexOf(":");
    if (at < 0) continue;
    if (declaration.slice(0, at).trim().toLowerCase() === property) {
      return declaration.slice(at + 1).replace(/!important/i, "").trim();
    }
  }
  return "";
}

function fontOf(el) {
  if (el.nodeType !== 1) return "";
  const family = styleOf(el, "font-family");
  if (family) return family;
  if (el.nodeName === "FONT" && el.getAttribute("face")) return el.getAttribute("face");
  return "";
}

function unwrap(el) {
  const parent = el.parentNode;
  if (!parent) return;
  while (el.firstChild) parent.insertBefore(el.firstChild, el);
  parent.removeChild(el);
}

function wrapChildren(el, tag) {
  const doc = el.ownerDocument;
  const w = doc.createElement(tag);
  while (el.firstChild) w.appendChild(el.firstChild);
  el.appendChild(w);
}

function isBold(el) {
  const w = styleOf(el, "font-weight").toLowerCase();
  return !!w && /^(bold(er)?|[6-9]00)$/.test(w);
}

const LIST_MARKER_ORDERED = /^(\(?[0-9]+[.)]|\(?[a-zA-Z][.)]|\(?[ivxlcdmIVXLCDM]+[.)]|\([0-9a-zA-Z]+\))$/;

function wordListInfo(p) {
  const style = p.getAttribute("style") || "";
  const m = /mso-list:\s*(l\d+)\s+level(\d+)/i.exec(style);
  if (!m) return null;
  let marker = "";
  const mk = p.querySelector("[data-word-marker]") || Array.from(p.querySelectorAll("span")).find((s) => /mso-list:\s*ignore/i.test(s.getAttribute("style") || ""));
  if (mk) {
    marker = mk.textContent.replace(/[\s\u00a0]+/g, " ").trim();
    mk.remove();
  }
  return { list: m[1], level: Math.max(1, Math.min(6, parseInt(m[2], 10))), ordered: LIST_MARKER_ORDERED.test(marker) };
}

/** Turn Word's list paragraphs (mso-list) into real ul/ol lists. */
function convertWordLists(body) {
  const doc = body.ownerDocument;
  const paras = Array.from(body.querySelectorAll("p")).filter((p) => /mso-list:\s*l\d+\s+level\d+/i.test(p.getAttribute("style") || ""));
  let stack = [];
  let root = null;
  for (const p of paras) {
    const info = wordListInfo(p);
    if (!info) continue;
    if (!root || p.previousElementSibling !== root) stack = [];
    while (stack.length > info.level) stack.pop();
    while (stack.length < info.level) {
      const list = doc.createElement(info.ordered ? "ol" : "ul");
      if (stack.length === 0) {
        p.parentNode.insertBefore(list, p);
        root = list;
      } else {
        const parent = stack[stack.length - 1];
        let li = parent.lastElementChild;
        if (!li) {
          li = doc.createElement("li");
          parent.appendChild(li);
        }
        li.appendChild(list);
      }
      stack.push(list);
    }
    const li = doc.createElement("li");
    stack[stack.length - 1].appendChild(li);
    li.appendChild(p);
  }
}

/** Mark text in a Bijoy font: wrapped in <span data-bijoy>, which the schema reads as a mark. */
function markBijoy(body) {
  const doc = body.ownerDocument;
  const walker = doc.createTreeWalker(body, 4 /* NodeFilter.SHOW_TEXT */);
  const texts = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n);
  for (const text of texts) {
    if (!/\S/.test(text.data)) continue;
    let font = "";
    for (let el = text.parentNode; el && el !== body; el = el.parentNode) {
      font = fontOf(el);
      if (font) break;
    }
    if (!isBijoyFont(font)) continue;
    const span = doc.createElement("span");
    span.setAttribute("data-bijoy", "1");
    text.parentNode.insertBefore(span, text);
    span.appendChild(text);
  }
}

export function cleanPastedHTML(html) {
  let src = String(html || "");
  // Word's conditional comments, and its downlevel-revealed list markers.
  src = src.replace(/<!--\[if[\s\S]*?<!\[endif\]\s*-->/gi, "");
  src = src.replace(/<!\[if !supportLists\]>([\s\S]*?)<!\[endif\]>/gi, '<span data-word-marker="1">$1</span>');
  src = src.replace(/<!\[if[^\]]*\]>|<!\[endif\]>/gi, "");
  const doc = new window.DOMParser().parseFromString(src, "text/html");
  const body = doc.body;
  if (!body) return "";

  // Comments.
  const cw = doc.createTreeWalker(body, 128 /* NodeFilter.SHOW_COMMENT */);
  const comments = [];
  for (let n = cw.nextNode(); n; n = cw.nextNode()) comments.push(n);
  comments.forEach((c) => c.remove());

  for (const el of Array.from(body.querySelectorAll("*"))) {
    const name = el.nodeName.toUpperCase();
    if (REMOVE.has(name) || /^V:/.test(name)) el.remove();
  }

  convertWordLists(body);
  markBijoy(body);

  // Google Docs wraps everything in <b style="font-weight:normal" id="docs-internal-guid-…">.
  for (const b of Array.from(body.querySelectorAll("b, strong"))) {
    const w = styleOf(b, "font-weight").toLowerCase();
    if (/^docs-internal-guid/.test(b.id || "") || w === "normal" || /^[1-4]00$/.test(w)) unwrap(b);
  }
  // Styles that mean something become tags before every style is dropped.
  for (const el of Array.from(body.querySelectorAll("[style]"))) {
    if (isBold(el) && !NO_BOLD_WRAP.test(el.nodeName)) wrapChildren(el, "strong");
    if (styleOf(el, "font-style").toLowerCase() === "italic" && !NO_ITALIC_WRAP.test(el.nodeName)) wrapChildren(el, "em");
  }

  for (const el of Array.from(body.querySelectorAll("*"))) {
    if (!el.parentNode) continue;
    const name = el.nodeName.toUpperCase();
    if (name.includes(":") || name === "FONT" || (name === "SPAN" && !el.hasAttribute("data-bijoy"))) {
      unwrap(el);
      continue;
    }
    for (const attr of Array.from(el.attributes)) {
      const a = attr.name.toLowerCase();
      if (KEEP_ATTRS.has(a)) continue;
      if (a === "class" && name === "BLOCKQUOTE" && el.classList.contains("pullquote")) {
        el.setAttribute("class", "pullquote");
        continue;
      }
      el.removeAttribute(attr.name);
    }
    if (name === "A") {
      const href = (el.getAttribute("href") || "").trim();
      if (!/^(https?:|mailto:)/i.test(href)) unwrap(el);
    }
  }
  return body.innerHTML;
}
