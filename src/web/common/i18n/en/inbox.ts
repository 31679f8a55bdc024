import type { inbox as zh } from '../zh-CN/inbox.ts';

export const inbox: Record<keyof typeof zh, string> = {
  title: 'Messages',
  filter: 'Show',
  all: 'All',
  unread: 'Unread',
  unreadN: 'Unread ({n})',
  unreadMark: 'Unread: ',
  readAll: 'Mark all read',
  markRead: 'Mark read',
  markReadFor: 'Mark “{title}” read',
  empty: 'No messages',
  emptyUnread: 'No unread messages',
  more: 'Load older messages',
  end: 'All {n} shown',
  unreadCount: '{n} unread',
  readDone: '{n} message(s) marked read',
};
