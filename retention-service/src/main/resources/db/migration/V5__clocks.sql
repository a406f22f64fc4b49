-- A retention clock runs from the end of the relationship; a reopened relationship stops it, the sweep ends it by
-- opening an erasure request (in the same transaction, so a restarted sweep never opens a second one).
ALTER TABLE retention_clock
    ADD COLUMN reopened_at        timestamptz,
    ADD COLUMN swept_at           timestamptz,
    ADD COLUMN erasure_request_id uuid;

CREATE INDEX retention_clock_running ON retention_clock (relationship_ended_on)
    WHERE reopened_at IS NULL AND swept_at IS NULL;

-- What a holder answered RETAINED (e.g. BILLING under the Accounting Act) is erased when its until-date comes.
CREATE TABLE follow_up_clock (
    source_request_id  uuid        NOT NULL,
    holder_id          text        NOT NULL,
    category           text        NOT NULL,
    customer_id        uuid        NOT NULL,
    due_on             date        NOT NULL,
    legal_basis        text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    swept_at           timestamptz,
    erasure_request_id uuid,
    PRIMARY KEY (source_request_id, holder_id, category)
);

CREATE INDEX follow_up_clock_due ON follow_up_clock (due_on) WHERE swept_at IS NULL;
CREATE INDEX follow_up_clock_by_customer ON follow_up_clock (customer_id);
