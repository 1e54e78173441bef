import type { Credential, CurrentAccount } from '../accounts/types';
import type { AppContext } from '../context';
import type { Logger } from '../log';

export type { Credential, CurrentAccount } from '../accounts/types';

// What the HTTP app is built from, and what a handler finds on `c.var`: the one context of the
// composition root (api/context.ts), built once by server.ts and by the tests with fakes
// (test/helpers/app.ts).

export type AppDeps = AppContext;

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
