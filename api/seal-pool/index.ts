import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Config } from '../config';
import { AppError } from '../errors';
import type { SealRequest } from '../i18n/seal-texts';
import { SealInputError } from '../seal/index';
import type { SealInput, SealResult } from '../seal/types';
import type { SealOutcome, SealTask } from './seal-task';

// Sealing off the event loop (issue 14 "Denial of service", issue 15 "both cores"): seal() runs in a
// pool of worker threads (piscina), one per core, so the HTTP server and the gateway keep answering
// while messages are sealed, and two messages seal at once on two cores. Past the pool, messages
// wait in a bounded queue; a full queue answers 'unavailable' with Retry-After instead of holding
// more messages in memory. A seal that runs past the time limit ends its worker and is refused.

export interface Sealer {
  /** Seals in `options.language`: the worker takes the texts from the catalog (api/i18n/seal-texts.ts). */
  seal(input: SealInput, options?: SealRequest): Promise<SealResult>;
}

export interface SealPool extends Sealer {
  /**
   * Starts the workers and seals a one-line message in each, so the first real message does not pay
   * for loading the sealing code and fonts (seconds). `serve` calls it at start; tests that time a
   * seal call it first.
   */
  warmUp(): Promise<void>;
  /** Messages sealing or waiting now, how many may be at once before 'unavailable', and the workers. */
  load(): { admitted: number; capacity: number; workers: number };
  /** Waits for the seals in flight and ends the workers. */
  close(): Promise<void>;
}

export interface SealPoolOptions {
  /** Messages sealed at once: one per core by default. */
  workers: number;
  /** Messages that may wait for a worker; one more is refused with 'unavailable'. */
  maxQueue: number;
  /** Longest a seal may take before it is stopped and the message refused. */
  timeoutMs: number;
  /** Seconds a refused sender is told to wait. */
  retryAfterSeconds: number;
  /** The worker's entry; tests point it elsewhere. */
  workerFile: string;
}

/** What the pool reads of the config (SEAL_WORKERS may be left out: one per core). */
type PoolConfig = Pick<Config, 'maxAttachmentBytes'> & Partial<Pick<Config, 'sealWorkers'>>;

/** SEAL_WORKERS or one worker per core; the time limit grows with the largest message the config lets in. */
export function defaultSealPoolOptions(config: PoolConfig): SealPoolOptions {
  const workers = config.sealWorkers ?? Math.max(1, os.availableParallelism());
  return {
    workers,
    maxQueue: workers * 16,
    // 10 s, and 1 s more per MiB: the 34 MB bench message seals in 2–5 s on a busy 2-core machine.
    timeoutMs: 10_000 + Math.ceil(config.maxAttachmentBytes / (1024 * 1024)) * 1000,
    retryAfterSeconds: 5,
    workerFile: fileURLToPath(new URL('./worker.mjs', import.meta.url)),
  };
}

const warmUpMessage = new TextEncoder().encode('From: a@example.org\r\nSubject: warm-up\r\n\r\nwarm-up\r\n');

/** A Buffer again: structured cloning hands a Buffer over as a plain Uint8Array. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

/**
 * The pool, built once in the composition root (api/context.ts) and closed on stop. Workers start on
 * the first message and stay while messages come (a minute idle ends one).
 */
export function createSealPool(config: PoolConfig, overrides: Partial<SealPoolOptions> = {}): SealPool {
  const options = { ...defaultSealPoolOptions(config), ...overrides };
  const pool = new Piscina<SealTask, SealOutcome>({
    filename: options.workerFile,
    minThreads: 0,
    maxThreads: options.workers,
    idleTimeout: 60_000,
  });
  // Counted here rather than by piscina's maxQueue, whose count leaves out tasks handed to a worker
  // that is still starting: sealing plus waiting never exceeds workers + maxQueue.
  let admitted = 0;
  let closed = false;
  return {
    async seal(input, sealOptions = {}) {
      if (closed) throw new AppError('unavailable', 'The service is stopping; try again shortly.');
      if (admitted >= options.workers + options.maxQueue) {
        throw new AppError(
          'unavailable',
          'Too many messages are being sealed right now; nothing was sent. Try again in a few seconds.',
          { retryAfter: options.retryAfterSeconds },
        );
      }
      admitted += 1;
      let outcome: SealOutcome;
      try {
        outcome = await pool.run(
          { input, options: sealOptions },
          { signal: AbortSignal.timeout(options.timeoutMs) },
        );
      } catch (err) {
        if (isAbort(err)) {
          throw new AppError(
            'payload_too_large',
            `The message could not be sealed within ${Math.round(options.timeoutMs / 1000)} s (too large or too complex); nothing was sent.`,
          );
        }
        throw err;
      } finally {
        admitted -= 1;
      }
      if (!outcome.ok) {
        if (outcome.inputError) throw new SealInputError(outcome.message);
        throw new Error(`sealing failed in the worker: ${outcome.message}`);
      }
      return { ...outcome.result, sealedMessage: asBuffer(outcome.result.sealedMessage) };
    },
    async warmUp() {
      const task = { input: { raw: warmUpMessage }, options: { password: 'warm-up-only' } };
      await Promise.all(Array.from({ length: options.workers }, () => pool.run(task)));
    },
    load: () => ({ admitted, capacity: options.workers + options.maxQueue, workers: options.workers }),
    async close() {
      closed = true;
      await pool.close();
    },
  };
}
