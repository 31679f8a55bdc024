import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { photoClaimFields, photoParams, storedPhotoSchema } from '../../../shared/api/photos.ts';
import { requestLang } from '../../http/errors.ts';
import { fieldErrors } from '../../../shared/api/validation.ts';
import type { AppContext } from '../../app-context.ts';
import { DomainError } from '../../errors.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { storeStaffPhoto } from './commands/store-staff-photo.ts';
import { createPhotoStore, type PhotoStore } from './photo-store.ts';
import { getViewablePhoto } from './photo.queries.ts';
import { readUpload } from '../../http/upload.ts';

// Content-addressed: the bytes behind an id never change. Private: only staff allowed to see them may cache.
const CACHE = 'private, max-age=31536000, immutable';

export function photoRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db, config } = ctx;
  const store = createPhotoStore(config.filesDir);
  const now = () => ctx.now?.() ?? new Date();

  return async (base) => {
    // Registered here, not on the app: only this plugin's routes accept multipart bodies.
    await base.register(multipart, { limits: { fileSize: config.photoMaxBytes, files: 1, fields: 8, fieldSize: 100, parts: 9, headerPairs: 50 } });
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['photos'];

    app.post('/api/photos', {
      config: { access: 'cases.read', maxBodyBytes: config.photoMaxBytes + 64 * 1024, errors: ['PHOTO_FILE_MISSING', 'PHOTO_TYPE_UNSUPPORTED', 'PHOTO_TOO_LARGE', 'PHOTO_CORRUPT', 'PHOTO_PIXELS_TOO_MANY', 'PHOTO_METADATA_TOO_LARGE'] },
      schema: {
        tags,
        summary: '上传照片 Upload a photo',
        description:
          'multipart/form-data：字段 file（JPEG、PNG、WebP，按内容识别），可选 lng、lat（WGS-84）、accuracy（米）、capturedAt（ISO 8601，拍摄时间）。' +
          '工作人员照片保留原始文件（含 EXIF），并记录所报拍摄位置与时间；同一文件重复上传返回同一 id（SHA-256）。',
        consumes: ['multipart/form-data'],
        response: { 201: storedPhotoSchema },
      },
    }, async (req, reply) => {
      const { bytes, fields } = await readUpload(req, config.photoMaxBytes);
      const parsed = photoClaimFields.safeParse(fields);
      if (!parsed.success) {
        throw new DomainError('VALIDATION_FAILED', { fields: fieldErrors(parsed.error.issues, requestLang(req), 'body', fields) });
      }
      const photo = await storeStaffPhoto({ db, now }, store, actorOf(req), bytes, parsed.data, { maxBytes: config.photoMaxBytes });
      return reply.status(201).send(photo);
    });

    app.get('/api/photos/:id', {
      config: { access: 'cases.read', errors: ['NOT_FOUND'] },
      schema: { tags, summary: '获取照片原图 Fetch a photo', description: '本人上传的照片或可见案件引用的照片；否则 404。以上传返回的 thumbId 获取缩略图。', params: photoParams },
    }, async (req, reply) => {
      const photo = await getViewablePhoto(db, actorOf(req), req.params.id);
      // A thumbnail's own id (an upload's thumbId) fetches the thumbnail.
      if (photo && photo.id !== req.params.id) return sendBlob(reply, store, photo.thumbHash ?? undefined, 'image/jpeg');
      return sendBlob(reply, store, photo?.id, photo?.mime);
    });

    app.get('/api/photos/:id/thumb', {
      config: { access: 'cases.read', errors: ['NOT_FOUND'] },
      schema: { tags, summary: '获取照片缩略图 Fetch a photo thumbnail', description: '320 像素 JPEG，无元数据；权限同原图。', params: photoParams },
    }, async (req, reply) => {
      const photo = await getViewablePhoto(db, actorOf(req), req.params.id);
      return sendBlob(reply, store, photo?.thumbHash ?? undefined, 'image/jpeg');
    });
  };
}

async function sendBlob(reply: FastifyReply, store: PhotoStore, hash: string | undefined, mime: string | undefined) {
  const bytes = hash ? await store.getBlob(hash) : null;
  if (!bytes || !mime) throw new DomainError('NOT_FOUND');
  return reply
    .header('content-type', mime)
    .header('cache-control', CACHE)
    .header('etag', `"${hash}"`)
    .header('content-disposition', 'inline')
    .send(bytes);
}
