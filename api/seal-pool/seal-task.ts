import { SealInputError, seal } from '../seal/index';
import type { SealInput, SealOptions, SealResult } from '../seal/types';

// What one worker thread runs: the pure sealing core, unchanged. Errors cross the thread boundary as
// data, since a thrown SealInputError would arrive as a plain Error and lose what it means.

export interface SealTask {
  input: SealInput;
  options: SealOptions;
}

export type SealOutcome =
  | { ok: true; result: SealResult }
  | { ok: false; inputError: boolean; message: string };

export async function sealTask(task: SealTask): Promise<SealOutcome> {
  try {
    return { ok: true, result: await seal(task.input, task.options) };
  } catch (err) {
    return {
      ok: false,
      inputError: err instanceof SealInputError,
      message: err instanceof Error ? err.message : String(err),
    };
  }
}
