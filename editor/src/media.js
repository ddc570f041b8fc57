// Photos from the media library: lookups, the figure NodeView, the library dialog, uploads.
import { Plugin, PluginKey } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import { schema } from "./schema.js";
import { api, MEDIA } from "./api.js";
import { t, num } from "./strings.js";

// ---- lookups: GET /media?ids=…, batched per tick, cached per id ----
const cache = new Map();
let queue = [];
function flush() {
  const batch = queue;
  queue = [];
  const ids = batch.map((b) => b.id);
  api("GET", MEDIA + "?ids=" + ids.join(","))
    .then((items) => {
      const byId = new Map((Array.isArray(items) ? items : []).map((m) => [Number(m.id), m]));
      for (const b of batch) b.resolve(byId.get(b.id) || null);
    })
    .catch(() => {
      for (const b of batch) {
        cache.delete(b.id);
        b.resolve(null);
      }
    });
}
export function lookupMedia(id) {
  id = Number(id);
  if (cache.has(id)) return cache.get(id);
  const p = new Promise((resolve) => {
    if (queue.length === 0) setTimeout(flush, 0);
    queue.push({ id, resolve });
  });
  cache.set(id, p);
  return p;
}
export function rememberMedia(item) {
  if (item && item.id) cache.set(Number(item.id), Promise.resolve(item));
}
export function thumbUrl(item) {
  if (!item) return "";
  const r = (Array.isArray(item.renditions) ? item.renditions : []).slice().sort((a, b) => a.width - b.width);
  const fit = r.find((x) => x.width >= 320) || r[r.length - 1];
  return (fit && fit.url) || item.url || "";
}

export function figureFor(item) {
  return schema.nodes.figure_media.create({
    media: Number(item.id),
    size: "column",
    alt: item.alt || "",
    credit: item.credit || "",
    caption: item.caption || "",
  });
}

/** Put a block node at pos (or the selection): an empty paragraph there is replaced; inside a
 * node that cannot hold it (a table cell, a quote, a list item) it goes after that node. */
export function insertBlock(view, node, pos) {
  const state = view.state;
  const tr = state.tr;
  const sel = state.selection;
  let at = pos == null ? (sel.node ? sel.to : sel.from) : pos;
  at = Math.max(0, Math.min(at, tr.doc.content.size));
  const $pos = tr.doc.resolve(at);
  const inText = $pos.parent.inlineContent;
  let d = inText ? $pos.depth - 1 : $pos.depth;
  while (d > 0 && !$pos.node(d).canReplaceWith($pos.index(d), $pos.index(d), node.type)) d--;
  if (inText && d === $pos.depth - 1) {
    if ($pos.parent.type === schema.nodes.paragraph && $pos.parent.content.size === 0) {
      tr.replaceWith($pos.before(), $pos.after(), node);
    } else if (pos == null) {
      tr.replaceSelectionWith(node);
    } else {
      tr.replaceRangeWith(at, at, node);
    }
  } else if (d === $pos.depth) {
    tr.insert(at, node);
  } else {
    tr.insert($pos.after(d + 1), node);
  }
  view.dispatch(tr.scrollIntoView());
}

let uid = 0;
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids) if (k) e.appendChild(k);
  return e;
}
export { el };

