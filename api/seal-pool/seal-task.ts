import { type SealRequest, sealOptions } from '../i18n/seal-texts';
import { SealInputError, seal } from '../seal/index';
import type { SealInput, SealResult } from '../seal/types';

// What one worker thread runs: the pure sealing core, unchanged. The task names a language, and the
// worker takes its texts from the catalog itself (functions cannot cross the thread boundary). Errors
// cross it as data, since a thrown SealInputError would arrive as a plain Error and lose what it means.

export interface SealTask {
  input: SealInput;
  options: SealRequest;
}

export type SealOutcome =
  | { ok: true; result: SealResult }
  | { ok: false; inputError: boolean; message: string };

export async function sealTask(task: SealTask): Promise<SealOutcome> {
  try {
    return { ok: true, result: await seal(task.input, sealOptions(task.options)) };
  } catch (err) {
    return {
      ok: false,
      inputError: err instanceof SealInputError,
      message: err instanceof Error ? err.message : String(err),
    };
  }
}
