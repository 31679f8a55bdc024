import type { inbox as zh } from '../zh-CN/inbox.ts';

export const inbox: Record<keyof typeof zh, string> = {
  title: 'Inbox',
  all: 'All',
  unread: 'Unread',
  readAll: 'Mark all read',
  markRead: 'Mark read',
  urgent: 'Urgent',
  openCase: 'Open case {no}',
  empty: 'No messages',
  emptyUnread: 'No unread messages',
  more: 'Load older messages',
  unreadCount: '{n} unread',
  readDone: 'Marked {n} messages read',
};
