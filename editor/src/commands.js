import { setBlockType, wrapIn, lift, toggleMark } from "prosemirror-commands";
import { wrapInList, liftListItem } from "prosemirror-schema-list";
import { TextSelection } from "prosemirror-state";
import { schema, SAFE_HREF } from "./schema.js";
import { embedProvider } from "./embeds.js";

const N = schema.nodes;

export function markActive(state, type) {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks || $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

export function blockActive(state, type, attrs) {
  const { $from, to } = state.selection;
  if (to > $from.end()) return false;
  const p = $from.parent;
  if (p.type !== type) return false;
  return !attrs || Object.keys(attrs).every((k) => p.attrs[k] === attrs[k]);
}

function ancestor(state, types) {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) {
    const n = $from.node(d);
    if (types.includes(n.type)) return { node: n, depth: d, pos: $from.before(d) };
  }
  return null;
}

export function inList(state, type) {
  const a = ancestor(state, [N.bullet_list, N.ordered_list]);
  return !!a && a.node.type === type;
}

/** Bulleted/numbered list: wrap, switch the list's kind, or lift out of it. */
export function toggleList(type) {
  return (state, dispatch) => {
    const a = ancestor(state, [N.bullet_list, N.ordered_list]);
    if (a && a.node.type === type) return liftListItem(N.list_item)(state, dispatch);
    if (a) {
      if (dispatch) dispatch(state.tr.setNodeMarkup(a.pos, type));
      return true;
    }
    return wrapInList(type)(state, dispatch);
  };
}

export function quoteActive(state, type) {
  const a = ancestor(state, [N.blockquote, N.pullquote]);
  return !!a && a.node.type === type;
}

/** Block quote / pull quote: wrap, switch the kind, or lift out. */
export function toggleQuote(type) {
  return (state, dispatch) => {
    const a = ancestor(state, [N.blockquote, N.pullquote]);
    if (a && a.node.type === type) return lift(state, dispatch);
    if (a) {
      if (dispatch) dispatch(state.tr.setNodeMarkup(a.pos, type));
      return true;
    }
    // Quotes hold paragraphs: headings become paragraphs first.
    if (state.selection.$from.parent.type === N.heading) {
      if (!dispatch) return true;
      setBlockType(N.paragraph)(state, (tr) => {
        const next = state.apply(tr);
        wrapIn(type)(next, (tr2) => {
          for (const s of tr2.steps) tr.step(s);
        });
        dispatch(tr);
      });
      return true;
    }
    return wrapIn(type)(state, dispatch);
  };
}

export const setParagraph = setBlockType(N.paragraph);
export const setHeading = (level) => setBlockType(N.heading, { level });
export const toggleBold = toggleMark(schema.marks.strong);
export const toggleItalic = toggleMark(schema.marks.em);

export function insertRule(state, dispatch) {
  if (dispatch) dispatch(state.tr.replaceSelectionWith(N.horizontal_rule.create()).scrollIntoView());
  return true;
}

export function insertTable(state, dispatch) {
  if (ancestor(state, [N.table])) return false;
  const cell = (type) => type.createAndFill();
  const row = (type) => N.table_row.create(null, [cell(type), cell(type), cell(type)]);
  const table = N.table.create(null, [row(N.table_header), row(N.table_cell), row(N.table_cell)]);
  if (dispatch) {
    const tr = state.tr;
    const { $from } = state.selection;
    if ($from.parent.type === N.paragraph && $from.parent.content.size === 0 && $from.depth === 1) {
      tr.replaceWith($from.before(), $from.after(), table);
    } else {
      tr.replaceSelectionWith(table);
    }
    // Put the cursor in the first header cell.
    const start = tr.mapping.map(state.selection.from, -1);
    let cellPos = null;
    tr.doc.nodesBetween(Math.max(0, start - 2), tr.doc.content.size, (n, pos) => {
      if (cellPos != null) return false;
      if (n.type === N.table_header) {
        cellPos = pos;
        return false;
      }
      return true;
    });
    if (cellPos != null) tr.setSelection(TextSelection.near(tr.doc.resolve(cellPos + 2)));
    dispatch(tr.scrollIntoView());
  }
  return true;
}

