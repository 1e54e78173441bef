import type { Service } from '../lifecycle';

// `serve` runs one delivery worker next to HTTP and the gateway. It starts before them, so the
// first messages find it polling, and stops after them, once they took their last message:
// stopping waits for attempts in flight; anything undelivered stays in the outbox for the next
// start. On the embedded database only this process can hold a lease, so every lease found at
// start-up is a dead process's: those jobs are due at once instead of after the lease.

export const deliveryService: Service = {
  name: 'delivery',
  async start({ deps, handle, log }) {
    if (handle.kind === 'pglite') {
      const taken = await deps.outbox.takeBackLeases(deps.now());
      if (taken > 0) log.info({ jobs: taken }, 'took back the leases of the last run');
    }
    deps.worker.start();
    return {
      describe: [`mail: ${deps.transport.description}`, `SMS: ${deps.sms.description}`],
      stop: () => deps.worker.stop(),
    };
  },
};
