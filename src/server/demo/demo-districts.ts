/**
 * The demo's districts: 管城回族区 (410104, from the public division lists in data/) and, on request, a
 * schematic 金水区 (410105, jinshui-source.ts) beside it — each with its bureau's units and its demo
 * sign-ins — and the city (4101) whose leader sees both.
 */
import type { Role } from '../../shared/roles.ts';
import type { UnitType } from '../../shared/org.ts';
import { loadDefaultDistrictSource } from '../modules/geo/district-source.ts';
import type { DistrictSource } from '../modules/geo/geo.types.ts';
import { jinshuiSource, JINSHUI_CODE } from './jinshui-source.ts';
import { GUANCHENG_SPARSE_STREETS } from './schematic.ts';

export interface DemoLogin {
  username: string;
  role: Role;
  displayName: string;
  note: string;
}

export interface UnitSpec {
  code: string;
  name: string;
  type: UnitType;
  areaCode: string;
  calendar: 'office' | 'everyDay' | 'centre';
  staff: number;
  role: Role;
}

export interface DemoDistrict {
  code: string;
  name: string;
  /** The bureau that manages it (divisions.managed_by). */
  bureau: string;
  /** Put before every username of its roster, so two districts' staff never share a name ('' for the first). */
  prefix: string;
  source(dataDir: string): Promise<DistrictSource>;
  sparseStreets: readonly string[];
  /** District-wide units: the two centres, departments and utilities. */
  departments: UnitSpec[];
  /** One sign-in per staff role the district has (`${prefix}supervisor` … `${prefix}officer` among them). */
  logins: DemoLogin[];
}

export const DEMO_CITY = { code: '4101', name: '郑州市' } as const;

/** Grids one supervisor patrols; real rosters range from ~30 to ~100 unit grids per person. */
export const GRIDS_PER_SUPERVISOR = 60;

function departments(d: string, names: Record<string, string>): UnitSpec[] {
  const u = (code: string, type: UnitType, calendar: UnitSpec['calendar'], staff: number, role: Role): UnitSpec => ({ code, name: names[code]!, type, areaCode: d, calendar, staff, role });
  return [
    u('JDZX', 'supervisionCenter', 'centre', 0, 'receiver'),
    u('ZHZX', 'commandCenter', 'centre', 0, 'dispatcher'),
    u('SZ', 'municipal', 'office', 3, 'handler'),
    u('HW', 'sanitation', 'everyDay', 4, 'handler'),
    u('YL', 'landscaping', 'office', 2, 'handler'),
    u('ZJ', 'housing', 'office', 2, 'handler'),
    u('GS', 'water', 'office', 2, 'handler'),
    u('GD', 'power', 'office', 2, 'handler'),
    u('RQ', 'gas', 'everyDay', 2, 'handler'),
    u('TX', 'telecom', 'office', 2, 'handler'),
    u('JJ', 'traffic', 'everyDay', 2, 'handler'),
  ];
}

