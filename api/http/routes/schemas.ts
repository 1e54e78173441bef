import { z } from '@hono/zod-openapi';
import { MAX_PASSWORD_LENGTH } from '../../accounts/credentials';

// Request and answer shapes shared by the account routes (and reusable by the portal).

export const emailField = z
  .string()
  .max(254)
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'must be an email address' }))
  .openapi({ example: 'anna@example.org' });

/** The length rule (min 10) is checked by the domain so the CLI gets it too; the max guards the hash. */
export const passwordField = z
  .string()
  .max(MAX_PASSWORD_LENGTH)
  .openapi({ example: 'correct horse battery' });

export const accountSchema = z
  .object({
    id: z.string().openapi({ example: 'acc_3Nq0rT5a2b1c9d8e7f6g5h' }),
    email: z.string(),
    name: z.string().nullable(),
    plan: z.enum(['free', 'paid']),
    /** The address is proven (the mailed link was opened): only then can the account send. */
    verified: z.boolean(),
    /** Receipt mail with the password after each message through the SMTP gateway (api/http/routes/account-settings.ts). */
    receiptMails: z.boolean().optional(),
  })
  .openapi('Account');

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  })
  .openapi('Problem');

export function problem(description: string) {
  return { description, content: { 'application/problem+json': { schema: problemSchema } } };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}
