// Reel's web page: live recordings (grouped by application, with their blueprints) and the catalog (datasets,
// segments, layers), each openable in the real Rerun web viewer that the distribution bundles under /ui/web-viewer/.
// Plain modules, no framework: it polls the REST API (GET only) and renders tables.

// events: what the viewer reported (recording_open, ...), in order, for a look from the browser's console
const state = { token: sessionStorage.getItem("reel-token") ?? "", viewer: null, starting: null, opened: null,
  events: [] };

async function api(path) {
  const headers = state.token ? { authorization: "Bearer " + state.token } : {};
  const response = await fetch(path, { headers });
  if (response.status === 401 || response.status === 403) {
    document.getElementById("token-form").hidden = false;
    throw new Error(response.status === 401 ? "this server needs a token" : "the token may not read");
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.message ?? response.status + " " + response.statusText);
  }
  return response.json();
}

/** A URL the viewer fetches itself: it cannot send a header, so the token goes as access_token. */
function viewerUrl(path) {
  const url = new URL(path, location.href);
  if (state.token) url.searchParams.set("access_token", state.token);
  return url.toString();
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children.flat()) node.append(child instanceof Node ? child : String(child ?? ""));
  return node;
}

function bytes(n) {
  if (n < 1024) return n + " B";
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = n / 1024, unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return value.toFixed(value < 10 ? 1 : 0) + " " + units[unit];
}

/** A timeline's span as people read it: clock times for timestamps, seconds for durations, else numbers. */
function span(t) {
  if (t.type === "timestamp") {
    const clock = (ns) => new Date(ns / 1e6).toISOString().slice(11, 19);
    return clock(t.min) + "–" + clock(t.max);
  }
  if (t.type === "duration") return (t.min / 1e9).toFixed(1) + "–" + (t.max / 1e9).toFixed(1) + " s";
  return t.min + "–" + t.max;
}

function ranges(timelines) {
  return Object.entries(timelines ?? {}).map(([name, t]) => el("div", {}, name + ": " + span(t)));
}

/** Long ids (UUIDs) shortened, the whole id in the tooltip. */
function short(id, length = 16) {
  return id.length > length ? id.slice(0, length - 1) + "…" : id;
}

async function refreshHealth() {
  const badge = document.getElementById("health");
  try {
    const response = await fetch("/api/health", { headers: state.token ? { authorization: "Bearer " + state.token } : {} });
    const health = await response.json();
    badge.textContent = health.status ?? response.status;
    badge.className = "badge " + (health.status === "UP" ? "up" : "down");
  } catch (e) {
    badge.textContent = "unreachable";
    badge.className = "badge down";
  }
}

async function refreshRecordings() {
  const root = document.getElementById("recordings");
  let stores;
  try {
    stores = await api("/api/recordings");
  } catch (e) {
    root.replaceChildren(el("p", { class: "empty" }, e.message));
    return;
  }
  const apps = new Map();
  for (const store of stores) {
    if (!apps.has(store.application_id)) apps.set(store.application_id, { recordings: [], blueprints: [] });
    apps.get(store.application_id)[store.kind === "blueprint" ? "blueprints" : "recordings"].push(store);
  }
  if (apps.size === 0) {
    root.replaceChildren(el("p", { class: "empty" },
        "Nothing yet. Send a recording: reel send FILE.rrd, rr.connect_grpc() from a Rerun SDK, or POST /api/recordings."));
    return;
  }
  root.replaceChildren(...[...apps.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([app, group]) =>
    el("div", { class: "app" },
      el("h3", {}, app),
      el("div", { class: "blueprints" }, group.blueprints.length === 0 ? "no blueprint: the viewer's heuristics"
        : "blueprints: " + group.blueprints.map((b) => short(b.recording_id, 9) + (b.active ? " active" : "")
          + (b.default ? " default" : "") + " (" + b.rows + " rows)").join(", ")),
      el("table", {},
        el("tr", {}, el("th", {}, "recording"), el("th", {}, "rows"), el("th", {}, "size"), el("th", {}, "time"), el("th")),
        group.recordings.map((r) => el("tr", { "data-recording": app + "/" + r.recording_id },
          el("td", { title: r.recording_id + "\nsources: " + r.sources.join(", ") }, short(r.recording_id)),
          el("td", { class: "num" }, r.rows), el("td", { class: "num" }, bytes(r.bytes)),
          el("td", {}, ranges(r.timelines)),
          el("td", {}, el("button", { class: "open", onclick: () => openRecording(app, r.recording_id) }, "open"))))))));
}

