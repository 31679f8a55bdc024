/**
 * Where the problem is: search our divisions, grids and known places by name (GET /api/places, debounced)
 * — or click on the map beside the form (MapCard) — then the grid, community and street the point lies in
 * (GET /api/locate), so the receiver can read them back to the caller.
 */
import { useEffect, useState } from 'react';
import { Alert, AutoComplete, Input, Skeleton, Space, Tag, Typography } from 'antd';
import { EnvironmentOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { PlaceKind } from '../../../../shared/api/geo.ts';
import { errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import type { MessageKey } from '../../../common/i18n/catalogue.ts';
import { searchPlaces, useLocate, type Place } from './api.ts';
import type { PlaceValue } from './intake-form.ts';

const KIND_KEY: Record<PlaceKind, MessageKey> = {
  district: 'intake.placeDistrict',
  street: 'intake.placeStreet',
  community: 'intake.placeCommunity',
  grid: 'intake.placeGrid',
};
const KIND_COLOUR: Record<PlaceKind, string> = { district: 'purple', street: 'blue', community: 'cyan', grid: 'default' };

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

interface Props {
  id?: string;
  value?: PlaceValue;
  onChange?(v: PlaceValue | undefined): void;
  /** A place was chosen from the search: its full name can fill an empty address. */
  onPlaceChosen?(p: Place): void;
}

export function PlaceField({ id, value, onChange, onPlaceChosen }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState(value?.label ?? '');
  const q = useDebounced(text.trim(), 250);
  const places = useQuery({
    queryKey: ['places', q],
    queryFn: ({ signal }) => searchPlaces(q, signal),
    enabled: q.length > 0 && q !== value?.label,
    staleTime: 5 * 60_000,
  });

  // The form was reset or filled from elsewhere (a map click): the box shows what was chosen.
  useEffect(() => setText(value?.label ?? ''), [value?.label]);

  const options = (places.data ?? []).map((p) => ({
    value: `${p.kind}:${p.code}`,
    place: p,
    label: (
      <Space size={6} style={{ width: '100%' }}>
        <Tag color={KIND_COLOUR[p.kind]} style={{ marginInlineEnd: 0 }}>{t(KIND_KEY[p.kind])}</Tag>
        <span>{p.name}</span>
        {p.parentName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.parentName}</Typography.Text>}
      </Space>
    ),
  }));

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <AutoComplete
        id={id}
        value={text}
        options={options}
        onSearch={setText}
        onChange={(v: string) => setText(v)}
        onSelect={(_v: string, o: (typeof options)[number]) => {
          const p = o.place;
          setText(p.name);
          onChange?.({ point: { lng: p.point[0], lat: p.point[1] }, label: p.name });
          onPlaceChosen?.(p);
        }}
        notFoundContent={q && !places.isFetching && places.isSuccess ? t('intake.placeNone') : undefined}
        style={{ width: '100%' }}
        aria-label={t('intake.placeSearch')}
      >
        <Input prefix={<SearchOutlined aria-hidden />} placeholder={t('intake.placeSearchPlaceholder')} allowClear />
      </AutoComplete>
      {places.isError && <Alert type="warning" showIcon title={errorText(places.error, t)} />}
      {value && <Located point={value.point} />}
    </Space>
  );
}

/** The grid, community and street the point is in, or why it cannot be reported there. */
function Located({ point }: { point: PlaceValue['point'] }) {
  const { t } = useI18n();
  const located = useLocate(point);
  if (located.isPending) return <Skeleton.Input active size="small" block />;
  if (located.isError) return <Alert type="error" showIcon title={errorText(located.error, t)} description={t('intake.pointOutside')} />;
  const l = located.data;
  return (
    <div data-testid="intake-located" style={{ padding: '6px 12px', background: '#f6f8fb', border: '1px solid #e6ebf2', borderRadius: 4, fontSize: 13 }}>
      <EnvironmentOutlined aria-hidden style={{ color: '#1456c8', marginInlineEnd: 8 }} />
      <Space size={4} wrap separator={<Typography.Text type="secondary">/</Typography.Text>}>
        <span><Typography.Text type="secondary">{t('intake.street')}</Typography.Text> {l.street.name}</span>
        <span><Typography.Text type="secondary">{t('intake.community')}</Typography.Text> {l.community.name}</span>
        <span>
          <Typography.Text type="secondary">{t('intake.grid')}</Typography.Text> <Typography.Text copyable={{ text: l.grid.code }}>{l.grid.code}</Typography.Text>
        </span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} aria-label={t('intake.coordinates')}>{`${l.lng.toFixed(6)}, ${l.lat.toFixed(6)}`}</Typography.Text>
      </Space>
    </div>
  );
}
