// Every table, in one module: drizzle's schema object, the migrations generator and the types all
// read from here. Add a line per new table file.
export * from './accounts';
export * from './api-keys';
export * from './columns';
export * from './login-failures';
export * from './login-locks';
export * from './sessions';
