// How long the sealed mail of a message is kept for "send again" (api/messages/sealed-copies.ts,
// swept by api/accounts/housekeeping.ts): 30 days after it was sent.
export const SEALED_RETENTION_MS = 30 * 24 * 60 * 60_000;
