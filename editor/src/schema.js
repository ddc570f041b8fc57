import { styleOf } from "./paste.js";
import { Schema, DOMParser as PMParser, DOMSerializer } from "prosemirror-model";
import { tableNodes } from "prosemirror-tables";

export const SAFE_HREF = /^(https?:\/\/[^\s<>"]+|mailto:[^\s<>"]+)$/i;
// Links already in a story may also point within the site (`/bn/news/…`, `#part`): kept as they are.
const KEPT_HREF = /^(https?:\/\/[^\s<>"]+|mailto:[^\s<>"]+|\/(?!\/)[^\s<>"]*|#[^\s<>"]*)$/i;

const SIZES = ["column", "full"];
let bijoySeq = 0;
export function nextBijoyId() {
  return ++bijoySeq;
}

function headingLevel(n) {
  return { level: n <= 2 ? 2 : 3 };
}

const tables = tableNodes({ tableGroup: "block", cellContent: "paragraph+", cellAttributes: {} });

export const schema = new Schema({
  nodes: {
    doc: { content: "block+" },
    paragraph: {
      group: "block",
      content: "inline*",
      parseDOM: [{ tag: "p" }, { tag: "pre", preserveWhitespace: "full" }],
      toDOM: () => ["p", 0],
    },
    heading: {
      group: "block",
      content: "inline*",
      attrs: { level: { default: 2 } },
      defining: true,
      parseDOM: [1, 2, 3, 4, 5, 6].map((n) => ({ tag: "h" + n, attrs: headingLevel(n) })),
      toDOM: (node) => ["h" + (node.attrs.level === 3 ? 3 : 2), 0],
    },
    blockquote: {
      group: "block",
      content: "paragraph+",
      defining: true,
      parseDOM: [{ tag: "blockquote" }],
      toDOM: () => ["blockquote", 0],
    },
    pullquote: {
      group: "block",
      content: "paragraph+",
      defining: true,
      parseDOM: [{ tag: "blockquote.pullquote", priority: 60 }],
      toDOM: () => ["blockquote", { class: "pullquote" }, 0],
    },
    horizontal_rule: {
      group: "block",
      parseDOM: [{ tag: "hr" }],
      toDOM: () => ["hr"],
    },
    bullet_list: {
      group: "block",
      content: "list_item+",
      parseDOM: [{ tag: "ul" }],
      toDOM: () => ["ul", 0],
    },
    ordered_list: {
      group: "block",
      content: "list_item+",
      parseDOM: [{ tag: "ol" }],
      toDOM: () => ["ol", 0],
    },
    list_item: {
      content: "paragraph (paragraph | bullet_list | ordered_list)*",
      defining: true,
      parseDOM: [{ tag: "li" }],
      toDOM: () => ["li", 0],
    },
    ...tables,
    figure_media: {
      group: "block",
      atom: true,
      draggable: true,
      selectable: true,
      attrs: {
        media: { default: 0 },
        size: { default: "column" },
        alt: { default: "" },
        credit: { default: "" },
        caption: { default: "" },
      },
      parseDOM: [
        {
          tag: "figure[data-media]",
          priority: 60,
          getAttrs(dom) {
            const media = parseInt(dom.getAttribute("data-media") || "", 10);
            if (!(media > 0)) return false;
            const size = dom.getAttribute("data-size");
            const cap = dom.querySelector("figcaption");
            return {
              media,
              size: SIZES.includes(size) ? size : "column",
              alt: dom.getAttribute("data-alt") || "",
              credit: dom.getAttribute("data-credit") || "",
              caption: cap ? cap.textContent.replace(/\s+/g, " ").trim() : "",
            };
          },
        },
      ],
      toDOM(node) {
        const a = node.attrs;
        // The server's stored form: the default size and empty fields are left out.
        const attrs = {
          "data-media": String(a.media),
          "data-size": a.size === "full" ? "full" : null,
          "data-alt": a.alt.trim() ? a.alt : null,
          "data-credit": a.credit.trim() ? a.credit : null,
        };
        return a.caption.trim() ? ["figure", attrs, ["figcaption", a.caption]] : ["figure", attrs];
      },
    },
    figure_embed: {
      group: "block",
      atom: true,
      draggable: true,
      selectable: true,
      attrs: { provider: { default: "" }, url: { default: "" } },
      parseDOM: [
        {
          tag: "figure[data-embed]",
          priority: 60,
          getAttrs(dom) {
            const url = dom.getAttribute("data-url") || "";
            const provider = dom.getAttribute("data-embed") || "";
            if (!provider || !/^https:\/\//i.test(url)) return false;
            return { provider, url };
          },
        },
      ],
      toDOM: (node) => ["figure", { "data-embed": node.attrs.provider, "data-url": node.attrs.url }],
    },
    text: { group: "inline" },
    // Legacy bodies only: pasted HTML has its <img>s removed before parsing.
    image: {
      inline: true,
      group: "inline",
      draggable: true,
      attrs: { src: { default: "" }, alt: { default: "" } },
      parseDOM: [
        {
          tag: "img[src]",
          getAttrs: (dom) => ({ src: dom.getAttribute("src"), alt: dom.getAttribute("alt") || "" }),
        },
      ],
      toDOM: (node) => ["img", { src: node.attrs.src, alt: node.attrs.alt }],
    },
    hard_break: {
      inline: true,
      group: "inline",
      selectable: false,
      linebreakReplacement: true,
      parseDOM: [{ tag: "br" }],
      toDOM: () => ["br"],
    },
  },
  marks: {
    link: {
      attrs: { href: {} },
      inclusive: false,
      parseDOM: [
        {
          tag: "a[href]",
          getAttrs(dom) {
            const href = (dom.getAttribute("href") || "").trim();
            return KEPT_HREF.test(href) ? { href } : false;
          },
        },
      ],
      toDOM: (mark) => ["a", { href: mark.attrs.href }, 0],
    },
    strong: {
      parseDOM: [
        { tag: "strong" },
        { tag: "b", getAttrs: (dom) => !/^(normal|[1-4]00)$/.test(styleOf(dom, "font-weight")) && null },
        { style: "font-weight=400", clearMark: (m) => m.type.name === "strong" },
        { style: "font-weight=normal", clearMark: (m) => m.type.name === "strong" },
        { style: "font-weight", getAttrs: (v) => /^(bold(er)?|[6-9]\d{2})$/.test(v) && null },
      ],
      toDOM: () => ["strong", 0],
    },
    em: {
      parseDOM: [
        { tag: "em" },
        { tag: "i", getAttrs: (dom) => styleOf(dom, "font-style") !== "normal" && null },
        { style: "font-style=italic" },
        { style: "font-style=normal", clearMark: (m) => m.type.name === "em" },
      ],
      toDOM: () => ["em", 0],
    },
    // Kept from stories written in Markdown and from the API (no toolbar button makes them).
    strike: { parseDOM: [{ tag: "del" }, { tag: "s" }], toDOM: () => ["del", 0] },
    code: { parseDOM: [{ tag: "code" }], toDOM: () => ["code", 0] },
    sub: { excludes: "sup", parseDOM: [{ tag: "sub" }], toDOM: () => ["sub", 0] },
    sup: { excludes: "sub", parseDOM: [{ tag: "sup" }], toDOM: () => ["sup", 0] },
    // Text pasted in a Bijoy (ASCII-encoded Bangla) font, waiting for conversion. Never stored.
    bijoy: {
      attrs: { id: { default: 0 } },
      inclusive: false,
      excludes: "",
      parseDOM: [{ tag: "span[data-bijoy]", getAttrs: () => ({ id: nextBijoyId() }) }],
      toDOM: (mark) => ["span", { "data-bijoy": String(mark.attrs.id), class: "ed-bijoy" }, 0],
    },
  },
});

export const parser = PMParser.fromSchema(schema);
const serializer = DOMSerializer.fromSchema(schema);

/** Parse stored (or legacy) body HTML into a document. */
export function parseHTML(html) {
  const dom = new window.DOMParser().parseFromString("<body>" + (html || "") + "</body>", "text/html");
  return parser.parse(dom.body);
}

function unwrap(el) {
  const parent = el.parentNode;
  while (el.firstChild) parent.insertBefore(el.firstChild, el);
  parent.removeChild(el);
}

/** The stored body format: see notes/editor-contract.md. */
export function serializeDoc(doc) {
  const wrap = document.createElement("div");
  wrap.appendChild(serializer.serializeFragment(doc.content, { document }));
  for (const span of Array.from(wrap.querySelectorAll("span[data-bijoy]"))) unwrap(span);
  for (const cell of Array.from(wrap.querySelectorAll("td, th"))) {
    const kids = cell.childNodes;
    if (kids.length === 1 && kids[0].nodeName === "P") unwrap(kids[0]);
  }
  // Empty paragraphs at the end (the editor keeps one after a final figure or table) are not stored.
  while (wrap.lastChild && wrap.lastChild.nodeName === "P" && !wrap.lastChild.firstChild) wrap.removeChild(wrap.lastChild);
  return wrap.innerHTML;
}
