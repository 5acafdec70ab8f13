-- Patch 4: the display name a person sets on the settings page
-- (POST /profile/v1/display_name), reported by GET /profile/v1/profile.
-- NULL means none was ever set or it was cleared.

ALTER TABLE accounts ADD COLUMN displayName TEXT;
