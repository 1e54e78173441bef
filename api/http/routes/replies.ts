import { createRoute, z } from '@hono/zod-openapi';
import { type ReplyDeps, sendReply } from '../../replies/replies';
import { replyRequestSchema, replySentSchema } from '../../replies/schemas';
import type { AppDeps } from '../env';
import { createRouter } from '../router';
import { jsonBody, problem } from './schemas';

// POST /v1/messages/{id}/replies: the recipient's confidential reply from the /open page (issue 18).
// Public: no account, the proof of the message's password is the credential. Under /v1/messages so
// it takes bodies as large as sending does (api/http/middleware.ts).

const reply = createRoute({
  method: 'post',
  path: '/messages/{id}/replies',
  summary: 'Reply to a sealed message (the /open page; no account)',
  description:
    "Seals the reply with the message's password and sends it to the message's sender only. " +
    '`proof` is HMAC-SHA256 over the reply, keyed from the password (README "Replies").',
  request: {
    params: z.object({ id: z.string().max(100) }),
    body: jsonBody(replyRequestSchema),
  },
  responses: {
    201: {
      description: 'Sealed and queued to the sender',
      content: { 'application/json': { schema: replySentSchema } },
    },
    400: problem('Invalid body, or `from` not a recipient of the message'),
    403: problem('The proof does not match the message password'),
    404: problem('The message or its account is gone'),
    413: problem('Attachments too large'),
    429: problem('The message has had all the replies it takes'),
  },
});

export function replyRoutes(deps: AppDeps) {
  const replyDeps: ReplyDeps = {
    db: deps.db,
    secrets: deps.secrets,
    outbox: deps.outbox,
    worker: deps.worker,
    sealer: deps.sealer,
    log: deps.log,
    now: deps.now,
    mailFrom: deps.config.mailFrom,
    publicUrl: deps.config.publicUrl,
    maxAttachmentBytes: deps.config.maxAttachmentBytes,
  };
  return createRouter().openapi(reply, async (c) => {
    const answer = await sendReply(replyDeps, c.req.valid('param').id, c.req.valid('json'));
    c.header('Cache-Control', 'no-store');
    return c.json(answer, 201);
  });
}
