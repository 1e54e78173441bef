import { sealOptions } from '../i18n/seal-texts';
import { seal } from '../seal/index';
import type { SealPool } from './index';

// The in-process stand-in for the pool (STYLE.md "Every adapter has a fake"): seal() on the calling
// thread, no limit. Tests that do not measure the pool use it, since each worker thread spends
// seconds loading the sealing code and fonts; `serve` always runs the real pool.

export function createInlineSealer(): SealPool {
  let admitted = 0;
  return {
    async seal(input, options) {
      admitted += 1;
      try {
        return await seal(input, sealOptions(options));
      } finally {
        admitted -= 1;
      }
    },
    warmUp: async () => {},
    load: () => ({ admitted, capacity: Number.POSITIVE_INFINITY, workers: 0 }),
    close: async () => {},
  };
}
