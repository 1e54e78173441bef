import { z } from '@hono/zod-openapi';
import { smsReasons } from '../sms/status';

// The shapes of POST /v1/messages and the message answers (CONTRACT.md "HTTP API v1"). The routes
// validate with them and /openapi.json is generated from them, so documentation and checks agree.

const address = z.string().trim().min(1).max(998);

export const attachmentSchema = z
  .object({
    filename: z.string().trim().min(1).max(255).openapi({ example: 'Befund.pdf' }),
    contentType: z.string().trim().max(255).optional().openapi({ example: 'application/pdf' }),
    content: z.base64({ message: 'must be base64' }).openapi({ description: 'the file, base64' }),
    contentId: z.string().max(255).optional().openapi({ description: 'for inline images (cid:…)' }),
  })
  .openapi('Attachment');

export const sendOptionsSchema = z
  .object({
    zip: z.enum(['aes256', 'zipcrypto']).default('aes256'),
    language: z.enum(['de', 'en']).default('de'),
    subjectInClear: z.boolean().default(false),
    includeOriginal: z.boolean().default(false),
  })
  .openapi('SendOptions');

export const sendRequestSchema = z
  .object({
    to: z
      .array(address)
      .max(100)
      .default([])
      .openapi({ example: ['a@example.org', '+4917055555555@sms.local'] }),
    cc: z.array(address).max(100).default([]),
    bcc: z.array(address).max(100).default([]),
    subject: z.string().max(10_000).optional().openapi({ example: 'Ihr Befund' }),
    text: z.string().optional(),
    html: z.string().optional(),
    attachments: z.array(attachmentSchema).max(500).default([]),
    sms: z
      .array(z.string().trim().min(1).max(64))
      .max(20)
      .default([])
      .openapi({ description: 'phones that get the password by SMS (paid plan)', example: ['0170 5555555'] }),
    options: sendOptionsSchema.default({
      zip: 'aes256',
      language: 'de',
      subjectInClear: false,
      includeOriginal: false,
    }),
  })
  .openapi('SendMessage');

export type SendRequestBody = z.infer<typeof sendRequestSchema>;

export const deliveryStatusSchema = z.enum(['queued', 'sent', 'failed']);

export const recipientStatusSchema = z
  .object({
    address: z.string(),
    status: deliveryStatusSchema,
    reply: z.string().nullable().optional().openapi({
      description: "the relay's reply (e.g. `550 5.1.1 user unknown`), or why delivery gave up",
    }),
  })
  .openapi('RecipientStatus');
export const smsStatusSchema = z
  .object({
    id: z.string().openapi({ description: 'for POST /v1/messages/{id}/sms/{smsId}/resend' }),
    phone: z.string().openapi({ example: '+4917055555555' }),
    status: z.enum(['queued', 'sent', 'delivered', 'failed']).openapi({
      description: "queued → sent (Twilio took it) → delivered, or failed; follows Twilio's delivery reports",
    }),
    reason: z.enum(smsReasons).nullable().openapi({
      description:
        'why it failed: unreachable (30003), unknown_number (30005), landline (30006), filtered (30007), …',
    }),
    errorCode: z.number().int().nullable().openapi({ description: "Twilio's error code of a failed SMS" }),
    updatedAt: z.string().openapi({ format: 'date-time', description: 'when the status last changed' }),
  })
  .openapi('SmsStatus');

export const sentSchema = z
  .object({
    id: z.string().openapi({ example: 'msg_3Nq0rT5a2b1c9d8e7f6g5h' }),
    password: z.string().openapi({ example: 'Kx7m-P2qr-9Tzb-W4nd-Hs3e' }),
    status: z.enum(['sent', 'queued', 'failed']).openapi({
      description:
        'sent: every mail and SMS delivered; queued: stored, delivery continues with retries; failed: refused for good',
    }),
    recipients: z.array(recipientStatusSchema),
    sms: z.array(smsStatusSchema),
  })
  .openapi('SentMessage');

export const messageSchema = z
  .object({
    id: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    subject: z.string(),
    password: z.string(),
    status: z.enum(['sent', 'queued', 'failed']),
    recipients: z.array(
      recipientStatusSchema.extend({
        kind: z.enum(['to', 'cc', 'bcc']),
        reply: z.string().nullable().openapi({
          description: "the relay's reply (e.g. `550 5.1.1 user unknown`), or why delivery gave up",
          example: '250 2.0.0 Ok: queued as 4XyZ',
        }),
        updatedAt: z.string().openapi({ format: 'date-time', description: 'when the status last changed' }),
      }),
    ),
    sms: z.array(smsStatusSchema),
    replyTo: z.string().nullable().openapi({
      description:
        "set for a recipient's reply from /open (sealed with that message's password): the message it answers",
    }),
    replies: z.array(z.string()).openapi({ description: 'ids of the replies to this message, oldest first' }),
  })
  .openapi('Message');

export type MessageView = z.infer<typeof messageSchema>;
export type SentView = z.infer<typeof sentSchema>;

export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().openapi({ description: 'nextCursor of the previous page' }),
});

export const listSchema = z
  .object({ messages: z.array(messageSchema), nextCursor: z.string().nullable() })
  .openapi('MessageList');
