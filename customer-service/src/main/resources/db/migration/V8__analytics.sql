-- Event and usage analytics: cheap to write (batch insert, no per-row id), paged by seq, purged by age.
CREATE TABLE analytics_event (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id uuid        NOT NULL REFERENCES customer (id),
    type        text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    service     text        NOT NULL
);
CREATE INDEX analytics_event_customer ON analytics_event (customer_id, seq);
CREATE INDEX analytics_event_occurred ON analytics_event (occurred_at);
