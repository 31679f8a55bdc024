/** What the colours and marks of the cases map mean. */
import { useI18n } from '../i18n/i18n.tsx';
import { STAGE_COLOURS, CLUSTER_COLOUR, type Stage } from './case-stages.ts';

const SHOWN: Stage[] = ['intake', 'dispatch', 'handling', 'check', 'paused'];

export function MapLegend({ finished = false }: { finished?: boolean }) {
  const { t } = useI18n();
  const stages = finished ? [...SHOWN, 'finished' as const] : SHOWN;
  return (
    <section className="gc-map-overlay gc-map-overlay-bl" aria-labelledby="gc-map-legend-title" data-testid="map-legend">
      <h2 id="gc-map-legend-title">{t('map.legend')}</h2>
      <div className="gc-map-legend">
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
