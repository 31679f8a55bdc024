/** What the colours and marks of the cases map mean. */
import { useState } from 'react';
import { Button } from 'antd';
import { DownOutlined, UpOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n.tsx';
import { STAGE_COLOURS, CLUSTER_COLOUR, type Stage } from './case-stages.ts';

const SHOWN: Stage[] = ['intake', 'dispatch', 'handling', 'check', 'paused'];
const STORAGE_KEY = 'gc.map.legendFolded';

export function MapLegend({ finished = false }: { finished?: boolean }) {
  const { t } = useI18n();
  const stages = finished ? [...SHOWN, 'finished' as const] : SHOWN;
  // Folded, it leaves the corner of the map free; the choice is kept on this device.
  const [folded, setFolded] = useState(() => localStorage.getItem(STORAGE_KEY) === '1');
  const fold = () => {
    localStorage.setItem(STORAGE_KEY, folded ? '0' : '1');
    setFolded(!folded);
  };
  return (
    <section className="gc-map-overlay gc-map-overlay-bl" aria-labelledby="gc-map-legend-title" data-testid="map-legend">
      <div className="gc-map-overlay-head">
        <h2 id="gc-map-legend-title">{t('map.legend')}</h2>
        <Button type="text" size="small" icon={folded ? <UpOutlined /> : <DownOutlined />} aria-expanded={!folded} aria-controls="gc-map-legend-body"
          aria-label={folded ? t('map.legendShow') : t('map.legendHide')} onClick={fold} />
      </div>
      <div className="gc-map-legend" id="gc-map-legend-body" hidden={folded}>
        {stages.map((s) => [
          <span key={`${s}-s`} className="gc-map-swatch" style={{ background: STAGE_COLOURS[s] }} aria-hidden />,
          <span key={s}>{t(`map.stage_${s}`)}</span>,
        ])}
        <span className="gc-map-swatch gc-map-swatch-urgent" style={{ background: STAGE_COLOURS.handling }} aria-hidden />
        <span>{t('map.legendUrgent')}</span>
        <span className="gc-map-swatch gc-map-swatch-alert" aria-hidden />
        <span>{t('map.legendAlert')}</span>
        <span className="gc-map-swatch gc-map-swatch-cluster" style={{ background: CLUSTER_COLOUR }} aria-hidden />
        <span>{t('map.legendCluster')}</span>
        <span className="gc-map-swatch gc-map-swatch-line gc-map-swatch-district" aria-hidden />
        <span>{t('map.layerDistrict')}</span>
        <span className="gc-map-swatch gc-map-swatch-line" aria-hidden />
        <span>{t('map.layerStreets')}</span>
        <span className="gc-map-swatch gc-map-swatch-line gc-map-swatch-dash" aria-hidden />
        <span>{t('map.layerCommunities')}</span>
        <span className="gc-map-swatch gc-map-swatch-line gc-map-swatch-grid" aria-hidden />
        <span>{t('map.legendGrids')}</span>
      </div>
    </section>
  );
}
