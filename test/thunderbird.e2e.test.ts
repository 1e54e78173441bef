import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GECKO_ID } from '../thunderbird-ext/package-config';
import type { FitReport } from '../thunderbird-ext/src/test-hook-ui';
import { readXpi } from '../thunderbird-ext/xpi';
import { extractWith7z, nthAttachment, parseSealed, pdfToText, requireTool } from './helpers/sealed';
import { requireThunderbird } from './helpers/thunderbird';
import { ACCOUNT, startThunderbirdSetup, type ThunderbirdSetup } from './thunderbird-harness';

// End to end in Debian's real Thunderbird (headless) against the running service: the extension
// seals a compose window through the popup's code path, and its onBeforeSend guard turns a normal
// Send of a draft marked confidential into a sealed one. Thunderbird's own SMTP server is the same
// sink the service relays to, so a mail Thunderbird sent in clear would be caught there.

const pdfBytes = Buffer.from('%PDF-1.4\n% Befund für Herrn Müller\n%%EOF\n', 'utf8');
const csvBytes = Buffer.from([0, 1, 2, 250, 251, 252, 10, 13, 255]);

let setup: ThunderbirdSetup;

beforeAll(async () => {
  await requireThunderbird();
  await requireTool('7z');
  await requireTool('pdftotext');
  setup = await startThunderbirdSetup();
}, 180_000);

afterAll(async () => {
  await setup?.close();
});

interface Sealed {
  id: string;
  password: string;
  status: string;
  recipients: { address: string; status: string }[];
  sms: { phone: string; status: string }[];
}

async function openSealed(raw: Buffer, password: string) {
  const sealed = await parseSealed(raw);
  return {
    sealed,
    files: await extractWith7z(sealed.zip, password),
    pdf: await pdfToText(sealed.pdf, password),
  };
}

/** Thunderbird stamps what it sends itself; the service's sealed mail never carries this. */
const sentByThunderbird = (raw: Buffer) => /^User-Agent: Mozilla Thunderbird/im.test(raw.toString('latin1'));

