import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { connectMarionette, type MarionetteClient } from './thunderbird-marionette';

// Runs Debian's real Thunderbird headless for end-to-end tests: a temp HOME and profile, one mail
// account whose identity sends through the SMTP server you name, extensions installed as
// <profile>/extensions/<id>.xpi (extensions.autoDisableScopes 0, warnings-as-errors on), then
// `thunderbird --headless --no-remote --profile DIR`. With an SMTP password (or `marionette: true`)
// it also starts Marionette, because Thunderbird reads SMTP passwords only from its login manager.

export interface SmtpSettings {
  host: string;
  port: number;
  /** With a user, Thunderbird authenticates (AUTH PLAIN/LOGIN, "normal password"). */
  user?: string;
  password?: string;
  /** 'none' (default), 'starttls' or 'tls' (implicit TLS). */
  security?: 'none' | 'starttls' | 'tls';
}

export interface ThunderbirdOptions {
  smtp: SmtpSettings;
  identity?: { email: string; name: string };
  extensions?: { id: string; xpi: Uint8Array }[];
  /** Extra user.js prefs (they win over the harness's). */
  prefs?: Record<string, string | number | boolean>;
  /** UI language, e.g. 'de' or 'en-US' (intl.locale.requested; only installed locales apply). */
  locale?: string;
  marionette?: boolean;
}

