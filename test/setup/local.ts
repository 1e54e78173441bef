import { local } from './requirements';

// The global setup of the local tier (vitest.config.ts).
export default local;
