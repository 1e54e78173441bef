import { z } from '@hono/zod-openapi';

// POST /v1/messages/{id}/replies: what the /open page sends, and what it gets back (issue 18). No
// recipient field: a reply goes to the original sender's account address and nowhere else.

export const replyAttachmentSchema = z
  .object({
    filename: z.string().trim().min(1).max(255).openapi({ example: 'Frage.pdf' }),
    contentType: z.string().trim().max(255).default('application/octet-stream'),
    content: z.base64({ message: 'must be base64' }).openapi({ description: 'the file, base64' }),
  })
  .openapi('ReplyAttachment');

export const replyRequestSchema = z
  .object({
    proof: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, 'must be 32 bytes in base64url')
      .openapi({
        description: 'HMAC-SHA256 proof of the message password over the reply (README "Replies")',
      }),
    from: z
      .string()
      .trim()
      .max(998)
      .optional()
      .openapi({ description: "one of the message's recipients; may be left out when it has only one" }),
    text: z.string().max(100_000).default(''),
    attachments: z.array(replyAttachmentSchema).max(50).default([]),
  })
  .openapi('SendReply');

export type ReplyRequestBody = z.infer<typeof replyRequestSchema>;

export const replySentSchema = z
  .object({
    status: z.enum(['sent', 'queued', 'failed']),
    repliesLeft: z.number().int().openapi({ description: 'further replies this message still takes' }),
  })
  .openapi('ReplySent');

export type ReplySent = z.infer<typeof replySentSchema>;
