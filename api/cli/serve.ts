import { DatabaseInUseError } from '../../db/data-dir-lock';
import { ConfigError, loadConfig } from '../config';
import { prepareDataDir, privateFiles } from '../data-dir';
import { createLogger } from '../log';
import { startServer } from '../server';
import { guardProcess } from './process-guard';

// `vertraulich serve` (and `npm start`): runs until SIGINT or SIGTERM, then stops cleanly.

export async function run(args: string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write(`vertraulich serve: takes no arguments (configure it with environment variables)\n`);
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
    prepareDataDir(config.dataDir);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`vertraulich serve: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const log = createLogger({ level: config.logLevel });
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(config, log);
  } catch (err) {
    if (err instanceof DatabaseInUseError) {
      process.stderr.write(`vertraulich serve: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const unguard = guardProcess({ log, stop: () => server.stop() });
  process.stderr.write(`vertraulich is running:\n${server.describe.map((l) => `  ${l}`).join('\n')}\n`);

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`vertraulich: ${signal}, stopping\n`);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve();
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
  await server.stop();
  // PGlite wrote its files 0666 while running (inside the 0700 DATA_DIR): leave them 0600.
  privateFiles(config.dataDir);
  unguard();
  log.flush();
  return 0;
}