/** The link range around the cursor (or the selection), and its href. */
export function linkRange(state) {
  const type = schema.marks.link;
  const { $from, from, to, empty } = state.selection;
  if (!empty) {
    let href = null;
    state.doc.nodesBetween(from, to, (n) => {
      const m = n.isText && type.isInSet(n.marks);
      if (m && href === null) href = m.attrs.href;
    });
    return { from, to, href };
  }
  const parent = $from.parent;
  const start = $from.start();
  let found = null;
  let pos = start;
  parent.forEach((child) => {
    const end = pos + child.nodeSize;
    const m = type.isInSet(child.marks);
    if (m) {
      if (found && found.href === m.attrs.href && found.to === pos) found.to = end;
      else if (!found || found.to < from) found = { from: pos, to: end, href: m.attrs.href };
    }
    pos = end;
  });
  if (found && found.from <= from && found.to >= from) return found;
  return { from, to, href: null };
}

/** Apply an address to the selection or the link at the cursor; "" removes it. */
export function applyLink(state, dispatch, address) {
  const href = (address || "").trim();
  const type = schema.marks.link;
  const range = linkRange(state);
  if (href === "") {
    if (range.from === range.to) return false;
    dispatch(state.tr.removeMark(range.from, range.to, type));
    return true;
  }
  if (!SAFE_HREF.test(href)) return false;
  const tr = state.tr;
  if (range.from === range.to) {
    tr.insertText(href, range.from);
    tr.addMark(range.from, range.from + href.length, type.create({ href }));
  } else {
    tr.removeMark(range.from, range.to, type).addMark(range.from, range.to, type.create({ href }));
  }
  dispatch(tr.scrollIntoView());
  return true;
}

/** Enter at the end of a paragraph that holds only a post address: make it an embed. */
export function embedOnEnter(state, dispatch) {
  const { $from, empty } = state.selection;
  if (!empty || $from.depth !== 1 || $from.parent.type !== N.paragraph) return false;
  if ($from.parentOffset !== $from.parent.content.size) return false;
  const text = $from.parent.textContent;
  const provider = embedProvider(text);
  if (!provider || !onlyText($from.parent)) return false;
  if (dispatch) {
    const tr = state.tr;
    const start = $from.before();
    const embed = N.figure_embed.create({ provider, url: text.trim() });
    tr.replaceWith(start, $from.after(), [embed, N.paragraph.create()]);
    tr.setSelection(TextSelection.create(tr.doc, start + embed.nodeSize + 1));
    dispatch(tr.scrollIntoView());
  }
  return true;
}

function onlyText(node) {
  let ok = true;
  node.forEach((c) => {
    if (!c.isText) ok = false;
  });
  return ok;
}

/** After a paste: every touched top-level paragraph holding only a post address becomes an embed. */
export function embedsAfterPaste(transactions, oldState, newState) {
  if (!transactions.some((tr) => tr.docChanged && tr.getMeta("uiEvent") === "paste")) return null;
  let from = newState.doc.content.size;
  let to = 0;
  for (const tr of transactions) {
    tr.mapping.maps.forEach((map, i) => {
      map.forEach((_os, _oe, ns, ne) => {
        const rest = tr.mapping.slice(i + 1);
        from = Math.min(from, rest.map(ns, -1));
        to = Math.max(to, rest.map(ne, 1));
      });
    });
  }
  if (to < from) return null;
  const hits = [];
  newState.doc.forEach((node, offset) => {
    const end = offset + node.nodeSize;
    if (end < from || offset > to || node.type !== N.paragraph || !onlyText(node)) return;
    const provider = embedProvider(node.textContent);
    if (provider) hits.push({ offset, node, provider });
  });
  if (!hits.length) return null;
  const tr = newState.tr;
  for (let i = hits.length - 1; i >= 0; i--) {
    const h = hits[i];
    tr.replaceWith(h.offset, h.offset + h.node.nodeSize, N.figure_embed.create({ provider: h.provider, url: h.node.textContent.trim() }));
  }
  // Put the cursor after the last embed (in a new paragraph when it ends the document).
  const last = hits[hits.length - 1];
  const end = tr.mapping.map(last.offset + last.node.nodeSize);
  if (end >= tr.doc.content.size) tr.insert(tr.doc.content.size, N.paragraph.create());
  tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(end + 1, tr.doc.content.size))));
  return tr;
}

/** Keep a paragraph at the end of the document, so there is always somewhere to type after a
 * final figure, embed, rule or table (trailing empty paragraphs are not stored). */
export function trailingParagraph(_trs, _old, state) {
  const last = state.doc.lastChild;
  if (last && !last.isAtom && !last.isLeaf && last.type !== N.table) return null;
  return state.tr.insert(state.doc.content.size, N.paragraph.create()).setMeta("addToHistory", false);
}
