-- Keyed hashes (HMAC-SHA256 under rekisteri.contact-keys.secret) of a customer's contact data, fetched from
-- customer-service: never the data itself. NAME_ADDRESS = normalised name + primary postal address (ASML post
-- matching), PHONE = each E.164 number (ASML phone matching, suppression), EMAIL = each address (suppression).
CREATE TABLE customer_contact_key (
    customer_id uuid  NOT NULL,
    kind        text  NOT NULL CHECK (kind IN ('NAME_ADDRESS', 'PHONE', 'EMAIL')),
    key_hash    bytea NOT NULL,
    PRIMARY KEY (customer_id, kind, key_hash)
);
CREATE INDEX customer_contact_key_by_hash ON customer_contact_key (key_hash);

-- Customers whose contact keys must be (re)fetched from customer-service; a failed fetch stays here and is retried.
CREATE TABLE contact_key_refresh (
    customer_id     uuid PRIMARY KEY,
    requested_at    timestamptz NOT NULL,
    -- Counts the requests, so a fetch that raced with a newer request does not settle it.
    request_number  bigint      NOT NULL DEFAULT 1,
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_failure    text
);
CREATE INDEX contact_key_refresh_due ON contact_key_refresh (next_attempt_at);

-- ASML prohibition register imports. Each import is a generation of its own; asml_current points at the one in
-- force, so a new list replaces the old one in a single switch and readers never see half a list.
CREATE TABLE asml_import (
    id          uuid PRIMARY KEY,
    started_at  timestamptz NOT NULL,
    imported_by text        NOT NULL,
    accepted    int,
    rejected    int,
    current_since timestamptz
);

-- One entry per key and prohibited channel (POST = addressed post, PHONE = telemarketing).
CREATE TABLE asml_entry (
    import_id uuid  NOT NULL,
    channel   text  NOT NULL CHECK (channel IN ('POST', 'PHONE')),
    key_hash  bytea NOT NULL,
    PRIMARY KEY (import_id, channel, key_hash)
);

CREATE TABLE asml_current (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    import_id uuid NOT NULL REFERENCES asml_import (id)
);

-- Keyed hashes of the e-mails and phones of erased customers who had objected (a prohibition or a withdrawal):
-- a person who comes back under a new record is still not marketed to. No link to any customer id.
CREATE TABLE suppression_key (
    id       uuid PRIMARY KEY,
    key_hash bytea       NOT NULL UNIQUE,
    kind     text        NOT NULL CHECK (kind IN ('PHONE', 'EMAIL')),
    added_at timestamptz NOT NULL
);