export const GUANCHENG: DemoDistrict = {
  code: '410104',
  name: '管城回族区',
  bureau: '管城回族区城市管理局',
  prefix: '',
  source: (dataDir) => loadDefaultDistrictSource(dataDir, '410104'),
  sparseStreets: GUANCHENG_SPARSE_STREETS,
  departments: departments('410104', {
    JDZX: '管城回族区数字化城市管理监督中心', ZHZX: '管城回族区数字化城市管理指挥中心', SZ: '区市政工程管理处', HW: '区环境卫生管理处',
    YL: '区园林绿化管理处', ZJ: '区住房和城乡建设局', GS: '郑州自来水管城营业所', GD: '国网郑州供电公司管城供电部', RQ: '郑州华润燃气管城分公司',
    TX: '管城区通信管线联合办公室', JJ: '郑州市公安局交警支队管城大队',
  }),
  logins: [
    { username: 'admin', role: 'admin', displayName: '系统管理员', note: '管理网格、类别、单位、用户' },
    { username: 'auditor', role: 'auditor', displayName: '安全审计员', note: '只读安全日志' },
    { username: 'leader', role: 'leader', displayName: '王局长', note: '区城管局领导' },
    { username: 'receiver', role: 'receiver', displayName: '李受理', note: '监督中心受理员' },
    { username: 'shiftleader', role: 'shiftLeader', displayName: '张值班', note: '监督中心值班长' },
    { username: 'dispatcher', role: 'dispatcher', displayName: '赵派遣', note: '指挥中心派遣员' },
    { username: 'supervisor', role: 'supervisor', displayName: '刘监督', note: '北下街街道新华社区网格监督员' },
    { username: 'handler', role: 'handler', displayName: '陈处置', note: '北下街街道办事处处置人员' },
    { username: 'unitleader', role: 'handler', displayName: '周主任', note: '北下街街道办事处单位负责人，可指派本单位案件' },
    { username: 'officer', role: 'officer', displayName: '孙队员', note: '北下街执法中队队员' },
  ],
};

export const JINSHUI: DemoDistrict = {
  code: JINSHUI_CODE,
  name: '金水区',
  bureau: '金水区城市管理局',
  prefix: 'js-',
  source: async () => jinshuiSource(),
  sparseStreets: [],
  departments: departments(JINSHUI_CODE, {
    JDZX: '金水区数字化城市管理监督中心', ZHZX: '金水区数字化城市管理指挥中心', SZ: '金水区市政工程管理处', HW: '金水区环境卫生管理处',
    YL: '金水区园林绿化管理处', ZJ: '金水区住房和城乡建设局', GS: '郑州自来水金水营业所', GD: '国网郑州供电公司金水供电部', RQ: '郑州华润燃气金水分公司',
    TX: '金水区通信管线联合办公室', JJ: '郑州市公安局交警支队金水大队',
  }),
  logins: [
    { username: 'js-admin', role: 'admin', displayName: '金水系统管理员', note: '金水区：管理网格、类别、单位、用户' },
    { username: 'js-leader', role: 'leader', displayName: '孟局长', note: '金水区城管局领导' },
    { username: 'js-receiver', role: 'receiver', displayName: '吴受理', note: '金水区监督中心受理员' },
    { username: 'js-shiftleader', role: 'shiftLeader', displayName: '郭值班', note: '金水区监督中心值班长' },
    { username: 'js-dispatcher', role: 'dispatcher', displayName: '何派遣', note: '金水区指挥中心派遣员' },
    { username: 'js-supervisor', role: 'supervisor', displayName: '林监督', note: '经八路街道第一社区网格监督员' },
    { username: 'js-handler', role: 'handler', displayName: '罗处置', note: '经八路街道办事处处置人员' },
    { username: 'js-unitleader', role: 'handler', displayName: '冯主任', note: '经八路街道办事处单位负责人，可指派本单位案件' },
    { username: 'js-officer', role: 'officer', displayName: '高队员', note: '经八路执法中队队员' },
  ],
};

/** Signed in only when both districts are loaded: scope 4101, so both districts' cases, maps and streams. */
export const CITY_LOGINS: DemoLogin[] = [{ username: 'cityleader', role: 'leader', displayName: '马局长', note: '郑州市城市管理局领导（管城、金水两区）' }];

export const DEMO_DISTRICTS: readonly DemoDistrict[] = [GUANCHENG, JINSHUI];

/** The districts a demo of `count` loads, in order. */
export function demoDistricts(count: number): DemoDistrict[] {
  return DEMO_DISTRICTS.slice(0, Math.max(1, Math.min(count, DEMO_DISTRICTS.length)));
}

/** Every demo sign-in of a demo of `count` districts: the first district's, then the second's and the city leader. */
export function demoLogins(count: number): DemoLogin[] {
  const districts = demoDistricts(count);
  return [...districts.flatMap((d) => d.logins), ...(districts.length > 1 ? CITY_LOGINS : [])];
}
