import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { databaseUnavailableReason, unavailableRetryAfterSeconds } from '../../../db/errors';
import type { AppDeps } from '../env';
import { AppError } from '../errors';
import { createRouter } from '../router';

const health = createRoute({
  method: 'get',
  path: '/healthz',
  summary: 'Liveness and database reachability',
  responses: {
    200: {
      description: 'Up',
      content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
    },
    503: { description: 'The database does not answer' },
  },
});

/** A load balancer or supervisor gives up after a few seconds; the answer comes well before that. */
export const healthTimeoutMs = 800;

/** `select 1`, or the reason it failed or took longer than `ms` (a pool waiting to connect). */
async function probe(deps: AppDeps, ms: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${ms} ms`), ms);
  });
  const query = deps.db.execute(sql`select 1`).then(
    () => undefined,
    (err: unknown) => databaseUnavailableReason(err) ?? (err instanceof Error ? err.name : 'error'),
  );
  try {
    return await Promise.race([query, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: AppDeps) {
  return createRouter().openapi(health, async (c) => {
    const failed = await probe(deps, healthTimeoutMs);
    if (failed) {
      c.get('log').warn({ reason: failed }, 'health check: database unreachable');
      throw new AppError('unavailable', 'The database does not answer.', {
        retryAfter: unavailableRetryAfterSeconds,
      });
    }
    return c.json({ status: 'ok' as const }, 200);
  });
}
