import type { Permission, Role } from '../../../shared/roles.ts';

/** Who is calling: everything a policy needs, loaded once per request. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  unitId: number | null;
  /** The leader of their unit (单位负责人): sees the whole unit's work and gives its cases to members. */
  unitLead: boolean;
  roles: Role[];
  permissions: Set<Permission>;
  /** Division-code prefixes the user may see (shared/scope.ts). */
  scopes: string[];
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
  passwordExpired: boolean;
  /** The language the user chose (their preferences), which their errors are answered in; absent: Accept-Language decides. */
  language?: 'zh-CN' | 'en' | null;
}

export interface RequestMeta {
  ip: string;
  userAgent?: string;
  requestId: string;
}
