// Prints what the browser suite measured: axe-core's findings per page, the weight of a first
// visit to an article page and to a home page, Lighthouse's scores of the home pages, layout
// shift, and where the screenshots are.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const read = (name) => {
  const path = join(dir, "report", `${name}.json`);
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : null;
};

const axe = read("axe");
if (axe) {
  console.log("\naxe-core (WCAG 2.2 A/AA and best practices): violations by impact");
  for (const [page, violations] of Object.entries(axe)) {
    const counts = {};
    for (const v of violations) counts[v.impact] = (counts[v.impact] ?? 0) + 1;
    const text = Object.entries(counts).map(([impact, n]) => `${n} ${impact}`).join(", ") || "none";
    console.log(`  ${page.padEnd(28)} ${text}${violations.length ? " — " + violations.map((v) => v.id).join(", ") : ""}`);
  }
}
const weight = read("page-weight");
if (weight) {
  console.log("\nFirst visit to an article page, bytes on the wire (compressed; article images not counted)");
  for (const [page, w] of Object.entries(weight)) {
    const parts = Object.entries(w.byType).map(([type, bytes]) => `${type} ${(bytes / 1000).toFixed(1)} kB`).join(", ");
    console.log(`  ${page.padEnd(12)} ${(w.total / 1000).toFixed(1)} kB (${parts})`);
  }
}
const home = read("home-weight");
if (home) {
  console.log("\nFirst visit to a home page on a phone, bytes on the wire (compressed; the photos in view included)");
  for (const [page, w] of Object.entries(home)) {
    const parts = Object.entries(w.byType).map(([type, bytes]) => `${type} ${(bytes / 1000).toFixed(1)} kB`).join(", ");
    console.log(`  ${page.padEnd(12)} ${(w.total / 1000).toFixed(1)} kB (${parts})`);
  }
}
const lighthouse = read("home-lighthouse");
if (lighthouse) {
  console.log("\nLighthouse on a phone (simulated slow 4G): performance, accessibility, best practices, SEO");
  for (const [page, s] of Object.entries(lighthouse)) {
    console.log(`  ${page.padEnd(12)} ${s.performance} / ${s.accessibility} / ${s["best-practices"]} / ${s.seo} (LCP ${s.lcp_ms} ms, CLS ${s.cls.toFixed(3)})`);
  }
}
const shift = read("layout-shift");
if (shift) {
  console.log("\nCumulative layout shift while loading");
  for (const [page, cls] of Object.entries(shift)) console.log(`  ${page.padEnd(12)} ${cls.toFixed(4)}`);
}
const shots = join(dir, "screenshots");
if (existsSync(shots)) console.log(`\n${readdirSync(shots).length} screenshots in ${shots}`);
