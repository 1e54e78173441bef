import { createRoute, z } from '@hono/zod-openapi';
import { createApiKey, listApiKeys, revokeApiKey } from '../../accounts/api-keys';
import { confirmPassword } from '../../accounts/confirm-password';
import type { AppDeps } from '../env';
import { clientIp, requireAuth } from '../middleware';
import { createRouter } from '../router';
import { jsonBody, passwordField, problem } from './schemas';

const keyInfo = z
  .object({
    id: z.string().openapi({ example: 'key_Qm9vb2tzIGFyZSBncmVhdA' }),
    name: z.string(),
    prefix: z.string().openapi({ description: 'the first characters of the key, to tell keys apart' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    lastUsedAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('ApiKey');
const signedIn = { security: [{ bearer: [] as string[] }], middleware: requireAuth };

const create = createRoute({
  method: 'post',
  path: '/api-keys',
  summary: 'Create an API key; the key is in this answer and never again',
  ...signedIn,
  request: {
    body: jsonBody(
      z.object({
        name: z.string().trim().max(100).optional(),
        password: passwordField.openapi({
          description: 'the account password: a key outlives the session, so a session alone cannot make one',
        }),
      }),
    ),
  },
  responses: {
    201: {
      description: 'Created',
      content: { 'application/json': { schema: keyInfo.extend({ apiKey: z.string() }) } },
    },
    400: problem('Invalid body'),
    401: problem('Not signed in'),
    403: problem('Wrong password'),
    429: problem('Locked after too many wrong passwords; see Retry-After'),
  },
});

const list = createRoute({
  method: 'get',
  path: '/api-keys',
  summary: "The account's API keys (without the keys themselves)",
  ...signedIn,
  responses: {
    200: {
      description: 'Keys',
      content: { 'application/json': { schema: z.object({ apiKeys: z.array(keyInfo) }) } },
    },
    401: problem('Not signed in'),
  },
});

const revoke = createRoute({
  method: 'delete',
  path: '/api-keys/{id}',
  summary: 'Revoke an API key; it stops working at once',
  ...signedIn,
  request: { params: z.object({ id: z.string().max(100) }) },
  responses: { 204: { description: 'Revoked' }, 404: problem('No such key of this account') },
});

export function apiKeyRoutes(deps: AppDeps) {
  return createRouter()
    .openapi(create, async (c) => {
      const { name, password } = c.req.valid('json');
      const accountId = c.get('account').id;
      await confirmPassword(deps.db, accountId, password, { ip: clientIp(c), now: deps.now });
      const key = await createApiKey(deps.db, accountId, name ?? '', deps.now());
      c.get('log').info({ accountId: c.get('account').id, apiKeyId: key.id }, 'API key created');
      return c.json(key, 201);
    })
    .openapi(list, async (c) => c.json({ apiKeys: await listApiKeys(deps.db, c.get('account').id) }, 200))
    .openapi(revoke, async (c) => {
      await revokeApiKey(deps.db, c.get('account').id, c.req.valid('param').id);
      return c.body(null, 204);
    });
}
