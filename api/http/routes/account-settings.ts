import { createRoute, z } from '@hono/zod-openapi';
import { getAccount } from '../../accounts/accounts';
import { receiptMailsEnabled, setReceiptMails } from '../../gateway/receipt-store';
import type { AppDeps } from '../env';
import { requireAuth } from '../middleware';
import { createRouter } from '../router';
import { accountSchema, jsonBody, problem } from './schemas';

// PATCH /v1/account {receiptMails}: switches the receipt mail (the password after each message sent
// through the SMTP gateway) on or off. GET /v1/account shows the setting (api/http/routes/accounts.ts).

const update = createRoute({
  method: 'patch',
  path: '/account',
  summary: 'Change account settings: receipt mails for messages sent through the SMTP gateway',
  security: [{ bearer: [] as string[] }],
  middleware: requireAuth,
  request: {
    body: jsonBody(
      z
        .object({
          receiptMails: z.boolean().openapi({
            description: 'send a receipt mail with the password after each message through the SMTP gateway',
          }),
        })
        .strict(),
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
    await setReceiptMails(deps.db, account.id, body.receiptMails, deps.now());
    c.get('log').info({ accountId: account.id, receiptMails: body.receiptMails }, 'account settings changed');
    return c.json(await accountWithSettings(deps, account.id), 200);
  });
}
