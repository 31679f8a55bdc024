/** Organisation vocabulary shared by server and web (DOMAIN §1, §5). */
export const UNIT_TYPES = [
  'supervisionCenter',
  'commandCenter',
  'municipal',
  'sanitation',
  'landscaping',
  'housing',
  'water',
  'power',
  'gas',
  'telecom',
  'traffic',
  'streetOffice',
  'enforcementSquad',
  'other',
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export const UNIT_TYPE_LABELS: Record<UnitType, string> = {
  supervisionCenter: '监督中心',
  commandCenter: '指挥中心',
  municipal: '市政',
  sanitation: '环卫',
  landscaping: '园林绿化',
  housing: '住建',
  water: '供水',
  power: '供电',
  gas: '燃气',
  telecom: '通信',
  traffic: '交通',
  streetOffice: '街道办事处',
  enforcementSquad: '执法中队',
  other: '其他',
};

export const CLOCK_TYPES = ['emergency', 'workingHours', 'workingDays', 'calendarDays'] as const;
export type ClockType = (typeof CLOCK_TYPES)[number];
export const CLOCK_TYPE_LABELS: Record<ClockType, string> = {
  emergency: '紧急工作时',
  workingHours: '工作时',
  workingDays: '工作日',
  calendarDays: '自然日',
};

export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const CATEGORY_KINDS = ['component', 'event'] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

export const GRID_DUTIES = ['supervisor', 'officer', 'auxiliary'] as const;
export type GridDuty = (typeof GRID_DUTIES)[number];
