/** The case's whole history: every event, who did it and when, with the notes, reasons and replies it carried. */
import { useState, type ReactNode } from 'react';
import { Empty, Flex, Segmented, Space, Timeline, Typography } from 'antd';
import { SATISFACTION_LABELS, SOURCE_LABELS, URGENCY_LABELS, type Satisfaction } from '../../../../../shared/api/vocabulary.ts';
import { STATUS_LABELS, type CaseSource } from '../../../../../shared/cases/workflow.ts';
import type { Urgency } from '../../../../../shared/org.ts';
import { useI18n, type I18n } from '../../../../common/i18n/i18n.tsx';
import type { CaseEvent } from './api.ts';
import { useUnitName } from './CaseFacts.tsx';
import { formatTimeSeconds } from './format.ts';
import { amountLabel, eventLabel, roleLabel } from './labels.ts';

type Detail = { key: string; label: string; value: ReactNode };

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);

/** The parts of an event's payload a person wants to read, in words. */
export function eventDetails(e: CaseEvent, i: Pick<I18n, 't' | 'label'>, unitName: (id: number) => string | null): Detail[] {
  const { t, label } = i;
  const p = e.payload as Record<string, unknown>;
  const out: Detail[] = [];
  const add = (key: string, l: string, value: ReactNode | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') out.push({ key, label: l, value });
  };
  if (e.type === 'case.reported') {
    add('source', t('caseTimeline.pSource'), typeof p.source === 'string' && p.source in SOURCE_LABELS ? label(SOURCE_LABELS[p.source as CaseSource]) : null);
    add('grid', t('caseTimeline.pGrid'), str(p.grid));
  }
  add('caseNo', t('caseTimeline.pCaseNo'), str(p.caseNo));
  if (e.type === 'case.assigned') add('assignee', t('caseTimeline.pAssignee'), str(p.userName) ?? t('caseTimeline.pWholeUnit'));
  if (typeof p.leadUnitId === 'number') add('lead', t('caseTimeline.pLeadUnit'), unitName(p.leadUnitId));
  if (Array.isArray(p.coUnitIds) && p.coUnitIds.length) add('co', t('caseTimeline.pCoUnits'), (p.coUnitIds as number[]).map(unitName).join(t('caseDetail.listSep')));
  if (typeof p.amount === 'number' && typeof p.unit === 'string') add('ext', t('caseTimeline.pExtension'), amountLabel(p.amount, p.unit, t));
  if (e.type === 'case.urgencySet' || e.type === 'case.filed') {
    add('urgency', t('caseTimeline.pUrgency'), typeof p.urgency === 'string' && p.urgency in URGENCY_LABELS ? label(URGENCY_LABELS[p.urgency as Urgency]) : null);
  }
  if (typeof p.reached === 'boolean') {
    const sat = typeof p.satisfaction === 'string' && p.satisfaction in SATISFACTION_LABELS ? label(SATISFACTION_LABELS[p.satisfaction as Satisfaction]) : null;
    add('callback', t('caseTimeline.pCallback'), p.reached ? [t('caseTimeline.pReached'), sat].filter(Boolean).join(t('caseDetail.listSep')) : t('caseTimeline.pReachedNot'));
  }
  if (typeof p.originalId === 'number') add('original', t('caseTimeline.pOriginal'), `#${p.originalId}`);
  add('duplicate', t('caseTimeline.pDuplicate'), str(p.duplicateTrackingNo));
  add('result', t('caseTimeline.pResult'), str(p.result));
  add('publicReply', t('caseTimeline.pPublicReply'), str(p.publicReply));
  add('reason', t('caseTimeline.pReason'), str(p.reason));
  const override = p.override as { reason?: unknown } | undefined;
  add('override', t('caseTimeline.pOverride'), str(override?.reason));
  add('note', t('caseTimeline.pNote'), str(p.note));
  if (Array.isArray(p.photoIds) && p.photoIds.length) add('photos', t('caseTimeline.pPhotos'), t('caseTimeline.pPhotoCount', { n: p.photoIds.length }));
  return out;
}

export function actorText(e: CaseEvent, i: Pick<I18n, 't' | 'label'>): string {
  if (!e.actorName && !e.actorRole) return i.t('caseTimeline.system');
  return i.t('caseTimeline.actor', { name: e.actorName ?? '—', role: roleLabel(e.actorRole, i) });
}

const DOT: Record<string, string> = {
  'case.notTrue': 'gray', 'case.voided': 'gray', 'case.merged': 'gray', 'case.closed': 'green', 'case.checkPassed': 'green',
  'case.checkFailed': 'red', 'case.callbackUnsatisfied': 'red', 'case.urged': 'red', 'case.alertAcknowledged': 'red',
};

export function CaseTimeline({ events }: { events: readonly CaseEvent[] }) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const unitName = useUnitName();
  const [order, setOrder] = useState<'desc' | 'asc'>('desc');
  if (events.length === 0) return <Empty description={t('caseTimeline.empty')} />;
  const sorted = [...events].sort((a, b) => (order === 'desc' ? b.seq - a.seq : a.seq - b.seq));
  const items = sorted.map((e) => {
    const details = eventDetails(e, i18n, (id) => unitName(id));
    const moved = e.fromStatus && e.fromStatus !== e.toStatus;
    return {
      key: e.seq,
      color: DOT[e.type] ?? 'blue',
      content: (
        <div data-event={e.type}>
          <Flex gap={8} wrap align="baseline">
            <Typography.Text strong>{eventLabel(e.type, t)}</Typography.Text>
            <Typography.Text>{actorText(e, i18n)}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>{formatTimeSeconds(e.at)}</Typography.Text>
            {moved && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('caseTimeline.statusChange', { from: label(STATUS_LABELS[e.fromStatus!]), to: label(STATUS_LABELS[e.toStatus]) })}
              </Typography.Text>
            )}
          </Flex>
          {details.length > 0 && (
            <dl className="gc-event-details">
              {details.map((d) => (
                <div key={d.key}>
                  <dt>{t('caseDetail.labelColon', { label: d.label })}</dt>
                  <dd>{d.value}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      ),
    };
  });
  return (
    <Space vertical size={12} style={{ width: '100%' }}>
      <Segmented
        aria-label={t('caseTimeline.order')}
        value={order}
        onChange={(v) => setOrder(v as 'desc' | 'asc')}
        options={[{ value: 'desc', label: t('caseTimeline.newestFirst') }, { value: 'asc', label: t('caseTimeline.oldestFirst') }]}
      />
      <Timeline items={items} />
    </Space>
  );
}
