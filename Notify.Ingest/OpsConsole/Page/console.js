// Notify ops console: polls the admin API with the key kept in this tab's sessionStorage.
"use strict";

const KEY_STORAGE = "notify.adminKey";
const POLL_MS = 3000;
const $ = (id) => document.getElementById(id);
let pollTimer = null;

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

async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${sessionStorage.getItem(KEY_STORAGE) || ""}` };
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

  const bars = $("minutes");
  bars.replaceChildren();
  const most = Math.max(1, ...(summary.perMinute || []).map((m) => m.sent + m.failures));
  for (const m of summary.perMinute || []) {
    for (const [value, name] of [[m.sent, "sent"], [m.failures, "failures"]]) {
      const bar = document.createElement("span");
      bar.className = name;
      bar.style.height = `${Math.round((value / most) * 100)}%`;
      bar.title = `${time(m.minute)}: ${value} ${name}`;
      bars.append(bar);
    }
  }

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

function renderDeadLetters(page) {
  const body = $("dead-letters").tBodies[0];
  body.replaceChildren();
  for (const d of page.items) {
    const row = body.insertRow();
    row.dataset.id = d.id;
    row.dataset.notification = d.notificationId;
    cell(row, time(d.createdAt));
    cell(row, d.priority);
    cell(row, d.channel || "");
    cell(row, d.type);
    cell(row, d.userId);
    cell(row, d.error ? `${d.reason}: ${d.error}` : d.reason);
    cell(row, d.notificationId);
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
    await refresh();
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

async function lookup(event) {
  if (event) event.preventDefault();
  const id = $("lookup-id").value.trim();
  if (!id) return;
  try {
    const n = await api("GET", `/v1/notifications/${encodeURIComponent(id)}`);
    $("lookup-status").textContent = n.status;
    $("lookup-summary").textContent = `${n.type || ""} · ${n.priority || ""} · user ${n.userId || ""} · accepted ${time(n.acceptedAt)}` +
      (n.statusReason ? ` · ${n.statusReason}` : "") + (n.replayCount ? ` · replayed ×${n.replayCount}` : "");
    $("trace-id").textContent = n.traceId || "not recorded";
    const body = $("timeline").tBodies[0];
    body.replaceChildren();
    for (const t of n.timeline) {
      const row = body.insertRow();
      row.dataset.kind = t.kind;
      cell(row, time(t.at));
      cell(row, t.kind, t.kind === "sent" ? "ok" : ["failed", "dead_lettered"].includes(t.kind) ? "bad" : t.kind === "retrying" ? "warn" : "");
      cell(row, t.channel || "");
      cell(row, t.attempt || "", "num");
      cell(row, [t.reason, t.error, t.providerMessageId].filter(Boolean).join(" · "));
    }
    if (!n.timeline.length) cell(body.insertRow(), "queued: not picked up yet", "muted").colSpan = 5;
    $("lookup-result").hidden = false;
    showError("");
  } catch (e) {
    $("lookup-result").hidden = true;
    showError(e.status === 404 ? `No notification ${id} in this key's tenant.` : e.message);
  }
}

async function refresh() {
  const [summary, deadLetters] = await Promise.all([api("GET", "/v1/admin/summary"), api("GET", "/v1/dead-letters?limit=50")]);
  renderSummary(summary);
  renderDeadLetters(deadLetters);
  $("live").textContent = `live · updated ${time(summary.generatedAt)}`;
}

async function poll() {
  clearTimeout(pollTimer);
  try {
    await refresh();
    if (!$("lookup-result").hidden && $("error").hidden) await lookup();
  } catch (e) {
    showError(e.message);
    if (e.status === 401 || e.status === 403) {
      disconnect("key refused");
      return;
    }
    $("live").textContent = "retrying…";
  }
  pollTimer = setTimeout(poll, POLL_MS);
}

async function connect(event) {
  if (event) event.preventDefault();
  const key = $("key").value.trim() || sessionStorage.getItem(KEY_STORAGE);
  if (!key) return;
  sessionStorage.setItem(KEY_STORAGE, key);
  $("key").value = "";
  try {
    renderPolicy(await api("GET", "/v1/admin/priority-policy"));
    await refresh();
    showError("");
    $("panels").hidden = false;
    pollTimer = setTimeout(poll, POLL_MS);
  } catch (e) {
    showError(e.message);
    if (e.status === 401 || e.status === 403) disconnect("key refused");
  }
}

function disconnect(reason) {
  clearTimeout(pollTimer);
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
