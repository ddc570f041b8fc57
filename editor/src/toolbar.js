// The toolbar: real buttons in a role="toolbar" with a roving tabindex, and the inline link form.
import { undo, redo } from "prosemirror-history";
import {
  addRowAfter, deleteRow, addColumnAfter, deleteColumn, toggleHeaderRow, deleteTable, isInTable,
} from "prosemirror-tables";
import { schema } from "./schema.js";
import { t } from "./strings.js";
import { el, openLibrary } from "./media.js";
import { convertSelection } from "./bijoy.js";
import * as C from "./commands.js";

const isMac = typeof navigator !== "undefined" && /Mac|iP(hone|[oa]d)/.test(navigator.platform || "");
const mod = isMac ? "⌘" : "Ctrl+";
const alt = isMac ? "⌥" : "Alt+";
const shift = isMac ? "⇧" : "Shift+";

export function buildToolbar(view, ui) {
  const N = schema.nodes;
  const items = [
    { label: "Paragraph", text: "¶", keys: mod + alt + "0", run: C.setParagraph, active: (s) => C.blockActive(s, N.paragraph) },
    { label: "Heading 2", text: "H2", keys: mod + alt + "2", run: C.setHeading(2), active: (s) => C.blockActive(s, N.heading, { level: 2 }) },
    { label: "Heading 3", text: "H3", keys: mod + alt + "3", run: C.setHeading(3), active: (s) => C.blockActive(s, N.heading, { level: 3 }) },
    { sep: true },
    { label: "Bold", text: "B", cls: "ed-b", keys: mod + "B", run: C.toggleBold, active: (s) => C.markActive(s, schema.marks.strong) },
    { label: "Italic", text: "I", cls: "ed-i", keys: mod + "I", run: C.toggleItalic, active: (s) => C.markActive(s, schema.marks.em) },
    { label: "Link", wide: true, keys: mod + "K", run: (s, d) => (d ? (ui.openLink(), true) : !!s), active: (s) => C.linkRange(s).href !== null },
    { sep: true },
    { label: "Bulleted list", text: "•≡", keys: shift + mod + "8", run: C.toggleList(N.bullet_list), active: (s) => C.inList(s, N.bullet_list) },
    { label: "Numbered list", text: "1≡", keys: shift + mod + "9", run: C.toggleList(N.ordered_list), active: (s) => C.inList(s, N.ordered_list) },
    { label: "Block quote", text: "❝", run: C.toggleQuote(N.blockquote), active: (s) => C.quoteActive(s, N.blockquote) },
    { label: "Pull quote", text: "❝❝", run: C.toggleQuote(N.pullquote), active: (s) => C.quoteActive(s, N.pullquote) },
    { label: "Horizontal rule", text: "―", run: C.insertRule },
    { sep: true },
    { label: "Insert photo", wide: true, run: (s, d) => (d ? (openLibrary(view, ui.report), true) : true) },
    { label: "Insert table", text: "▦", run: C.insertTable },
    { label: "Add row", text: "+▤", table: true, run: addRowAfter },
    { label: "Remove row", text: "−▤", table: true, run: deleteRow },
    { label: "Add column", text: "+▥", table: true, run: addColumnAfter },
    { label: "Remove column", text: "−▥", table: true, run: deleteColumn },
    { label: "Toggle header row", text: "H▤", table: true, run: toggleHeaderRow },
    { label: "Remove table", text: "✕▦", table: true, run: deleteTable },
    { sep: true },
    { label: "Convert Bijoy", wide: true, run: convertSelection },
    { sep: true },
    { label: "Undo", text: "↶", keys: mod + "Z", run: undo },
    { label: "Redo", text: "↷", keys: isMac ? shift + mod + "Z" : mod + "Y", run: redo },
  ];
  const bar = el("div", { class: "ed-toolbar", role: "toolbar", "aria-label": t("Formatting"), "aria-controls": view.dom.id });
  const buttons = [];
  for (const item of items) {
    if (item.sep) {
      bar.appendChild(el("span", { class: "ed-sep", "aria-hidden": "true" }));
      continue;
    }
    const name = t(item.label);
    const b = el("button", {
      type: "button",
      class: "ed-btn" + (item.cls ? " " + item.cls : "") + (item.table ? " ed-table-btn" : ""),
      title: item.keys ? name + " (" + item.keys + ")" : name,
      tabindex: "-1",
      "aria-pressed": item.active ? "false" : null,
      "aria-keyshortcuts": item.keys ? item.keys.replace(/Ctrl\+|⌘/g, isMac ? "Meta+" : "Control+").replace(/Alt\+|⌥/g, "Alt+").replace(/Shift\+|⇧/g, "Shift+") : null,
    });
    // The name is the button's text (its glyph is only drawn), so what is seen and what is
    // heard agree.
    if (item.wide) b.textContent = name;
    else {
      b.append(el("span", { "aria-hidden": "true", text: item.text }), el("span", { class: "ed-vh", text: name }));
      b.classList.add("ed-icon");
    }
    b.addEventListener("mousedown", (e) => e.preventDefault());
    b.addEventListener("click", () => {
      item.run(view.state, view.dispatch, view);
      if (item.label !== "Link" && item.label !== "Insert photo") view.focus();
    });
    item.button = b;
    buttons.push(item);
    bar.appendChild(b);
  }
  let current = 0;
  const usable = () => buttons.filter((i) => !i.button.disabled && !i.button.hidden);
  const focusItem = (item) => {
    for (const i of buttons) i.button.tabIndex = i === item ? 0 : -1;
    current = buttons.indexOf(item);
    item.button.focus();
  };
  bar.addEventListener("focusin", (e) => {
    const found = buttons.find((i) => i.button === e.target);
    if (found) {
      current = buttons.indexOf(found);
      for (const i of buttons) i.button.tabIndex = i === found ? 0 : -1;
    }
  });
  bar.addEventListener("keydown", (e) => {
    const list = usable();
    const idx = list.findIndex((i) => i.button === document.activeElement);
    if (idx < 0 || !list.length) return;
    let next = null;
    if (e.key === "ArrowRight" || e.key === "ArrowDown") next = list[(idx + 1) % list.length];
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp") next = list[(idx - 1 + list.length) % list.length];
    else if (e.key === "Home") next = list[0];
    else if (e.key === "End") next = list[list.length - 1];
    else if (e.key === "Escape") {
      e.preventDefault();
      view.focus();
      return;
    }
    if (next) {
      e.preventDefault();
      focusItem(next);
    }
  });

  function update(state) {
    const inTable = isInTable(state);
    for (const item of buttons) {
      const b = item.button;
      if (item.table) b.hidden = !inTable;
      b.disabled = !item.run(state, null, view);
      if (item.active) b.setAttribute("aria-pressed", item.active(state) ? "true" : "false");
    }
    // Keep exactly one button in the tab order.
    const list = usable();
    const cur = buttons[current];
    const keep = cur && list.includes(cur) ? cur : list[0];
    for (const i of buttons) i.button.tabIndex = i === keep ? 0 : -1;
  }
  return { dom: bar, update };
}

