// Copies Truce's web vendor files into the Python package (run by `make web-assets`).
// Leaflet's script, stylesheet and marker images are copied as they are; Natural Earth's
// country borders (world-atlas, TopoJSON) are converted to GeoJSON once here, so the browser
// needs no TopoJSON decoder and nothing is fetched from the network at run time.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const vendor = join(here, "..", "src", "truce", "server", "web", "static", "vendor");

function round(value) {
  return Math.round(value * 1e4) / 1e4;
}

function roundCoordinates(coords) {
  return typeof coords[0] === "number" ? coords.map(round) : coords.map(roundCoordinates);
}

function countries(resolution) {
  const topology = JSON.parse(
    readFileSync(join(modules, "world-atlas", `countries-${resolution}.json`), "utf8"),
  );
  const collection = feature(topology, topology.objects.countries);
  for (const item of collection.features) {
    item.geometry.coordinates = roundCoordinates(item.geometry.coordinates);
  }
  return collection;
}

mkdirSync(join(vendor, "leaflet", "images"), { recursive: true });
for (const name of ["leaflet.js", "leaflet.css"]) {
  copyFileSync(join(modules, "leaflet", "dist", name), join(vendor, "leaflet", name));
}
const images = join(modules, "leaflet", "dist", "images");
for (const name of readdirSync(images)) {
  copyFileSync(join(images, name), join(vendor, "leaflet", "images", name));
}
writeFileSync(join(vendor, "countries.geojson"), JSON.stringify(countries("50m")));
copyFileSync(join(modules, "leaflet", "LICENSE"), join(vendor, "leaflet", "LICENSE"));
copyFileSync(join(modules, "world-atlas", "LICENSE"), join(vendor, "LICENSE-world-atlas"));
console.log(`web assets written to ${vendor}`);
