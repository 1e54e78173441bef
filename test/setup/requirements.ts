import { execFileSync } from 'node:child_process';
import net from 'node:net';

// What each test tier needs on the machine (vitest.config.ts gives each project its own global
// setup below). A missing tool stops the run with its name and the Debian package, never skips
// tests quietly; a tier never demands what only another tier uses, so `npm run test:unit` runs
// without a browser, Thunderbird or a database server.

/** The readers the tests open sealed mail with, as recipients do. */
const readers: Array<[command: string, debianPackage: string]> = [
  ['7z', 'p7zip-full'],
  ['bsdtar', 'libarchive-tools'],
  ['qpdf', 'qpdf'],
  ['pdftotext', 'poppler-utils'],
  ['xmllint', 'libxml2-utils'],
];

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function postgresReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: 5432 });
    socket.setTimeout(3000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function check(tools: Array<[string, string]>, options: { postgres?: boolean } = {}): Promise<void> {
  const problems = tools
    .filter(([command]) => !has(command))
    .map(([command, pkg]) => `missing tool: ${command} (apt-get install -y ${pkg})`);
  if (options.postgres && !(await postgresReachable())) {
    problems.push('PostgreSQL is not reachable on 127.0.0.1:5432 (the postgres tier runs on it)');
  }
  if (problems.length > 0) throw new Error(`The test suite cannot run:\n  ${problems.join('\n  ')}`);
}

/** unit and pglite tiers: the readers and swaks (the gateway tests submit with it). */
export const local = () => check([...readers, ['swaks', 'swaks']]);
/** postgres tier: also the PostgreSQL server. */
export const postgres = () => check([...readers, ['swaks', 'swaks']], { postgres: true });
/** browser tier: Chromium, driven by playwright-core. */
export const browser = () => check([...readers, ['chromium', 'chromium']]);
/** thunderbird tier: Debian's Thunderbird (and Chromium for the pages some of them open). */
export const thunderbird = () => check([...readers, ['thunderbird', 'thunderbird'], ['swaks', 'swaks']]);
