-- The command centre in a browser (issue 17): per-user preferences kept on the server, and the emergency alarm's
-- acknowledgement on the case.

-- One document per user (language, saved filters, list columns, stock phrases), validated by the contract's schema
-- (shared/api/preferences.ts) when written and again when read.
CREATE TABLE user_preferences (
  user_id    bigint PRIMARY KEY REFERENCES users (id),
  document   jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- The language is part of a signed-in caller (their errors are answered in it: auth.service.ts ACTOR_COLUMNS), so a
-- first save, or a change of language, tells every process to forget its cached sign-ins (migration 0008). Row
-- triggers: a statement trigger on INSERT would fire for every upsert, whatever it changed.
CREATE TRIGGER user_preferences_auth_changed AFTER INSERT OR DELETE ON user_preferences
  FOR EACH ROW EXECUTE FUNCTION guancheng_auth_changed();
CREATE TRIGGER user_preferences_language_changed AFTER UPDATE ON user_preferences
  FOR EACH ROW WHEN (OLD.document->>'language' IS DISTINCT FROM NEW.document->>'language') EXECUTE FUNCTION guancheng_auth_changed();

-- An urgent case sounds an alarm in the command centre until someone acknowledges it (who and when also go into the
-- case's timeline as a case.alertAcknowledged event). Making a case urgent again clears it: a new alarm.
ALTER TABLE cases ADD COLUMN alert_acknowledged_at timestamptz;
ALTER TABLE cases ADD COLUMN alert_acknowledged_by bigint REFERENCES users (id);
-- Urgent cases from before the alarm existed were announced by the inbox's emergency notice: they do not ring now.
UPDATE cases SET alert_acknowledged_at = reported_at WHERE urgency = 'urgent';
-- The alarms a browser fetches when it connects (GET /api/cases/alerts): few rows, read on every page load.
CREATE INDEX cases_alert_open_idx ON cases (reported_at DESC)
  WHERE urgency = 'urgent' AND alert_acknowledged_at IS NULL AND status NOT IN ('closed', 'voided', 'notTrue', 'merged');
