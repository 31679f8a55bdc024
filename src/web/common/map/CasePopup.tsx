/**
 * The popup of a case on the map: its tracking number, category, status, urgency and address, read
 * from GET /api/cases/{id} (query ['case', id], kept fresh by the live stream), and the link to it.
 */
import { useEffect, useMemo } from 'react';
import { createPortal } from 'react-dom';
import { Button, Skeleton, Space } from 'antd';
import { ApiErrorAlert } from '../components/ApiErrorAlert.tsx';
import { CaseStatusTag, UrgencyTag } from '../components/CaseStatusTag.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useMapHandle } from './BaseMap.tsx';
import type { LngLat } from './coords.ts';
import { Popup } from './maplibre.ts';
import { useCase } from './map-api.ts';

export interface OpenCase {
  id: number;
  at: LngLat;
}

export function CasePopup({ open, onClose, onNavigate }: { open: OpenCase; onClose(): void; onNavigate(id: number): void }) {
  const { map, proj } = useMapHandle();
  const el = useMemo(() => document.createElement('div'), []);
  useEffect(() => {
    const popup = new Popup({ className: 'gc-map-popup', maxWidth: '340px', focusAfterOpen: false, offset: 12 })
      .setLngLat(proj.toDisplay(open.at))
      .setDOMContent(el)
      .addTo(map);
    popup.on('close', onClose);
    return () => {
      popup.off('close', onClose);
      popup.remove();
    };
  }, [map, proj, el, open.at, onClose]);
  return createPortal(<CaseSummary id={open.id} onNavigate={onNavigate} />, el);
}

function CaseSummary({ id, onNavigate }: { id: number; onNavigate(id: number): void }) {
  const { t } = useI18n();
  const q = useCase(id);
  if (q.isPending) return <Skeleton active title paragraph={{ rows: 3 }} />;
  if (q.isError) return <ApiErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  return (
    <div data-testid="map-case-popup" data-case-id={c.id}>
      <div className="gc-map-popup-title">{c.caseNo ?? c.trackingNo}</div>
      <dl>
        <dt>{t('map.trackingNo')}</dt>
        <dd>{c.trackingNo}</dd>
        <dt>{t('map.category')}</dt>
        <dd>{c.category.name}</dd>
        <dt>{t('map.status')}</dt>
        <dd>
          <Space size={4} wrap>
            <CaseStatusTag status={c.status} />
            <UrgencyTag urgency={c.urgency} />
          </Space>
        </dd>
        <dt>{t('map.address')}</dt>
        <dd>{c.location.address || t('common.none')}</dd>
        <dt>{t('map.grid')}</dt>
        <dd>{c.location.gridCode}</dd>
      </dl>
      <Button type="primary" size="small" block onClick={() => onNavigate(c.id)}>{t('map.openCase')}</Button>
    </div>
  );
}
