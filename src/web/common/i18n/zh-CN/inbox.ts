/** The inbox (features/inbox). */
export const inbox = {
  title: '消息',
  filter: '显示范围',
  all: '全部',
  unread: '未读',
  unreadN: '未读（{n}）',
  unreadMark: '未读：',
  readAll: '全部已读',
  markRead: '标为已读',
  markReadFor: '将“{title}”标为已读',
  empty: '没有消息',
  emptyUnread: '没有未读消息',
  more: '加载更早的消息',
  end: '已显示全部 {n} 条',
  unreadCount: '{n} 条未读',
  readDone: '已将 {n} 条消息标为已读',
};
