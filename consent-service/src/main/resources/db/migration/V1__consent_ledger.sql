-- Current consent state per customer x purpose x channel.
CREATE TABLE consent (
    customer_id uuid        NOT NULL,
    purpose     text        NOT NULL,
    channel     text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('GRANTED', 'WITHDRAWN')),
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (customer_id, purpose, channel)
);

-- The append-only history behind every state, with its evidence. Rows are never updated; erasure deletes them.
CREATE TABLE consent_change (
    id           uuid PRIMARY KEY,
    customer_id  uuid        NOT NULL,
    purpose      text        NOT NULL,
    channel      text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('GRANTED', 'WITHDRAWN')),
    source       text        NOT NULL,
    text_version text,
    note         text,
    captured_at  timestamptz NOT NULL,
    recorded_at  timestamptz NOT NULL,
    recorded_by  text        NOT NULL,
    event_id     uuid        NOT NULL
);

CREATE INDEX consent_change_by_customer ON consent_change (customer_id, recorded_at);

CREATE FUNCTION consent_change_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'consent_change is append-only';
END;
$$;

CREATE TRIGGER consent_change_append_only BEFORE UPDATE ON consent_change
    FOR EACH ROW EXECUTE FUNCTION consent_change_is_append_only();

-- What this service knows of each customer relationship, from customer-service's events.
CREATE TABLE customer_relationship (
    customer_id           uuid PRIMARY KEY,
    status                text        NOT NULL CHECK (status IN ('ACTIVE', 'CLOSED', 'ERASED')),
    closure_reason        text,
    relationship_ended_on date,
    updated_at            timestamptz NOT NULL
);
