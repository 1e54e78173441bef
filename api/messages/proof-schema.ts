import { z } from '@hono/zod-openapi';
import { messageSources } from '../../db/schema/messages';
import { smsReasons } from '../sms/status';

// The shape of GET /v1/messages/{id}/proof (JSON); the PDF shows the same fields.

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const time = z.string().openapi({ format: 'date-time' });

export const proofSchema = z
  .object({
    messageId: z.string(),
    generatedAt: time,
    sender: z.object({ accountId: z.string(), address: z.string(), name: z.string().nullable() }),
    source: z.enum(messageSources),
    status: z.enum(['queued', 'sent', 'failed']),
    createdAt: time,
    deliveredAt: time.nullable().openapi({ description: 'when every recipient and phone had it' }),
    original: z.object({ sha256: sha256.openapi({ description: 'SHA-256 of the original as received' }) }),
    sealed: z.object({
      sha256: sha256.nullable().openapi({ description: 'SHA-256 of exactly the bytes handed to the relay' }),
      messageIdHeader: z.string().openapi({ description: 'Message-ID of the sealed mail' }),
      zip: z.enum(['aes256', 'zipcrypto']).nullable(),
      pdf: z.literal('aes256'),
    }),
    recipients: z.array(
      z.object({
        kind: z.enum(['to', 'cc', 'bcc']),
        address: z.string(),
        status: z.enum(['queued', 'sent', 'failed']),
        at: time,
        reply: z.string().nullable().openapi({ example: '250 2.0.0 Ok: queued as 4XyZ' }),
      }),
    ),
    sms: z.array(
      z.object({
        phone: z.string(),
        status: z.enum(['queued', 'sent', 'delivered', 'failed']),
        at: time,
        reason: z.enum(smsReasons).nullable(),
        errorCode: z.number().int().nullable(),
      }),
    ),
  })
  .openapi('ProofOfSending');

export type Proof = z.infer<typeof proofSchema>;
