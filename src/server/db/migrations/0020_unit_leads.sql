-- The handling units' desk (issue 18): a unit's leader (单位负责人) sees the whole unit's work and may give a case's
-- open unit step to one member (case_steps.assignee_user_ids, which unit steps have left empty until now).
ALTER TABLE users ADD COLUMN unit_lead boolean NOT NULL DEFAULT false;

-- Being a unit's leader is part of a signed-in caller (auth.service.ts ACTOR_COLUMNS): a change tells every process
-- to forget its cached sign-ins, as a change of unit does (migration 0008).
CREATE TRIGGER users_unit_lead_changed AFTER UPDATE OF unit_lead ON users
  FOR EACH STATEMENT EXECUTE FUNCTION guancheng_auth_changed();

-- The desk's overview counts the unit's handling steps ended this week: by unit and end time, ended ones only.
CREATE INDEX case_steps_unit_ended_idx ON case_steps (assignee_unit_id, ended_at) WHERE ended_at IS NOT NULL AND assignee_unit_id IS NOT NULL;
