// newsdesk story editor: enhances textarea[data-editor] with a ProseMirror editor that reads and
// writes the stored body format (notes/editor-contract.md). The textarea stays in the form, hidden,
// and always holds the serialised body.
import { EditorState, Plugin } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import { keymap } from "prosemirror-keymap";
import { baseKeymap, chainCommands, exitCode } from "prosemirror-commands";
import { history, undo, redo } from "prosemirror-history";
import { inputRules, wrappingInputRule, textblockTypeInputRule, undoInputRule } from "prosemirror-inputrules";
import { splitListItem, sinkListItem, liftListItem } from "prosemirror-schema-list";
import { tableEditing, goToNextCell, fixTables } from "prosemirror-tables";
import { dropCursor } from "prosemirror-dropcursor";
import { gapCursor } from "prosemirror-gapcursor";
import { enhancePickers } from "./pickers.js";
import { schema, parseHTML, serializeDoc } from "./schema.js";
import { cleanPastedHTML } from "./paste.js";
import { t, num } from "./strings.js";
import { api, AUTOSAVE, PRESENCE } from "./api.js";
import { FigureView, uploadPlugin, uploadFiles, isImageFile, el } from "./media.js";
import { EmbedView } from "./embedview.js";
import { bijoyPlugin } from "./bijoy.js";
import { buildToolbar, buildLinkForm } from "./toolbar.js";
import * as C from "./commands.js";

const N = schema.nodes;

