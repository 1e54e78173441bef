// Every table, in one module: drizzle's schema object, the migrations generator and the types all
// read from here. Add a line per new table file.
export * from './accounts';
export * from './api-keys';
export * from './columns';
export * from './idempotency-keys';
export * from './login-failures';
export * from './login-locks';
export * from './message-recipients';
export * from './message-resends';
export * from './message-sms';
export * from './messages';
export * from './outbox';
export * from './sealed-copies';
export * from './send-reservations';
export * from './sessions';
export * from './signup-attempts';
export * from './verification-tokens';
