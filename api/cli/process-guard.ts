import type { Logger } from '../log';

// What `serve` does with an error nobody caught. A rejected promise nobody awaited is a missed
// `.catch`: the request or attempt it belonged to has failed, the rest of the process is fine, so it
// is logged and the service goes on (Node would otherwise end the process). An exception thrown to
// the top of the event loop leaves state half-changed (Node's docs: "not safe to resume normal
// operation"): it is logged, the service gets a few seconds to stop cleanly (PGlite closes its files),
// and the process exits with 70 (EX_SOFTWARE) so the supervisor (systemd, a container restart
// policy; README "Running it") starts it again. The outbox keeps every accepted message meanwhile.

export const crashExitCode = 70;

export interface GuardOptions {
  log: Logger;
  /** Stops the service cleanly; bounded by `stopWithinMs`. */
  stop: () => Promise<void>;
  stopWithinMs?: number;
  exit?: (code: number) => void;
}

/** Installs the handlers; returns the function that removes them again (a clean stop). */
export function guardProcess(options: GuardOptions): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let crashing = false;

  const onRejection = (reason: unknown) => {
    options.log.error({ err: reason }, 'unhandled promise rejection (the service goes on)');
  };

  const onException = (err: Error) => {
    options.log.fatal({ err }, 'uncaught exception: stopping, the supervisor restarts the service');
    if (crashing) return;
    crashing = true;
    const timer = setTimeout(() => finish(), options.stopWithinMs ?? 5_000);
    timer.unref();
    options
      .stop()
      .catch((stopErr: unknown) => options.log.error({ err: stopErr }, 'clean stop after a crash failed'))
      .finally(() => finish());
    function finish() {
      clearTimeout(timer);
      options.log.flush();
      exit(crashExitCode);
    }
  };

  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
