export {};

// `vertraulich <command>`: each command lives in api/cli/<command>.ts and exports `run(args)`.
// Machine-readable output is one JSON object on stdout; errors are plain words on stderr with a
// non-zero exit (CONTRACT.md "Command line").

const commands: Record<
  string,
  { summary: string; load: () => Promise<{ run(args: string[]): Promise<number> }> }
> = {
  serve: { summary: 'start the HTTP service and the SMTP gateway', load: () => import('./cli/serve') },
  seal: {
    summary:
      'seal one message offline: seal IN.eml [--out F] [--zip aes256|zipcrypto] [--lang de|en] [--include-original]',
    load: () => import('./cli/seal'),
  },
  account: { summary: 'account create|set-plan|unlock …', load: () => import('./cli/account') },
  migrate: { summary: 'bring the database schema up to date', load: () => import('./cli/migrate') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `usage: vertraulich <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  // Every command: what it writes (DATA_DIR, PGlite files, outboxes, sealed files) is for this user
  // alone, whatever umask the shell had (issue 14: umask 022 left the database files world-readable).
  process.umask(0o077);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`vertraulich: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    const mod = await command.load();
    return await mod.run(rest);
  } catch (err) {
    if (
      err instanceof Error &&
      (err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' &&
      err.message.includes(`cli/${name}`)
    ) {
      process.stderr.write(`vertraulich: '${name}' is not available in this build\n`);
      return 2;
    }
    process.stderr.write(`vertraulich ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
// `serve` keeps running: it returns only after the service has stopped.
process.exitCode = code;
