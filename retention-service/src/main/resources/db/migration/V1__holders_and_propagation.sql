-- Every system that keeps a copy of customer data, and whether (and how fast) it must acknowledge events.
CREATE TABLE holder (
    id                       text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    description              text        NOT NULL,
    categories               text[]      NOT NULL,
    acknowledgement_required boolean     NOT NULL,
    acknowledgement_deadline interval    NOT NULL, -- how long after an event its acknowledgement is due
    registered_at            timestamptz NOT NULL DEFAULT now()
);

-- The three services of the set are holders from the start.
INSERT INTO holder (id, description, categories, acknowledgement_required, acknowledgement_deadline) VALUES
    ('customer-service', 'Rekisteri customer register',
     ARRAY['BASIC_DATA', 'IDENTIFICATION', 'CUSTOMERSHIP', 'ANALYTICS', 'BILLING', 'SELF_GIVEN'], true, '1 hour'),
    ('consent-service', 'Rekisteri consent ledger', ARRAY['MARKETING_PERMISSIONS'], true, '1 hour'),
    ('retention-service', 'Rekisteri retention and privacy requests', ARRAY['CUSTOMERSHIP'], true, '1 hour');

-- An event that must reach every holder (withdrawal, prohibition, closure), and who was expected to apply it.
CREATE TABLE propagation (
    event_id    uuid PRIMARY KEY,
    event_type  text        NOT NULL,
    customer_id uuid        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE propagation_holder (
    event_id  uuid        NOT NULL REFERENCES propagation (event_id),
    holder_id text        NOT NULL,
    due_at    timestamptz NOT NULL,
    PRIMARY KEY (event_id, holder_id)
);

-- Holders' acknowledgements as received; may arrive before the event itself is recorded here.
CREATE TABLE holder_acknowledgement (
    acknowledged_event_id uuid        NOT NULL,
    holder_id             text        NOT NULL,
    customer_id           uuid        NOT NULL,
    outcomes              jsonb       NOT NULL,
    acknowledged_at       timestamptz NOT NULL,
    received_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (acknowledged_event_id, holder_id)
);

-- When each customer relationship ended: the start of its retention clock.
CREATE TABLE retention_clock (
    customer_id           uuid PRIMARY KEY,
    relationship_ended_on date        NOT NULL,
    updated_at            timestamptz NOT NULL DEFAULT now()
);
