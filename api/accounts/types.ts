import type { Plan } from '../../db/schema/accounts';

// Who is calling, as every door (HTTP, SMTP gateway) finds it after checking a credential.

/** The signed-in caller. */
export interface CurrentAccount {
  id: string;
  email: string;
  name: string | null;
  plan: Plan;
  /** The address is proven (double opt-in, api/accounts/verification.ts): only then may it send. */
  verified: boolean;
}

export type Credential = { kind: 'session'; sessionId: string } | { kind: 'apiKey'; apiKeyId: string };
