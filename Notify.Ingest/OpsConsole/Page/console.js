// Notify ops console: follows the admin API's summary stream, and calls the API, with the key kept in this tab's
// sessionStorage. The stream is read with fetch, not EventSource, so the key travels in the Authorization header as
// on every other call, never in a URL.
"use strict";

const KEY_STORAGE = "notify.adminKey";
const RECONNECT_MS = [1000, 2000, 5000, 10000];
const SVG = "http://www.w3.org/2000/svg";
const KINDS = [["sent", "sent"], ["retrying", "retried"], ["failed", "failed"], ["deadLettered", "dead-lettered"]];
const $ = (id) => document.getElementById(id);
let following = null; // the AbortController of the stream being followed

class ApiError extends Error {
  constructor(status, problem) {
    super(describe(status, problem));
    this.status = status;
  }
}

function describe(status, problem) {
  if (status === 401) return "The API key was refused (401): Notify does not know this key.";
  if (status === 403) return "This API key lacks the scope this needs (403): use a key with the admin scope.";
  const fields = problem && problem.errors
    ? " " + Object.entries(problem.errors).map(([field, messages]) => `${field}: ${messages.join(" ")}`).join("; ")
    : "";
  return `${(problem && (problem.detail || problem.title)) || "Request failed"} (${status}).${fields}`;
}

function authorization() {
  return `Bearer ${sessionStorage.getItem(KEY_STORAGE) || ""}`;
}

async function api(method, path, body) {
  const headers = { Authorization: authorization() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
}

function cell(row, value, className) {
  const td = row.insertCell();
  td.textContent = value === null || value === undefined ? "" : String(value);
  if (className) td.className = className;
  return td;
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : "";
}

function renderSummary(summary) {
  $("window").textContent = `last ${summary.minutes} min · ${time(summary.generatedAt)}` +
    (summary.unavailable.length ? ` · unavailable: ${summary.unavailable.join(", ")}` : "");

  const body = $("throughput").tBodies[0];
  body.replaceChildren();
  for (const t of summary.throughput || []) {
    const row = body.insertRow();
    row.dataset.channel = t.channel;
    row.dataset.priority = t.priority;
    cell(row, t.priority);
    cell(row, t.channel);
    cell(row, t.sent, "num sent");
    cell(row, (t.sent / summary.minutes).toFixed(1), "num");
    cell(row, t.retrying, t.retrying ? "num warn" : "num");
    cell(row, t.failed, t.failed ? "num bad" : "num");
    cell(row, t.deadLettered, t.deadLettered ? "num bad" : "num");
  }
  if (!body.rows.length) cell(body.insertRow(), summary.throughput ? "nothing sent in this window" : "storage unavailable", "muted").colSpan = 7;

  renderHistory(summary.history);

  const pending = $("pending").tBodies[0];
  pending.replaceChildren();
  for (const p of summary.pending || []) {
    const row = pending.insertRow();
    row.dataset.priority = p.priority;
    cell(row, p.priority);
    cell(row, p.pending, "num waiting");
    cell(row, p.ackPending, "num");
    cell(row, p.paused ? "paused" : "", "warn");
  }
  if (!summary.pending) cell(pending.insertRow(), "queue unavailable", "bad").colSpan = 4;

  $("dispatchers").textContent = `${summary.dispatchers.length} dispatcher(s) reporting`;
  const circuits = $("circuits");
  circuits.replaceChildren();
  for (const c of summary.circuits) {
    const item = document.createElement("li");
    item.dataset.provider = c.provider;
    item.className = c.state === "open" ? "bad" : c.state === "half-open" ? "warn" : "ok";
    item.textContent = `${c.provider}: ${c.state}` + (c.state === "closed" ? "" : ` (${c.replicas.join(", ")})`);
    circuits.append(item);
  }
  if (!summary.circuits.length) {
    const item = document.createElement("li");
    item.className = "muted";
    item.textContent = "no provider called yet";
    circuits.append(item);
  }
}

function svg(name, attributes) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, value);
  return element;
}

function renderHistory(history) {
  const box = $("history");
  box.replaceChildren();
  if (!history || !history.series.length) {
    const note = document.createElement("p");
    note.className = "muted";
    note.textContent = history ? "nothing sent or failed in the last hour" : "storage unavailable";
    box.append(note);
    return;
  }
  for (const series of history.series) box.append(chart(history, series));
}

