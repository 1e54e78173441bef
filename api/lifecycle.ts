import type { DatabaseHandle } from '../db/client';
import type { Config } from './config';
import type { AppContext } from './context';
import type { Logger } from './log';

// The lifecycle every part of `serve` follows (HTTP, gateway, delivery worker, housekeeping):
// started in order by the composition root, stopped in reverse. It lives apart from server.ts so
// the parts can implement it without importing the root that imports them.

export interface ServiceContext {
  config: Config;
  /** The composition root's context (api/context.ts). */
  deps: AppContext;
  handle: DatabaseHandle;
  log: Logger;
}

export interface RunningService {
  /** One line for the start-up banner, e.g. "HTTP on http://localhost:8787". */
  describe: string[];
  stop(): Promise<void>;
}

export interface Service {
  name: string;
  start(ctx: ServiceContext): Promise<RunningService>;
}
