import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
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

export function healthRoutes(deps: AppDeps) {
  return createRouter().openapi(health, async (c) => {
    try {
      await deps.db.execute(sql`select 1`);
    } catch (err) {
      c.get('log').error({ err }, 'health check: database unreachable');
      throw new AppError('unavailable', 'The database does not answer.');
    }
    return c.json({ status: 'ok' as const }, 200);
  });
}
