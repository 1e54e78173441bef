import { browser } from './requirements';

// The global setup of the browser tier (vitest.config.ts).
export default browser;
