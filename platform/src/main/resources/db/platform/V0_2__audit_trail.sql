-- Audit trail (privacy notice §8): every read or change of a customer's personal data. Values never appear here:
-- only who, which customer, which categories, what, why, when and with what outcome.
CREATE TABLE audit_event (
    id          uuid PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    subject     text        NOT NULL,
    client_id   text,
    customer_id uuid,
    categories  text[]      NOT NULL,
    action      text        NOT NULL,
    purpose     text        NOT NULL,
    outcome     text        NOT NULL,
    operation   text        NOT NULL
);

CREATE INDEX audit_event_by_customer ON audit_event (customer_id, occurred_at);
CREATE INDEX audit_event_by_time ON audit_event (occurred_at);

-- Append-only: rows are never changed; only the audit retention job deletes expired ones.
CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only';
END;
$$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
