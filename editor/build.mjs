// Builds the newsroom story editor: editor/src/main.js -> assets/editor.js (minified IIFE) and
// editor/src/editor.css -> assets/editor.css. Deterministic: no sourcemap, no banner, no dates.
// Usage (from the repository root): npm ci --prefix editor && node editor/build.mjs
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const assets = join(here, "..", "assets");
const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
  absWorkingDir: here,
};

await esbuild.build({
  ...common,
  entryPoints: [join(here, "src", "main.js")],
  outfile: join(assets, "editor.js"),
  format: "iife",
  target: ["es2020", "chrome90", "firefox90", "safari15"],
});
await esbuild.build({
  ...common,
  entryPoints: [join(here, "src", "editor.css")],
  outfile: join(assets, "editor.css"),
  target: ["chrome90", "firefox90", "safari15"],
});
console.log("built assets/editor.js and assets/editor.css");
