// Copy the browser files the page needs from node_modules into static/vendor (gitignored).
// Run after `npm ci` in this folder: `node copy-vendor.mjs`. Safe to run again: it replaces
// static/vendor as a whole, so a file dropped from this list does not linger.
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const vendor = join(here, "static", "vendor");

// [file or folder in node_modules, name in static/vendor]
const FILES = [
  ["leaflet/dist/leaflet.js", "leaflet/leaflet.js"],
  ["leaflet/dist/leaflet.css", "leaflet/leaflet.css"],
  ["leaflet/dist/images", "leaflet/images"],
  ["leaflet/LICENSE", "leaflet/LICENSE"],
  ["world-atlas/countries-50m.json", "world-atlas/countries-50m.json"],
  ["world-atlas/LICENSE", "world-atlas/LICENSE"],
  ["topojson-client/dist/topojson-client.min.js", "topojson-client/topojson-client.min.js"],
  ["topojson-client/LICENSE", "topojson-client/LICENSE"],
  ["cytoscape/dist/cytoscape.min.js", "cytoscape/cytoscape.min.js"],
  ["cytoscape/LICENSE", "cytoscape/LICENSE"],
  ["vis-timeline/standalone/umd/vis-timeline-graph2d.min.js", "vis-timeline/vis-timeline-graph2d.min.js"],
  ["vis-timeline/styles/vis-timeline-graph2d.min.css", "vis-timeline/vis-timeline-graph2d.min.css"],
  ["vis-timeline/LICENSE.MIT.txt", "vis-timeline/LICENSE.MIT.txt"],
  ["swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui/swagger-ui-bundle.js"],
  ["swagger-ui-dist/swagger-ui.css", "swagger-ui/swagger-ui.css"],
  ["swagger-ui-dist/favicon-32x32.png", "swagger-ui/favicon-32x32.png"],
  ["swagger-ui-dist/LICENSE", "swagger-ui/LICENSE"],
];

const missing = FILES.filter(([from]) => !existsSync(join(modules, from))).map(([from]) => from);
if (missing.length) {
  console.error(`missing in node_modules: ${missing.join(", ")}; run \`npm ci\` in ${here} first`);
  process.exit(1);
}
rmSync(vendor, { recursive: true, force: true });
for (const [from, to] of FILES) {
  mkdirSync(dirname(join(vendor, to)), { recursive: true });
  cpSync(join(modules, from), join(vendor, to), { recursive: true });
}
console.log(`copied ${FILES.length} entries into ${vendor}`);
