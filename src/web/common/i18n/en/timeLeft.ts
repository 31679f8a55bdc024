export const timeLeft = {
  left: '{d} left',
  overdue: 'Overdue {d}',
  days: '{d}d {h}h',
  hm: '{h}h {m}m',
  ms: '{m}m {s}s',
  paused: 'Paused outside working hours',
  due: 'Due {at}',
  none: 'No time limit',
};
