-- An erased customer stays as a tombstone (id, customer number, status ERASED, when) so that later events for the
-- id are recognised; every personal value is gone.
ALTER TABLE customer ADD COLUMN erased_at timestamptz;
