// eventwatch analyst's workbench: filter bar, timeline, map, actor network, events table
// and an event view, all driven by the URL (so a view can be shared) and the JSON API.
//
// Safety: article text, titles and names are untrusted. Nothing from the API is ever
// parsed as HTML: every node is built with createElement/textContent, links are kept
// only when they are http(s), and the page's CSP allows no inline or foreign scripts.

const FILTERS = ["start", "end", "country", "actor", "event", "text"];
const STATE_KEYS = [...FILTERS, "interval", "sort", "offset", "id"];
const LABEL_PX = 12; // network labels on screen, whatever the zoom
const NETWORK_NODES = 40; // the busiest actors drawn: more would not be readable
const PAGE_SIZE = 50;
const QUAD_NAMES = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };

const $ = (selector) => document.querySelector(selector);
let meta = null; // {types: {TYPE: quad}, store: {...}}
let pending = 0;
let generation = 0; // drop answers to requests made for an older state

// --- small DOM helpers (text only, never HTML) ---------------------------------------
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "className") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function safeHref(url) {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

function quadOf(type) {
  return (meta && meta.types && meta.types[type]) || 0;
}

function entityName(entity) {
  return entity.identifier_text || entity.entity_text || "";
}

function names(list) {
  return (list || []).map(entityName).filter(Boolean).join("; ");
}

function placeName(record) {
  const loc = record.event_loc;
  if (!loc) return "";
  const name = loc.resolved_place || loc.extracted_place || "";
  return loc.country_code && name !== loc.country_code ? `${name} (${loc.country_code})` : name;
}

function showStatus(message, isError = false) {
  const status = $("#status");
  status.hidden = !message;
  status.textContent = message || "";
  status.classList.toggle("error", isError);
}

// --- state in the URL ----------------------------------------------------------------
function readState() {
  const params = new URLSearchParams(location.search);
  const state = {};
  for (const key of STATE_KEYS) {
    const value = params.get(key);
    if (value !== null && value !== "") state[key] = value;
  }
  return state;
}

function filtersOf(state) {
  const out = {};
  for (const key of FILTERS) if (state[key]) out[key] = state[key];
  return out;
}

function go(state, replace = false) {
  const params = new URLSearchParams();
  for (const key of STATE_KEYS) if (state[key] !== undefined && state[key] !== "") params.set(key, state[key]);
  const url = params.toString() ? `/?${params}` : "/";
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

function setFilter(changes) {
  const state = { ...readState(), ...changes };
  delete state.offset;
  delete state.id;
  for (const key of Object.keys(state)) if (state[key] === null || state[key] === "") delete state[key];
  go(state);
}

// --- the API -------------------------------------------------------------------------
class ApiError extends Error {}

async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== "") query.set(key, value);
  const url = query.toString() ? `${path}?${query}` : path;
  pending += 1;
  document.body.dataset.busy = String(pending);
  try {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) {
      const detail = body && typeof body.detail === "string" ? body.detail : `${response.status} ${response.statusText}`;
      throw new ApiError(detail);
    }
    return body;
  } finally {
    pending -= 1;
    document.body.dataset.busy = String(pending);
  }
}

// --- timeline --------------------------------------------------------------------------
let timeline = null;

function autoInterval(state) {
  const first = state.start || (meta && meta.store.first_date);
  const last = state.end || (meta && meta.store.last_date);
  if (!first || !last) return "month";
  const days = (Date.parse(last) - Date.parse(first)) / 86400000;
  if (days <= 92) return "day";
  if (days <= 730) return "week";
  if (days <= 40 * 365) return "month";
  return "year";
}

