import { lt } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { loginFailures } from '../../db/schema/login-failures';
import { loginLocks } from '../../db/schema/login-locks';
import { sessions } from '../../db/schema/sessions';
import type { Service } from '../lifecycle';
import { lockPolicy } from './lockout';

// Rows that can never matter again: expired sessions, failures older than the lock window, locks
// that ran out. Swept at start-up and every ten minutes, so the tables stay the size of the present.

export const SWEEP_INTERVAL_MS = 10 * 60_000;

export interface Swept {
  sessions: number;
  failures: number;
  locks: number;
}

export async function sweepExpired(db: Database, now: Date): Promise<Swept> {
  const windowStart = new Date(now.getTime() - lockPolicy.windowMs);
  const s = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });
  const f = await db
    .delete(loginFailures)
    .where(lt(loginFailures.at, windowStart))
    .returning({ id: loginFailures.id });
  const l = await db.delete(loginLocks).where(lt(loginLocks.until, now)).returning({ id: loginLocks.id });
  return { sessions: s.length, failures: f.length, locks: l.length };
}

export const housekeepingService: Service = {
  name: 'housekeeping',
  async start({ deps, log }) {
    const sweep = async () => {
      try {
        const swept = await sweepExpired(deps.db, deps.now());
        log.debug(swept, 'swept expired sessions and login records');
      } catch (err) {
        log.warn({ err }, 'sweeping expired sessions and login records failed');
      }
    };
    let running = sweep();
    const timer = setInterval(() => {
      running = running.then(sweep);
    }, SWEEP_INTERVAL_MS);
    timer.unref();
    return {
      describe: [],
      async stop() {
        clearInterval(timer);
        await running;
      },
    };
  },
};
