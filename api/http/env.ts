import type { Database } from '../../db/client';
import type { Credential, CurrentAccount } from '../accounts/types';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Messaging } from '../messages/service';

export type { Credential, CurrentAccount } from '../accounts/types';

// What the HTTP app is built from, and what a handler finds on `c.var`.
// Other parts add their adapters to AppDeps (e.g. MESSAGES: mail relay and SMS); server.ts builds it
// once from the config and the tests build it with test doubles (test/helpers/app.ts).

export interface AppDeps {
  config: Config;
  db: Database;
  log: Logger;
  /** The clock. Tests pass their own to travel in time (lock windows, session expiry). */
  now: () => Date;
  /** Sending and message history (api/messages/service.ts); made on first use from the config when unset. */
  messaging?: Messaging;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    log: Logger;
    requestId: string;
    /** Set by requireAuth; undefined on public routes. */
    account: CurrentAccount;
    credential: Credential;
  };
}
