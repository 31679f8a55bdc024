import type { alarm as zh } from '../zh-CN/alarm.ts';

export const alarm: Record<keyof typeof zh, string> = {
  title: 'Emergency alert ({n})',
  body: 'Nobody has acknowledged these urgent cases yet. Acknowledge them now and act on the emergency plan; the acknowledgement is recorded on the case and the alarm stops at every desk.',
  titleFlash: '[URGENT] {n} emergency case(s) to acknowledge',
  reportedAt: 'reported {at}',
  acknowledge: 'Acknowledge',
  acknowledgeFor: 'Acknowledge emergency case {no}',
  acknowledged: 'Acknowledged {no}',
  alreadyAcknowledged: '{no} was acknowledged by {who}',
  enableSound: 'Click to turn on sound',
  noSound: 'This browser cannot play the alarm sound; watch the screen.',
  mute: 'Mute',
  unmute: 'Unmute',
  setAside: 'Later',
  pill: '{n} emergency case(s) to acknowledge',
  show: 'Show',
};
