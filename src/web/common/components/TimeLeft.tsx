/**
 * A step's time left, counted down every second from the server's working-time figure (the browser
 * never does calendar math: see format/time-left.ts), in the colour the server gave the step.
 * Every TimeLeft on the page shares one ticker.
 */
import { useSyncExternalStore } from 'react';
import { Tooltip } from 'antd';
import { inShanghai } from '../format/datetime.ts';
import { PauseCircleOutlined } from '@ant-design/icons';
import { COLOUR_LABELS, type Colour } from '../../../shared/api/vocabulary.ts';
import { secondsLeftAt, type TimeLeftDto } from '../format/time-left.ts';
import { formatTimeLeft } from '../format/time-left-text.ts';
import { subscribeTicker, tickerNow } from '../format/ticker.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** Text colours with at least 4.5:1 contrast on white (WCAG AA); overdue is white on dark red. */
export const COLOUR_STYLE: Record<Colour, { color: string; background: string; border: string }> = {
  green: { color: '#1f6b0f', background: '#f1f9eb', border: '#b7dfa0' },
  yellow: { color: '#8a5300', background: '#fff8e6', border: '#ffd98a' },
  red: { color: '#b3131f', background: '#fff1f0', border: '#ffb3ae' },
  overdue: { color: '#ffffff', background: '#a8071a', border: '#a8071a' },
};

export function useNow(): number {
  return useSyncExternalStore(subscribeTicker, tickerNow, tickerNow);
}

interface Props {
  timeLeft: TimeLeftDto | null | undefined;
  colour?: Colour | null;
  /** Show the colour's name (正常/预警/临期/超期) before the time. */
  showLabel?: boolean;
  /** When the server gave no time left (an older row), the deadline is shown instead. */
  dueAt?: string | null;
}

function Running({ timeLeft, colour, showLabel }: Props & { timeLeft: TimeLeftDto }) {
  const { t, label } = useI18n();
  const now = useNow();
  const seconds = secondsLeftAt(timeLeft, now);
  // The server's colour at asOf; once the countdown passes zero the step is overdue whatever it said then.
  const c: Colour = seconds < 0 ? 'overdue' : (colour ?? 'green');
  const style = COLOUR_STYLE[c];
  const text = formatTimeLeft(seconds, t);
  const paused = !timeLeft.running;
  const colourName = label(COLOUR_LABELS[c]);
  return (
    <Tooltip title={paused ? t('timeLeft.paused') : colourName}>
      <span
        className="gc-time-left"
        role="timer"
        data-colour={c}
        aria-label={`${colourName} ${text}${paused ? ` ${t('timeLeft.paused')}` : ''}`}
        style={{
          display: 'inline-flex',
          alignItems: 'center',
          gap: 4,
          padding: '0 6px',
          lineHeight: '20px',
          borderRadius: 4,
          border: `1px solid ${style.border}`,
          background: style.background,
          color: style.color,
          fontVariantNumeric: 'tabular-nums',
          whiteSpace: 'nowrap',
          fontSize: 12,
        }}
      >
        {showLabel && <span>{colourName}</span>}
        <span aria-hidden>{text}</span>
        {paused && <PauseCircleOutlined aria-hidden />}
      </span>
    </Tooltip>
  );
}

export function TimeLeft({ timeLeft, colour, showLabel, dueAt }: Props) {
  const { t } = useI18n();
  if (!timeLeft) {
    if (!dueAt) return <span title={t('timeLeft.none')}>—</span>;
    return <span style={{ color: colour ? COLOUR_STYLE[colour === 'overdue' ? 'red' : colour].color : undefined }}>{t('timeLeft.due', { at: inShanghai(dueAt).format('MM-DD HH:mm') })}</span>;
  }
  return <Running timeLeft={timeLeft} colour={colour} showLabel={showLabel} />;
}