// ---- the figure NodeView ----
export class FigureView {
  constructor(node, view, getPos) {
    this.node = node;
    this.view = view;
    this.getPos = getPos;
    const id = "ed-fig-" + ++uid;
    this.dom = el("figure", { class: "ed-figure", contenteditable: "false", "data-size": node.attrs.size });
    this.img = el("img", { alt: "", class: "ed-figure-img", width: "160", height: "110", hidden: true });
    this.missing = el("p", { class: "ed-figure-missing" });
    const fields = (this.fields = el("div", { class: "ed-figure-fields" }));
    const field = (key, label, extra) => {
      const input = el("input", { id: id + "-" + key, type: "text", autocomplete: "off", spellcheck: key === "alt" || key === "caption" ? "true" : "false", ...extra });
      input.value = node.attrs[key];
      input.addEventListener("input", () => this.set(key, input.value));
      fields.appendChild(el("div", { class: "ed-field" }, el("label", { for: input.id, text: label }), input));
      return input;
    };
    this.caption = field("caption", t("Caption"));
    this.credit = field("credit", t("Credit"));
    this.altError = el("p", { id: id + "-alt-error", class: "ed-error", text: t("Alt text is required") });
    this.alt = field("alt", t("Alt text"), { required: true, "aria-describedby": id + "-alt-error" });
    this.alt.parentNode.appendChild(this.altError);
    this.size = el("select", { id: id + "-size" });
    for (const [v, label] of [["column", t("Column width")], ["full", t("Full width")]]) {
      this.size.appendChild(el("option", { value: v, text: label }));
    }
    this.size.value = node.attrs.size === "full" ? "full" : "column";
    this.size.addEventListener("change", () => this.set("size", this.size.value));
    fields.appendChild(el("div", { class: "ed-field" }, el("label", { for: this.size.id, text: t("Size") }), this.size));
    const remove = el("button", { type: "button", class: "ed-remove", text: t("Remove photo") });
    remove.addEventListener("click", () => {
      const pos = this.getPos();
      if (pos == null) return;
      this.view.dispatch(this.view.state.tr.delete(pos, pos + this.node.nodeSize));
      this.view.focus();
    });
    fields.appendChild(remove);
    this.dom.append(el("div", { class: "ed-figure-media" }, this.img, this.missing), fields);
    this.validate();
    this.load(node.attrs.media);
  }
  load(media) {
    this.media = media;
    this.missing.textContent = t("Photo {id}", { id: num(media) });
    lookupMedia(media).then((item) => {
      if (this.media !== media) return;
      const url = thumbUrl(item);
      if (url) {
        this.img.src = url;
        this.img.hidden = false;
        this.missing.hidden = true;
      } else {
        this.img.hidden = true;
        this.missing.hidden = false;
        this.missing.textContent = t("Photo {id}", { id: num(media) }) + " · " + t("Photo not found");
      }
    });
  }
  set(key, value) {
    const pos = this.getPos();
    if (pos == null) return;
    const attrs = { ...this.node.attrs, [key]: value };
    this.view.dispatch(this.view.state.tr.setNodeMarkup(pos, null, attrs));
  }
  validate() {
    const bad = this.node.attrs.alt.trim() === "";
    this.alt.setAttribute("aria-invalid", bad ? "true" : "false");
    this.altError.hidden = !bad;
    this.dom.classList.toggle("ed-invalid", bad);
  }
  update(node) {
    if (node.type !== this.node.type) return false;
    const old = this.node;
    this.node = node;
    for (const key of ["caption", "credit", "alt"]) {
      if (this[key].value !== node.attrs[key]) this[key].value = node.attrs[key];
    }
    if (this.size.value !== node.attrs.size) this.size.value = node.attrs.size;
    this.dom.setAttribute("data-size", node.attrs.size);
    if (old.attrs.media !== node.attrs.media) this.load(node.attrs.media);
    this.validate();
    return true;
  }
  selectNode() {
    this.dom.classList.add("ProseMirror-selectednode");
  }
  deselectNode() {
    this.dom.classList.remove("ProseMirror-selectednode");
  }
  stopEvent(event) {
    return this.fields.contains(event.target);
  }
  ignoreMutation() {
    return true;
  }
}

// ---- uploads: placeholders that follow the document while a file uploads ----
const uploadKey = new PluginKey("uploads");
export const uploadPlugin = new Plugin({
  key: uploadKey,
  state: {
    init: () => DecorationSet.empty,
    apply(tr, set) {
      set = set.map(tr.mapping, tr.doc);
      const action = tr.getMeta(uploadKey);
      if (action && action.add) {
        const widget = el("span", { class: "ed-uploading", role: "status", text: t("Uploading photo…") });
        set = set.add(tr.doc, [Decoration.widget(action.add.pos, widget, { id: action.add.id })]);
      } else if (action && action.remove) {
        set = set.remove(set.find(null, null, (spec) => spec.id === action.remove.id));
      }
      return set;
    },
  },
  props: {
    decorations(state) {
      return this.getState(state);
    },
  },
});

function placeholderPos(state, id) {
  const found = uploadKey.getState(state).find(null, null, (spec) => spec.id === id);
  return found.length ? found[0].from : null;
}