export function countWords(doc) {
  const text = doc.textBetween(0, doc.content.size, " ", " ");
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

export function statsText(words) {
  const w = words === 1 ? t("{n} word", { n: num(1) }) : t("{n} words", { n: num(words) });
  return w + " · " + t("{n} min read", { n: num(Math.max(1, Math.round(words / 200))) });
}

function clock(iso) {
  const d = new Date(iso);
  if (isNaN(d.getTime())) return null;
  const two = (n) => String(n).padStart(2, "0");
  return num(two(d.getHours()) + ":" + two(d.getMinutes()));
}

function plugins(ui) {
  const insertBreak = (state, dispatch) => {
    if (dispatch) dispatch(state.tr.replaceSelectionWith(N.hard_break.create()).scrollIntoView());
    return true;
  };
  const keys = {
    "Mod-b": C.toggleBold,
    "Mod-B": C.toggleBold,
    "Mod-i": C.toggleItalic,
    "Mod-I": C.toggleItalic,
    "Mod-k": (state, dispatch) => {
      if (dispatch) ui.openLink();
      return true;
    },
    "Mod-Alt-0": C.setParagraph,
    "Mod-Alt-2": C.setHeading(2),
    "Mod-Alt-3": C.setHeading(3),
    "Shift-Mod-8": C.toggleList(N.bullet_list),
    "Shift-Mod-9": C.toggleList(N.ordered_list),
    "Mod-z": undo,
    "Mod-y": redo,
    "Shift-Mod-z": redo,
    Backspace: undoInputRule,
    Enter: chainCommands(C.embedOnEnter, splitListItem(N.list_item)),
    "Shift-Enter": chainCommands(exitCode, insertBreak),
    "Mod-Enter": chainCommands(exitCode, insertBreak),
    "Mod-]": sinkListItem(N.list_item),
    "Mod-[": liftListItem(N.list_item),
    Tab: goToNextCell(1),
    "Shift-Tab": goToNextCell(-1),
  };
  return [
    inputRules({
      rules: [
        wrappingInputRule(/^\s*([-+*])\s$/, N.bullet_list),
        wrappingInputRule(/^(\d+)\.\s$/, N.ordered_list),
        wrappingInputRule(/^\s*>\s$/, N.blockquote),
        textblockTypeInputRule(/^(#{2,3})\s$/, N.heading, (m) => ({ level: m[1].length })),
      ],
    }),
    keymap(keys),
    keymap(baseKeymap),
    history(),
    dropCursor(),
    gapCursor(),
    tableEditing(),
    uploadPlugin,
    bijoyPlugin(ui.report),
    new Plugin({ appendTransaction: C.embedsAfterPaste }),
    new Plugin({ appendTransaction: C.trailingParagraph }),
  ];
}

function pastedHasText(html) {
  if (!html) return false;
  const d = new window.DOMParser().parseFromString(html, "text/html");
  return !!(d.body && /\S/.test(d.body.textContent || ""));
}

export function mount(ta) {
  const baseId = ta.id || "body";
  const labelEl = document.getElementById(baseId + "-label") || (ta.id && document.querySelector('label[for="' + ta.id + '"]'));
  const statsEl = document.getElementById(baseId + "-stats");
  const presenceEl = document.getElementById(baseId + "-presence");

  const wrap = el("div", { class: "ed-wrap" });
  const msg = el("p", { class: "ed-msg", role: "alert", hidden: true });
  const mountEl = el("div", { class: "ed-mount" });
  const report = (text) => {
    msg.textContent = text || "";
    msg.hidden = !text;
  };
  const ui = { report, openLink: () => linkForm.open() };

  let state = EditorState.create({ doc: parseHTML(ta.value), plugins: plugins(ui) });
  const fix = fixTables(state);
  if (fix) state = state.apply(fix);
  const trail = C.trailingParagraph([], state, state);
  if (trail) state = state.apply(trail);
  const initialHTML = serializeDoc(state.doc);
  let currentHTML = initialHTML;

  let statsTimer = null;
  const wordsEl = statsEl ? el("span", { class: "ed-words" }) : null;
  const savedEl = statsEl ? el("span", { class: "ed-saved" }) : null;
  if (statsEl) {
    statsEl.textContent = "";
    statsEl.append(wordsEl, savedEl);
  }
  const updateStats = () => {
    statsTimer = null;
    if (!wordsEl) return;
    if (view.composing) {
      scheduleStats(300);
      return;
    }
    wordsEl.textContent = statsText(countWords(view.state.doc));
  };
  const scheduleStats = (ms) => {
    if (statsTimer === null) statsTimer = setTimeout(updateStats, ms == null ? 150 : ms);
  };

  const view = new EditorView(mountEl, {
    state,
    attributes: {
      id: "ed-" + baseId,
      class: "ed-body",
      role: "textbox",
      "aria-multiline": "true",
      "aria-labelledby": labelEl && labelEl.id ? labelEl.id : "body-label",
      spellcheck: "true",
      lang: ta.getAttribute("data-lang") || document.documentElement.lang || "en",
    },
    nodeViews: {
      figure_media: (node, v, getPos) => new FigureView(node, v, getPos),
      figure_embed: (node, v, getPos) => new EmbedView(node, v, getPos),
    },
    transformPastedHTML: (html) => cleanPastedHTML(html),
    handlePaste(v, event) {
      const data = event.clipboardData;
      const files = data ? Array.from(data.files || []).filter(isImageFile) : [];
      if (!files.length || pastedHasText(data.getData("text/html"))) return false;
      event.preventDefault();
      uploadFiles(v, files, null, report);
      return true;
    },
    handleDrop(v, event, _slice, moved) {
      if (moved || !event.dataTransfer) return false;
      const files = Array.from(event.dataTransfer.files || []).filter(isImageFile);
      if (!files.length) return false;
      event.preventDefault();
      const at = v.posAtCoords({ left: event.clientX, top: event.clientY });
      uploadFiles(v, files, at ? at.pos : null, report);
      return true;
    },
    dispatchTransaction(tr) {
      const next = view.state.apply(tr);
      view.updateState(next);
      if (tr.docChanged) {
        currentHTML = serializeDoc(next.doc);
        if (ta.value !== currentHTML) {
          ta.value = currentHTML;
          ta.dispatchEvent(new Event("input", { bubbles: true }));
        }
        scheduleStats();
      }
      toolbar.update(next);
    },
  });

  const toolbar = buildToolbar(view, ui);
  const linkForm = buildLinkForm(view, ui);
  wrap.append(toolbar.dom, linkForm.dom, mountEl, msg);
  ta.parentNode.insertBefore(wrap, ta);
  ta.hidden = true;
  // How to write HTML by hand is for pages without this script.
  const hint = document.getElementById("body-hint");
  if (hint) hint.hidden = true;
  ta.removeAttribute("required");
  toolbar.update(view.state);
  updateStats();
  if (labelEl) labelEl.addEventListener("click", (e) => {
    e.preventDefault();
    view.focus();
  });

  // ---- autosave and presence ----
  if (ta.hasAttribute("data-article")) {
    const raw = (ta.getAttribute("data-article") || "").trim();
    const article = /^\d+$/.test(raw) ? Number(raw) : null;
    const titleEl = document.getElementById("title");
    const standEl = document.getElementById("standfirst");
    const snap = () => [titleEl ? titleEl.value : "", standEl ? standEl.value : "", currentHTML];
    let last = JSON.stringify(snap());
    let busy = false;
    const showPresence = (names) => {
      if (!presenceEl) return;
      const list = Array.isArray(names) ? names.filter((n) => typeof n === "string" && n) : [];
      presenceEl.textContent = list.length ? t("{names} is also editing", { names: list.join(", ") }) : "";
    };
    const setSaved = (text) => {
      if (savedEl) savedEl.textContent = text ? " · " + text : "";
    };
    setInterval(async () => {
      if (busy) return;
      const now = snap();
      const key = JSON.stringify(now);
      busy = true;
      try {
        if (key !== last) {
          // The version the typed text is based on: a copy typed on a version since saved over is
          // not brought back over that save.
          const based = ta.form && ta.form.querySelector("input[name=version]");
          const version = based && /^\d+$/.test(based.value) ? Number(based.value) : null;
          const r = await api("POST", AUTOSAVE, { article, version, title: now[0], standfirst: now[1], body_html: now[2] });
          last = key;
          const time = r && clock(r.saved_at);
          if (time) setSaved(t("Saved a draft copy at {time}", { time }));
          if (r) showPresence(r.editing);
        } else if (article !== null) {
          const r = await api("POST", PRESENCE, { article });
          if (r) showPresence(r.editing);
        }
      } catch (_) {
        if (key !== last) setSaved(t("Draft copy not saved"));
      } finally {
        busy = false;
      }
    }, 5000);
  }

  // ---- leaving with unsaved changes ----
  const form = ta.form;
  const formSnap = () => {
    if (!form) return "";
    const out = [];
    for (const [k, v] of new FormData(form)) {
      if (k === "csrf" || k === ta.name) continue;
      out.push([k, typeof v === "string" ? v : v.name]);
    }
    return JSON.stringify(out);
  };
  let base = null;
  setTimeout(() => (base = formSnap()), 0);
  let submitting = false;
  if (form) form.addEventListener("submit", () => (submitting = true));
  window.addEventListener("pageshow", () => (submitting = false));
  window.addEventListener("beforeunload", (e) => {
    if (submitting) return;
    const changed = currentHTML !== initialHTML || (base !== null && formSnap() !== base);
    if (!changed) return;
    e.preventDefault();
    e.returnValue = "";
  });

  return view;
}

function start() {
  try {
    enhancePickers(document, t);
  } catch (e) {
    console.error("pickers:", e);
  }
  for (const ta of Array.from(document.querySelectorAll("textarea[data-editor]"))) {
    try {
      const view = mount(ta);
      if (!window.newsdeskEditor) window.newsdeskEditor = view;
    } catch (e) {
      console.error("editor:", e);
    }
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