function nextDay(iso) {
  const day = new Date(`${iso}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

function paddedWindow(buckets) {
  const first = Date.parse(buckets[0].start);
  const last = Date.parse(nextDay(buckets[buckets.length - 1].end));
  const pad = Math.max((last - first) * 0.04, 86400000);
  return { start: new Date(first - pad), end: new Date(last + pad) };
}

function renderTimeline(data) {
  const container = $("#timeline");
  const note = $("#timeline-note");
  note.textContent = `${data.total} event(s) by ${data.interval}`;
  const undated = $("#timeline-undated");
  undated.hidden = !data.undated;
  undated.textContent = data.undated ? `${data.undated} ${data.undated === 1 ? "event" : "events"} without a date (not on the timeline)` : "";
  container.dataset.items = "0";
  container.dataset.groups = String(data.types.length);
  if (!window.vis) return;
  const max = Math.max(1, ...data.buckets.map((b) => Math.max(...Object.values(b.counts))));
  const items = [];
  for (const bucket of data.buckets) {
    for (const [type, count] of Object.entries(bucket.counts)) {
      const level = Math.min(5, 1 + Math.floor((4 * Math.log(count)) / Math.log(max + 1)));
      items.push({
        id: `${type}|${bucket.start}`,
        group: type,
        start: bucket.start,
        end: nextDay(bucket.end),
        content: el("span", {}, String(count)),
        className: `bucket q${quadOf(type)} lvl${level}`,
        type: "range",
        bucket,
        eventType: type,
        count,
      });
    }
  }
  const groups = data.types.map((type) => ({
    id: type,
    content: el("span", { className: "group-label", title: QUAD_NAMES[quadOf(type)] || "" }, type),
  }));
  container.dataset.items = String(items.length);
  if (!items.length) {
    if (timeline) {
      timeline.destroy();
      timeline = null;
    }
    container.replaceChildren(el("p", { className: "empty" }, "No dated events match the filters."));
    return;
  }
  if (timeline) timeline.destroy();
  container.replaceChildren();
  const options = {
    stack: false,
    selectable: true,
    showCurrentTime: false,
    zoomKey: "ctrlKey",
    orientation: { axis: "top" },
    margin: { item: 2, axis: 4 },
    // no maxHeight: the panel grows to hold a row per type (16 PLOVER types at most), so
    // no row is ever hidden above or below it
    verticalScroll: false,
    width: "100%",
    groupOrder: (a, b) => String(a.id).localeCompare(String(b.id)),
  };
  timeline = new vis.Timeline(container, new vis.DataSet(items), new vis.DataSet(groups), options);
  // a margin of 4% of the span on each side: the last period's box is not cut at the
  // panel's right edge (nor the first one's at the left). Set after the first fit: given
  // as options, vis-timeline kept the whole timeline hidden for a second or two.
  const window_ = paddedWindow(data.buckets);
  timeline.setWindow(window_.start, window_.end, { animation: false });
  timeline.on("select", ({ items: chosen }) => {
    if (!chosen.length) return;
    const [type, start] = String(chosen[0]).split("|");
    const bucket = data.buckets.find((b) => b.start === start);
    if (bucket) setFilter({ event: type, start: bucket.start, end: bucket.end });
  });
}

// --- map -----------------------------------------------------------------------------
let map = null;
let markers = null;
let countriesLoaded = null;

const ANTARCTICA = "010"; // drawn round the pole: no flat map shows it well, no event is there

// world-atlas keeps rings whole across the antimeridian (for spherical projections); on
// Leaflet's flat map a ring from 179.9° to -179.9° would cross the whole world, so each
// ring is unwrapped to continuous longitudes (Chukotka is drawn at 190°, not at -170°).
function unwrapRing(ring) {
  let previous = ring.length ? ring[0][0] : 0;
  return ring.map(([lon, lat]) => {
    let x = lon;
    while (x - previous > 180) x -= 360;
    while (x - previous < -180) x += 360;
    previous = x;
    return [x, lat];
  });
}

function unwrapFeature(feature) {
  const geometry = feature.geometry;
  if (!geometry) return feature;
  if (geometry.type === "Polygon") geometry.coordinates = geometry.coordinates.map(unwrapRing);
  if (geometry.type === "MultiPolygon") geometry.coordinates = geometry.coordinates.map((polygon) => polygon.map(unwrapRing));
  return feature;
}

function ensureMap() {
  if (map || !window.L) return;
  map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 10, zoomSnap: 0.5 }).setView([20, 20], 1.5);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Country shapes: Natural Earth via world-atlas");
  markers = L.layerGroup().addTo(map);
  countriesLoaded = fetch("/static/vendor/world-atlas/countries-50m.json")
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error("no country shapes"))))
    .then((world) => {
      if (!window.topojson) return;
      const shapes = topojson.feature(world, world.objects.countries);
      shapes.features = shapes.features.filter((f) => f.id !== ANTARCTICA).map(unwrapFeature);
      L.geoJSON(shapes, {
        interactive: false,
        style: { color: "#8a99a8", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 },
      }).addTo(map);
      markers.eachLayer((layer) => layer.bringToFront && layer.bringToFront());
      $("#map").dataset.countries = String(shapes.features.length);
    })
    .catch((error) => showStatus(`Map shapes could not be loaded: ${error.message}`, true));
}

// Area grows with fatalities, relative to the deadliest place shown; no deaths: a dot.
function radius(place, maxDead) {
  if (place.dead > 0) return 5 + 30 * Math.sqrt(place.dead / Math.max(maxDead, 1));
  return 4;
}

function mainType(types) {
  return Object.entries(types).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
}

function placePopup(place) {
  const list = el("ul");
  for (const event of place.top_events || []) {
    const label = `${event.date || "undated"} ${event.event}` + (event.dead ? `, ${event.dead} dead` : "") + (event.actor ? ` (${event.actor})` : "");
    list.append(el("li", {}, el("button", { type: "button", onclick: () => openEvent(event.id) }, label)));
  }
  const types = Object.entries(place.types)
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => `${type} ${n}`)
    .join(", ");
  return el(
    "div",
    { className: "popup" },
    el("h3", {}, place.name || `${place.lat}, ${place.lon}`),
    el("p", {}, `${place.country_code || "unknown country"} · ${place.events} event(s) · ${place.dead} dead`),
    el("p", {}, types),
    list,
    place.country_code
      ? el("button", { type: "button", onclick: () => setFilter({ country: place.country_code }) }, `Filter by ${place.country_code}`)
      : null,
  );
}

function renderMap(data) {
  const container = $("#map");
  container.dataset.markers = "0";
  $("#map-note").textContent = `${data.items.length} place(s)` + (data.truncated ? ` (busiest ${data.items.length} of ${data.places})` : "");
  const unplaced = $("#map-unplaced");
  unplaced.hidden = !data.unplaced;
  unplaced.textContent = data.unplaced ? `${data.unplaced} ${data.unplaced === 1 ? "event" : "events"} without a place (not on the map)` : "";
  if (!window.L) return;
  ensureMap();
  markers.clearLayers();
  const points = [];
  const maxDead = Math.max(1, ...data.items.map((p) => p.dead));
  for (const place of data.items) {
    const quad = quadOf(mainType(place.types));
    const color = getComputedStyle(document.documentElement).getPropertyValue(`--q${quad}`).trim() || "#555";
    const marker = L.circleMarker([place.lat, place.lon], {
      radius: radius(place, maxDead),
      color,
      weight: 1,
      fillColor: color,
      fillOpacity: 0.55,
    });
    marker.bindTooltip(el("span", {}, `${place.name || ""}: ${place.events} event(s), ${place.dead} dead`));
    marker.bindPopup(() => placePopup(place));
    markers.addLayer(marker);
    points.push([place.lat, place.lon]);
  }
  container.dataset.markers = String(points.length);
  map.invalidateSize();
  if (points.length) map.fitBounds(L.latLngBounds(points).pad(0.3), { maxZoom: 6 });
  else map.setView([20, 20], 1.5);
}

// --- network -------------------------------------------------------------------------
let graph = null;

// A dense graph (most actors linked to most) reads best on a circle; a sparse one as a
// force-directed layout that pulls linked actors together.
function layoutFor(data) {
  const n = data.nodes.length;
  const density = n > 1 ? data.edges.length / (n * (n - 1)) : 0;
  if (density > 0.25) return { name: "circle", animate: false, padding: 30, avoidOverlap: true };
  return { name: "cose", animate: false, randomize: true, nodeRepulsion: () => 60000, idealEdgeLength: () => 70, nodeOverlap: 20, padding: 20 };
}

function keepLabelsReadable() {
  if (!graph) return;
  const zoom = graph.zoom();
  graph.batch(() => {
    graph.nodes().style({
      "font-size": LABEL_PX / zoom,
      "text-max-width": 140 / zoom,
      "text-outline-width": 2 / zoom,
      "text-margin-y": 3 / zoom,
    });
  });
  // what a reader sees: the smallest label as drawn on the screen, in CSS pixels
  const sizes = graph.nodes().map((node) => Number.parseFloat(node.renderedStyle("font-size")));
  $("#network").dataset.labelPx = sizes.length ? String(Math.min(...sizes).toFixed(1)) : "";
}

function renderNetwork(data) {
  const container = $("#network");
  container.dataset.nodes = String(data.nodes.length);
  container.dataset.edges = String(data.edges.length);
  $("#network-note").textContent = data.nodes.length
    ? `${data.nodes.length} actor(s), ${data.edges.length} link(s)` + (data.truncated ? ` (busiest of ${data.actors})` : "") + ". Click an actor to filter by it."
    : "No actor acted on a recipient in the matching events.";
  if (!window.cytoscape) return;
  if (graph) graph.destroy();
  const maxNode = Math.max(1, ...data.nodes.map((n) => n.weight));
  const maxEdge = Math.max(1, ...data.edges.map((e) => e.weight));
  const elements = [
    ...data.nodes.map((node) => ({ data: { ...node, size: 16 + 34 * Math.sqrt(node.weight / maxNode) } })),
    ...data.edges.map((edge) => ({
      data: { ...edge, width: 0.5 + 6 * (edge.weight / maxEdge) ** 2 },
      classes: `q${quadOf(edge.event)}`,
    })),
  ];
  graph = cytoscape({
    container,
    elements,
    style: [
      {
        selector: "node",
        style: {
          label: "data(label)",
          width: "data(size)",
          height: "data(size)",
          "background-color": "#455a64",
          color: "#1d2329",
          "font-size": 10,
          "text-valign": "bottom",
          "text-margin-y": 3,
          "text-wrap": "ellipsis",
          "text-max-width": 120,
          "text-outline-color": "#fbfcfd",
          "text-outline-width": 2,
        },
      },
      {
        selector: "edge",
        style: {
          width: "data(width)",
          "curve-style": "bezier",
          "target-arrow-shape": "triangle",
          "arrow-scale": 0.8,
          opacity: 0.75,
          "line-color": "#888",
          "target-arrow-color": "#888",
        },
      },
      { selector: "edge.q1", style: { "line-color": "#2e7d32", "target-arrow-color": "#2e7d32" } },
      { selector: "edge.q2", style: { "line-color": "#1565c0", "target-arrow-color": "#1565c0" } },
      { selector: "edge.q3", style: { "line-color": "#ef6c00", "target-arrow-color": "#ef6c00" } },
      { selector: "edge.q4", style: { "line-color": "#c62828", "target-arrow-color": "#c62828" } },
      { selector: "node:selected", style: { "background-color": "#0b5cad" } },
    ],
    layout: layoutFor(data),
  });
  // Cytoscape scales labels with the zoom: a graph fitted into the panel drew them at
  // about 5 px. Keep them LABEL_PX on screen at any zoom (and never zoom in past 2x).
  if (graph.zoom() > 2) {
    graph.zoom(2);
    graph.center();
  }
  keepLabelsReadable();
  graph.on("zoom", keepLabelsReadable);
  graph.on("tap", "node", (event) => setFilter({ actor: event.target.data("filter") }));
  graph.on("tap", "edge", (event) => {
    const edge = event.target.data();
    const source = graph.getElementById(edge.source).data("label");
    const target = graph.getElementById(edge.target).data("label");
    const types = Object.entries(edge.types).map(([type, n]) => `${type} ${n}`).join(", ");
    $("#network-note").textContent = `${source} → ${target}: ${types}`;
  });
}

// --- events table ----------------------------------------------------------------------
function renderTable(page, state, total) {
  const body = $("#events tbody");
  const rows = page.items.map((record) => {
    const evidence = record.text || (record.evidence && record.evidence[0] && record.evidence[0].text) || "";
    const row = el(
      "tr",
      { tabindex: "0", dataset: { id: record.id }, className: record.id === state.id ? "selected" : null },
      el("td", {}, record.date ? (record.enddate && record.enddate !== record.date ? `${record.date} – ${record.enddate}` : record.date) : "undated"),
      el("td", {}, el("span", { className: `type q${quadOf(record.event)}` }, record.event), record.mode && record.mode.length ? ` ${record.mode.join(", ")}` : ""),
      el("td", {}, names(record.actor)),
      el("td", {}, names(record.recipient)),
      el("td", {}, placeName(record)),
      el("td", { className: "num" }, record.size && record.size.dead !== null && record.size.dead !== undefined ? String(record.size.dead) : ""),
      el("td", { className: "num" }, String(record.source_count || 1)),
      el("td", { className: "evidence" }, evidence.length > 220 ? `${evidence.slice(0, 220)}…` : evidence),
    );
    row.addEventListener("click", () => openEvent(record.id));
    row.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        openEvent(record.id);
      }
    });
    return row;
  });
  if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: "8", className: "empty" }, "No events match the filters.")));
  body.replaceChildren(...rows);
  const offset = page.offset;
  const shown = page.items.length;
  $("#page-info").textContent = shown ? `events ${offset + 1}–${offset + shown}` + (total !== null ? ` of ${total}` : "") : "";
  $("#prev").disabled = offset <= 0;
  $("#next").disabled = !page.has_more;
  $("#events").dataset.rows = String(shown);
  showSort(state.sort);
  setDownloads(state);
}

// The table is sorted by the server over every matching event (not only this page):
// "date" (the default, undated last) or another column, "-" first for descending.
function showSort(sort) {
  const key = (sort || "date").replace(/^-/, "");
  const direction = sort && sort.startsWith("-") ? "descending" : "ascending";
  for (const th of document.querySelectorAll("#events th[data-sort]")) {
    th.setAttribute("aria-sort", th.dataset.sort === key ? direction : "none");
  }
}

function sortBy(key) {
  const state = readState();
  const current = state.sort || "date";
  const next = current === key ? `-${key}` : key;
  const changed = { ...state, sort: next === "date" ? "" : next };
  delete changed.offset;
  go(changed);
}

// The download links carry the filters and order the table shows, never the page.
function setDownloads(state) {
  const params = new URLSearchParams();
  for (const key of [...FILTERS, "sort"]) if (state[key]) params.set(key, state[key]);
  const query = params.toString() ? `?${params}` : "";
  $("#dl-csv").href = `/api/events.csv${query}`;
  $("#dl-geojson").href = `/api/events.geojson${query}`;
}

// --- event view ----------------------------------------------------------------------
function openEvent(id) {
  go({ ...readState(), id });
}

function closeEvent() {
  const state = readState();
  delete state.id;
  go(state);
}

function field(list, label, value) {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
  list.append(el("dt", {}, label), el("dd", {}, Array.isArray(value) ? value.join(", ") : String(value)));
}

function entityLine(entity) {
  let line = entityName(entity);
  if (entity.entity_text && entity.entity_text !== line) line += ` (“${entity.entity_text}”)`;
  const extra = [entity.code, entity.sector, entity.identifier_id].filter(Boolean).join(" · ");
  return extra ? `${line} [${extra}]` : line;
}

function renderSegments(segments) {
  const box = el("div", { className: "article-text" });
  for (const piece of segments) {
    const marks = piece.kinds.filter((kind) => kind !== "evidence");
    if (!piece.kinds.length) {
      box.append(document.createTextNode(piece.text));
    } else if (!marks.length) {
      box.append(el("span", { className: "hl-evidence" }, piece.text));
    } else {
      const classes = ["hl", ...piece.kinds.map((kind) => `hl-${kind}`)].join(" ");
      const mark = el("mark", { className: classes, dataset: { kinds: piece.kinds.join(" ") } }, piece.text);
      mark.title = piece.labels.join("\n");
      box.append(mark);
    }
  }
  return box;
}

function renderEvent(detail) {
  const record = detail.event;
  const view = $("#event-view");
  view.dataset.id = record.id;
  $("#ev-title").textContent = `${record.event}${record.mode && record.mode.length ? ` (${record.mode.join(", ")})` : ""}: ${record.event_text || ""}`;
  const fields = $("#ev-fields");
  fields.replaceChildren();
  const size = record.size || {};
  const toll = ["dead", "injured", "arrested"]
    .filter((key) => size[key] !== null && size[key] !== undefined)
    .map((key) => {
      const low = size[`${key}_low`];
      const high = size[`${key}_high`];
      const range = low !== undefined && low !== null && low !== high ? ` (reports: ${low}–${high})` : "";
      const qualifier = size.qualifiers && size.qualifiers[key] ? `${size.qualifiers[key]} ` : "";
      return `${qualifier}${size[key]} ${key}${range}`;
    });
  field(fields, "Date", record.date ? `${record.date}${record.enddate && record.enddate !== record.date ? ` to ${record.enddate}` : ""} (${record.date_precision})` : "unknown");
  field(fields, "Actor", (record.actor || []).map(entityLine));
  field(fields, "Recipient", (record.recipient || []).map(entityLine));
  field(fields, "Place", placeName(record));
  field(fields, "Casualties", toll);
  field(fields, "Status", record.status);
  field(fields, "Quad class", record.quad_code ? `${record.quad_code} (${QUAD_NAMES[record.quad_code] || ""})` : null);
  field(fields, "CAMEO / ACLED", [record.cameo_code, record.acled_event_type, record.acled_sub_event_type].filter(Boolean).join(" · "));
  field(fields, "Confidence", record.confidence);
  field(fields, "Sources", `${detail.sources.length} article(s)`);
  field(fields, "Event id", record.id);

  const sources = detail.sources.map((source) => {
    const href = safeHref(source.url);
    const meta = [source.source, source.published].filter(Boolean).join(" · ");
    return el(
      "article",
      { className: "source", dataset: { doc: source.doc_id } },
      el("h3", {}, source.title || source.doc_id),
      el(
        "p",
        { className: "meta" },
        meta ? `${meta} · ` : "",
        href ? el("a", { href, target: "_blank", rel: "noopener noreferrer nofollow", className: "source-link" }, href) : `no link (article ${source.doc_id})`,
      ),
      source.segments ? renderSegments(source.segments) : el("p", { className: "empty" }, "The article text is not stored."),
    );
  });
  $("#ev-sources").replaceChildren(...sources);
  view.hidden = false;
  document.body.dataset.event = record.id;
  const first = view.querySelector(".hl-trigger");
  if (first) first.scrollIntoView({ block: "center" });
}

// --- filter bar ------------------------------------------------------------------------
function fillForm(state) {
  for (const key of [...FILTERS, "interval"]) {
    const input = $(`#f-${key}`);
    if (input) input.value = state[key] || "";
  }
}

