-- Signed-in callers are cached for a few seconds per app process (modules/auth/actor-cache.ts). Any change
-- that could alter who someone is or what they may do tells every process to forget them: a NOTIFY at
-- commit, whichever process or CLI command made the change. These writes are rare (admin actions,
-- sign-outs), so the NOTIFY inside their transactions costs nothing measurable.
CREATE FUNCTION guancheng_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('guancheng_auth_changed', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER users_auth_changed AFTER UPDATE OF username, display_name, unit_id, disabled_at, must_change_password, password_changed_at
  OR DELETE ON users FOR EACH STATEMENT EXECUTE FUNCTION guancheng_auth_changed();
CREATE TRIGGER user_roles_auth_changed AFTER INSERT OR UPDATE OR DELETE ON user_roles FOR EACH STATEMENT EXECUTE FUNCTION guancheng_auth_changed();
CREATE TRIGGER user_scopes_auth_changed AFTER INSERT OR UPDATE OR DELETE ON user_scopes FOR EACH STATEMENT EXECUTE FUNCTION guancheng_auth_changed();
CREATE TRIGGER sessions_auth_changed AFTER UPDATE OF revoked_at, expires_at OR DELETE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION guancheng_auth_changed();
CREATE TRIGGER api_tokens_auth_changed AFTER UPDATE OF revoked_at, expires_at OR DELETE ON api_tokens FOR EACH STATEMENT EXECUTE FUNCTION guancheng_auth_changed();
