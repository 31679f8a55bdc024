-- Photos: content-addressed (id = SHA-256 hex of the stored bytes, which live in the file store, not here).
-- Staff photos keep their original bytes (EXIF intact) plus the position and time the client claims;
-- citizens' photos are stored only after every piece of metadata is stripped. Never deleted (DOMAIN §8).

CREATE TABLE photos (
  id            text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
  uploader_id   bigint REFERENCES users (id),               -- first uploader; null for citizens
  is_citizen    boolean NOT NULL,
  mime          text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
  bytes         integer NOT NULL CHECK (bytes > 0),
  width         integer NOT NULL CHECK (width > 0),
  height        integer NOT NULL CHECK (height > 0),
  thumb_hash    text CHECK (thumb_hash ~ '^[0-9a-f]{64}$'),  -- 320 px JPEG, same store
  captured_at   timestamptz,                                -- what the client said (staff only)
  captured_lng  double precision,
  captured_lat  double precision,
  captured_accuracy_m double precision,
  exif_taken_at timestamptz,                                -- what the file itself says (staff only)
  exif_lng      double precision,
  exif_lat      double precision,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT is_citizen OR (uploader_id IS NULL AND captured_at IS NULL AND captured_lng IS NULL AND exif_taken_at IS NULL AND exif_lng IS NULL)),
  CHECK ((captured_lng IS NULL) = (captured_lat IS NULL)),
  CHECK ((exif_lng IS NULL) = (exif_lat IS NULL))
);

-- Every staff upload, including repeats of the same bytes: who sent it, and where and when they said it was
-- taken. The same photo arriving again with another claimed place or time is exactly what integrity checks
-- look for, and a repeat uploader may fetch what they uploaded.
CREATE TABLE photo_uploads (
  id            bigserial PRIMARY KEY,
  photo_id      text NOT NULL REFERENCES photos (id),
  user_id       bigint NOT NULL REFERENCES users (id),
  captured_at   timestamptz,
  captured_lng  double precision,
  captured_lat  double precision,
  captured_accuracy_m double precision,
  uploaded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX photo_uploads_photo_idx ON photo_uploads (photo_id, user_id);

-- "Which visible case references this photo": cases.photos @> '[{"id": …}]'.
CREATE INDEX cases_photos_idx ON cases USING gin (photos jsonb_path_ops);
