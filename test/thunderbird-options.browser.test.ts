import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ExtensionPages, startExtensionPages } from './helpers/thunderbird-pages';

// The options page in Chromium over the fake host: a self-hosted service address is checked, its host
// permission asked for, and stored; the built-in address comes back with one button.

let pages: ExtensionPages;

beforeAll(async () => {
  pages = await startExtensionPages();
}, 120_000);

afterAll(async () => {
  await pages?.close();
});

const stored = (opened: Awaited<ReturnType<ExtensionPages['open']>>) =>
  opened.page.evaluate(async () => {
    const m = (
      globalThis as unknown as { messenger: { storage: { local: { get(k: string[]): Promise<unknown> } } } }
    ).messenger;
    return m.storage.local.get(['serviceUrl']);
  });

it('refuses an address that is not a web address, and changes nothing', async () => {
  const opened = await pages.open({
    page: 'options.html',
    lang: 'en',
    serviceUrl: 'https://built.in',
    host: {},
  });
  const field = opened.page.getByLabel('Address of the vertraulich service');
  await expect.poll(() => field.inputValue(), { timeout: 20_000 }).toBe('https://built.in');
  await field.fill('ftp://files.example');
  await opened.page.getByRole('button', { name: 'Save' }).click();
  await expect
    .poll(() => opened.page.getByRole('alert').textContent(), { timeout: 20_000 })
    .toContain('That is not a web address');
  expect(await stored(opened)).toEqual({});
  expect((await opened.record()).permissionRequests).toEqual([]);
  expect(opened.errors).toEqual([]);
});

it('asks for the host permission of a new address, stores it, and goes back to the built-in one', async () => {
  const opened = await pages.open({
    page: 'options.html',
    lang: 'de',
    serviceUrl: 'https://built.in',
    host: {},
  });
  const field = opened.page.getByLabel('Adresse des vertraulich-Dienstes');
  await expect.poll(() => field.inputValue(), { timeout: 20_000 }).toBe('https://built.in');
  await field.fill('https://mail.example.org:8443/');
  await opened.page.getByRole('button', { name: 'Speichern' }).click();
  await expect
    .poll(() => opened.page.getByRole('status').textContent(), { timeout: 20_000 })
    .toBe('Gespeichert.');
  expect(await stored(opened)).toEqual({ serviceUrl: 'https://mail.example.org:8443' });
  expect((await opened.record()).permissionRequests).toEqual([['https://mail.example.org/*']]);

  await opened.page.getByRole('button', { name: 'Zurück zur eingebauten Adresse' }).click();
  await expect.poll(() => field.inputValue(), { timeout: 20_000 }).toBe('https://built.in');
  expect(await stored(opened)).toEqual({});
  expect(opened.errors).toEqual([]);
});
