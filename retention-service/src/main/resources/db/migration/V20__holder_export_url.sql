-- Where a holder serves its part of an access request (GDPR art. 15): a URL template with {customerId}. A holder
-- without one answers access requests with holder.acknowledged instead.
ALTER TABLE holder ADD COLUMN export_url text
    CHECK (export_url ~ '^https?://\S+$' AND position('{customerId}' IN export_url) > 0);
-- The token subject that registered the holder: a holder system's service account may change only its own entry.
ALTER TABLE holder ADD COLUMN registered_by text;
ALTER TABLE holder ADD COLUMN updated_at timestamptz;