export interface RunningThunderbird {
  home: string;
  profile: string;
  process: ChildProcess;
  /** Marionette, when asked for or needed for the SMTP password. */
  marionette: MarionetteClient | undefined;
  /** Everything Thunderbird printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

const run = promisify(execFile);

/** Fails, naming the tool, when Thunderbird is not installed (tests never skip). */
export async function requireThunderbird(): Promise<string> {
  try {
    const { stdout } = await run('thunderbird', ['--version']);
    return stdout.trim();
  } catch {
    throw new Error('thunderbird is not installed (apt-get install thunderbird); this test needs it');
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

function prefLine(name: string, value: string | number | boolean): string {
  return `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`;
}

/** Thunderbird's nsMsgSocketType: 0 plain, 2 STARTTLS required, 3 implicit TLS. */
const socketType = { none: 0, starttls: 2, tls: 3 } as const;

export function profilePrefs(options: ThunderbirdOptions, marionettePort?: number): string {
  const identity = options.identity ?? { email: 'alice@example.org', name: 'Alice Example' };
  const smtp = options.smtp;
  const prefs: Record<string, string | number | boolean> = {
    // Extensions from the profile folder, enabled without asking; a manifest warning is an error.
    'extensions.autoDisableScopes': 0,
    'extensions.enabledScopes': 15,
    'extensions.webextensions.warnings-as-errors': true,
    'xpinstall.signatures.required': false,
    // Keep the test hook's event page alive for the whole test (default idle timeout is 30 s).
    'extensions.background.idle.timeout': 600_000,
    // No first-run dialogs, update checks, telemetry or start page.
    'mail.shell.checkDefaultClient': false,
    'mail.provider.suppress_dialog_on_startup': true,
    'mailnews.start_page.enabled': false,
    'mail.spotlight.firstRunDone': true,
    'app.update.auto': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'mail.rights.override': true,
    // One POP3 account that never connects (it only carries the identity) plus Local Folders.
    'mail.accountmanager.accounts': 'account1,account2',
    'mail.accountmanager.defaultaccount': 'account1',
    'mail.accountmanager.localfoldersserver': 'server2',
    'mail.account.account1.identities': 'id1',
    'mail.account.account1.server': 'server1',
    'mail.account.account2.server': 'server2',
    'mail.server.server1.type': 'pop3',
    'mail.server.server1.hostname': '127.0.0.1',
    'mail.server.server1.port': 1,
    'mail.server.server1.userName': identity.email,
    'mail.server.server1.name': identity.email,
    'mail.server.server1.login_at_startup': false,
    'mail.server.server1.check_new_mail': false,
    'mail.server.server1.directory-rel': '[ProfD]Mail/pop',
    'mail.server.server2.type': 'none',
    'mail.server.server2.hostname': 'Local Folders',
    'mail.server.server2.userName': 'nobody',
    'mail.server.server2.name': 'Local Folders',
    'mail.server.server2.directory-rel': '[ProfD]Mail/Local Folders',
    'mail.identity.id1.useremail': identity.email,
    'mail.identity.id1.fullName': identity.name,
    'mail.identity.id1.smtpServer': 'smtp1',
    'mail.identity.id1.compose_html': false,
    // The outgoing server under test.
    'mail.smtpservers': 'smtp1',
    'mail.smtp.defaultserver': 'smtp1',
    'mail.smtpserver.smtp1.hostname': smtp.host,
    'mail.smtpserver.smtp1.port': smtp.port,
    'mail.smtpserver.smtp1.try_ssl': socketType[smtp.security ?? 'none'],
    // nsMsgAuthMethod: 1 none, 3 password sent in clear (inside TLS, or on loopback in tests).
    'mail.smtpserver.smtp1.authMethod': smtp.user ? 3 : 1,
    'mail.smtpserver.smtp1.username': smtp.user ?? '',
  };
  if (options.locale) prefs['intl.locale.requested'] = options.locale;
  if (marionettePort !== undefined) prefs['marionette.port'] = marionettePort;
  Object.assign(prefs, options.prefs);
  return `${Object.entries(prefs)
    .map(([k, v]) => prefLine(k, v))
    .join('\n')}\n`;
}

export async function startThunderbird(options: ThunderbirdOptions): Promise<RunningThunderbird> {
  await requireThunderbird();
  const home = await mkdtemp(path.join(tmpdir(), 'vertraulich-tb-'));
  const profile = path.join(home, 'profile');
  await mkdir(path.join(profile, 'extensions'), { recursive: true });
  const useMarionette = options.marionette === true || options.smtp.password !== undefined;
  const marionettePort = useMarionette ? await freePort() : undefined;
  await writeFile(path.join(profile, 'user.js'), profilePrefs(options, marionettePort));
  for (const ext of options.extensions ?? []) {
    await writeFile(path.join(profile, 'extensions', `${ext.id}.xpi`), ext.xpi);
  }
  const args = ['--headless', '--no-remote', '--profile', profile];
  // Chrome-context scripts need system access since Gecko 138 (the login manager is chrome-only).
  if (useMarionette) args.push('--marionette', '--remote-allow-system-access');
  // A temp folder of its own as well: Thunderbird writes a message it sends to $TMPDIR/nsemail.eml,
  // and two instances sending at once (test files in parallel) took each other's file away, so one
  // send never ended.
  const tmp = path.join(home, 'tmp');
  await mkdir(tmp);
  const child = spawn('thunderbird', args, {
    env: { ...process.env, HOME: home, TMPDIR: tmp, MOZ_HEADLESS: '1', MOZ_CRASHREPORTER_DISABLE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    // Gtk's complaints about the missing screen are noise in headless mode.
    const text = chunk.toString('utf8');
    output += text
      .split('\n')
      .filter((l) => l.trim() && !/Gtk-CRITICAL|gtk_icon_theme|GDK_IS_SCREEN|GTK_IS_ICON/.test(l))
      .map((l) => `${l}\n`)
      .join('');
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let marionette: MarionetteClient | undefined;
  const stop = async () => {
    marionette?.close();
    if (child.exitCode === null && child.pid !== undefined) {
      // The whole process group: Thunderbird's content processes go with it.
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const killer = setTimeout(() => {
        if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
      }, 5_000);
      await exited;
      clearTimeout(killer);
    }
    await rm(home, { recursive: true, force: true });
  };

  try {
    if (marionettePort !== undefined) {
      marionette = await connectMarionette(marionettePort, 90_000, () => child.exitCode !== null);
      if (options.smtp.user && options.smtp.password !== undefined) {
        await marionette.addSmtpLogin(options.smtp.host, options.smtp.user, options.smtp.password);
      }
    }
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\nThunderbird said:\n${output}`);
  }
  return { home, profile, process: child, marionette, output: () => output, stop };
}