async function refreshCatalog() {
  const root = document.getElementById("catalog");
  let datasets;
  try {
    datasets = await api("/api/datasets");
  } catch (e) {
    root.replaceChildren(el("p", { class: "empty" }, e.message));
    return;
  }
  if (datasets.length === 0) {
    root.replaceChildren(el("p", { class: "empty" }, "No datasets. reel dataset create NAME, then reel dataset register."));
    return;
  }
  const sections = await Promise.all(datasets.map(async (dataset) => {
    let segments = [];
    try {
      segments = await api("/api/datasets/" + encodeURIComponent(dataset.name) + "/segments");
    } catch (e) {
      return el("div", { class: "app" }, el("h3", {}, dataset.name), el("p", { class: "empty" }, e.message));
    }
    return el("div", { class: "app", "data-dataset": dataset.name },
      el("h3", { title: "entry id " + dataset.id }, dataset.name),
      segments.length === 0 ? el("p", { class: "empty" }, "no segments") : el("table", {},
        el("tr", {}, el("th", {}, "segment"), el("th", {}, "layers"), el("th", {}, "chunks"), el("th", {}, "size"), el("th")),
        segments.map((s) => el("tr", { "data-segment": s.rerun_segment_id },
          el("td", {}, s.rerun_segment_id),
          el("td", {}, (s.rerun_layer_names ?? []).join(", ")),
          el("td", { class: "num" }, s.rerun_num_chunks), el("td", { class: "num" }, bytes(s.rerun_size_bytes ?? 0)),
          el("td", {}, el("button", { class: "open", onclick: () => openSegment(dataset.name, s.rerun_segment_id) }, "open"))))));
  }));
  root.replaceChildren(...sections);
}

async function show(label, path, follow) {
  document.getElementById("viewing").textContent = label;
  const download = document.getElementById("download");
  download.hidden = false;
  download.href = viewerUrl(path.replace(/\?.*$/, ""));
  const url = viewerUrl(path);
  try {
    // one viewer for the page, started once; state.viewer is set when it runs
    state.starting ??= (async () => {
      const { WebViewer } = await import("/ui/web-viewer/index.js");
      const viewer = new WebViewer();
      viewer.on("recording_open", (event) => state.events.push(event));
      await viewer.start(null, document.getElementById("viewer"),
          { width: "100%", height: "100%", hide_welcome_screen: true });
      state.viewer = viewer;
    })();
    await state.starting;
    if (state.opened) state.viewer.close(state.opened);
    state.viewer.open(url, { follow_if_http: follow });
    state.opened = url;
  } catch (e) {
    document.getElementById("viewing").textContent = label + ": the Rerun viewer is not available here (" + e.message
      + "); use the download link.";
  }
}

function openRecording(app, recording) {
  show(app + " / " + recording + " (live)", "/api/recordings/" + encodeURIComponent(app) + "/"
    + encodeURIComponent(recording) + ".rrd?follow=true", true);
}

function openSegment(dataset, segment) {
  show(dataset + " / " + segment, "/api/datasets/" + encodeURIComponent(dataset) + "/segments/"
    + encodeURIComponent(segment) + ".rrd", false);
}

document.getElementById("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  state.token = document.getElementById("token").value.trim();
  sessionStorage.setItem("reel-token", state.token);
  ticks = 0;
  refresh();
});

let ticks = 0;
async function refresh() {
  // live recordings every 2 s; the catalog, which changes less and may be large, every 10 s
  await Promise.all([refreshHealth(), refreshRecordings(), ticks++ % 5 === 0 ? refreshCatalog() : null]);
}

window.reel = { openRecording, openSegment, state };
refresh();
setInterval(refresh, 2000);
