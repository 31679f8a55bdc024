/**
 * One case beside the desk's list, in a drawer: what it is and where, the open step and its time left, who urged
 * it and what they said, the actions the server allows now (the case detail's own forms: handle with a result, a
 * public reply and after-photos; ask for an extension, a return or shelving with a reason), and for the unit's
 * leader the "assign to" control. The case is ['case', id], as on the detail page: both show the same case.
 */
import { useEffect, useRef } from 'react';
import { Alert, Card, Collapse, Drawer, Empty, Flex, List, Skeleton, Space, Typography } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../../../../common/components/ApiErrorAlert.tsx';
import { CaseStatusTag, UrgencyTag } from '../../../../common/components/CaseStatusTag.tsx';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import { useCaseDetail, type CaseDetail } from '../detail/api.ts';
import { ActionBar } from '../detail/actions/ActionBar.tsx';
import { CategoryText } from '../detail/CaseFacts.tsx';
import { CasePhotos } from '../detail/CasePhotos.tsx';
import { CaseTimeline } from '../detail/CaseTimeline.tsx';
import { CurrentStep } from '../detail/CurrentStep.tsx';
import { formatTime } from '../detail/format.ts';
import { roleLabel } from '../detail/labels.ts';
import { useDivisionNames } from '../../../../common/components/useReference.ts';
import { AssignControl } from './AssignControl.tsx';
import type { DeskMember } from './api.ts';

function Urges({ c }: { c: CaseDetail }) {
  const i18n = useI18n();
  const { t } = i18n;
  const urges = c.timeline.filter((e) => e.type === 'case.urged').sort((a, b) => b.seq - a.seq);
  return (
    <Card size="small" title={t('desk.urgesTitle')} data-testid="desk-urges">
      {urges.length === 0 ? (
        <Typography.Text type="secondary">{t('desk.urgesNone')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={urges}
          renderItem={(e) => (
            <List.Item key={e.seq} data-urge={e.seq}>
              <Space vertical size={2} style={{ width: '100%' }}>
                <Flex gap={8} wrap>
                  <Typography.Text strong>{t('desk.urgeBy', { name: e.actorName ?? '—', role: roleLabel(e.actorRole, i18n) })}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>{formatTime(e.at)}</Typography.Text>
                </Flex>
                {typeof e.payload.note === 'string' && <Typography.Text className="gc-pre">{e.payload.note}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function PanelBody({ c, members, membersFailed }: { c: CaseDetail; members: ReadonlyMap<number, DeskMember>; membersFailed: boolean }) {
  const { t } = useI18n();
  const names = useDivisionNames();
  const place = [names.get(c.location.streetCode), names.get(c.location.communityCode), c.location.address].filter(Boolean).join(t('desk.placeSep'));
  const assignee = c.assigneeUserId !== null ? members.get(c.assigneeUserId)?.displayName ?? `#${c.assigneeUserId}` : null;
  return (
    <Space vertical size={12} style={{ width: '100%' }} className="gc-desk-panel" data-case={c.id} data-version={c.version} data-status={c.status}>
      <Flex gap={8} wrap align="center">
        <CaseStatusTag status={c.status} />
        {c.urgency === 'urgent' && <UrgencyTag urgency={c.urgency} />}
        <Typography.Text><CategoryText c={c} /></Typography.Text>
      </Flex>
      <Card size="small" title={t('desk.panelActions')}>
        {c.allowedActions.length > 0 ? (
          <ActionBar c={c} />
        ) : (
          <Typography.Text type="secondary">{assignee && !c.canAssign ? t('desk.panelNoActionsAssigned', { name: assignee }) : t('desk.panelNoActions')}</Typography.Text>
        )}
      </Card>
      {c.canAssign && membersFailed && <Alert type="warning" showIcon title={t('desk.membersFailed')} />}
      {c.canAssign && !membersFailed && <AssignControl c={c} members={[...members.values()]} />}
      {!c.canAssign && assignee && <Alert type="info" showIcon title={t('desk.assignedTo', { name: assignee })} />}
      <CurrentStep c={c} />
      <Urges c={c} />
      <Card size="small" title={t('desk.panelDescription')}>
        <Typography.Paragraph className="gc-pre" style={{ marginBottom: 8 }}>{c.description}</Typography.Paragraph>
        <Typography.Text type="secondary">{t('caseDetail.labelColon', { label: t('desk.panelPlace') })}{place || c.location.gridCode}{t('desk.gridSuffix', { grid: c.location.gridCode })}</Typography.Text>
      </Card>
      <CasePhotos c={c} size={88} />
      <Collapse size="small" items={[{ key: 'timeline', label: t('desk.panelHistory', { n: c.timeline.length }), children: <CaseTimeline events={c.timeline} /> }]} />
    </Space>
  );
}

export function DeskPanel({ id, members, membersFailed, onClose }: { id: number | null; members: ReadonlyMap<number, DeskMember>; membersFailed: boolean; onClose(): void }) {
  const { t } = useI18n();
  const q = useCaseDetail(id ?? 0);
  const qc = useQueryClient();
  // An action taken here moves the case between the desk's tabs and its figures: refresh them at once,
  // without waiting for the live stream.
  const seen = useRef<number | null>(null);
  const version = q.data?.id === id ? q.data?.version : undefined;
  useEffect(() => {
    if (version === undefined) return;
    if (seen.current !== null && seen.current !== version) {
      void qc.invalidateQueries({ queryKey: ['cases', 'desk'] });
      void qc.invalidateQueries({ queryKey: ['queueSummary'] });
    }
    seen.current = version;
  }, [version, qc]);
  useEffect(() => {
    seen.current = null;
  }, [id]);

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={640}
      destroyOnHidden
      title={q.data ? t('desk.panelTitle', { no: q.data.trackingNo }) : ' '}
      extra={id !== null && (
        <Link to={`/cases/${id}`}>
          <Space size={4}><ExportOutlined aria-hidden />{t('desk.panelOpenFull')}</Space>
        </Link>
      )}
      data-testid="desk-panel"
    >
      {q.isLoading ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : q.data ? (
        <PanelBody c={q.data} members={members} membersFailed={membersFailed} />
      ) : q.error ? (
        <ApiErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Empty />
      )}
    </Drawer>
  );
}
