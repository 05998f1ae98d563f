// The nats.js side of Notify.Bench: the same JetStream workloads as the Notify client, against a server,
// stream and consumer that the .NET bench prepared. Prints one JSON object on stdout.
//
//   node bench.mjs publish --url nats://127.0.0.1:4222 --stream S --subject s --count N [--payload 400] [--window 4000] [--warmup W]
//   node bench.mjs fetch   --url … --stream S --consumer C --count N [--batch 500] [--warmup-consumer W --warmup N]
//   node bench.mjs consume --url … --stream S --consumer C --count N [--batch 500] [--warmup-consumer W --warmup N]
//
// --exit-with-stdin: exit when stdin closes, so that the process never outlives the bench that started it.
import { readFileSync } from "node:fs";
import { connect } from "nats";

const workloads = { publish, fetch, consume };

const [name, ...rest] = process.argv.slice(2);
const options = parseOptions(rest);
if (!(name in workloads)) {
  fail(`unknown workload '${name ?? ""}'; expected one of: ${Object.keys(workloads).join(", ")}`);
}
if (options["exit-with-stdin"]) {
  process.stdin.on("end", () => process.exit(3));
  process.stdin.on("close", () => process.exit(3));
  process.stdin.resume();
}

const nc = await connect({ servers: required("url"), name: "notify-bench-natsjs" });
try {
  const result = await workloads[name]();
  process.stdout.write(JSON.stringify({ client: "nats.js", version: natsVersion(), workload: name, ...result }) + "\n");
} finally {
  await nc.close();
}
process.exit(0);

async function publish() {
  const js = nc.jetstream();
  const subject = required("subject");
  const count = number("count");
  const window = number("window", 4000);
  const payload = new Uint8Array(number("payload", 400)).fill(120);
  await publishWindowed(js, subject, payload, number("warmup", 0), window);
  return timed(count, () => publishWindowed(js, subject, payload, count, window));
}

// Keeps up to `window` PubAck promises outstanding: publishes a window's worth, then waits for all of them.
// Waiting for the oldest promise before each new publish (a sliding window) measured about half as fast with
// nats.js: every await lets its flush microtask run, so each message goes to the socket on its own.
async function publishWindowed(js, subject, payload, count, window) {
  const inflight = [];
  for (let i = 0; i < count; i += window) {
    inflight.length = 0;
    for (let j = 0; j < window && i + j < count; j++) {
      inflight.push(js.publish(subject, payload));
    }
    await Promise.all(inflight);
  }
}

async function fetch() {
  const batch = number("batch", 500);
  await warmUp((consumer, count) => fetchAndAck(consumer, count, batch));
  const consumer = await nc.jetstream().consumers.get(required("stream"), required("consumer"));
  const count = number("count");
  return timed(count, () => fetchAndAck(consumer, count, batch));
}

async function fetchAndAck(consumer, count, batch) {
  let received = 0;
  while (received < count) {
    const messages = await consumer.fetch({ max_messages: Math.min(batch, count - received), expires: 5000 });
    for await (const m of messages) {
      m.ack();
      received++;
    }
  }
  await nc.flush();
}

async function consume() {
  const batch = number("batch", 500);
  await warmUp((consumer, count) => consumeAndAck(consumer, count, batch));
  const consumer = await nc.jetstream().consumers.get(required("stream"), required("consumer"));
  const count = number("count");
  return timed(count, () => consumeAndAck(consumer, count, batch));
}

async function consumeAndAck(consumer, count, batch) {
  let received = 0;
  // Re-pull at half, as the Notify client does (nats.js would re-pull at 75 % outstanding).
  const messages = await consumer.consume({ max_messages: batch, threshold_messages: Math.max(1, Math.floor(batch / 2)) });
  // Leaving the loop stops the consume (awaiting messages.close() afterwards never settles in 2.29).
  for await (const m of messages) {
    m.ack();
    if (++received >= count) {
      break;
    }
  }
  await nc.flush();
}

async function warmUp(read) {
  const count = number("warmup", 0);
  if (count > 0 && options["warmup-consumer"]) {
    const consumer = await nc.jetstream().consumers.get(required("stream"), options["warmup-consumer"]);
    await read(consumer, count);
  }
}

// Wall time and this process's CPU time (user + system, every thread) over the run.
async function timed(count, run) {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { count, durationMs: seconds * 1000, msgsPerSec: count / seconds, cpuMs: (used.user + used.system) / 1000 };
}

function parseOptions(args) {
  const parsed = {};
  for (let i = 0; i < args.length; i++) {
    if (!args[i].startsWith("--")) {
      fail(`unexpected argument '${args[i]}'`);
    }
    const key = args[i].slice(2);
    if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
      parsed[key] = args[++i];
    } else {
      parsed[key] = true;
    }
  }
  return parsed;
}

function required(key) {
  const value = options[key];
  if (typeof value !== "string") {
    fail(`--${key} is required`);
  }
  return value;
}

function number(key, fallback) {
  const value = options[key] ?? fallback;
  const parsed = Number(value);
  if (value === undefined || !Number.isInteger(parsed) || parsed < 0) {
    fail(`--${key} needs a non-negative integer`);
  }
  return parsed;
}

function natsVersion() {
  const manifest = new URL("./node_modules/nats/package.json", import.meta.url);
  return JSON.parse(readFileSync(manifest, "utf8")).version;
}

function fail(message) {
  process.stderr.write(`bench.mjs: ${message}\n`);
  process.exit(2);
}
