// The dashboard map: Natural Earth country borders served by Truce itself (no tile server),
// zones and notified routes with their buffers, and the events inside the view, re-queried from
// the JSON API whenever the view, the time window or the event type changes.
(function () {
  "use strict";
  const COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad",
    "Protests": "#27ae60",
    "Riots": "#795548",
    "Strategic developments": "#2471a3",
  };
  const ZONE_COLOURS = { "no-fly": "#c0392b", "no-strike": "#c0392b", "restricted-air": "#c0392b",
    "control": "#566573", "demarcation": "#34495e", "humanitarian corridor": "#16a085" };
  const PAGE = 1000;  // the API's largest page

  const map = L.map("map", { worldCopyJump: true, preferCanvas: false, zoomSnap: 0.5 });
  window.TruceMap = map;  // for the browser tests and the console
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Borders: Natural Earth");
  const status = document.getElementById("event-count");
  const form = document.getElementById("filters");
  const events = L.layerGroup().addTo(map);

  function json(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function escape(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g,
      (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  fetch("/static/vendor/countries.geojson")
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.statusText))))
    .then((world) => {
      L.geoJSON(world, {
        style: { color: "#8a8f94", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
        interactive: false,
      }).addTo(map).bringToBack();
    })
    .catch(() => map.getContainer().classList.add("no-basemap"));

  const zones = L.geoJSON(json("zones-data"), {
    style: (f) => ({ color: ZONE_COLOURS[f.properties.kind] || "#566573", weight: 2,
      dashArray: "6 4", fillOpacity: 0.08 }),
    onEachFeature: (f, layer) => layer.bindPopup(
      `<strong>${escape(f.properties.name)}</strong><br>${escape(f.properties.kind)} zone` +
      `<br>${escape(f.properties.valid_from || "?")} – ${escape(f.properties.valid_to || "open")}`),
  }).addTo(map);

  const notifications = L.geoJSON(json("notifications-data"), {
    style: (f) => f.properties.part === "buffer"
      ? { color: "#1a5276", weight: 1, fillColor: "#5dade2", fillOpacity: 0.25 }
      : { color: "#1a5276", weight: 3 },
    pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 5, color: "#1a5276" }),
    onEachFeature: (f, layer) => layer.bindPopup(
      `<strong>${escape(f.properties.name)}</strong><br>notified ${escape(f.properties.kind)}, ` +
      `buffer ${escape(f.properties.buffer_m)} m<br>${escape(f.properties.valid_from || "?")} – ` +
      `${escape(f.properties.valid_to || "open")}`),
  }).addTo(map);

  L.control.layers(null, { Zones: zones, "Notified sites and routes": notifications,
    Events: events }, { collapsed: true }).addTo(map);

  const legend = document.getElementById("legend");
  for (const type in COLOURS) {
    const item = document.createElement("li");
    item.innerHTML = `<span class="dot" style="background:${COLOURS[type]}"></span>${escape(type)}`;
    legend.appendChild(item);
  }

  function query() {
    const b = map.getBounds();
    const west = Math.max(-180, b.getWest()), east = Math.min(180, b.getEast());
    const params = new URLSearchParams({
      bbox: [west, Math.max(-90, b.getSouth()), east, Math.min(90, b.getNorth())]
        .map((v) => v.toFixed(5)).join(","),
      limit: String(PAGE),
    });
    for (const name of ["since", "until", "type", "q"]) {
      const value = form.elements[name].value.trim();
      if (value) params.set(name, value);
    }
    return params;
  }

  // The spatial-index map query answers a box and a full time window; the records list adds
  // the event-type and words filters (full-text index) and open-ended windows.
  function endpoint(params) {
    const indexed = params.has("since") && params.has("until") && !params.has("type") &&
      !params.has("q");
    return indexed ? "/api/v1/map/events" : "/api/v1/events";
  }

  const LISTED = 100;
  function listEvents(rows) {
    const body = document.querySelector("#events-list tbody");
    if (!body) return;
    const latest = rows.slice().sort((a, b) => (a.event_date < b.event_date ? 1 : -1));
    body.innerHTML = latest.slice(0, LISTED).map((e) =>
      `<tr><td>${escape(e.event_date)}</td><td><a href="/events/${e.id}">` +
      `${escape(e.sub_event_type || e.event_type)}</a></td><td>${escape(e.location || "—")}</td>` +
      `<td>${escape(e.actor1 || "")}${e.actor2 ? " vs " + escape(e.actor2) : ""}</td>` +
      `<td>${escape(e.fatalities == null ? "" : e.fatalities)}</td></tr>`).join("");
    document.querySelector("#events-list summary").textContent =
      `Events in view, latest first (${Math.min(rows.length, LISTED)} of ${rows.length} listed)`;
  }

  // The timeline: events in view per day (per week over long windows); choosing a bar narrows
  // the window to that day or week.
  const DAY = 86400000;
  function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function timeline(rows) {
    const box = document.getElementById("events-timeline");
    if (!box || !window.TruceCharts) return;
    const days = rows.map((e) => e.event_date).filter(Boolean).sort();
    if (!days.length) {
      window.TruceCharts.draw(box, "bar", [], { empty: "No events match." });
      return;
    }
    const first = Date.parse(days[0]), last = Date.parse(days[days.length - 1]);
    const weekly = (last - first) / DAY > 120;
    // Weeks start on Monday (1970-01-05 was one).
    const start = (ms) => weekly ? ms - ((((ms / DAY) - 4) % 7 + 7) % 7) * DAY : ms;
    const step = weekly ? 7 * DAY : DAY;
    const counts = new Map();
    for (const day of days) {
      const key = start(Date.parse(day));
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    const series = [];
    for (let t = start(first); t <= last; t += step) series.push([iso(t), counts.get(t) || 0]);
    const unit = weekly ? "week of " : "";
    window.TruceCharts.draw(box, "bar", series, {
      width: box.clientWidth > 600 ? 1200 : 640,  // a wide strip, taller on a phone
      height: box.clientWidth > 600 ? 150 : 220,
      label: (day, n) => `${unit}${day}: ${n} event${n === 1 ? "" : "s"}`,
      pick: (day) => {
        form.elements.since.value = day;
        form.elements.until.value = weekly ? iso(Date.parse(day) + 6 * DAY) : day;
        load();
      },
    });
    const caption = document.getElementById("timeline-caption");
    if (caption) caption.textContent = `Events in view per ${weekly ? "week" : "day"}` +
      " (choose a bar to narrow the window)";
  }

  // The download links export what the map shows: the same box, window, type and words.
  function downloads(params) {
    const wanted = new URLSearchParams(params);
    wanted.delete("limit");
    for (const link of document.querySelectorAll("#map-downloads a[data-export]")) {
      const fmt = link.dataset.export;
      const own = new URLSearchParams(wanted);
      if (fmt === "geojson") own.set("kind", "events");
      link.href = `/api/v1/export/${fmt}?${own}`;
    }
  }

  // Applying the filters asks for every matching event, wherever it is, and zooms the map to
  // them; panning and zooming then keep the same filters (events in the view that match).
  function filtered() {
    return ["type", "q"].some((name) => form.elements[name].value.trim() !== "");
  }

  function located(rows) {
    const bounds = L.latLngBounds([]);
    for (const e of rows) {
      if (e.latitude != null && e.longitude != null) bounds.extend([e.latitude, e.longitude]);
    }
    return bounds;
  }

  let generation = 0;
  // A fit asked for (new words or filters) and not yet done: a load that starts meanwhile, as
  // the end of a move still under way does, takes it over rather than dropping it, so the map
  // still goes to the matches.
  let fitting = false;
  let moving = false;  // between a move's start and its end
  async function load(options) {
    if (options && options.fit) fitting = true;
    const fit = fitting;
    const mine = ++generation;
    status.setAttribute("aria-busy", "true");
    status.textContent = "loading events…";
    let page;
    const params = query();
    if (fit) params.delete("bbox");
    try {
      const url = fit ? "/api/v1/events" : endpoint(params);
      const response = await fetch(`${url}?${params}`, { credentials: "same-origin",
        headers: { Accept: "application/json" } });
      if (response.status === 401) { window.location.assign("/login?next=%2F"); return; }
      if (!response.ok) throw new Error(`the API answered ${response.status}`);
      page = await response.json();
    } catch (error) {
      if (mine === generation) {
        status.textContent = `events could not be loaded: ${error.message}`;
        status.removeAttribute("aria-busy");
      }
      return;
    }
    if (mine !== generation) return;
    if (fit) {
      fitting = false;
      const bounds = located(page.data);
      if (bounds.isValid()) {
        const padded = bounds.pad(0.3);
        const zoom = Math.min(map.getBoundsZoom(padded), 11);
        const centre = padded.getCenter();
        if (zoom !== map.getZoom() || !map.getCenter().equals(centre, 1e-6)) {
          map.setView(centre, zoom);  // moveend then loads the matches in the new view
          return;
        }
      }
      if (page.data.length) { load(); return; }
    }
    draw(page, params);
  }

  function draw(page, params) {
    events.clearLayers();
    let shown = 0;
    for (const e of page.data) {
      if (e.latitude == null || e.longitude == null) continue;
      const colour = COLOURS[e.event_type] || "#555";
      L.circleMarker([e.latitude, e.longitude], { radius: 6, color: "#222", weight: 1,
        fillColor: colour, fillOpacity: 0.85, className: "event-marker" })
        .bindPopup(`<strong>${escape(e.sub_event_type || e.event_type)}</strong><br>` +
          `${escape(e.event_date)} · ${escape(e.location || "")}<br>` +
          `${escape(e.actor1 || "")}${e.actor2 ? " vs " + escape(e.actor2) : ""}<br>` +
          `<a href="/events/${e.id}">open the incident</a>`)
        .addTo(events);
      shown += 1;
    }
    listEvents(page.data);
    timeline(page.data);
    downloads(params);
    status.dataset.count = String(shown);
    if (!moving) status.removeAttribute("aria-busy");  // a move still under way loads next
    if (!page.data.length) {
      status.textContent = filtered() || params.has("since") || params.has("until")
        ? "No events match these filters here: widen the window, change the words, or zoom out."
        : "No events in view.";
      return;
    }
    const more = page.truncated ? ` (the latest ${page.data.length}; zoom in for the rest)`
      : page.count > page.data.length ? ` (first ${page.data.length} of ${page.count})` : "";
    status.textContent = `${shown} event${shown === 1 ? "" : "s"} in view${more}`;
  }

  // Start on every event the viewer may see (and the zones and routes), else on Syria.
  const extent = L.latLngBounds([]);
  const box = json("events-extent");
  if (box) extent.extend([[box[1], box[0]], [box[3], box[2]]]);
  for (const layer of [zones, notifications]) {
    if (layer.getBounds().isValid()) extent.extend(layer.getBounds());
  }
  if (extent.isValid()) map.fitBounds(extent.pad(0.15), { maxZoom: 11 });
  else map.setView([35.0, 38.5], 6);  // Syria, the reference scenario

  form.addEventListener("submit", (event) => { event.preventDefault(); load({ fit: true }); });
  // The count is busy from the start of a move (a zoom animates before its moveend) until the
  // answer for the view it ends on is drawn, so nobody reads a count about to be replaced.
  map.on("movestart", () => { moving = true; status.setAttribute("aria-busy", "true"); });
  map.on("moveend", () => { moving = false; load(); });
  load();
})();
