/**
 * Default local settings for the national category table (DOMAIN §3, §5). Every value is editable by
 * an administrator; these are what a district bureau typically starts from.
 */
import type { ClockType, UnitType, Urgency } from '../../../shared/org.ts';

export interface CategorySettings {
  defaultUnitType: UnitType | null;
  timeLimit: number | null;
  clockType: ClockType;
  urgency: Urgency;
  filingConditions: string;
  closingConditions: string;
  requiresAfterPhoto: boolean;
  /** A citizen may pick it when reporting through the public channel (公众可选). */
  isPublic: boolean;
}

export interface CategoryRow extends CategorySettings {
  kind: 'component' | 'event';
  code: string;
  name: string;
  majorCode: string;
  majorName: string;
  source: string;
  isExtension: boolean;
}

/** The common 城管 problems a citizen picks from, in plain words: public unless the admin says otherwise. */
export const PUBLIC_EVENT_CODES: readonly string[] = ['06010', '06042', '06036', '06014', '09006', '09001', '09005', '09009', '06029', '06027', '07001', '07003', '06001', '08004', '01002', '06013'];

export const STANDARD_SOURCE = 'GB/T 47678.5-2026（非官方转录 unofficial transcription）';

type Override = Partial<CategorySettings>;
const wh = (h: number, unit: UnitType, more: Override = {}): Override => ({ timeLimit: h, clockType: 'workingHours', defaultUnitType: unit, ...more });
const wd = (d: number, unit: UnitType, more: Override = {}): Override => ({ timeLimit: d, clockType: 'workingDays', defaultUnitType: unit, ...more });

/** Frequent 城管 events (DOMAIN §3) with limits in the range published practice uses (DOMAIN §5). */
const EVENT_OVERRIDES: Record<string, Override> = {
  '06001': wd(15, 'enforcementSquad', { filingConditions: '新发现的、未经审批的临时或永久建（构）筑物', closingConditions: '违法建设已拆除或已依法立案查处' }),
  '06010': wh(4, 'sanitation', { filingConditions: '公共区域可见的暴露垃圾、堆积物', closingConditions: '垃圾清运完毕，地面无残留' }),
  '06011': wd(3, 'sanitation', { closingConditions: '垃圾渣土清运完毕，场地清洁' }),
  '06012': wh(2, 'sanitation'),
  '06014': wh(2, 'sanitation', { closingConditions: '遗撒物清理干净，路面洁净' }),
  '06027': wd(5, 'enforcementSquad'),
  '06029': wh(2, 'enforcementSquad', { closingConditions: '烧烤设施撤离，现场清洁' }),
  '06036': wd(1, 'streetOffice'),
  '06042': wh(2, 'sanitation', { closingConditions: '垃圾已清运，站（箱）周边清洁' }),
  '07001': wd(1, 'streetOffice', { closingConditions: '小广告清除干净，无残留痕迹' }),
  '07003': wd(5, 'enforcementSquad'),
  '08004': wd(1, 'housing'),
  '08011': wd(1, 'enforcementSquad'),
  '08012': wh(4, 'enforcementSquad'),
  '09001': wh(2, 'enforcementSquad', { closingConditions: '游商已劝离，现场恢复秩序' }),
  '09005': wh(4, 'enforcementSquad', { closingConditions: '店外经营物品已收回店内' }),
  '09006': wh(2, 'enforcementSquad', { closingConditions: '占道摊点已撤离，道路恢复通行' }),
  '09009': wh(4, 'traffic'),
  '10001': wh(8, 'sanitation'),
  '10002': wh(4, 'telecom', { urgency: 'urgent', clockType: 'emergency' }),
};

const MAJOR_UNIT: Record<string, UnitType> = { '01': 'municipal', '02': 'traffic', '03': 'sanitation', '04': 'landscaping', '05': 'other' };

/** Utility owners by the asset's name: a gas manhole goes to the gas company, not to 市政. */
function unitByName(name: string, fallback: UnitType): UnitType {
  if (/燃气|输油/.test(name)) return 'gas';
  if (/供水|中水|消防栓/.test(name)) return 'water';
  if (/电力|电缆|变压器|配电/.test(name)) return 'power';
  if (/通信|电视|网络|邮政/.test(name)) return 'telecom';
  if (/信号灯|交通|公交|停车|护栏/.test(name)) return 'traffic';
  if (/园林|绿|树/.test(name)) return 'landscaping';
  return fallback;
}

export function defaultSettings(kind: 'component' | 'event', code: string, name: string): CategorySettings {
  const major = code.slice(0, 2);
  const base: CategorySettings = {
    defaultUnitType: null,
    timeLimit: 3,
    clockType: 'workingDays',
    urgency: 'normal',
    filingConditions: '',
    closingConditions: '',
    requiresAfterPhoto: kind === 'event',
    isPublic: kind === 'event' && PUBLIC_EVENT_CODES.includes(code),
  };
  if (kind === 'component' || Number(major) <= 5) {
    base.defaultUnitType = unitByName(name, MAJOR_UNIT[major] ?? 'other');
    // An open or broken manhole cover or drain grate endangers people: urgent, on the continuous clock.
    if (/井盖|箅子/.test(name)) Object.assign(base, { urgency: 'urgent', clockType: 'emergency', timeLimit: 2, closingConditions: '井盖（箅子）已恢复或已设置警示并完成更换' });
    return base;
  }
  const byMajor: Record<string, UnitType> = { '06': 'streetOffice', '07': 'streetOffice', '08': 'housing', '09': 'enforcementSquad', '10': 'streetOffice' };
  base.defaultUnitType = byMajor[major] ?? 'other';
  return { ...base, ...EVENT_OVERRIDES[code] };
}

/**
 * Local extension categories (the standard allows them): the 2026 table has no 突发事件 class, but a
 * bureau needs a place for collapse, flooding and the like. Major 11 is outside the national range.
 */
export const LOCAL_EXTENSIONS: Array<Pick<CategoryRow, 'code' | 'name'> & Override> = [
  { code: '11001', name: '道路塌陷', defaultUnitType: 'municipal' },
  { code: '11002', name: '路面积水内涝', defaultUnitType: 'municipal' },
  { code: '11003', name: '火灾隐患', defaultUnitType: 'other' },
  { code: '11004', name: '燃气泄漏', defaultUnitType: 'gas' },
  { code: '11005', name: '树木倒伏', defaultUnitType: 'landscaping' },
  { code: '11006', name: '广告牌等设施坠落风险', defaultUnitType: 'enforcementSquad' },
];

export function extensionRows(): CategoryRow[] {
  return LOCAL_EXTENSIONS.map((e) => ({
    kind: 'event',
    code: e.code,
    name: e.name,
    majorCode: '11',
    majorName: '突发事件类（本地扩展）',
    source: 'local',
    isExtension: true,
    defaultUnitType: e.defaultUnitType ?? null,
    timeLimit: 2,
    clockType: 'emergency',
    urgency: 'urgent',
    filingConditions: '危及人身财产安全的突发情况，立即立案',
    closingConditions: '险情已排除或已设置警示并移交专业单位',
    requiresAfterPhoto: true,
    // A citizen calls the hotline for these: the public form is not the way to report a danger.
    isPublic: false,
  }));
}
