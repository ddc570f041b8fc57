// Every piece of UI text the editor shows, in English. The page may carry a JSON object
// <script type="application/json" id="editor-strings"> mapping these English texts to the
// page's language; absent keys stay English. Placeholders: {n}, {time}, {names}, {id}.
export const STRINGS = [
  "Formatting", "Paragraph", "Heading 2", "Heading 3", "Bold", "Italic", "Link",
  "Bulleted list", "Numbered list", "Block quote", "Pull quote", "Horizontal rule",
  "Insert table", "Add row", "Remove row", "Add column", "Remove column", "Toggle header row",
  "Remove table", "Undo", "Redo", "Insert photo", "Convert Bijoy",
  "Link address", "Apply", "Cancel", "Remove link",
  "Links must start with https://, http:// or mailto:",
  "Caption", "Credit", "Alt text", "Alt text is required", "Size", "Column width", "Full width",
  "Remove photo", "Photo {id}", "Photo not found", "Embed", "Remove embed",
  "Search the library", "Upload a photo", "Close", "Loading…", "No photos found",
  "Uploading photo…", "Only image files can be uploaded",
  "Describe the photo for readers who cannot see it (alt text)",
  "{n} word", "{n} words", "{n} min read", "Saved a draft copy at {time}",
  "Draft copy not saved", "{names} is also editing",
  "The server could not be reached", "Something went wrong",
];

let table = null;
function load() {
  if (table) return table;
  table = {};
  const el = typeof document !== "undefined" && document.getElementById("editor-strings");
  if (el) {
    try {
      const parsed = JSON.parse(el.textContent || "{}");
      if (parsed && typeof parsed === "object") table = parsed;
    } catch (_) {
      table = {};
    }
  }
  return table;
}

/** Translate one English UI string; absent keys stay English. */
export function t(english, params) {
  const tr = load()[english];
  let s = typeof tr === "string" && tr !== "" ? tr : english;
  if (params) for (const k of Object.keys(params)) s = s.split("{" + k + "}").join(String(params[k]));
  return s;
}

const BN_DIGITS = "০১২৩৪৫৬৭৮৯";
/** Digits in the page's script: Bangla digits when <html lang="bn">. */
export function num(n) {
  const s = String(n);
  if (typeof document === "undefined" || document.documentElement.lang !== "bn") return s;
  return s.replace(/[0-9]/g, (d) => BN_DIGITS[d]);
}
