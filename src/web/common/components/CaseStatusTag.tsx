/**
 * A case's status and urgency as tags, in colours grouped by the stage of the loop (intake, dispatch,
 * handling, check, finished). Text colours keep 4.5:1 contrast on their backgrounds (axe).
 */
import { Tag } from 'antd';
import { ThunderboltFilled } from '@ant-design/icons';
import { STATUS_LABELS, type CaseStatus } from '../../../shared/cases/workflow.ts';
import { URGENCY_LABELS } from '../../../shared/api/vocabulary.ts';
import type { Urgency } from '../../../shared/org.ts';
import { useI18n } from '../i18n/i18n.tsx';

type Tone = 'intake' | 'dispatch' | 'handling' | 'paused' | 'check' | 'closed' | 'ended';

const TONE_OF: Record<CaseStatus, Tone> = {
  reported: 'intake',
  verifying: 'intake',
  pendingFiling: 'intake',
  voidPending: 'intake',
  pendingDispatch: 'dispatch',
  dispatched: 'dispatch',
  handling: 'handling',
  extensionRequested: 'handling',
  returnRequested: 'handling',
  shelveRequested: 'handling',
  shelved: 'paused',
  pendingCheck: 'check',
  checking: 'check',
  pendingCallback: 'check',
  pendingClose: 'check',
  selfHandled: 'check',
  closed: 'closed',
  voided: 'ended',
  notTrue: 'ended',
  merged: 'ended',
};

const TONES: Record<Tone, { color: string; background: string; borderColor: string }> = {
  intake: { color: '#0b4fb3', background: '#eaf2ff', borderColor: '#b5d0ff' },
  dispatch: { color: '#4a2bb3', background: '#f2eeff', borderColor: '#cfc2ff' },
  handling: { color: '#0a5f66', background: '#e6f6f6', borderColor: '#a6dede' },
  paused: { color: '#4d4d4d', background: '#f0f0f0', borderColor: '#d0d0d0' },
  check: { color: '#7a4600', background: '#fff5e0', borderColor: '#f5d18c' },
  closed: { color: '#1f6b0f', background: '#f0f9ea', borderColor: '#b7dfa0' },
  ended: { color: '#595959', background: '#fafafa', borderColor: '#d9d9d9' },
};

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const { label } = useI18n();
  return (
    <Tag style={{ ...TONES[TONE_OF[status]], marginInlineEnd: 0 }} data-status={status}>
      {label(STATUS_LABELS[status])}
    </Tag>
  );
}

/** Urgent cases stand out (solid red); a normal one is plain text, so the column stays quiet. */
export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  const { label } = useI18n();
  if (urgency !== 'urgent') return <span style={{ color: '#595959' }}>{label(URGENCY_LABELS.normal)}</span>;
  return (
    <Tag icon={<ThunderboltFilled aria-hidden />} style={{ color: '#fff', background: '#b3131f', borderColor: '#b3131f', marginInlineEnd: 0 }} data-urgency="urgent">
      {label(URGENCY_LABELS.urgent)}
    </Tag>
  );
}
