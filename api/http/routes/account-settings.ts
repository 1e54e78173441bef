import { createRoute, z } from '@hono/zod-openapi';
import { getAccount, setName } from '../../accounts/accounts';
import { checkName, MAX_NAME_LENGTH } from '../../accounts/names';
import { receiptMailsEnabled, setReceiptMails } from '../../gateway/receipt-store';
import type { AppDeps } from '../env';
import { requireAuth } from '../middleware';
import { createRouter } from '../router';
import { accountSchema, jsonBody, problem } from './schemas';

// PATCH /v1/account {receiptMails?, name?}: switches the receipt mail (after each message sent
// through the SMTP gateway) on or off, and changes the name recipients see (checked like a sign-up's:
// no control, bidi or invisible characters, at most 100; null or '' removes it). GET /v1/account
// shows both (api/http/routes/accounts.ts).

const update = createRoute({
  method: 'patch',
  path: '/account',
  summary: 'Change account settings: receipt mails (SMTP gateway), the name recipients see',
  security: [{ bearer: [] as string[] }],
  middleware: requireAuth,
  request: {
    body: jsonBody(
      z
        .object({
          receiptMails: z
            .boolean()
            .optional()
            .openapi({ description: 'send a receipt mail after each message through the SMTP gateway' }),
          name: z
            .string()
            .max(10 * MAX_NAME_LENGTH)
            .nullable()
            .optional()
            .openapi({ description: `shown to recipients as text; at most ${MAX_NAME_LENGTH} characters` }),
        })
        .strict()
        .refine((b) => b.receiptMails !== undefined || b.name !== undefined, {
          message: 'give receiptMails, name or both',
        }),
    ),
  },
  responses: {
    200: { description: 'The account', content: { 'application/json': { schema: accountSchema } } },
    400: problem('Invalid body'),
    401: problem('Not signed in'),
  },
});

/** The account as GET /v1/account shows it, with the receipt setting. */
export async function accountWithSettings(deps: Pick<AppDeps, 'db'>, accountId: string) {
  const account = await getAccount(deps.db, accountId);
  return { ...account, receiptMails: await receiptMailsEnabled(deps.db, accountId) };
}

export function gatewaySettingsRoutes(deps: AppDeps) {
  return createRouter().openapi(update, async (c) => {
    const account = c.get('account');
    const body = c.req.valid('json');
    if (body.name !== undefined) {
      await setName(deps.db, account.id, checkName(body.name ?? '') ?? null, deps.now());
    }
    if (body.receiptMails !== undefined) {
      await setReceiptMails(deps.db, account.id, body.receiptMails, deps.now());
    }
    c.get('log').info(
      { accountId: account.id, receiptMails: body.receiptMails, name: body.name !== undefined },
      'account settings changed',
    );
    return c.json(await accountWithSettings(deps, account.id), 200);
  });
}
