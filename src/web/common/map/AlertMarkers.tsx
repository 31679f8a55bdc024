/**
 * Emergencies whose alarm nobody has acknowledged (GET /api/cases/alerts, refreshed by the live stream):
 * a flashing HTML marker each, above clusters and points, until someone acknowledges it.
 */
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { useMapHandle } from './BaseMap.tsx';
import type { LngLat } from './coords.ts';
import { Marker } from './maplibre.ts';
import { useActiveAlerts } from './map-api.ts';

export function AlertMarkers({ enabled, onOpenCase }: { enabled: boolean; onOpenCase(id: number, at: LngLat): void }) {
  const { t } = useI18n();
  const { map, proj, report } = useMapHandle();
  const alerts = useActiveAlerts(enabled);
  const open = useRef(onOpenCase);
  open.current = onOpenCase;
  const items = enabled ? alerts.data?.items : undefined;

  useEffect(() => {
    const markers = (items ?? []).map((c) => {
      const el = document.createElement('button');
      el.type = 'button';
      el.className = 'gc-map-alert';
      el.dataset.caseId = String(c.id);
      el.setAttribute('aria-label', t('map.alertMarker', { no: c.caseNo ?? c.trackingNo }));
      el.title = t('map.alertMarker', { no: c.caseNo ?? c.trackingNo });
      const at: LngLat = [c.location.lng, c.location.lat];
      el.addEventListener('click', (e) => {
        e.stopPropagation();
        open.current(c.id, at);
      });
      return new Marker({ element: el }).setLngLat(proj.toDisplay(at)).addTo(map);
    });
    return () => markers.forEach((m) => m.remove());
  }, [items, map, proj, t]);
  useEffect(() => {
    report('alerts', { count: items?.length ?? 0, query: enabled ? '/api/cases/alerts' : '', busy: enabled && alerts.isFetching });
  }, [items, enabled, alerts.isFetching, report]);
  return null;
}
