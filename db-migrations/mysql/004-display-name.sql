-- Patch 4: the display name a person sets on the settings page
-- (POST /profile/v1/display_name), reported by GET /profile/v1/profile.
-- NULL means none was ever set or it was cleared. utf8mb4 holds any
-- character the route admits, emoji included; 256 characters at most.

ALTER TABLE accounts ADD COLUMN displayName VARCHAR(256) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;
