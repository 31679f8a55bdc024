/// <reference types="vite/client" />
/**
 * The map beside the form: a click (or dragging the marker) sets the place; a place found by the search
 * moves the marker there, so the receiver sees where the call is. The picker (common/map/MapPicker.tsx)
 * loads only with this screen — MapLibre is large, and the form is usable before it arrives. It is found
 * by a glob, so a tree without it still builds, with coordinate inputs instead.
 */
import { lazy, Suspense, useState, type ComponentType } from 'react';
import { Card, InputNumber, Skeleton, Space } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import type { Point } from './api.ts';

interface PickerProps {
  value?: Point;
  onChange(p: Point): void;
  height?: number;
}

const found = Object.values(import.meta.glob<{ default: ComponentType<PickerProps> }>('../../../common/map/MapPicker.tsx'));
const MapPicker = found[0] ? lazy(found[0]) : null;

const HEIGHT = 300;

function CoordinateInputs({ value, onChange }: PickerProps) {
  const { t } = useI18n();
  // One coordinate typed is kept here until the other is: a point is only a point with both.
  const [draft, setDraft] = useState<Partial<Point>>({});
  const shown = { ...value, ...draft };
  const set = (k: keyof Point, v: number | null) => {
    const next = { ...shown, [k]: v ?? undefined };
    if (next.lng !== undefined && next.lat !== undefined) {
      setDraft({});
      onChange({ lng: next.lng, lat: next.lat });
    } else setDraft(next);
  };
  return (
    <Space wrap>
      <InputNumber aria-label={t('intake.lng')} prefix={t('intake.lng')} min={-180} max={180} step={0.0001} precision={6} value={shown.lng} onChange={(v) => set('lng', v)} style={{ width: 200 }} />
      <InputNumber aria-label={t('intake.lat')} prefix={t('intake.lat')} min={-90} max={90} step={0.0001} precision={6} value={shown.lat} onChange={(v) => set('lat', v)} style={{ width: 200 }} />
    </Space>
  );
}

export function MapCard(props: Omit<PickerProps, 'height'>) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      title={<span><AimOutlined aria-hidden /> {MapPicker ? t('intake.pickOnMap') : t('intake.enterCoordinates')}</span>}
      styles={{ body: MapPicker ? { padding: 0, height: HEIGHT, overflow: 'hidden' } : undefined }}
      data-testid="intake-map"
    >
      {MapPicker ? (
        <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: HEIGHT }} />}>
          <MapPicker {...props} height={HEIGHT} />
        </Suspense>
      ) : (
        <CoordinateInputs {...props} />
      )}
    </Card>
  );
}
