-- Contact keys name the key they were made with (docs/operations.md, "Rotating the contact key"). Key 1 is
-- rekisteri.contact-keys.secret, keys 2, 3... are added by rotations, and a hash under key n is HMAC(key n, the hash
-- under key n-1): a rotation re-keys every stored hash without the contact data, the suppression list of erased
-- customers included. Every stored hash is under one key at a time, the one contact_key_state names: a rotation
-- re-keys all three tables and moves it in one transaction, and writers read it with FOR SHARE.
ALTER TABLE customer_contact_key ADD COLUMN key_id smallint NOT NULL DEFAULT 1;
ALTER TABLE asml_entry ADD COLUMN key_id smallint NOT NULL DEFAULT 1;
ALTER TABLE suppression_key ADD COLUMN key_id smallint NOT NULL DEFAULT 1;
-- Existing rows are under key 1; from now on every writer says which key.
ALTER TABLE customer_contact_key ALTER COLUMN key_id DROP DEFAULT;
ALTER TABLE asml_entry ALTER COLUMN key_id DROP DEFAULT;
ALTER TABLE suppression_key ALTER COLUMN key_id DROP DEFAULT;

CREATE TABLE contact_key_state (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    key_id     smallint NOT NULL CHECK (key_id >= 1),
    rotated_at timestamptz,
    rotated_by text
);
INSERT INTO contact_key_state (key_id) VALUES (1);

-- HMAC(key, a fixed label) of every key the service has started with: a key id whose secret changed (a lost or
-- mistyped key would silently stop every suppression and ASML entry from matching) stops the service at start.
CREATE TABLE contact_key_fingerprint (
    key_id      smallint PRIMARY KEY,
    fingerprint bytea       NOT NULL,
    recorded_at timestamptz NOT NULL
);
