-- The handling unit's public reply (公开答复): what the citizen reads beside the internal result, written
-- when the unit reports the case handled (or a supervisor self-handles it).
ALTER TABLE cases ADD COLUMN public_reply text;

-- When the shift leader was told that nobody answers for an open step (a unit without active members, a grid
-- without a supervisor): once per step, so the sweep does not tell again every 30 s.
ALTER TABLE case_steps ADD COLUMN unattended_notified_at timestamptz;

-- An upload's answer names its thumbnail too (thumbId): fetching it by that id finds the photo by its thumbnail.
CREATE INDEX photos_thumb_hash_idx ON photos (thumb_hash) WHERE thumb_hash IS NOT NULL;
