import { createRoute, z } from '@hono/zod-openapi';
import { changePassword, createAccount, deleteAccount } from '../../accounts/accounts';
import type { AppDeps } from '../env';
import { requireAuth } from '../middleware';
import { createRouter } from '../router';
import { clearSessionCookie } from '../session-cookie';
import { accountWithSettings } from './account-settings';
import { accountSchema, emailField, jsonBody, passwordField, problem } from './schemas';

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const signedIn = { security: [{ bearer: [] as string[] }], middleware: requireAuth };

const signUp = createRoute({
  method: 'post',
  path: '/accounts',
  summary: 'Self sign-up (free plan)',
  request: {
    body: jsonBody(
      z.object({
        email: emailField,
        password: passwordField.openapi({ description: 'at least 10 characters' }),
        name: z.string().trim().max(200).optional(),
      }),
    ),
  },
  responses: {
    201: json(accountSchema, 'Created'),
    400: problem('Invalid body'),
    409: problem('Address taken'),
  },
});

const me = createRoute({
  method: 'get',
  path: '/account',
  summary: 'The signed-in account',
  ...signedIn,
  responses: { 200: json(accountSchema, 'The account'), 401: problem('Not signed in') },
});

const password = createRoute({
  method: 'put',
  path: '/account/password',
  summary: 'Change the password; every other session ends',
  ...signedIn,
  request: { body: jsonBody(z.object({ currentPassword: passwordField, newPassword: passwordField })) },
  responses: {
    204: { description: 'Changed' },
    400: problem('Invalid body'),
    403: problem('Wrong current password'),
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/account',
  summary: 'Delete the account and all of its data',
  ...signedIn,
  request: { body: jsonBody(z.object({ password: passwordField })) },
  responses: {
    204: { description: 'Deleted' },
    400: problem('Invalid body'),
    403: problem('Wrong password'),
  },
});

export function accountRoutes(deps: AppDeps) {
  return createRouter()
    .openapi(signUp, async (c) => {
      const body = c.req.valid('json');
      const account = await createAccount(deps.db, {
        email: body.email,
        password: body.password,
        name: body.name,
      });
      c.get('log').info({ accountId: account.id }, 'account created');
      return c.json(account, 201);
    })
    .openapi(me, async (c) => c.json(await accountWithSettings(deps, c.get('account').id), 200))
    .openapi(password, async (c) => {
      const body = c.req.valid('json');
      const credential = c.get('credential');
      await changePassword(deps.db, c.get('account').id, {
        currentPassword: body.currentPassword,
        newPassword: body.newPassword,
        keepSessionId: credential.kind === 'session' ? credential.sessionId : undefined,
        now: deps.now(),
      });
      return c.body(null, 204);
    })
    .openapi(remove, async (c) => {
      const account = c.get('account');
      await deleteAccount(deps.db, account.id, c.req.valid('json').password);
      c.get('log').info({ accountId: account.id }, 'account deleted');
      clearSessionCookie(c);
      return c.body(null, 204);
    });
}