describe('the Thunderbird extension in real Thunderbird', () => {
  it('is served by the service pointed at its PUBLIC_URL, without sources or the test hook', async () => {
    const res = await fetch(`${setup.baseUrl}/downloads/vertraulich-thunderbird.xpi`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-xpinstall');
    const files = await readXpi(new Uint8Array(await res.arrayBuffer()));
    const manifest = JSON.parse(Buffer.from(files.get('manifest.json') ?? '').toString()) as Record<
      string,
      unknown
    >;
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.browser_specific_settings).toEqual({
      gecko: { id: GECKO_ID, strict_min_version: '128.0' },
    });
    expect(manifest.host_permissions).toEqual(['http://127.0.0.1/*']);
    expect(manifest.permissions).toEqual(['compose', 'storage']);
    expect(JSON.parse(Buffer.from(files.get('config.json') ?? '').toString())).toEqual({
      serviceUrl: setup.baseUrl,
    });
    const names = [...files.keys()];
    expect(names.filter((n) => n.endsWith('.ts') || n.includes('node_modules'))).toEqual([]);
    expect(names).toEqual(
      expect.arrayContaining(['background.js', 'popup.html', 'popup.js', 'options.html']),
    );
    expect(Buffer.from(files.get('background.js') ?? '').toString()).not.toContain('test-hook.json');
  });

  it('seals a compose window with recipients, body and attachments through the popup and closes it', async () => {
    const { control, sink } = setup;
    const before = sink.messages.length;
    const tabId = await control.compose({
      to: ['bob@example.org', '+4917055555555@sms.local'],
      cc: ['carol@example.org'],
      subject: 'Befund Müller',
      body: 'Sehr geehrter Herr Müller,\nanbei Ihr Befund.\nGrüße',
      attachments: [
        { name: 'Befund.pdf', contentType: 'application/pdf', content: pdfBytes },
        { name: 'werte.csv', contentType: 'text/csv', content: csvBytes },
      ],
    });
    // The user clicks the toolbar button, signs in, adds a phone and presses "Seal and send",
    // without the tick (that one is for Thunderbird's own Send).
    await control.openPopup(tabId);
    await control.ui('popup', [
      { fill: '#email', value: ACCOUNT.email },
      { fill: '#password', value: ACCOUNT.password },
      { click: '#signin-button' },
      { fill: '#phones', value: '0171 2345678' },
      { click: '#send' },
    ]);
    // The result window shows the password; the compose tab is gone. After "Spell it out" the
    // password, its spelling and every delivery line are all in view, nothing scrolled.
    const [password = '', status = '', fit = ''] = await control.ui('result.html', [
      { read: '#password' },
      { read: '#status', until: '+491712345678' },
      { click: '#spell' },
      { fits: '#password, #spelling li, #status li' },
    ]);
    expect(password).toMatch(/^[A-Za-z2-9]{3,8}(-[A-Za-z2-9]{3,8})+$/);
    expect(status).toContain('bob@example.org');
    const report = JSON.parse(fit) as FitReport;
    const groups = password.split('-').length;
    // At least the password, a spelling line per group, two mail and two SMS lines were measured.
    expect(report.measured).toBeGreaterThanOrEqual(1 + groups + 4);
    expect(report.outside).toEqual([]);
    expect(report.scrollHeight).toBeLessThanOrEqual(report.viewport.height);
    expect((await control.tabs()).some((t) => t.id === tabId)).toBe(false);

    const [mail] = (await sink.waitFor(before + 1, 60_000)).slice(before);
    if (!mail) throw new Error('no mail reached the sink');
    expect(mail.to.sort()).toEqual(['bob@example.org', 'carol@example.org']);
    expect(sentByThunderbird(mail.raw)).toBe(false);
    expect(mail.raw.toString('latin1')).not.toContain('Befund M');
    const { files, pdf } = await openSealed(mail.raw, password);
    expect(nthAttachment(files, 1, 'pdf')).toEqual(pdfBytes);
    expect(nthAttachment(files, 2, 'csv')).toEqual(csvBytes);
    expect(pdf).toContain('anbei Ihr Befund.');
    expect(pdf).toContain('Befund Müller');

    // Both phones got the password: the …@sms.local recipient and the one typed into the popup.
    const sms = (await readFile(path.join(setup.dataDir, 'sms-outbox.jsonl'), 'utf8')).trim().split('\n');
    const texts = sms.map((line) => JSON.parse(line) as { to: string; body: string });
    expect(texts.map((t) => t.to).sort()).toEqual(['+4917055555555', '+491712345678']);
    for (const t of texts) expect(t.body).toContain(password);
  }, 180_000);

  it('cancels the normal Send of an HTML draft marked confidential and seals it instead', async () => {
    const { control, sink } = setup;
    const before = sink.messages.length;
    const tabId = await control.compose({
      to: ['dave@example.org'],
      subject: 'Kontoauszug',
      html: '<p>Der Kontostand ist <b>geheim</b>: 4711 Euro.</p>',
      attachments: [{ name: 'auszug.csv', contentType: 'text/csv', content: csvBytes }],
    });
    // Signed in already by the test before; said again so this test stands on its own.
    await control.popup({ type: 'signIn', ...ACCOUNT });
    await control.popup({ type: 'choose', tabId, choices: { confidential: true } });
    const sent = await control.send(tabId);
    expect(sent.ok).toBe(false);
    if (!sent.ok) expect(sent.error).toMatch(/onBeforeSend/);

    const [mail] = (await sink.waitFor(before + 1, 60_000)).slice(before);
    if (!mail) throw new Error('no mail reached the sink');
    // Thunderbird's own send ended for good when it reported the cancel (sent.ok false above), and
    // the sealing closed the tab: no unsealed copy can follow, so only the sealed one is there.
    await expect.poll(async () => (await control.tabs()).some((t) => t.id === tabId)).toBe(false);
    const arrived = sink.messages.slice(before);
    expect(arrived).toHaveLength(1);
    expect(sentByThunderbird(mail.raw)).toBe(false);
    expect(mail.raw.toString('latin1')).not.toMatch(/Kontoauszug|4711/);

    const list = (await (await setup.api('/v1/messages?limit=1')).json()) as { messages: Sealed[] };
    const newest = list.messages[0];
    if (!newest) throw new Error('the service lists no message');
    const { files, pdf } = await openSealed(mail.raw, newest.password);
    expect(nthAttachment(files, 1, 'csv')).toEqual(csvBytes);
    expect(pdf).toMatch(/Der Kontostand ist geheim: 4711 Euro\./);
  }, 180_000);

  it('lets a draft not marked confidential go out normally (so the sink would catch an unsealed send)', async () => {
    const { control, sink } = setup;
    const before = sink.messages.length;
    const tabId = await control.compose({ to: ['erin@example.org'], subject: 'Mittagessen', body: 'Um 12?' });
    const sent = await control.send(tabId);
    expect(sent.ok).toBe(true);
    const [mail] = (await sink.waitFor(before + 1, 60_000)).slice(before);
    expect(mail && sentByThunderbird(mail.raw)).toBe(true);
    expect(mail?.raw.toString('utf8')).toContain('Subject: Mittagessen');
    // Thunderbird's own send and the sink wait up to 60 s each; under a full parallel suite the
    // default 60 s for the whole test cut it off once (CI dry run), as the tests above allow 180 s.
  }, 180_000);
});
