import type { settings as zh } from '../zh-CN/settings.ts';

export const settings: Record<keyof typeof zh, string> = {
  account: 'Account',
  displayName: 'Name',
  username: 'Username',
  roles: 'Roles',
  scopes: 'Data scope',
  scopeAll: 'Everything',
  language: 'Language',
  languageHint: 'Kept with your account: it follows you to another computer.',
  security: 'Security',
  changePassword: 'Change password',
  phrases: 'Stock phrases',
  phrasesHint: 'Inserted with one click when registering a call or writing an opinion. Up to 100 of 200 characters each.',
  phraseAdd: 'Add a phrase',
  phrasePlaceholder: 'e.g. Verified on site: the problem is real',
  phraseDelete: 'Delete',
  phraseUp: 'Move up',
  phraseDown: 'Move down',
  phrasesEmpty: 'No stock phrases yet',
  phraseTooLong: 'At most 200 characters',
  phraseDuplicate: 'That phrase is already there',
};
