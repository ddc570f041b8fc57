// Converts text carrying the `bijoy` mark (pasted in a Bijoy font, or chosen with "Convert Bijoy")
// through the server, in place, keeping its other marks. On failure the text stays as it was.
import { Plugin } from "prosemirror-state";
import { schema, nextBijoyId } from "./schema.js";
import { api, CONVERT } from "./api.js";

function segments(doc, id) {
  const out = [];
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    const mark = node.marks.find((m) => m.type === schema.marks.bijoy && m.attrs.id === id);
    if (mark) out.push({ from: pos, to: pos + node.nodeSize, text: node.text, marks: node.marks, mark });
    return false;
  });
  return out;
}

function unmark(tr, segs) {
  for (const s of segs) tr.removeMark(s.from, s.to, s.mark);
  return tr;
}

/** Mark the selection for conversion (the "Convert Bijoy" button). */
export function convertSelection(state, dispatch) {
  const { from, to, empty } = state.selection;
  if (empty) return false;
  if (dispatch) dispatch(state.tr.addMark(from, to, schema.marks.bijoy.create({ id: nextBijoyId() })));
  return true;
}

export function bijoyPlugin(report) {
  const inflight = new Set();
  async function run(view, id) {
    const segs = segments(view.state.doc, id);
    const wanted = segs.filter((s) => /\S/.test(s.text));
    let results;
    try {
      results = await Promise.all(
        wanted.map((s) =>
          api("POST", CONVERT, { text: s.text }).then((r) => (r && typeof r.text === "string" ? r.text : s.text)),
        ),
      );
    } catch (err) {
      inflight.delete(id);
      view.dispatch(unmark(view.state.tr, segments(view.state.doc, id)));
      report(err.message);
      return;
    }
    inflight.delete(id);
    const now = segments(view.state.doc, id);
    const tr = view.state.tr;
    const same = now.filter((s) => /\S/.test(s.text));
    if (same.length !== wanted.length || same.some((s, i) => s.text !== wanted[i].text)) {
      // Edited while the request ran: keep the text as it is now.
      view.dispatch(unmark(tr, now));
      return;
    }
    for (let i = same.length - 1; i >= 0; i--) {
      const s = same[i];
      const marks = s.marks.filter((m) => m.type !== schema.marks.bijoy);
      if (results[i]) tr.replaceWith(s.from, s.to, schema.text(results[i], marks));
    }
    unmark(tr, segments(tr.doc, id));
    view.dispatch(tr);
    report("");
  }
  return new Plugin({
    view: () => ({
      update(view, prev) {
        if (view.composing || view.state.doc === prev.doc) return;
        const ids = new Set();
        view.state.doc.descendants((node) => {
          if (node.isText) {
            for (const m of node.marks) if (m.type === schema.marks.bijoy && !inflight.has(m.attrs.id)) ids.add(m.attrs.id);
          }
          return true;
        });
        for (const id of ids) {
          inflight.add(id);
          Promise.resolve().then(() => run(view, id));
        }
      },
    }),
  });
}
