import { createRoute, z } from '@hono/zod-openapi';
import {
  listQuerySchema,
  listSchema,
  messageSchema,
  sendRequestSchema,
  sentSchema,
} from '../../messages/schemas';
import { CursorError } from '../../messages/views';
import type { AppDeps } from '../env';
import { AppError } from '../errors';
import { requireAuth } from '../middleware';
import { createRouter } from '../router';
import { jsonBody, problem } from './schemas';

// POST /v1/messages, GET /v1/messages, GET /v1/messages/{id} (CONTRACT.md "HTTP API v1"), and
// POST /v1/messages/{id}/resend: the same sealed mail again (issue 19, api/messages/sealed-copies.ts).

const signedIn = { security: [{ bearer: [] as string[] }], middleware: requireAuth };
const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const send = createRoute({
  method: 'post',
  path: '/messages',
  summary: 'Seal a message, send it, and record it',
  description:
    'Recipients `<phone>@sms.local` and each `sms` entry get the password by SMS (paid plan). ' +
    'Waits a few seconds for the first delivery attempt: `sent` when the relay took it, else `queued`.',
  ...signedIn,
  request: {
    headers: z.object({
      'idempotency-key': z.string().min(1).max(255).optional().openapi({
        description: 'a retry with the same key returns the first answer and sends nothing again',
      }),
    }),
    body: jsonBody(sendRequestSchema),
  },
  responses: {
    201: json(sentSchema, 'Sealed and stored; see status'),
    400: problem('Invalid body (errors name each bad field)'),
    401: problem('Not signed in'),
    403: problem('SMS on the free plan: nothing was sent'),
    409: problem('Idempotency-Key used before for a different request'),
    413: problem('Attachments too large'),
  },
});

const list = createRoute({
  method: 'get',
  path: '/messages',
  summary: "The caller's own messages, newest first, each with its password",
  ...signedIn,
  request: { query: listQuerySchema },
  responses: {
    200: json(listSchema, 'One page'),
    400: problem('Bad cursor or limit'),
    401: problem('Not signed in'),
  },
});

const one = createRoute({
  method: 'get',
  path: '/messages/{id}',
  summary: "One of the caller's own messages",
  ...signedIn,
  request: { params: z.object({ id: z.string().max(100) }) },
  responses: {
    200: json(messageSchema, 'The message'),
    401: problem('Not signed in'),
    404: problem('No such message of yours'),
  },
});

const resend = createRoute({
  method: 'post',
  path: '/messages/{id}/resend',
  summary: 'Send the same sealed mail again (same bytes, password and Message-ID) to its mail recipients',
  description:
    'For a recipient whose mail system removed the attachments. The sealed mail is kept for 30 days ' +
    'after sending; a resend counts against the daily message quota like a new message.',
  ...signedIn,
  request: { params: z.object({ id: z.string().max(100) }) },
  responses: {
    202: json(messageSchema, "The message, with its recipients' statuses"),
    401: problem('Not signed in'),
    403: problem('Unverified or suspended: nothing was sent'),
    404: problem('No such message of yours'),
    409: problem('The sealed mail is no longer kept: send a new message'),
    429: problem('Daily message quota reached'),
  },
});

export function messageRoutes(deps: AppDeps) {
  const { messaging } = deps;
  const router = createRouter();
  // Every answer here carries message passwords: no browser or proxy may keep a copy
  // (CONTRACT.md "Answers that carry a password are Cache-Control: no-store").
  router.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
  });
  return router
    .openapi(send, async (c) => {
      const account = c.get('account');
      const key = c.req.valid('header')['idempotency-key'];
      const answer = await messaging.sendFromApi(account, c.req.valid('json'), key);
      const { replayed, ...body } = answer;
      if (replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(body, 201);
    })
    .openapi(list, async (c) => {
      try {
        return c.json(await messaging.list(c.get('account').id, c.req.valid('query')), 200);
      } catch (err) {
        if (err instanceof CursorError) {
          throw new AppError('invalid', err.message, {
            errors: [{ path: 'cursor', message: err.message }],
          });
        }
        throw err;
      }
    })
    .openapi(one, async (c) => {
      const message = await messaging.get(c.get('account').id, c.req.valid('param').id);
      if (!message) throw new AppError('not_found', 'No such message.');
      return c.json(message, 200);
    })
    .openapi(resend, async (c) => {
      const view = await messaging.resendMail(c.get('account'), c.req.valid('param').id);
      return c.json(view, 202);
    });
}