/** A small inline form for the link address (not a <form>: it lives inside the story's form). */
export function buildLinkForm(view, ui) {
  const id = "ed-link-" + Math.random().toString(36).slice(2, 8);
  const input = el("input", { id, type: "text", inputmode: "url", autocomplete: "off", spellcheck: "false", "aria-describedby": id + "-msg" });
  const msg = el("p", { id: id + "-msg", class: "ed-error", role: "alert" });
  const apply = el("button", { type: "button", text: t("Apply") });
  const removeBtn = el("button", { type: "button", text: t("Remove link") });
  const cancel = el("button", { type: "button", text: t("Cancel") });
  const box = el("div", { class: "ed-linkform", role: "group", "aria-labelledby": id + "-label", hidden: true },
    el("label", { id: id + "-label", for: id, text: t("Link address") }), input, apply, removeBtn, cancel, msg);
  const close = () => {
    box.hidden = true;
    msg.textContent = "";
    input.removeAttribute("aria-invalid");
    view.focus();
  };
  const submit = (value) => {
    const v = value.trim();
    const ok = C.applyLink(view.state, view.dispatch, v);
    if (!ok && v !== "") {
      msg.textContent = t("Links must start with https://, http:// or mailto:");
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    close();
  };
  apply.addEventListener("click", () => submit(input.value));
  removeBtn.addEventListener("click", () => submit(""));
  cancel.addEventListener("click", close);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      submit(input.value);
    } else if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  });
  return {
    dom: box,
    open() {
      const range = C.linkRange(view.state);
      input.value = range.href || "";
      msg.textContent = "";
      input.removeAttribute("aria-invalid");
      removeBtn.hidden = range.href === null;
      box.hidden = false;
      input.focus();
      input.select();
    },
  };
}
