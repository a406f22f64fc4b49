-- Shared by every service (platform module). Service migrations start at V1.

-- Transactional outbox: an event row commits with the state change it describes; the relay publishes it later.
CREATE TABLE outbox_event (
    id           uuid PRIMARY KEY,
    position     bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    topic        text        NOT NULL,
    message_key  text        NOT NULL,
    ce_type      text        NOT NULL,
    ce_subject   text        NOT NULL,
    ce_time      timestamptz NOT NULL,
    payload      text        NOT NULL,
    published_at timestamptz
);

CREATE INDEX outbox_event_unpublished ON outbox_event (position) WHERE published_at IS NULL;

-- Wakes the relay at commit, so it does not wait a polling interval when there is work.
CREATE FUNCTION outbox_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_event', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_event_inserted AFTER INSERT ON outbox_event
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_event_notify();

-- Inbox: ids of events a consumer has applied, written in the transaction of the effect, so a redelivery is a no-op.
CREATE TABLE inbox_event (
    consumer     text        NOT NULL,
    event_id     text        NOT NULL,
    event_type   text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
