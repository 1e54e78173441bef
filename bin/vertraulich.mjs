#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx's loader, so `npx vertraulich` works from a
// checkout without a separate compile step.
import { register } from 'tsx/esm/api';

register();
await import('../api/cli.ts');
