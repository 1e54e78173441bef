// The test build's background script: the real one, plus the hook an end-to-end test drives.
import './background';
import { startTestHook } from './test-hook';

void startTestHook();