export function isImageFile(f) {
  return f && /^image\//.test(f.type);
}

export async function uploadFiles(view, files, pos, report) {
  for (const file of files) {
    if (!isImageFile(file)) {
      report(t("Only image files can be uploaded"));
      continue;
    }
    // The library keeps every image with its alt text: ask for it before the upload.
    const alt = (window.prompt(t("Describe the photo for readers who cannot see it (alt text)"), "") || "").trim();
    if (!alt) {
      report(t("Alt text is required"));
      continue;
    }
    const id = {};
    const at = pos == null ? view.state.selection.from : pos;
    view.dispatch(view.state.tr.setMeta(uploadKey, { add: { id, pos: at } }));
    const form = new FormData();
    form.append("file", file, file.name || "photo");
    form.append("alt", alt);
    form.append("caption", "");
    form.append("credit", "");
    try {
      const item = await api("POST", MEDIA, form);
      rememberMedia(item);
      const where = placeholderPos(view.state, id);
      view.dispatch(view.state.tr.setMeta(uploadKey, { remove: { id } }));
      insertBlock(view, figureFor(item), where == null ? view.state.selection.from : where);
      report("");
    } catch (err) {
      view.dispatch(view.state.tr.setMeta(uploadKey, { remove: { id } }));
      report(err.message);
    }
  }
}

// ---- the library dialog ----
export function openLibrary(view, report) {
  const titleId = "ed-lib-title-" + ++uid;
  const dialog = el("dialog", { class: "ed-dialog", "aria-labelledby": titleId });
  const search = el("input", { type: "search", id: titleId + "-q", autocomplete: "off" });
  const file = el("input", { type: "file", accept: "image/*", id: titleId + "-file" });
  const status = el("p", { class: "ed-dialog-status", role: "status" });
  const grid = el("div", { class: "ed-grid" });
  const close = el("button", { type: "button", class: "ed-dialog-close", text: t("Close") });
  dialog.append(
    el("h2", { id: titleId, text: t("Insert photo") }),
    el("div", { class: "ed-field" }, el("label", { for: search.id, text: t("Search the library") }), search),
    el("div", { class: "ed-field" }, el("label", { for: file.id, text: t("Upload a photo") }), file),
    status,
    grid,
    close,
  );
  document.body.appendChild(dialog);
  const selection = view.state.selection;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    if (dialog.open) dialog.close();
    dialog.remove();
    view.focus();
  };
  dialog.addEventListener("close", finish);
  close.addEventListener("click", finish);
  let seq = 0;
  const show = async (q) => {
    const mine = ++seq;
    status.textContent = t("Loading…");
    let items;
    try {
      items = await api("GET", MEDIA + (q ? "?q=" + encodeURIComponent(q) : ""));
    } catch (err) {
      if (mine === seq) status.textContent = err.message;
      return;
    }
    if (mine !== seq) return;
    items = Array.isArray(items) ? items : [];
    grid.textContent = "";
    status.textContent = items.length ? "" : t("No photos found");
    for (const item of items) {
      rememberMedia(item);
      const label = item.alt || item.caption || t("Photo {id}", { id: num(item.id) });
      const b = el("button", { type: "button", class: "ed-thumb", "aria-label": label, title: label });
      const url = thumbUrl(item);
      if (url) b.appendChild(el("img", { src: url, alt: "", width: "160", height: "90", loading: "lazy" }));
      b.appendChild(el("span", { text: item.caption || item.alt || "" }));
      b.addEventListener("click", () => {
        finish();
        if (view.state.doc.eq(selection.$from.doc)) {
          view.dispatch(view.state.tr.setSelection(selection));
        }
        insertBlock(view, figureFor(item));
      });
      grid.appendChild(b);
    }
  };
  let timer = null;
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => show(search.value.trim()), 250);
  });
  search.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      clearTimeout(timer);
      show(search.value.trim());
    }
  });
  file.addEventListener("change", () => {
    const files = Array.from(file.files || []);
    finish();
    uploadFiles(view, files, null, report);
  });
  if (typeof dialog.showModal === "function") dialog.showModal();
  else dialog.setAttribute("open", "");
  search.focus();
  show("");
}
