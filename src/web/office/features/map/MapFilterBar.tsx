/** The map page's filters: stage of the loop, kind of problem, urgency, street, overdue only. */
import { Checkbox, Select, Space } from 'antd';
import { URGENCY_LABELS } from '../../../../shared/api/vocabulary.ts';
import { CATEGORY_KINDS, URGENCIES, type CategoryKind, type Urgency } from '../../../../shared/org.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { STAGES } from '../../../common/map/case-stages.ts';
import { useDivisionFeatures } from '../../../common/map/map-api.ts';
import type { MapFilterValue } from './map-filter-params.ts';


export function MapFilterBar({ value, onChange }: { value: MapFilterValue; onChange(v: MapFilterValue): void }) {
  const { t, label } = useI18n();
  const streets = useDivisionFeatures('street');
  const set = (patch: Partial<MapFilterValue>) => onChange({ ...value, ...patch });
  return (
    <Space wrap size={[12, 8]} data-testid="map-filters">
      <Select
        aria-label={t('map.filterStage')}
        value={value.stage}
        onChange={(stage) => set({ stage })}
        className="gc-map-filter-stage"
        popupMatchSelectWidth={false}
        options={[
          { value: 'open', label: t('map.stageOpen') },
          ...STAGES.filter((s) => s !== 'finished').map((s) => ({ value: s, label: t(`map.stage_${s}`) })),
          { value: 'finished', label: t('map.stage_finished') },
          { value: 'all', label: t('map.stageAll') },
        ]}
      />
      <Select<CategoryKind | ''>
        aria-label={t('map.filterKind')}
        value={value.categoryKind ?? ''}
        onChange={(k) => set({ categoryKind: k || undefined })}
        className="gc-map-filter"
        options={[{ value: '', label: t('map.kindAll') }, ...CATEGORY_KINDS.map((k) => ({ value: k as CategoryKind | '', label: t(`map.kind_${k}`) }))]}
      />
      <Select<Urgency | ''>
        aria-label={t('map.filterUrgency')}
        value={value.urgency ?? ''}
        onChange={(u) => set({ urgency: u || undefined })}
        className="gc-map-filter"
        options={[{ value: '', label: t('map.urgencyAll') }, ...URGENCIES.map((u) => ({ value: u as Urgency | '', label: label(URGENCY_LABELS[u]) }))]}
      />
      <Select
        aria-label={t('map.filterStreet')}
        value={value.streetCode ?? ''}
        onChange={(s) => set({ streetCode: s || undefined })}
        className="gc-map-filter gc-map-filter-wide"
        loading={streets.isPending}
        showSearch={{ optionFilterProp: 'label' }}
        options={[{ value: '', label: t('map.streetAll') }, ...(streets.data?.features ?? []).map((f) => ({ value: f.properties.code, label: f.properties.name }))]}
      />
      <Checkbox checked={value.overdue} onChange={(e) => set({ overdue: e.target.checked })}>{t('map.overdueOnly')}</Checkbox>
    </Space>
  );
}
