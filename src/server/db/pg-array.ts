/**
 * A PostgreSQL array literal (`{…}`) to send as one text parameter, for the batch statements that take
 * their rows as parallel arrays (`unnest($1::bigint[], $2::text[], …)`). node-postgres builds the same
 * literal from a JS array, but element by element, at a cost intake's rate cannot afford (docs/decisions/0003-batch-statements.md).
 *
 * Every string is quoted, with backslashes and double quotes escaped (so a nested literal such as
 * `{1,2}` stays one element); null and undefined are NULL; numbers, bigints and booleans are written as
 * they print; a Date in ISO 8601 form (UTC). Anything else is a programming error.
 */
const NEEDS_ESCAPE = /[\\"]/;
const ESCAPED = /[\\"]/g;

export function arrayLiteral(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i) out += ',';
    const v = values[i];
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'string') out += NEEDS_ESCAPE.test(v) ? `"${v.replace(ESCAPED, '\\$&')}"` : `"${v}"`;
    else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') out += String(v);
    else if (v instanceof Date) out += `"${v.toISOString()}"`;
    else throw new TypeError(`arrayLiteral: unsupported element ${Object.prototype.toString.call(v)}`);
  }
  return `${out}}`;
}
