// The part of fs-native-extensions (no types of its own) that db/data-dir-lock.ts uses.
declare module 'fs-native-extensions' {
  /** An exclusive (or shared) advisory lock on the open file; false when another holder has it. */
  export function tryLock(fd: number, options?: { shared?: boolean }): boolean;
  export function unlock(fd: number): void;
}
