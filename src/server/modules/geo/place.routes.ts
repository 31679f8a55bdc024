import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { placeListResponse, placeQuery } from '../../../shared/api/geo.ts';
import type { AppContext } from '../../app-context.ts';
import { actorOf } from '../../http/auth-hooks.ts';

/** `GET /api/places`: the hotline intake form's address search (geo/places.ts). */
export function placeRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/api/places', {
      config: { access: 'divisions.read' },
      schema: {
        tags: ['divisions'],
        summary: '地点搜索（街道、社区、单元网格） Search places: streets, communities, unit grids',
        description: '按名称中的连续文字（中文子串，不支持拼音）或编码中的数字查找区、街道、社区和单元网格：完全相同的在前，其次是以其开头的，再次是包含的；' +
          '同级按区、街道、社区、网格及编码排序。每项给出范围内部的代表点（WGS-84，可直接作为上报位置，落在该区划自己的网格内）和外包框。' +
          '范围同 /api/divisions：本人数据范围内的区划、网格，及包含其范围的上级区划。数据中没有道路、部件、地标等其他地名。' +
          ' Finds districts, streets, communities and unit grids by part of a name (Chinese substring; no pinyin) or digits of a code: exact matches first,' +
          ' then those starting with it, then those containing it. Each has a representative point inside it (WGS-84, fit for a report’s position, inside one' +
          ' of its own grids) and its bounding box. Scoped as /api/divisions. The data holds no roads, components or landmarks.',
        querystring: placeQuery,
        response: { 200: placeListResponse },
      },
    }, async (req) => {
      const found = await ctx.grids.places.search(actorOf(req).scopes, req.query.q, req.query.limit);
      return { items: found.map(({ keys: _keys, ...p }) => p) };
    });
  };
}