// One priority and channel: a line per kind over the hour, scaled to the busiest minute, with each minute's counts
// on hover.
function chart(history, series) {
  const width = 300, height = 80, minutes = history.minutes;
  const most = Math.max(1, ...KINDS.flatMap(([kind]) => series[kind]));
  const x = (i) => ((i * width) / (minutes - 1)).toFixed(1);
  const y = (value) => (height - 2 - (value / most) * (height - 4)).toFixed(1);

  const figure = document.createElement("figure");
  figure.className = "chart";
  figure.dataset.priority = series.priority;
  figure.dataset.channel = series.channel;
  const caption = document.createElement("figcaption");
  const name = document.createElement("strong");
  name.textContent = `${series.priority} · ${series.channel}`;
  const scale = document.createElement("span");
  scale.className = "muted";
  scale.textContent = `max ${most}/min`;
  caption.append(name, scale);

  const plot = svg("svg", { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none", role: "img",
    "aria-label": `${series.priority} ${series.channel} per minute: ` + KINDS.map(([kind, label]) => `${sum(series[kind])} ${label}`).join(", ") });
  for (const level of [2, height / 2]) plot.append(svg("line", { class: "grid", x1: 0, x2: width, y1: level, y2: level }));
  for (const [kind] of [...KINDS].reverse()) { // sent drawn last, on top
    plot.append(svg("polyline", { class: kind, "data-sum": sum(series[kind]),
      points: series[kind].map((value, i) => `${x(i)},${y(value)}`).join(" ") }));
  }
  const start = Date.parse(history.from);
  for (let i = 0; i < minutes; i++) {
    const minute = svg("rect", { class: "minute", x: ((i - 0.5) * width) / (minutes - 1), y: 0, width: width / (minutes - 1), height });
    const title = svg("title");
    title.textContent = `${new Date(start + i * 60000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}: ` +
      KINDS.map(([kind, label]) => `${series[kind][i]} ${label}`).join(", ");
    minute.append(title);
    plot.append(minute);
  }

  const axis = document.createElement("div");
  axis.className = "axis";
  for (const text of [`${minutes} min ago`, "now"]) {
    const label = document.createElement("span");
    label.textContent = text;
    axis.append(label);
  }
  figure.append(caption, plot, axis);
  return figure;
}

function sum(values) {
  return values.reduce((total, value) => total + value, 0);
}

function renderDeadLetters(page) {
  const body = $("dead-letters").tBodies[0];
  body.replaceChildren();
  for (const d of page.items) {
    const row = body.insertRow();
    row.dataset.id = d.id;
    row.dataset.notification = d.notificationId;
    cell(row, time(d.createdAt), "time");
    cell(row, d.priority);
    cell(row, d.channel || "");
    cell(row, d.type);
    cell(row, d.userId, "wrap");
    cell(row, d.error ? `${d.reason}: ${d.error}` : d.reason, "wrap");
    cell(row, d.notificationId, "id");
    const action = row.insertCell();
    if (d.replayCount > 0) {
      const done = document.createElement("span");
      done.className = "replayed muted";
      done.textContent = `replayed ×${d.replayCount}`;
      action.append(done, " ");
    }
    const replay = document.createElement("button");
    replay.className = "replay";
    replay.textContent = "Replay";
    replay.addEventListener("click", () => replayDeadLetter(d.id, replay));
    action.append(replay);
  }
  if (!body.rows.length) cell(body.insertRow(), "no dead letters", "muted").colSpan = 8;
}

async function replayDeadLetter(id, button) {
  button.disabled = true;
  try {
    await api("POST", `/v1/dead-letters/${id}/replay`);
    showError("");
    await refreshDeadLetters();
  } catch (e) {
    showError(e.message);
  } finally {
    button.disabled = false;
  }
}

let lastPolicy = {};

function renderPolicy(policy) {
  lastPolicy = policy;
  $("guard").value = policy.starvationGuard;
  $("yielding").textContent = policy.yielding && policy.yielding.length && policy.yieldingInFlight
    ? `While critical flows, ${policy.yielding.join(", ")} keep at most ${policy.yieldingInFlight} in flight per dispatcher (for ${policy.yieldWindowMs} ms after the last critical).`
    : "Nothing gives way to critical.";
  for (const box of document.querySelectorAll("input[name=paused]")) box.checked = policy.paused.includes(box.value);
  $("policy-revision").textContent = policy.revision ? `revision ${policy.revision}` : "default";
}

async function savePolicy(event) {
  event.preventDefault();
  const paused = [...document.querySelectorAll("input[name=paused]:checked")].map((box) => box.value);
  try {
    // The form edits the guard and the pauses; every other setting is sent back as it was read.
    const { revision, ...unchanged } = lastPolicy;
    renderPolicy(await api("PUT", "/v1/admin/priority-policy", { ...unchanged, starvationGuard: Number($("guard").value), paused }));
    $("policy-status").textContent = "saved; the dispatchers apply it within seconds";
    showError("");
  } catch (e) {
    showError(e.message);
  }
}

let lookups = 0; // only the latest lookup is shown, however the answers cross

