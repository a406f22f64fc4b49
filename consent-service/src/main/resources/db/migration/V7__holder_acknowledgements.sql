-- Which holders have applied this service's withdrawals and prohibitions (from rekisteri.privacy-replies.v1), so
-- the consent history shows the propagation of each objection.
CREATE TABLE holder_acknowledgement (
    event_id        uuid        NOT NULL,
    holder          text        NOT NULL,
    customer_id     uuid        NOT NULL,
    acknowledged_at timestamptz NOT NULL,
    outcomes        text[]      NOT NULL,
    PRIMARY KEY (event_id, holder)
);
CREATE INDEX holder_acknowledgement_by_customer ON holder_acknowledgement (customer_id);

CREATE INDEX consent_change_by_event ON consent_change (event_id);
CREATE INDEX prohibition_by_event ON prohibition (added_event_id);
CREATE INDEX prohibition_by_lift_event ON prohibition (lifted_event_id) WHERE lifted_event_id IS NOT NULL;
