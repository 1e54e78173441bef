import { execFileSync } from 'node:child_process';
import net from 'node:net';

// The suite opens sealed mail the way recipients do and drives real browsers and mail programs.
// A missing tool must stop the run with its name and the Debian package, never skip tests quietly.
const tools: Array<[command: string, debianPackage: string]> = [
  ['7z', 'p7zip-full'],
  ['bsdtar', 'libarchive-tools'],
  ['qpdf', 'qpdf'],
  ['pdftotext', 'poppler-utils'],
  ['xmllint', 'libxml2-utils'],
  ['chromium', 'chromium'],
  ['thunderbird', 'thunderbird'],
  ['swaks', 'swaks'],
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

export default async function checkRequiredTools(): Promise<void> {
  const missing = tools.filter(([command]) => !has(command));
  const problems = missing.map(([command, pkg]) => `missing tool: ${command} (apt-get install -y ${pkg})`);
  if (!(await postgresReachable())) {
    problems.push('PostgreSQL is not reachable on 127.0.0.1:5432 (the tests run on PGlite and PostgreSQL)');
  }
  if (problems.length > 0) {
    throw new Error(`The test suite cannot run:\n  ${problems.join('\n  ')}`);
  }
}
