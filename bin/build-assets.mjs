// Copies the built GOV.UK Frontend files from node_modules into static/, where
// Flask serves them under /assets (the path the GOV.UK stylesheet expects).
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "static");

mkdirSync(out, { recursive: true });
for (const name of ["fonts", "images"]) {
  rmSync(join(out, name), { recursive: true, force: true });
  cpSync(join(dist, "assets", name), join(out, name), { recursive: true });
}
cpSync(join(dist, "assets", "manifest.json"), join(out, "manifest.json"));
for (const name of ["govuk-frontend.min.css", "govuk-frontend.min.js"]) {
  cpSync(join(dist, name), join(out, name));
}
console.log("GOV.UK Frontend assets copied to static/");
