// Compiles our Sass (GOV.UK Frontend with Arial, no GDS Transport, no crown) and copies the
// GOV.UK Frontend JavaScript into static/dist/, which is git-ignored and served by WhiteNoise.
import { mkdirSync, copyFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "static", "dist");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

mkdirSync(join(dist, "js"), { recursive: true });

const result = sass.compile(join(root, "static", "src", "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions", "slash-div"],
});
writeFileSync(join(dist, "app.css"), result.css);

copyFileSync(join(govuk, "govuk-frontend.min.js"), join(dist, "js", "govuk-frontend.min.js"));
copyFileSync(join(root, "static", "src", "app.js"), join(dist, "js", "app.js"));
copyFileSync(join(root, "static", "src", "favicon.svg"), join(dist, "favicon.svg"));
console.log(`Built ${join("static", "dist")}: app.css (${result.css.length} bytes), js/`);
