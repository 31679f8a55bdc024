-- Administration of the catalogue (issue 18): which categories a citizen may pick, and stock phrases for everyone.

-- Categories a citizen may choose when reporting through the public channel (公众可选): until now a fixed list in
-- the citizens module, now a setting the admin changes per category. Existing rows keep that list.
ALTER TABLE categories ADD COLUMN is_public boolean NOT NULL DEFAULT false;
UPDATE categories SET is_public = true
 WHERE kind = 'event'
   AND code IN ('06010', '06042', '06036', '06014', '09006', '09001', '09005', '09009', '06029', '06027', '07001', '07003', '06001', '08004', '01002', '06013');

-- Shared stock phrases (公共常用语) of a district, maintained by its admin and offered to everyone who types a
-- description or a reply, beside their own (user_preferences.document->'stockPhrases'). One document per district,
-- validated by the contract's schema (shared/api/phrases.ts) when written and again when read.
CREATE TABLE shared_phrases (
  district_code text PRIMARY KEY REFERENCES divisions (code),
  phrases       jsonb NOT NULL DEFAULT '[]',
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    bigint REFERENCES users (id)
);
