/** One notification: its kind, whether it is urgent or unread, what it says, when; its case one click away. */
import { Button, Space, Tag, Tooltip, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { NOTIFY_KIND_LABELS, type NotifyKind } from '../../../../shared/api/vocabulary.ts';
import { inShanghai } from '../../../common/format/datetime.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import type { Notification } from './api.ts';

/** Text, background and border of each kind's tag; the text at least 4.5:1 on its background (WCAG AA). */
const KIND_STYLE: Record<NotifyKind, [string, string, string]> = {
  emergency: ['#a8071a', '#fff1f0', '#ffa39e'],
  overdue: ['#a8071a', '#fff1f0', '#ffa39e'],
  nearDue: ['#873800', '#fff7e6', '#ffd591'],
  urged: ['#871400', '#fff2e8', '#ffbb96'],
  returned: ['#7c4a03', '#fffbe6', '#ffe58f'],
  rework: ['#9e1068', '#fff0f6', '#ffadd2'],
  unattended: ['#391085', '#f9f0ff', '#d3adf7'],
  newTask: ['#003eb3', '#e6f4ff', '#91caff'],
};

interface Props {
  n: Notification;
  onRead(n: Notification): void;
}

export function NotificationRow({ n, onRead }: Props) {
  const { t, label } = useI18n();
  const unread = !n.readAt;
  const at = inShanghai(n.createdAt);
  const kind = label(NOTIFY_KIND_LABELS[n.kind]);
  // Most titles are the kind's own name, already on the tag beside them: then the case's number says more.
  const text = n.title === kind && n.trackingNo ? n.trackingNo : n.title;
  const title = (
    <Typography.Text strong={unread}>
      {unread && <span className="gc-inbox-sr">{t('inbox.unreadMark')}</span>}
      {text}
    </Typography.Text>
  );
  return (
    <li
      data-testid="inbox-item"
      data-unread={unread || undefined}
      style={{
        display: 'flex',
        gap: 12,
        alignItems: 'flex-start',
        padding: '10px 16px',
        borderBottom: '1px solid #f0f0f0',
        borderInlineStart: `3px solid ${n.urgent ? '#cf1322' : 'transparent'}`,
        background: unread ? '#f5f9ff' : undefined,
      }}
    >
      <span aria-hidden style={{ flex: 'none', width: 8, height: 8, marginTop: 8, borderRadius: '50%', background: unread ? '#1456c8' : 'transparent' }} />
      <div style={{ flex: 1, minWidth: 0 }}>
        <Space size={6} wrap>
          <Tag style={{ marginInlineEnd: 0, color: KIND_STYLE[n.kind][0], background: KIND_STYLE[n.kind][1], borderColor: KIND_STYLE[n.kind][2] }}>{kind}</Tag>
          {n.caseId ? (
            <Link to={`/cases/${n.caseId}`} onClick={() => unread && onRead(n)}>{title}</Link>
          ) : (
            title
          )}
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>{n.body}</Typography.Paragraph>
      </div>
      <Space orientation="vertical" align="end" size={2} style={{ flex: 'none' }}>
        <Tooltip title={at.format('YYYY-MM-DD HH:mm:ss')}>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>{at.format('MM-DD HH:mm')}</Typography.Text>
        </Tooltip>
        {unread && (
          <Button type="link" size="small" icon={<CheckOutlined aria-hidden />} onClick={() => onRead(n)} style={{ paddingInline: 0 }} aria-label={t('inbox.markReadFor', { title: n.title })}>
            {t('inbox.markRead')}
          </Button>
        )}
      </Space>
    </li>
  );
}
