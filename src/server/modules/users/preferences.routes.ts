import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { preferencesPatchSchema, preferencesSchema } from '../../../shared/api/preferences.ts';
import type { AppContext } from '../../app-context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { getPreferences, savePreferences, type SavedPreferences } from './preferences.service.ts';

/** The largest preferences document a save takes (30 filters, 100 phrases, columns: far below this). */
const PREFERENCES_BODY_LIMIT = 256 * 1024;

/** `/api/me/preferences`: the signed-in person's own preferences; there is no way to name anyone else's. */
export function preferencesRoutes(ctx: AppContext): FastifyPluginAsync {
  const { db } = ctx;
  const tags = ['me'];
  const described = '每位登录用户只能读写自己的偏好。语言（language）也决定服务器回复此用户错误信息的语言（优先于 Accept-Language）。' +
    ' Each signed-in person reads and writes only their own. The language is also the one the server answers their errors in (before Accept-Language).';
  // A new language must reach this app's cached sign-ins at once (other processes: the trigger's NOTIFY, migration 0018).
  const saved = (r: SavedPreferences) => {
    if (r.languageChanged) ctx.state.auth.clear();
    return r.preferences;
  };
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get('/api/me/preferences', {
      config: { access: 'authenticated' },
      schema: { tags, summary: '我的偏好设置 My preferences', description: `尚未保存时返回默认值。 The defaults until the first save. ${described}`, response: { 200: preferencesSchema } },
    }, async (req) => getPreferences(db, actorOf(req).userId));

    app.put('/api/me/preferences', {
      config: { access: 'authenticated' },
      bodyLimit: PREFERENCES_BODY_LIMIT,
      schema: {
        tags,
        summary: '保存偏好设置（整份） Save my preferences (the whole document)',
        description: `整份替换；任一部分不合规则返回 400，且不做任何修改。 Replaces the whole document; anything invalid is a 400 and changes nothing. ${described}`,
        body: preferencesSchema,
        response: { 200: preferencesSchema },
      },
    }, async (req) => saved(await savePreferences(db, actorOf(req).userId, req.body, { patch: false })));

    app.patch('/api/me/preferences', {
      config: { access: 'authenticated' },
      bodyLimit: PREFERENCES_BODY_LIMIT,
      schema: {
        tags,
        summary: '修改部分偏好设置 Change part of my preferences',
        description: `给出的部分整体替换已保存的部分（如 savedFilters 整个列表），未给出的不变；返回整份。 Each part given replaces the stored part whole (savedFilters: the whole list); the rest stays; answers the whole document. ${described}`,
        body: preferencesPatchSchema,
        response: { 200: preferencesSchema },
      },
    }, async (req) => saved(await savePreferences(db, actorOf(req).userId, req.body, { patch: true })));
  };
}
