import type { Database } from '../db/client';
import type { Config } from './config';
import { createMailTransport } from './delivery/create-transport';
import type { MailTransport } from './delivery/transport';
import { createDeliveryWorker, type DeliveryWorker, type WorkerOptions } from './delivery/worker';
import type { Logger } from './log';
import { createMessaging, type Messaging } from './messages/service';
import { createDbOutbox } from './outbox/db-outbox';
import type { Outbox } from './outbox/outbox';
import { createSealPool, type SealPool } from './seal-pool/index';
import { loadMasterKey } from './secrets/master-key';
import { createSecretBox, type SecretBox } from './secrets/secret-box';
import { createSmsSender } from './sms/create-sender';
import type { SmsSender } from './sms/sender';

// The composition root (STYLE.md "One composition root"): everything the service runs on is built
// here once, from the config, into one typed context: nothing optional, nothing filled in later,
// no second instance. `serve` (api/server.ts) builds it with the real adapters; tests build the
// same context with fakes (test/helpers/app.ts: in-memory transport and SMS sender, a movable clock).
//
// Start and stop: the context itself starts nothing. server.ts starts the services on it in order
// (housekeeping, delivery worker, HTTP, gateway), stops them in reverse, then closes the context
// (worker, relay connections) and last the database.

export interface AppContext {
  readonly config: Config;
  readonly db: Database;
  readonly log: Logger;
  /** The clock. Tests pass their own to travel in time (lock windows, session expiry, leases). */
  readonly now: () => Date;
  readonly secrets: SecretBox;
  readonly transport: MailTransport;
  readonly sms: SmsSender;
  readonly outbox: Outbox;
  readonly worker: DeliveryWorker;
  /** Sending and the message history (api/messages/service.ts). */
  readonly messaging: Messaging;
  /** seal() on worker threads, bounded (api/seal-pool): the event loop stays free while messages seal. */
  readonly sealer: SealPool;
}

export interface ContextParts {
  config: Config;
  db: Database;
  log: Logger;
  now?: () => Date;
  /** Fakes for tests and the benchmark; by default built from the config. */
  transport?: MailTransport;
  sms?: SmsSender;
  outbox?: Outbox;
  sealer?: SealPool;
  worker?: Partial<WorkerOptions>;
  /** How long POST /v1/messages waits for the first delivery attempt (5 s). */
  firstAttemptWaitMs?: number;
}

export async function createContext(parts: ContextParts): Promise<AppContext> {
  const { config, db, log } = parts;
  const now = parts.now ?? (() => new Date());
  const secrets = createSecretBox(await loadMasterKey(config));
  const transport = parts.transport ?? createMailTransport(config);
  const sms = parts.sms ?? createSmsSender(config);
  const outbox = parts.outbox ?? createDbOutbox(db);
  const sealer = parts.sealer ?? createSealPool(config);
  const worker = createDeliveryWorker({ outbox, transport, sms, secrets, log, now, options: parts.worker });
  const messaging = createMessaging({
    config,
    db,
    log,
    now,
    secrets,
    outbox,
    worker,
    sealer,
    firstAttemptWaitMs: parts.firstAttemptWaitMs ?? 5_000,
  });
  return Object.freeze({ config, db, log, now, secrets, transport, sms, outbox, worker, messaging, sealer });
}

/** Stops the worker (waits for attempts in flight) and closes the relay connections; the database stays open. */
export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.worker.stop();
  await ctx.transport.close();
  await ctx.sealer.close();
}
