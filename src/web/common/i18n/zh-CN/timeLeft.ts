export const timeLeft = {
  left: '剩余 {d}',
  overdue: '已超时 {d}',
  days: '{d}天{h}小时',
  hm: '{h}小时{m}分',
  ms: '{m}分{s}秒',
  paused: '非工作时间暂停计时',
  due: '截止 {at}',
  none: '无计时',
};
