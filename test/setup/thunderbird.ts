import { thunderbird } from './requirements';

// The global setup of the thunderbird tier (vitest.config.ts).
export default thunderbird;
