-- Access requests (GDPR art. 15): every holder's part, assembled into one report that is deleted after
-- rekisteri.access.report-retention.
CREATE TABLE access_request (
    id                uuid PRIMARY KEY,
    customer_id       uuid        NOT NULL,
    requested_by      text        NOT NULL,
    requested_at      timestamptz NOT NULL,
    deadline          date        NOT NULL,
    status            text        NOT NULL CHECK (status IN ('OPEN', 'COMPLETED')),
    completed_at      timestamptz,
    report            jsonb,       -- the assembled report (personal data) until it expires
    report_expires_at timestamptz,
    report_deleted_at timestamptz
);
CREATE INDEX access_request_by_customer ON access_request (customer_id, requested_at);
CREATE INDEX access_request_report_expiry ON access_request (report_expires_at) WHERE report IS NOT NULL;

-- One holder's part of a request: fetched from its export URL (retried until it comes), or its answer by event.
CREATE TABLE access_request_holder (
    request_id      uuid        NOT NULL REFERENCES access_request (id),
    holder_id       text        NOT NULL,
    export_url      text,        -- the holder's template when the request was made; null: it answers by event
    due_at          timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      text,        -- e.g. "HTTP 503" or "ConnectException": never a response body
    part            jsonb,       -- the fetched part (personal data) until the report is assembled
    outcomes        jsonb,       -- the holder's answer (holder.acknowledged), or NOT_HELD when its export said 404
    received_at     timestamptz, -- when the part or the answer came: the holder is done
    PRIMARY KEY (request_id, holder_id)
);
CREATE INDEX access_request_holder_to_fetch ON access_request_holder (next_attempt_at)
    WHERE received_at IS NULL AND export_url IS NOT NULL;
