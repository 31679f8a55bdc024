import type { Permission, Role } from '../../../shared/roles.ts';

/** Who is calling: everything a policy needs, loaded once per request. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  unitId: number | null;
  roles: Role[];
  permissions: Set<Permission>;
  /** Division-code prefixes the user may see (shared/scope.ts). */
  scopes: string[];
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
  passwordExpired: boolean;
}

export interface RequestMeta {
  ip: string;
  userAgent?: string;
  requestId: string;
}
