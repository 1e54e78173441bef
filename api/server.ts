import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { openDatabase } from '../db/client';
import { databaseUnavailableReason } from '../db/errors';
import { housekeepingService } from './accounts/housekeeping';
import type { Config } from './config';
import { type AppContext, closeContext, createContext } from './context';
import { deliveryService } from './delivery/service';
import { gatewayService } from './gateway/service';
import { createApp } from './http/app';
import type { RunningService, Service } from './lifecycle';
import type { Logger } from './log';
import { sealPoolService } from './seal-pool/service';

export type { RunningService, Service, ServiceContext } from './lifecycle';

// `vertraulich serve`: opens and migrates the database, builds the context once (api/context.ts),
// then starts each service in order and stops them in reverse, then closes the context and the
// database. Other parts plug in with one line in `services`.

function listen(server: ServerType): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => reject(err);
    server.once('error', fail);
    server.once('listening', () => {
      server.off('error', fail);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * A slow or stalled client cannot hold a socket for long: its headers within 10 s, the whole request
 * (a large upload) within 2 minutes (Node's defaults: 60 s and 5 minutes), checked every 2 s.
 */
export const httpTimeouts = {
  headersTimeout: 10_000,
  requestTimeout: 120_000,
  connectionsCheckingInterval: 2_000,
};

export const httpService: Service = {
  name: 'http',
  async start({ config, deps }) {
    const app = createApp(deps);
    const tls = config.tls
      ? { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }
      : undefined;
    const server = serve({
      fetch: app.fetch,
      port: config.port,
      serverOptions: { ...httpTimeouts, ...tls },
      ...(tls ? { createServer: createHttpsServer } : {}),
    });
    const address = await listen(server);
    const scheme = tls ? 'https' : 'http';
    return {
      describe: [`HTTP on ${scheme}://localhost:${address.port} (public URL ${config.publicUrl})`],
      stop: () =>
        new Promise<void>((resolve) => {
          // Finish requests in flight, drop idle keep-alive connections now, and cut the rest after 5 s.
          server.close(() => resolve());
          if ('closeIdleConnections' in server) server.closeIdleConnections();
          setTimeout(() => {
            if ('closeAllConnections' in server) server.closeAllConnections();
          }, 5000).unref();
        }),
    };
  },
};

/** Everything `serve` runs, in start order. */
export const services: Service[] = [
  sealPoolService,
  housekeepingService,
  deliveryService,
  httpService,
  gatewayService,
];

export interface RunningServer {
  describe: string[];
  stop(): Promise<void>;
}

export async function startServer(
  config: Config,
  log: Logger,
  now: () => Date = () => new Date(),
): Promise<RunningServer> {
  const handle = await openDatabase(config, {
    // A connection the server cut while idle (an outage, a restart); the pool makes a new one.
    onError: (err) =>
      log.warn({ reason: databaseUnavailableReason(err) ?? err.message }, 'database connection lost'),
  });
  const started: RunningService[] = [];
  let deps: AppContext | undefined;
  const stopAll = async () => {
    for (const s of started.reverse()) {
      try {
        await s.stop();
      } catch (err) {
        log.error({ err }, 'stopping a service failed');
      }
    }
    if (deps)
      await closeContext(deps).catch((err: unknown) => log.error({ err }, 'closing the context failed'));
    await handle.close();
  };
  try {
    await handle.migrate();
    deps = await createContext({ config, db: handle.db, log, now });
    for (const service of services) {
      started.push(await service.start({ config, deps, handle, log: log.child({ service: service.name }) }));
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
  const database =
    handle.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)';
  return { describe: [`database: ${database}`, ...started.flatMap((s) => s.describe)], stop: stopAll };
}
