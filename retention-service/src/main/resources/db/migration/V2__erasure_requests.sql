-- Erasure requests (privacy notice §5: on the customer's demand, at retention expiry, after abuse) and every
-- required holder's acknowledgement of each.
CREATE TABLE erasure_request (
    id           uuid PRIMARY KEY,
    customer_id  uuid        NOT NULL,
    reason       text        NOT NULL CHECK (reason IN ('DATA_SUBJECT_REQUEST', 'RETENTION_EXPIRED', 'ABUSE')),
    categories   text[]      NOT NULL,
    requested_by text        NOT NULL,
    requested_at timestamptz NOT NULL,
    deadline     date        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('OPEN', 'COMPLETED')),
    completed_at timestamptz
);

-- One open request per customer: a second one is a conflict that points at the first.
CREATE UNIQUE INDEX erasure_request_one_open_per_customer ON erasure_request (customer_id) WHERE status = 'OPEN';
CREATE INDEX erasure_request_by_status ON erasure_request (status, requested_at);

CREATE TABLE erasure_request_holder (
    request_id        uuid        NOT NULL REFERENCES erasure_request (id),
    holder_id         text        NOT NULL,
    due_at            timestamptz NOT NULL,
    published_at      timestamptz NOT NULL,
    publications      integer     NOT NULL DEFAULT 1,
    acknowledged_at   timestamptz,
    outcomes          jsonb,
    PRIMARY KEY (request_id, holder_id)
);
