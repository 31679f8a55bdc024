/** The inbox (features/inbox/InboxPage). */
export const inbox = {
  title: '消息',
  all: '全部',
  unread: '未读',
  readAll: '全部标为已读',
  markRead: '标为已读',
  urgent: '紧急',
  openCase: '查看案件 {no}',
  empty: '没有消息',
  emptyUnread: '没有未读消息',
  more: '加载更早的消息',
  unreadCount: '{n} 条未读',
  readDone: '已将 {n} 条消息标为已读',
};
