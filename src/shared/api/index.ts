/**
 * The API contract shared by the server and the web: request and response schemas as they travel,
 * the vocabulary, and the error codes with their messages. IO-free: imports nothing from the server
 * (the lint rule checks), so a browser bundle can import it whole.
 */
export * from './audit.ts';
export * from './auth.ts';
export * from './cases.ts';
export * from './categories.ts';
export * from './desk.ts';
export * from './errors.ts';
export * from './fields.ts';
export * from './geo.ts';
export * from './health.ts';
export * from './notifications.ts';
export * from './org.ts';
export * from './overview.ts';
export * from './photos.ts';
export * from './phrases.ts';
export * from './preferences.ts';
export * from './public.ts';
export * from './security.ts';
export * from './security-summary.ts';
export * from './settings.ts';
export * from './text.ts';
export * from './users.ts';
export * from './validation.ts';
export * from './vocabulary.ts';
export * from './web.ts';
