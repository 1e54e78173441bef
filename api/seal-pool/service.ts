import type { Service } from '../lifecycle';

// `serve` starts the sealing workers right away, so the first message after start does not wait
// seconds for them to load the sealing code and fonts. The pool itself belongs to the context
// (api/context.ts), which closes it after every service has stopped.

export const sealPoolService: Service = {
  name: 'sealing',
  async start({ deps, log }) {
    deps.sealer.warmUp().catch((err: unknown) => log.warn({ err }, 'sealing workers did not warm up'));
    const { workers, capacity } = deps.sealer.load();
    return {
      describe: [
        `sealing: ${workers} worker thread(s), up to ${capacity} messages at once (sealing or waiting)`,
      ],
      stop: async () => {},
    };
  },
};
