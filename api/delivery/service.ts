import type { Service } from '../lifecycle';
import { createMessaging } from '../messages/service';

// `serve` runs one delivery worker next to HTTP and the gateway. It starts first, so the other
// services find `deps.messaging` (the one send path), and stops last, after they took their last
// message: stopping waits for attempts in flight; anything undelivered stays in the outbox and the
// next start picks it up.

export const deliveryService: Service = {
  name: 'delivery',
  async start({ config, deps, log }) {
    const messaging = await createMessaging({ config, db: deps.db, log, now: deps.now });
    deps.messaging = messaging;
    messaging.worker.start();
    return {
      describe: [`mail: ${messaging.transport.description}`, `SMS: ${messaging.sms.description}`],
      stop: () => messaging.close(),
    };
  },
};