function formState() {
  const state = {};
  for (const key of [...FILTERS, "interval"]) {
    const value = $(`#f-${key}`).value.trim();
    if (value) state[key] = key === "country" || key === "event" ? value.toUpperCase() : value;
  }
  return state;
}

function fillChoices(places, actors) {
  const countries = [...new Set(places.items.map((p) => p.country_code).filter(Boolean))].sort();
  $("#countries").replaceChildren(...countries.map((code) => el("option", { value: code })));
  $("#actors").replaceChildren(...actors.items.map((actor) => el("option", { value: actor.filter }, actor.name)));
}

// --- putting it together -------------------------------------------------------------
let shownViews = null; // the state (without the open event) the views now show

async function renderEventOnly(state) {
  if (!state.id) {
    $("#event-view").hidden = true;
    delete document.body.dataset.event;
    for (const row of document.querySelectorAll("#events tbody tr.selected")) row.classList.remove("selected");
    return;
  }
  const detail = await api(`/api/events/${encodeURIComponent(state.id)}`);
  renderEvent(detail);
  for (const row of document.querySelectorAll("#events tbody tr[data-id]")) row.classList.toggle("selected", row.dataset.id === state.id);
}

async function render() {
  const mine = ++generation;
  const state = readState();
  fillForm(state);
  const filters = filtersOf(state);
  const interval = state.interval || autoInterval(state);
  const offset = Number.parseInt(state.offset || "0", 10) || 0;
  const viewsKey = JSON.stringify({ ...state, id: undefined });
  showStatus("");
  document.body.dataset.ready = "0";
  if (viewsKey === shownViews) {
    // Only the open event changed: keep the timeline, map and network as they are.
    try {
      await renderEventOnly(state);
    } catch (error) {
      if (mine === generation) showStatus(error.message, true);
    }
    if (mine === generation) document.body.dataset.ready = "1";
    return;
  }
  const jobs = [
    api("/api/timeline", { ...filters, interval }),
    api("/api/places", filters),
    api("/api/network", { ...filters, max_nodes: NETWORK_NODES }),
    api("/api/events", { ...filters, sort: state.sort, limit: PAGE_SIZE, offset }),
    api("/api/actors", { ...filters, limit: 200 }),
    state.id ? api(`/api/events/${encodeURIComponent(state.id)}`) : Promise.resolve(null),
  ];
  // Each panel is drawn as soon as its answer comes (a slow map does not hold the table
  // back); the summary, the choices and the ready flag wait for all of them.
  const draw = (job, paint) => job.then((value) => { if (mine === generation) paint(value); }, () => {});
  const drawn = [
    draw(jobs[0], renderTimeline),
    draw(jobs[1], renderMap),
    draw(jobs[2], renderNetwork),
    draw(Promise.all([jobs[3], jobs[0].catch(() => null)]), ([value, timeline]) => renderTable(value, state, timeline ? timeline.total : null)),
  ];
  const [timelineData, places, network, page, actors, detail] = await Promise.allSettled(jobs);
  await Promise.all(drawn);
  if (mine !== generation) return;
  const problems = [timelineData, places, network, page, actors, detail].filter((r) => r.status === "rejected").map((r) => r.reason.message);
  if (places.status === "fulfilled" && actors.status === "fulfilled") fillChoices(places.value, actors.value);
  if (detail.status === "fulfilled" && detail.value) renderEvent(detail.value);
  else {
    $("#event-view").hidden = true;
    delete document.body.dataset.event;
  }
  const total = timelineData.status === "fulfilled" ? timelineData.value.total : "?";
  const active = Object.entries(filters).map(([k, v]) => `${k}=${v}`).join(", ");
  $("#summary").textContent = `${total} event(s)${active ? ` matching ${active}` : ""} · ${meta.store.clusters} in the store from ${meta.store.articles} article(s)`;
  shownViews = problems.length ? null : viewsKey;
  if (problems.length) showStatus([...new Set(problems)].join(" · "), true);
  document.body.dataset.ready = "1";
}

