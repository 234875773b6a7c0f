// Copies the built GOV.UK Frontend files from node_modules into static/, where
// Flask serves them under /assets (the path the GOV.UK stylesheet expects).
//
// This is a council's service, not GOV.UK: the Design System says a service off GOV.UK
// must not use the crown or the GDS Transport typeface (licensed for GOV.UK alone). So
// the stylesheet is copied without GDS Transport (text falls back to Arial, as the
// Design System advises) and without the Royal Arms crest behind the footer's
// copyright link, and the GOV.UK favicons, crown images, fonts and manifest are not
// copied at all. The build fails if a new GOV.UK Frontend brings either back.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "static");

mkdirSync(out, { recursive: true });
// Left by earlier builds, which copied GOV.UK's own assets.
for (const name of ["fonts", "images", "manifest.json"]) {
  rmSync(join(out, name), { recursive: true, force: true });
}

const css = readFileSync(join(dist, "govuk-frontend.min.css"), "utf8")
  .replace(/\/\*[^*]*exclusive use on gov\.uk[^*]*\*\//g, "")
  .replace(/@font-face\{font-family:GDS Transport;[^}]*\}/g, "")
  .replace(/GDS Transport,/g, "")
  .replace(/url\(\/assets\/images\/govuk-crest\.svg\)/g, "none");
for (const banned of ["GDS Transport", "govuk-crest", "/assets/fonts/"]) {
  if (css.includes(banned)) {
    console.error(`govuk-frontend.min.css still mentions ${banned}: update bin/build-assets.mjs`);
    process.exit(1);
  }
}
writeFileSync(join(out, "govuk-frontend.min.css"), css);
cpSync(join(dist, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
console.log("GOV.UK Frontend assets copied to static/ (without GOV.UK's typeface and crown)");
