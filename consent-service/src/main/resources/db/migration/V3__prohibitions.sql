-- Direct-marketing prohibitions (objections, GDPR art. 21(3)): they beat every consent. Lifting is its own act;
-- the row keeps both acts and their evidence.
CREATE TABLE prohibition (
    id              uuid PRIMARY KEY,
    customer_id     uuid        NOT NULL,
    scope           text        NOT NULL CHECK (scope IN ('DIRECT_MARKETING', 'DISTANCE_SELLING', 'ALL_MARKETING',
                                                          'DISCLOSURE')),
    channels        text[]      NOT NULL,
    source          text        NOT NULL,
    note            text,
    added_at        timestamptz NOT NULL,
    added_by        text        NOT NULL,
    added_event_id  uuid        NOT NULL,
    lifted_at       timestamptz,
    lifted_by       text,
    lift_source     text,
    lift_note       text,
    lifted_event_id uuid
);

CREATE INDEX prohibition_active_by_customer ON prohibition (customer_id) WHERE lifted_at IS NULL;
