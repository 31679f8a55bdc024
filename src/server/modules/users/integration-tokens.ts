/**
 * The API tokens an admin manages: those of integration accounts, and no one else's. A person's tokens are
 * minted, listed and revoked by that person alone (auth.routes.ts), so an admin never holds a credential of a
 * person or of the auditor. The security log names who acted and for which account.
 */
import type { Db } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';
import type { RequestMeta } from '../auth/actor.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../auth/auth.service.ts';
import { findVisibleUser, type AdminActor, type VisibleUser } from './user.service.ts';

async function integrationAccount(db: Db, by: AdminActor, username: string): Promise<VisibleUser> {
  const u = await findVisibleUser(db, by, username);
  if (!u.isIntegration) throw new DomainError('API_TOKEN_INTEGRATION_ONLY', { username: u.username });
  return u;
}

export async function mintIntegrationToken(db: Db, by: AdminActor, username: string, input: { name: string; expiresInDays?: number }, meta: RequestMeta, maxDays: number) {
  const u = await integrationAccount(db, by, username);
  if (u.disabled) throw new DomainError('ACCOUNT_DISABLED');
  return createApiToken(db, { userId: u.id, username: u.username }, input, meta, { by, maxDays });
}

export async function listIntegrationTokens(db: Db, by: AdminActor, username: string) {
  const u = await integrationAccount(db, by, username);
  return listApiTokens(db, u.id);
}

export async function revokeIntegrationToken(db: Db, by: AdminActor, username: string, tokenId: number, meta: RequestMeta): Promise<void> {
  const u = await integrationAccount(db, by, username);
  await revokeApiToken(db, by, { userId: u.id, username: u.username }, tokenId, meta);
}
