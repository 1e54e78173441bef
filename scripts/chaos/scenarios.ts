import type { Cluster, Relay, Sender, Service } from './stand';
import { sleep, waitUntil } from './stand';

// The fault scenarios of issue 16, each against the real service. A message counts as accepted when
// POST /v1/messages answered 201; it is lost when the relay never got it, twice when it got it more
// than once. Every answer other than 2xx, 4xx and 503 is an unexpected 5xx.

export interface Figures {
  scenario: string;
  accepted: number;
  lost: number;
  twice: number;
  unexpected5xx: number;
  crashes: number;
  /** Seconds from the fault's end (restart, relay or database back) until everything was delivered. */
  recoverS: number | undefined;
  note?: string;
}

export interface Load {
  accepted: string[];
  statuses: Map<number, number>;
  unexpected: string[];
  /** Requests that got no answer at all (the process was killed under them). */
  dropped: number;
}

export function newLoad(): Load {
  return { accepted: [], statuses: new Map(), unexpected: [], dropped: 0 };
}

async function sendOne(service: Service, sender: Sender, to: string, load: Load): Promise<void> {
  try {
    const res = await fetch(`${service.base}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sender.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: [to], subject: 'Befund', text: `Für ${to}` }),
    });
    await res.arrayBuffer();
    load.statuses.set(res.status, (load.statuses.get(res.status) ?? 0) + 1);
    if (res.status === 201) load.accepted.push(to);
    else if (res.status >= 500 && res.status !== 503) load.unexpected.push(`POST /v1/messages ${res.status}`);
  } catch {
    load.dropped += 1;
  }
}

/** Sends `count` messages to `${prefix}${i}@example.org`, `parallel` at a time, while `keepGoing()`. */
export async function sendMany(
  service: Service,
  sender: Sender,
  prefix: string,
  count: number,
  parallel: number,
  load: Load,
  keepGoing: () => boolean = () => true,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count && keepGoing()) {
        const i = next++;
        await sendOne(service, sender, `${prefix}${i}@example.org`, load);
      }
    }),
  );
}

async function allDelivered(relay: Relay, load: Load, ms: number): Promise<number> {
  return waitUntil(() => load.accepted.every((to) => relay.received.has(to)), ms);
}

function figures(
  scenario: string,
  relay: Relay,
  prefix: string,
  load: Load,
  service: Service,
  recoverMs: number,
): Figures {
  const { twice } = relay.count(prefix);
  const lost = load.accepted.filter((to) => !relay.received.has(to)).length;
  return {
    scenario,
    accepted: load.accepted.length,
    lost,
    twice,
    unexpected5xx: load.unexpected.length,
    crashes: service.crashes,
    recoverS: recoverMs < 0 ? undefined : recoverMs / 1000,
    note:
      load.dropped > 0
        ? `${load.dropped} requests cut by the kill (never answered, so not accepted)`
        : undefined,
  };
}

/**
 * kill -9 with deliveries in flight: messages are sent while the relay answers in 0.3 s; once 20
 * were accepted the relay slows to 3 s a message, so the attempts running at the kill are caught
 * between the relay taking a message and the service recording it. Then a restart.
 */
export async function killMidDelivery(
  backend: string,
  service: Service,
  relay: Relay,
  sender: Sender,
): Promise<Figures> {
  const prefix = `kill-${backend.toLowerCase()}-`;
  const load = newLoad();
  relay.delayMs = 300;
  let sending = true;
  const sent = sendMany(service, sender, prefix, 60, 6, load, () => sending);
  await waitUntil(() => load.accepted.length >= 20, 120_000);
  relay.delayMs = 3_000;
  await sleep(1_000);
  await service.kill9();
  sending = false;
  await sent;
  relay.delayMs = 0;
  const restartedAt = Date.now();
  await service.start();
  const took = await allDelivered(relay, load, 120_000);
  const recovered = took < 0 ? -1 : Date.now() - restartedAt;
  return figures(`kill -9 mid-delivery (${backend})`, relay, prefix, load, service, recovered);
}

/** The relay down for 5 s while messages are sent; they wait in the outbox and go once it is back. */
export async function relayOutage(
  backend: string,
  service: Service,
  relay: Relay,
  sender: Sender,
): Promise<Figures> {
  const prefix = `relay-${backend.toLowerCase()}-`;
  const load = newLoad();
  await relay.stop();
  await sendMany(service, sender, prefix, 20, 4, load);
  await sleep(5_000);
  await relay.start();
  const backAt = Date.now();
  // The first retry comes 15-36 s after the failed attempt (backoff 30 s, jitter).
  const took = await allDelivered(relay, load, 120_000);
  return figures(
    `relay down 5 s (${backend})`,
    relay,
    prefix,
    load,
    service,
    took < 0 ? -1 : Date.now() - backAt,
  );
}

/** PostgreSQL stopped for ~6 s under 4 clients, then started again; the service must not notice but 503. */
export async function databaseOutage(
  service: Service,
  relay: Relay,
  sender: Sender,
  cluster: Cluster,
): Promise<Figures> {
  const prefix = 'pgdown-';
  const load = newLoad();
  let sending = true;
  const reads = { n: 0, refused: 0, unexpected: 0, slowestMs: 0 };
  const read = async (p: string) => {
    const started = Date.now();
    try {
      const res = await fetch(`${service.base}${p}`, {
        headers: { authorization: `Bearer ${sender.apiKey}` },
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      reads.n += 1;
      if (res.status === 503) reads.refused += 1;
      if (res.status >= 500 && res.status !== 503) reads.unexpected += 1;
    } catch {
      reads.unexpected += 1;
    }
    reads.slowestMs = Math.max(reads.slowestMs, Date.now() - started);
  };
  const reader = (async () => {
    while (sending) {
      await read('/healthz');
      await read('/v1/messages?limit=5');
    }
  })();
  const sent = sendMany(service, sender, prefix, 100_000, 4, load, () => sending);
  await sleep(2_000);
  cluster.stop();
  await sleep(6_000);
  cluster.start();
  const backAt = Date.now();
  const healthy = await waitUntil(
    async () => (await fetch(`${service.base}/healthz`)).status === 200,
    30_000,
  );
  await sleep(2_000);
  sending = false;
  await Promise.all([sent, reader]);
  const took = await allDelivered(relay, load, 120_000);
  const out = figures(
    'PostgreSQL stopped 6 s under load',
    relay,
    prefix,
    load,
    service,
    took < 0 ? -1 : Date.now() - backAt,
  );
  out.unexpected5xx += reads.unexpected;
  const s503 = load.statuses.get(503) ?? 0;
  out.note =
    `/healthz 200 again ${healthy < 0 ? 'never' : `${(healthy / 1000).toFixed(1)} s`} after the start; ` +
    `${s503} × 503 to senders, ${reads.refused} of ${reads.n} reads 503, slowest read ${(reads.slowestMs / 1000).toFixed(1)} s`;
  return out;
}
