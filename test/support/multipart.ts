import { randomBytes } from 'node:crypto';

/** A multipart/form-data body: text fields, then (optionally) files under their field names. */
export function multipart(file: { bytes: Buffer; name: string; type: string; field?: string } | null, fields: Record<string, string> = {}, more: Array<{ bytes: Buffer; name: string; type: string; field?: string }> = []) {
  const boundary = `----gc${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of [...(file ? [file] : []), ...more]) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'file'}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`));
    parts.push(f.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
