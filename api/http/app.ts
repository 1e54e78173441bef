import type { OpenAPIHono } from '@hono/zod-openapi';
import { mount } from 'hono/mount';
import { requestId } from 'hono/request-id';
import type { AppDeps, AppEnv } from './env';
import { AppError, handleError } from './errors';
import { refuseNul } from './hostile-input';
import { bodyLimits, newRequestId, requestLog } from './middleware';
import { createRouter } from './router';
import { gatewaySettingsRoutes } from './routes/account-settings';
import { accountRoutes } from './routes/accounts';
import { addinRoutes } from './routes/addin';
import { apiKeyRoutes } from './routes/api-keys';
import { authRoutes } from './routes/auth';
import { docsRoutes } from './routes/docs';
import { downloadsRoutes } from './routes/downloads';
import { healthRoutes } from './routes/health';
import { messageReportRoutes } from './routes/message-reports';
import { messageRoutes } from './routes/messages';
import { openRoutes } from './routes/open';
import { portalRoutes } from './routes/portal';
import { replyRoutes } from './routes/replies';
import { webhookRoutes } from './routes/webhooks';
import { securityHeaders } from './security-headers';

// The whole HTTP service as one Hono app, built from its dependencies (api/http/env.ts). server.ts
// serves it; tests call app.request() on it. Each part registers its routes below with one line.
//
// Under a path prefix (PUBLIC_URL=https://host/vertraulich, a reverse proxy passing the path through
// unchanged) the same app is mounted there and sees its paths without the prefix; its pages and
// clients use URLs relative to the page, so nothing inside needs to know the prefix.

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = serviceApp(deps);
  const prefix = new URL(deps.config.publicUrl).pathname.replace(/\/+$/, '');
  if (!prefix) return app;
  const outer = createRouter();
  const outside = securityHeaders({ publicUrl: deps.config.publicUrl });
  outer.use((c, next) =>
    c.req.path === prefix || c.req.path.startsWith(`${prefix}/`) ? next() : outside(c, next),
  );
  // The portal's relative asset links need the trailing slash; `/` outside the prefix leads there.
  outer.get('/', (c) => c.redirect(`${prefix}/`, 302));
  outer.get(prefix, (c) => c.redirect(`${prefix}/`, 308));
  outer.all(`${prefix}/*`, mount(app.fetch));
  outer.notFound((c) =>
    handleError(
      new AppError('not_found', `Nothing at ${c.req.method} ${c.req.path}: the service is under ${prefix}/.`),
      c,
    ),
  );
  outer.onError(handleError);
  return outer;
}

function serviceApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = createRouter();

  app.use(requestId({ generator: newRequestId }));
  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set('log', deps.log.child({ requestId: c.get('requestId') }));
    await next();
  });
  app.use(requestLog);
  app.use(securityHeaders({ publicUrl: deps.config.publicUrl }));
  app.use(bodyLimits(deps.config.maxAttachmentBytes));
  app.use(refuseNul);

  // Routes: one line each.
  app.route('/', healthRoutes(deps));
  app.route('/', openRoutes());
  app.route('/v1', authRoutes(deps));
  app.route('/v1', accountRoutes(deps));
  app.route('/v1', gatewaySettingsRoutes(deps));
  app.route('/v1', apiKeyRoutes(deps));
  app.route('/v1', messageRoutes(deps));
  app.route('/v1', replyRoutes(deps));
  app.route('/v1', webhookRoutes(deps));
  app.route('/v1', messageReportRoutes(deps));
  app.route('/', docsRoutes());
  app.route('/', portalRoutes());
  app.route('/', addinRoutes({ publicUrl: deps.config.publicUrl }));
  app.route('/', downloadsRoutes({ publicUrl: deps.config.publicUrl }));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A session token from POST /v1/auth/login or an API key',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'vertraulich',
      version: '1',
      description: 'Confidential email: seal, send and look up messages.',
    },
    servers: [{ url: deps.config.publicUrl }],
  });

  app.notFound((c) => handleError(new AppError('not_found', `Nothing at ${c.req.method} ${c.req.path}.`), c));
  app.onError(handleError);
  return app;
}
