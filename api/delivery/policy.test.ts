import { describe, expect, it } from 'vitest';
import { backoffDelay, defaultRetryPolicy, mayRetry, type RetryPolicy } from './policy';

const policy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 5, maxAgeMs: 3_600_000 };

describe('retry policy', () => {
  it('doubles the delay with each attempt up to the cap', () => {
    expect([1, 2, 3, 4, 10].map((a) => backoffDelay(policy, a, 0.5))).toEqual([
      1000, 2000, 4000, 8000, 60_000,
    ]);
  });

  it('spreads retries by ±20 %', () => {
    expect(backoffDelay(policy, 3, 0)).toBe(3200);
    expect(backoffDelay(policy, 3, 0.999)).toBeGreaterThan(4700);
  });

  it('gives up after max attempts or max age', () => {
    const created = new Date('2026-01-01T00:00:00Z');
    expect(mayRetry(policy, 4, created, new Date('2026-01-01T00:10:00Z'))).toBe(true);
    expect(mayRetry(policy, 5, created, new Date('2026-01-01T00:10:00Z'))).toBe(false);
    expect(mayRetry(policy, 1, created, new Date('2026-01-01T01:00:00Z'))).toBe(false);
  });

  it('by default keeps trying for about a day before the age limit', () => {
    let total = 0;
    for (let a = 1; a < defaultRetryPolicy.maxAttempts; a++)
      total += backoffDelay(defaultRetryPolicy, a, 0.5);
    expect(total).toBeGreaterThan(6 * 60 * 60_000);
    expect(total).toBeLessThan(defaultRetryPolicy.maxAgeMs);
  });
});