async function lookup(event) {
  if (event) event.preventDefault();
  const id = $("lookup-id").value.trim();
  if (!id) return;
  const own = ++lookups;
  try {
    const n = await api("GET", `/v1/notifications/${encodeURIComponent(id)}`);
    if (own !== lookups) return;
    $("lookup-status").textContent = n.status;
    $("lookup-summary").textContent = `${n.type || ""} · ${n.priority || ""} · user ${n.userId || ""} · accepted ${time(n.acceptedAt)}` +
      (n.statusReason ? ` · ${n.statusReason}` : "") + (n.replayCount ? ` · replayed ×${n.replayCount}` : "");
    $("trace-id").textContent = n.traceId || "not recorded";
    const body = $("timeline").tBodies[0];
    body.replaceChildren();
    for (const t of n.timeline) {
      const row = body.insertRow();
      row.dataset.kind = t.kind;
      cell(row, time(t.at), "time");
      cell(row, t.kind, t.kind === "sent" ? "ok" : ["failed", "dead_lettered"].includes(t.kind) ? "bad" : t.kind === "retrying" ? "warn" : "");
      cell(row, t.channel || "");
      cell(row, t.attempt || "", "num");
      cell(row, [t.reason, t.error, t.providerMessageId].filter(Boolean).join(" · "), "wrap");
    }
    if (!n.timeline.length) cell(body.insertRow(), "queued: not picked up yet", "muted").colSpan = 5;
    $("lookup-result").hidden = false;
    showError("");
  } catch (e) {
    if (own !== lookups) return;
    $("lookup-result").hidden = true;
    showError(e.status === 404 ? `No notification ${id} in this key's tenant.` : e.message);
  }
}

async function refreshDeadLetters() {
  renderDeadLetters(await api("GET", "/v1/dead-letters?limit=50"));
}

let lastDeadLettered = null;
let lastHeard = 0; // when the last summary arrived
let streamError = false; // whether the error shown is the stream's, to clear once it works again

// Each summary the server pushes: drawn at once; the dead letters are read again when their counts moved, and an
// open lookup is read again (its notification may have moved on).
async function onSummary(summary) {
  lastHeard = Date.now();
  if (streamError) {
    showError("");
    streamError = false;
  }
  renderSummary(summary);
  $("live").textContent = `live · updated ${time(summary.generatedAt)}`;
  const deadLettered = JSON.stringify((summary.history ? summary.history.series : []).map((s) => [s.priority, s.channel, sum(s.deadLettered)]));
  try {
    if (deadLettered !== lastDeadLettered) {
      await refreshDeadLetters();
      lastDeadLettered = deadLettered;
    }
    if (!$("lookup-result").hidden) await lookup();
  } catch (e) {
    showError(e.message);
  }
}

// Server-sent events over fetch: blocks separated by a blank line, "event:" and "data:" fields, ":" comments.
async function listen(signal) {
  const response = await fetch("/v1/admin/summary/stream", {
    headers: { Authorization: authorization(), Accept: "text/event-stream" }, cache: "no-store", signal });
  if (!response.ok) {
    const text = await response.text();
    throw new ApiError(response.status, text ? JSON.parse(text) : null);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer = (buffer + value).replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = "message";
      const data = [];
      for (const line of block.split("\n")) {
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") type = text;
        else if (field === "data") data.push(text);
      }
      if (type === "summary" && data.length) await onSummary(JSON.parse(data.join("\n")));
    }
  }
}

// Follows the stream until disconnected; reconnects after a pause that grows while attempts fail.
async function follow(controller) {
  let failures = 0;
  while (!controller.signal.aborted) {
    const heard = lastHeard;
    try {
      await listen(controller.signal);
    } catch (e) {
      if (controller.signal.aborted) return;
      if (e.status === 401 || e.status === 403) {
        showError(e.message);
        disconnect("key refused");
        return;
      }
      if (e instanceof ApiError) {
        showError(e.message);
        streamError = true;
      }
    }
    failures = lastHeard !== heard ? 0 : failures + 1;
    $("live").textContent = "reconnecting…";
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS[Math.min(failures, RECONNECT_MS.length - 1)]));
  }
}

async function connect(event) {
  if (event) event.preventDefault();
  const key = $("key").value.trim() || sessionStorage.getItem(KEY_STORAGE);
  if (!key) return;
  sessionStorage.setItem(KEY_STORAGE, key);
  $("key").value = "";
  try {
    renderPolicy(await api("GET", "/v1/admin/priority-policy"));
    showError("");
    $("panels").hidden = false;
    if (following) following.abort();
    following = new AbortController();
    follow(following);
  } catch (e) {
    showError(e.message);
    if (e.status === 401 || e.status === 403) disconnect("key refused");
  }
}

function disconnect(reason) {
  if (following) following.abort();
  following = null;
  lastDeadLettered = null;
  sessionStorage.removeItem(KEY_STORAGE);
  $("panels").hidden = true;
  $("live").textContent = reason;
}

document.addEventListener("DOMContentLoaded", () => {
  $("key-form").addEventListener("submit", connect);
  $("forget-key").addEventListener("click", () => { disconnect("not connected"); showError(""); });
  $("policy").addEventListener("submit", savePolicy);
  $("lookup").addEventListener("submit", lookup);
  if (sessionStorage.getItem(KEY_STORAGE)) connect();
});
