import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sharedPhrasesBody, sharedPhrasesParams, sharedPhrasesResponse, sharedPhrasesSchema } from '../../../shared/api/phrases.ts';
import { inScope } from '../../../shared/scope.ts';
import type { AppContext } from '../../app-context.ts';
import { DomainError } from '../../errors.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { listSharedPhrases, saveSharedPhrases } from './shared-phrase.queries.ts';

/** 100 phrases of 200 characters, JSON-escaped: far below this. */
const BODY_LIMIT = 256 * 1024;

/** `/api/shared-phrases`: the district's stock phrases for everyone (公共常用语), kept by its admin. */
export function sharedPhraseRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db } = ctx;
  const tags = ['phrases'];
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    // Everyone who reads the catalogue (every case worker and the admin; not the auditor, who types no case text).
    app.get('/api/shared-phrases', {
      config: { access: 'categories.read' },
      schema: {
        tags,
        summary: '公共常用语 Shared stock phrases',
        description: '调用者所在（或所辖）各区的公共常用语，填写描述与回复时与个人常用语并列提供。 The shared phrases of the districts the caller works in, offered beside their own when they type a description or a reply.',
        response: { 200: sharedPhrasesResponse },
      },
    }, async (req) => ({ items: await listSharedPhrases(db, actorOf(req).scopes) }));

    app.put('/api/shared-phrases/:districtCode', {
      config: { access: 'categories.manage', errors: ['DIVISION_NOT_FOUND'] },
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: '保存公共常用语（整份） Save a district’s shared stock phrases (the whole list)',
        description: '只能修改本人管辖范围覆盖的区。 Only a district the caller’s scope covers.',
        params: sharedPhrasesParams,
        body: sharedPhrasesBody,
        response: { 200: sharedPhrasesSchema },
      },
    }, async (req) => {
      const actor = actorOf(req);
      // Another district's list is not theirs to see or change: unseen → 404.
      if (!inScope(actor.scopes, req.params.districtCode)) throw new DomainError('DIVISION_NOT_FOUND', { code: req.params.districtCode });
      return saveSharedPhrases(db, req.params.districtCode, req.body.phrases, actor.userId);
    });
  };
}
