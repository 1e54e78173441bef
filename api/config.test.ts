import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('starts on the embedded defaults of CONTRACT.md', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8787);
    expect(c.publicUrl).toBe('http://localhost:8787');
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.databaseUrl).toBeUndefined();
    expect(c.smtpUrl).toBeUndefined();
    expect(c.twilio).toBeUndefined();
    expect(c.mailFrom).toBe('vertraulich <noreply@localhost>');
    expect(c.smtpGatewayPort).toBe(2587);
    expect(c.maxAttachmentBytes).toBe(25 * 1024 * 1024);
  });

  it('takes SEAL_WORKERS, and leaves it to the number of cores when unset', () => {
    expect(loadConfig({ SEAL_WORKERS: '1' }).sealWorkers).toBe(1);
    expect(loadConfig({ SEAL_WORKERS: '' }).sealWorkers).toBeUndefined();
    expect(loadConfig({}).sealWorkers).toBeUndefined();
  });

  it('derives PUBLIC_URL from PORT and trims a trailing slash from a given one', () => {
    expect(loadConfig({ PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
    expect(loadConfig({ PUBLIC_URL: 'https://mail.example.de/' }).publicUrl).toBe('https://mail.example.de');
  });

  it('reads secrets from *_FILE', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vt-config-'));
    const file = path.join(dir, 'master');
    writeFileSync(file, `${Buffer.alloc(32, 7).toString('base64')}\n`);
    expect(loadConfig({ MASTER_KEY_FILE: file }).masterKey).toEqual(Buffer.alloc(32, 7));
  });

  it.each([
    'http://localhost:8787',
    'http://127.0.0.1:8787',
    'http://[::1]:8787',
    'https://vertraulich.example.de',
  ])('takes PUBLIC_URL %s (plain http only on loopback)', (url) => {
    expect(loadConfig({ PUBLIC_URL: url }).publicUrl).toBe(url);
  });

  describe.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'ftp://x' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'http://vertraulich.example.de' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'http://192.0.2.7:8787' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/x' }],
    ['SMTP_URL', { SMTP_URL: 'http://relay' }],
    ['MASTER_KEY', { MASTER_KEY: 'c2hvcnQ=' }],
    ['TWILIO_ACCOUNT_SID', { TWILIO_ACCOUNT_SID: 'AC123' }],
    ['TLS_CERT_FILE', { TLS_CERT_FILE: '/tmp/cert.pem' }],
    ['SMTP_GATEWAY_PORT', { SMTP_GATEWAY_PORT: '-1' }],
    ['MASTER_KEY_FILE', { MASTER_KEY_FILE: '/nonexistent/master.key' }],
    ['LIMIT_MESSAGES_PER_DAY_FREE', { LIMIT_MESSAGES_PER_DAY_FREE: 'many' }],
    ['LIMIT_RECIPIENTS_PER_MESSAGE', { LIMIT_RECIPIENTS_PER_MESSAGE: '0' }],
    ['LIMIT_SIGNUPS_PER_IP_PER_HOUR', { LIMIT_SIGNUPS_PER_IP_PER_HOUR: '-5' }],
    ['SMS_COUNTRIES', { SMS_COUNTRIES: 'DE,XX' }],
    ['SEAL_WORKERS', { SEAL_WORKERS: '0' }],
    ['SEAL_WORKERS', { SEAL_WORKERS: 'two' }],
  ])('a bad %s', (name, env) => {
    it('stops start-up with a message naming the variable', () => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(name);
    });
  });

  it('has the abuse limits of CONTRACT.md by default, and reads SMS_COUNTRIES', () => {
    expect(loadConfig({}).limits).toMatchObject({
      messagesPerDay: { free: 20, paid: 1000 },
      recipientsPerMessage: 50,
      smsPerDay: 200,
      signupsPerIpPerHour: 5,
      gatewayMaxClients: 100,
      gatewayConnectionsPerMinute: 30,
    });
    expect(loadConfig({}).limits.smsCountries).toEqual(
      expect.arrayContaining(['DE', 'AT', 'CH', 'GB', 'NO']),
    );
    expect(loadConfig({ SMS_COUNTRIES: ' de, at ' }).limits.smsCountries).toEqual(['DE', 'AT']);
    expect(loadConfig({ SMS_COUNTRIES: '*' }).limits.smsCountries).toBe('any');
  });
});
