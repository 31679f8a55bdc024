import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors.ts';

/** The one file (field `file`) and the text fields, whatever their order; multipart limits become photo errors. */
export async function readUpload(req: FastifyRequest, maxBytes: number): Promise<{ bytes: Buffer; fields: Record<string, string> }> {
  if (!req.isMultipart()) throw new DomainError('PHOTO_FILE_MISSING');
  let bytes: Buffer | undefined;
  const fields: Record<string, string> = {};
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname === 'file' && !bytes) bytes = await part.toBuffer();
        else part.file.resume();
      } else if (typeof part.value === 'string') {
        // Every text field is checked: an unknown one is refused by name, not ignored.
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new DomainError('PHOTO_TOO_LARGE', { maxMb: Math.round((maxBytes / 1048576) * 10) / 10 });
    if (code === 'FST_FILES_LIMIT') throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'body.file', key: 'oneFile' }] });
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PROTO_VIOLATION') throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'body', key: 'tooManyFields' }] });
    throw err;
  }
  if (!bytes) throw new DomainError('PHOTO_FILE_MISSING');
  return { bytes, fields };
}
