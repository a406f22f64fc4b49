-- Every run of the retention sweep (scheduled or asked for), with what it found and did. Counts are updated as each
-- batch commits, so an interrupted sweep shows how far it got.
CREATE TABLE sweep (
    id               uuid PRIMARY KEY,
    trigger          text        NOT NULL CHECK (trigger IN ('SCHEDULE', 'REQUEST')),
    requested_by     text        NOT NULL,
    started_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    status           text        NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'SKIPPED', 'FAILED')),
    due_found        integer     NOT NULL DEFAULT 0,
    requests_created integer     NOT NULL DEFAULT 0
);

CREATE INDEX sweep_by_start ON sweep (started_at);
