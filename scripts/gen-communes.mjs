// Regenerates data/communes.csv from @etalab/decoupage-administratif (MIT licence, data from INSEE's
// Code officiel géographique). Run: (cd /tmp && npm install @etalab/decoupage-administratif) and
// `NODE_PATH=/tmp/node_modules node scripts/gen-communes.mjs > data/communes.csv`.
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const communes = require("@etalab/decoupage-administratif/data/communes.json");
const pkg = require("@etalab/decoupage-administratif/package.json");
const rows = communes
  .filter((c) => c.type === "commune-actuelle" || c.type === "arrondissement-municipal")
  .sort((a, b) => a.code.localeCompare(b.code));
process.stdout.write(`# source: @etalab/decoupage-administratif ${pkg.version} (${pkg.license}), INSEE COG\n`);
process.stdout.write("code;nom;departement;codes_postaux;population\n");
for (const c of rows) {
  const name = c.nom.replaceAll(";", ",");
  process.stdout.write(`${c.code};${name};${c.departement};${(c.codesPostaux || []).join(" ")};${c.population ?? ""}\n`);
}
