/** Which layers the map shows: a checkbox each, kept on this device; applied to the map's layers. */
import { useEffect, useState } from 'react';
import { Checkbox } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';
import { useMapHandle } from './BaseMap.tsx';
import { LAYER_GROUPS, type LayerGroup } from './style.ts';

export type LayerKey = LayerGroup | 'alerts';
export const LAYER_KEYS: readonly LayerKey[] = ['district', 'streets', 'communities', 'grids', 'cases', 'alerts'];
const STORAGE_KEY = 'gc.map.layers';

export function useLayerChoice(): [Set<LayerKey>, (keys: LayerKey[]) => void] {
  const [shown, setShown] = useState<Set<LayerKey>>(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as unknown;
      if (Array.isArray(saved)) return new Set(saved.filter((k): k is LayerKey => LAYER_KEYS.includes(k as LayerKey)));
    } catch {
      // A damaged entry means the defaults.
    }
    return new Set(LAYER_KEYS);
  });
  const choose = (keys: LayerKey[]) => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(keys));
    setShown(new Set(keys));
  };
  return [shown, choose];
}

/** Shows and hides the style's layers for the chosen groups. */
export function LayerVisibility({ shown }: { shown: ReadonlySet<LayerKey> }) {
  const { map } = useMapHandle();
  useEffect(() => {
    for (const [group, layers] of Object.entries(LAYER_GROUPS) as [LayerGroup, readonly string[]][]) {
      for (const id of layers) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', shown.has(group) ? 'visible' : 'none');
    }
  }, [map, shown]);
  return null;
}

export function LayerPanel({ shown, onChange, keys = LAYER_KEYS }: { shown: ReadonlySet<LayerKey>; onChange(keys: LayerKey[]): void; keys?: readonly LayerKey[] }) {
  const { t } = useI18n();
  const names: Record<LayerKey, string> = {
    district: t('map.layerDistrict'),
    streets: t('map.layerStreets'),
    communities: t('map.layerCommunities'),
    grids: t('map.layerGrids'),
    cases: t('map.layerCases'),
    alerts: t('map.layerAlerts'),
  };
  return (
    <section className="gc-map-overlay gc-map-overlay-tl gc-map-layers" aria-labelledby="gc-map-layers-title" data-testid="map-layers">
      <h2 id="gc-map-layers-title">{t('map.layers')}</h2>
      <Checkbox.Group
        value={keys.filter((k) => shown.has(k))}
        onChange={(v) => onChange([...(v as LayerKey[]), ...[...shown].filter((k) => !keys.includes(k))])}
        options={keys.map((k) => ({ value: k, label: names[k] }))}
      />
    </section>
  );
}
