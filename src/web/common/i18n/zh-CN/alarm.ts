/** 紧急警报 (office/features/alerts). */
export const alarm = {
  title: '紧急案件警报（{n} 件）',
  body: '以下紧急案件尚无人确认。请立即确认收到并按应急预案处置；确认将记录在案件上，所有席位的警报随之停止。',
  titleFlash: '【紧急】{n} 件紧急案件待确认',
  reportedAt: '{at} 上报',
  acknowledge: '确认收到',
  acknowledgeFor: '确认收到紧急案件 {no}',
  acknowledged: '已确认收到 {no}',
  alreadyAcknowledged: '{no} 已由 {who} 确认',
  enableSound: '点击开启声音',
  noSound: '当前浏览器不支持提示音，请留意屏幕提示。',
  mute: '静音',
  unmute: '恢复声音',
  setAside: '稍后处理',
  pill: '{n} 件紧急案件待确认',
  show: '查看',
};
