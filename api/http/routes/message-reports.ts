import { createRoute, z } from '@hono/zod-openapi';
import { format as formatMessage } from '../../../ui/core/i18n';
import { getProof } from '../../messages/proof';
import { buildProofPdf } from '../../messages/proof-pdf';
import { proofSchema } from '../../messages/proof-schema';
import { messageSchema } from '../../messages/schemas';
import type { AppDeps } from '../env';
import { AppError } from '../errors';
import { requireAuth } from '../middleware';
import { createRouter } from '../router';
import { problem } from './schemas';

// What became of a sent message, for its sender: the proof of sending (JSON or a PDF to file) and
// "send the password SMS again" (issue 17).

const signedIn = { security: [{ bearer: [] as string[] }], middleware: requireAuth };
const id = z.string().max(100);

const proof = createRoute({
  method: 'get',
  path: '/messages/{id}/proof',
  summary: 'Proof of sending: who sent what (by SHA-256) to whom, when, and what the relay answered',
  description:
    'Never the password, subject or content. With `Accept: application/pdf` (or `?format=pdf`) a ' +
    'one-page PDF to file.',
  ...signedIn,
  request: {
    params: z.object({ id }),
    query: z.object({
      format: z.enum(['json', 'pdf']).optional(),
      lang: z
        .enum(['de', 'en'])
        .optional()
        .openapi({ description: "the PDF's language (default: the message's)" }),
    }),
  },
  responses: {
    200: {
      description: 'The proof',
      content: {
        'application/json': { schema: proofSchema },
        'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    401: problem('Not signed in'),
    404: problem('No such message of yours'),
  },
});

const resend = createRoute({
  method: 'post',
  path: '/messages/{id}/sms/{smsId}/resend',
  summary: 'Send the password SMS to this phone again (same password; counts against the SMS quota)',
  ...signedIn,
  request: { params: z.object({ id, smsId: id }) },
  responses: {
    200: {
      description: 'The message, with the new SMS',
      content: { 'application/json': { schema: messageSchema } },
    },
    401: problem('Not signed in'),
    403: problem('SMS on the free plan, unverified or suspended: nothing was sent'),
    404: problem('No such SMS of yours'),
    409: problem('The SMS is still being sent'),
    429: problem('SMS quota reached'),
  },
});

function wantsPdf(accept: string | undefined, format: 'json' | 'pdf' | undefined): boolean {
  if (format) return format === 'pdf';
  return /\bapplication\/pdf\b/i.test(accept ?? '');
}

export function messageReportRoutes(deps: AppDeps) {
  return createRouter()
    .openapi(proof, async (c) => {
      const { format, lang } = c.req.valid('query');
      const found = await getProof(deps.db, c.get('account').id, c.req.valid('param').id, deps.now());
      if (!found) throw new AppError('not_found', 'No such message.');
      const { language, ...body } = found;
      c.header('Cache-Control', 'private, no-store');
      if (!wantsPdf(c.req.header('accept'), format)) return c.json(body, 200);
      const pdf = await buildProofPdf(body, lang ?? language);
      c.header('Content-Type', 'application/pdf');
      c.header(
        'Content-Disposition',
        `inline; filename="${formatMessage(lang ?? language, 'proof', 'fileName')}-${body.messageId}.pdf"`,
      );
      return c.body(pdf.slice().buffer, 200);
    })
    .openapi(resend, async (c) => {
      const { id: messageId, smsId } = c.req.valid('param');
      const view = await deps.messaging.resendSms(c.get('account'), messageId, smsId);
      c.header('Cache-Control', 'no-store');
      return c.json(view, 200);
    });
}
