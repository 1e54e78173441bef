import { createRoute, z } from '@hono/zod-openapi';
import { verifyLogin } from '../../accounts/login';
import { createSession, endSession } from '../../accounts/sessions';
import type { AppDeps } from '../env';
import { clientIp, requireAuth } from '../middleware';
import { createRouter } from '../router';
import { clearSessionCookie, setSessionCookie, wantsSessionCookie } from '../session-cookie';
import { emailField, jsonBody, passwordField, problem } from './schemas';

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  summary: 'Sign in: a session token for Authorization: Bearer',
  request: { body: jsonBody(z.object({ email: emailField, password: passwordField })) },
  responses: {
    200: {
      description: 'Signed in',
      content: {
        'application/json': {
          schema: z.object({ token: z.string(), expiresAt: z.string().openapi({ format: 'date-time' }) }),
        },
      },
    },
    400: problem('Invalid body'),
    401: problem('Wrong email address or password'),
    429: problem('Locked after too many failures; see Retry-After'),
  },
});

const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  summary: 'End the session of this token',
  security: [{ bearer: [] }],
  middleware: [requireAuth] as const,
  responses: { 204: { description: 'Signed out' }, 401: problem('Not signed in') },
});

export function authRoutes(deps: AppDeps) {
  return createRouter()
    .openapi(login, async (c) => {
      const { email, password } = c.req.valid('json');
      const account = await verifyLogin(deps, email, password, clientIp(c));
      const session = await createSession(deps.db, account.id, deps.now());
      c.get('log').info({ accountId: account.id, sessionId: session.id }, 'signed in');
      if (wantsSessionCookie(c)) setSessionCookie(c, session.token, session.expiresAt);
      return c.json({ token: session.token, expiresAt: session.expiresAt.toISOString() }, 200);
    })
    .openapi(logout, async (c) => {
      const credential = c.get('credential');
      // An API key is not a session: logging out with one ends nothing (revoke the key instead).
      if (credential.kind === 'session') await endSession(deps.db, credential.sessionId);
      clearSessionCookie(c);
      return c.body(null, 204);
    });
}
