import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/addin-browser';
import { createTestApp, type TestApp } from './helpers/app';

// /openapi.json is generated from the routes' zod schemas, and /docs renders it in Chromium from
// this server alone: any request elsewhere (a CDN) is refused and would fail the test.

describe('API reference', () => {
  let t: TestApp;
  let server: ServerType;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await t?.close();
  });

  it('describes the message routes in OpenAPI 3.1 from their schemas', async () => {
    const doc = (await (await t.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths['/v1/messages'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/v1/messages/{id}']?.get?.responses).toHaveProperty('404');
    expect(doc.paths['/v1/messages']?.post?.responses).toHaveProperty('413');
    expect(Object.keys(doc.components.schemas.SendMessage?.properties ?? {})).toEqual(
      expect.arrayContaining(['to', 'cc', 'bcc', 'subject', 'text', 'html', 'attachments', 'sms', 'options']),
    );
    expect(Object.keys(doc.components.schemas.SentMessage?.properties ?? {}).sort()).toEqual(
      ['id', 'password', 'recipients', 'sms', 'status'].sort(),
    );
  });

  it('renders /docs offline, with every file from this server', async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(base)) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    const res = await page.goto(`${base}/docs`);
    expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.getByText('/v1/messages/{id}').first().waitFor({ timeout: 30_000 });
    await page.getByText('Seal a message, send it, and record it').first().click();
    await page.getByText('Idempotency-Key', { exact: false }).first().waitFor({ timeout: 10_000 });
    expect(foreign).toEqual([]);
    await page.close();
  });
});
