import { createRoute, z } from '@hono/zod-openapi';
import {
  type AccountMailQueue,
  buildAccountMail,
  mailLanguage,
  outboxAccountMail,
} from '../../accounts/account-mail';
import { changePassword, deleteAccount } from '../../accounts/accounts';
import { MAX_NAME_LENGTH } from '../../accounts/names';
import { resendVerification, signUp } from '../../accounts/sign-up';
import { verifyAddress } from '../../accounts/verification';
import type { AppDeps } from '../env';
import { clientIp, requireAuth } from '../middleware';
import { createRouter } from '../router';
import { clearSessionCookie } from '../session-cookie';
import { accountWithSettings } from './account-settings';
import { accountSchema, emailField, jsonBody, passwordField, problem } from './schemas';

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const signedIn = { security: [{ bearer: [] as string[] }], middleware: requireAuth };

const signUpRoute = createRoute({
  method: 'post',
  path: '/accounts',
  summary: 'Self sign-up (free plan): unverified until the mailed link is opened',
  description:
    'Makes an unverified account and mails a one-time link (48 hours) to the address; nothing can be sent before it is opened. A taken address gets the same answer, and its owner a mail instead.',
  request: {
    body: jsonBody(
      z.object({
        email: emailField,
        password: passwordField.openapi({ description: 'at least 10 characters' }),
        name: z
          .string()
          .max(10 * MAX_NAME_LENGTH)
          .optional()
          .openapi({ description: `shown to recipients as text; at most ${MAX_NAME_LENGTH} characters` }),
      }),
    ),
  },
  responses: {
    201: json(accountSchema, 'Created (or the address was taken: the same answer)'),
    400: problem('Invalid body'),
    429: problem('Too many sign-ups from this client address; see Retry-After'),
  },
});

const verify = createRoute({
  method: 'post',
  path: '/accounts/verify',
  summary: 'Confirm the address with the token of the mailed link',
  request: { body: jsonBody(z.object({ token: z.string().min(1).max(200) })) },
  responses: {
    204: { description: 'The address is proven: sending works now' },
    400: problem('Unknown, used or expired token'),
  },
});

const resend = createRoute({
  method: 'post',
  path: '/accounts/verify/resend',
  summary: 'Mail the confirmation link again (at most once a minute, 5 a day)',
  ...signedIn,
  responses: {
    204: { description: 'Sent (nothing to do when the address is proven already)' },
    401: problem('Not signed in'),
    429: problem('Asked too soon or too often; see Retry-After'),
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
    429: problem('Locked after too many wrong passwords; see Retry-After'),
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
    429: problem('Locked after too many wrong passwords; see Retry-After'),
  },
});

/** Account mails (the confirmation link, "someone tried to sign up") go out like every other mail. */
function accountMailQueue(deps: AppDeps): AccountMailQueue {
  return outboxAccountMail(deps);
}

function accountMailDeps(deps: AppDeps) {
  return {
    db: deps.db,
    now: deps.now,
    mail: accountMailQueue(deps),
    mailFrom: deps.config.mailFrom,
    publicUrl: deps.config.publicUrl,
    signupsPerIpPerHour: deps.config.limits.signupsPerIpPerHour,
  };
}

export function accountRoutes(deps: AppDeps) {
  return createRouter()
    .openapi(signUpRoute, async (c) => {
      const body = c.req.valid('json');
      const account = await signUp(accountMailDeps(deps), {
        email: body.email,
        password: body.password,
        name: body.name,
        language: mailLanguage(c.req.header('accept-language')),
        ip: clientIp(c),
      });
      // Logged for a taken address too, so the log does not tell either (the id is then nobody's).
      c.get('log').info({ accountId: account.id }, 'sign-up');
      return c.json(account, 201);
    })
    .openapi(verify, async (c) => {
      const accountId = await verifyAddress(deps.db, c.req.valid('json').token, deps.now());
      c.get('log').info({ accountId }, 'address verified');
      return c.body(null, 204);
    })
    .openapi(resend, async (c) => {
      await resendVerification(
        accountMailDeps(deps),
        c.get('account'),
        mailLanguage(c.req.header('accept-language')),
      );
      return c.body(null, 204);
    })
    .openapi(me, async (c) => c.json(await accountWithSettings(deps, c.get('account').id), 200))
    .openapi(password, async (c) => {
      const body = c.req.valid('json');
      const credential = c.get('credential');
      const account = c.get('account');
      await changePassword(deps.db, account.id, {
        currentPassword: body.currentPassword,
        newPassword: body.newPassword,
        keepSessionId: credential.kind === 'session' ? credential.sessionId : undefined,
        now: deps.now(),
        ip: clientIp(c),
      });
      // The receipt to the account's address; the change stands even if the mail cannot go out now.
      const receipt = await buildAccountMail({
        kind: 'password-changed',
        language: mailLanguage(c.req.header('accept-language')),
        to: account.email,
        link: deps.config.publicUrl,
        mailFrom: deps.config.mailFrom,
        now: deps.now(),
      });
      await accountMailQueue(deps)
        .enqueue(receipt)
        .catch((err: unknown) =>
          c.get('log').warn({ err, accountId: account.id }, 'password receipt not sent'),
        );
      c.get('log').info({ accountId: account.id }, 'password changed');
      return c.body(null, 204);
    })
    .openapi(remove, async (c) => {
      const account = c.get('account');
      await deleteAccount(deps.db, account.id, c.req.valid('json').password, {
        ip: clientIp(c),
        now: deps.now,
      });
      c.get('log').info({ accountId: account.id }, 'account deleted');
      clearSessionCookie(c);
      return c.body(null, 204);
    });
}
