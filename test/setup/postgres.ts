import { postgres } from './requirements';

// The global setup of the postgres tier (vitest.config.ts).
export default postgres;
