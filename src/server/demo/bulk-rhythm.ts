/**
 * The city's rhythm (DOMAIN §9) for the bulk demo history (bulk-history.ts) and bench:intake: when reports
 * come in, what they are about at each hour, and how a reporter describes each.
 */

type CategoryPick = [code: string, weight: number];
/** Categories by hour of day (Asia/Shanghai). */
export function categoriesAt(hour: number): CategoryPick[] {
  if (hour >= 6 && hour < 9) return [['09006', 30], ['09001', 15], ['06010', 25], ['06042', 20], ['06014', 10]];
  if (hour >= 9 && hour < 18) return [['09005', 25], ['06036', 15], ['07001', 15], ['06010', 15], ['09009', 10], ['06001', 5], ['06011', 5], ['08004', 5], ['01002', 2], ['07003', 3]];
  if (hour >= 18 && hour < 23) return [['09006', 30], ['06029', 20], ['06027', 15], ['09001', 15], ['06010', 10], ['07001', 10]];
  return [['08011', 35], ['06014', 30], ['08012', 20], ['06010', 15]];
}

/** Reports per hour of day (Asia/Shanghai), relative. */
export const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 5, 9, 9, 8, 7, 6, 4, 5, 6, 6, 6, 5, 6, 7, 7, 5, 3, 2];

export function weighted<T>(rand: () => number, items: Array<[T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1]![0];
}

export const DEMO_DESCRIPTIONS: Record<string, string> = {
  '09006': '路口有流动摊贩占道经营，影响通行',
  '09001': '无照游商沿街叫卖',
  '06010': '路边有暴露垃圾',
  '06042': '垃圾箱满溢，周边散落垃圾',
  '06014': '道路上有渣土遗撒',
  '09005': '商铺超出门窗店外经营',
  '06036': '人行道上乱堆杂物',
  '07001': '电线杆和墙面张贴非法小广告',
  '09009': '机动车占用人行道乱停放',
  '06001': '小区内新搭建彩钢板房',
  '06011': '空地积存建筑垃圾渣土',
  '08004': '工地未覆盖，扬尘明显',
  '01002': '污水井盖缺失，存在安全隐患',
  '07003': '违规设置户外广告牌',
  '06029': '夜间露天烧烤，油烟扰民',
  '06027': '餐馆油烟直排',
  '08011': '渣土车未密闭运输',
  '08012': '工地出口车轮带泥上路',
};
