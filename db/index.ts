// The database as the rest of the service sees it.
export { type Database, type DatabaseHandle, type DatabaseKind, openDatabase, type Schema } from './client';
export { DatabaseInUseError } from './data-dir-lock';
export * from './schema';
