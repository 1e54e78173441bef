import { lt } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { loginFailures } from '../../db/schema/login-failures';
import { loginLocks } from '../../db/schema/login-locks';
import { sealedCopies } from '../../db/schema/sealed-copies';
import { sendReservations } from '../../db/schema/send-reservations';
import { sessions } from '../../db/schema/sessions';
import { signupAttempts } from '../../db/schema/signup-attempts';
import { verificationTokens } from '../../db/schema/verification-tokens';
import type { Service } from '../lifecycle';
import { SIGNUP_WINDOW_MS } from '../limits/signups';
import { lockPolicy } from './lockout';

// Rows that can never matter again: expired sessions, failures older than the lock window, locks
// that ran out, sign-ups older than their hour, confirmation links past their 48 hours, quota
// reservations a crashed process left behind, sealed mails kept for "send again" past their 30 days
// (api/messages/sealed-copies.ts). Swept at start-up and every ten minutes, so the tables
// stay the size of the present.

export const SWEEP_INTERVAL_MS = 10 * 60_000;

export interface Swept {
  sessions: number;
  failures: number;
  locks: number;
  signups: number;
  links: number;
  reservations: number;
  sealedCopies: number;
}

export async function sweepExpired(db: Database, now: Date): Promise<Swept> {
  const windowStart = new Date(now.getTime() - lockPolicy.windowMs);
  const s = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });
  const f = await db
    .delete(loginFailures)
    .where(lt(loginFailures.at, windowStart))
    .returning({ id: loginFailures.id });
  const l = await db.delete(loginLocks).where(lt(loginLocks.until, now)).returning({ id: loginLocks.id });
  const g = await db
    .delete(signupAttempts)
    .where(lt(signupAttempts.createdAt, new Date(now.getTime() - SIGNUP_WINDOW_MS)))
    .returning({ id: signupAttempts.id });
  const v = await db
    .delete(verificationTokens)
    .where(lt(verificationTokens.expiresAt, now))
    .returning({ id: verificationTokens.id });
  const r = await db
    .delete(sendReservations)
    .where(lt(sendReservations.expiresAt, now))
    .returning({ id: sendReservations.id });
  const c = await db
    .delete(sealedCopies)
    .where(lt(sealedCopies.expiresAt, now))
    .returning({ id: sealedCopies.messageId });
  return {
    sessions: s.length,
    failures: f.length,
    locks: l.length,
    signups: g.length,
    links: v.length,
    reservations: r.length,
    sealedCopies: c.length,
  };
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