async function start() {
  const missing = ["L", "vis", "cytoscape", "topojson"].filter((name) => !window[name]);
  try {
    meta = await api("/api/meta");
  } catch (error) {
    showStatus(`The API is not answering: ${error.message}`, true);
    return;
  }
  const select = $("#f-event");
  for (const [type, quad] of Object.entries(meta.types)) select.append(el("option", { value: type, title: QUAD_NAMES[quad] }, type));
  $("#filters").addEventListener("submit", (event) => {
    event.preventDefault();
    const state = formState();
    go(state);
  });
  $("#reset").addEventListener("click", () => go({}));
  $("#prev").addEventListener("click", () => {
    const state = readState();
    const offset = Math.max(0, (Number.parseInt(state.offset || "0", 10) || 0) - PAGE_SIZE);
    go({ ...state, offset: offset ? String(offset) : "" });
  });
  $("#next").addEventListener("click", () => {
    const state = readState();
    go({ ...state, offset: String((Number.parseInt(state.offset || "0", 10) || 0) + PAGE_SIZE) });
  });
  for (const th of document.querySelectorAll("#events th[data-sort]")) {
    th.querySelector("button").addEventListener("click", () => sortBy(th.dataset.sort));
  }
  $("#ev-close").addEventListener("click", closeEvent);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !$("#event-view").hidden) closeEvent();
  });
  window.addEventListener("popstate", render);
  await render();
  if (missing.length) showStatus(`The page's libraries are missing (${missing.join(", ")}): run scripts/setup-web.sh. The table still works.`, true);
}

// Deferred classic scripts (the libraries) run before module scripts, so they are loaded here.
start();
