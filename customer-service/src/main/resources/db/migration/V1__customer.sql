-- The customer and the data categories of the privacy notice §5 that the walking skeleton needs.
CREATE TABLE customer (
    id                    uuid PRIMARY KEY,
    customer_number       bigint GENERATED ALWAYS AS IDENTITY (START WITH 100001) UNIQUE,
    status                text        NOT NULL CHECK (status IN ('ACTIVE', 'CLOSED', 'ERASED')),
    first_name            text,
    last_name             text,
    birth_date            date,
    email                 text,
    username              text,
    source                text        NOT NULL,
    registered_at         timestamptz NOT NULL,
    closure_reason        text,
    closed_at             timestamptz,
    relationship_ended_on date,
    version               bigint      NOT NULL DEFAULT 0
);

-- Case-insensitive uniqueness: e-mails are stored lower-cased; usernames compare lower-cased.
CREATE UNIQUE INDEX customer_email_unique ON customer (email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX customer_username_unique ON customer (lower(username)) WHERE username IS NOT NULL;

-- Purposes and channels the customer withdrew consent for (from consent-service's events); marketing reads
-- of this service's data honour them.
CREATE TABLE marketing_restriction (
    customer_id  uuid        NOT NULL,
    purpose      text        NOT NULL,
    channel      text        NOT NULL,
    since        timestamptz NOT NULL,
    PRIMARY KEY (customer_id, purpose, channel)
);
