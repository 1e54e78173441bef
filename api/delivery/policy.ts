// When to try a failed delivery again, and when to give up. Exponential backoff with jitter (so
// many messages deferred by one outage do not hit the relay in one burst), capped per step, and a
// final `failed` after max attempts or max age, whichever comes first.

export interface RetryPolicy {
  /** Delay after the first failed attempt. */
  baseDelayMs: number;
  /** Longest delay between two attempts. */
  maxDelayMs: number;
  maxAttempts: number;
  /** A row older than this is not tried again. */
  maxAgeMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  maxAttempts: 15,
  maxAgeMs: 3 * 24 * 60 * 60_000,
};

/** Delay before attempt `attempts + 1`, given `attempts` made so far (≥ 1). `random` in [0, 1). */
export function backoffDelay(policy: RetryPolicy, attempts: number, random: number = Math.random()): number {
  const exp = policy.baseDelayMs * 2 ** Math.max(0, attempts - 1);
  const capped = Math.min(policy.maxDelayMs, exp);
  // ±20 % jitter, never below half the base delay.
  return Math.max(policy.baseDelayMs / 2, Math.round(capped * (0.8 + 0.4 * random)));
}

/** True when a retryable failure should still be tried again. */
export function mayRetry(policy: RetryPolicy, attempts: number, createdAt: Date, now: Date): boolean {
  return attempts < policy.maxAttempts && now.getTime() - createdAt.getTime() < policy.maxAgeMs;
}
