-- Basic data in tables of their own: several postal addresses, e-mail addresses and phone numbers per customer,
-- one of each primary. Every value records where it came from (privacy notice §6) and when it was set.
CREATE TABLE customer_address (
    id          uuid PRIMARY KEY,
    customer_id uuid        NOT NULL REFERENCES customer (id),
    street      text        NOT NULL,
    postal_code text        NOT NULL,
    city        text        NOT NULL,
    country     text        NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    is_primary  boolean     NOT NULL,
    source      text        NOT NULL,
    set_at      timestamptz NOT NULL,
    CHECK (country <> 'FI' OR postal_code ~ '^[0-9]{5}$')
);
CREATE INDEX customer_address_customer ON customer_address (customer_id);
CREATE UNIQUE INDEX customer_address_one_primary ON customer_address (customer_id) WHERE is_primary;

-- Stored lower-cased. Unique among active customers, which the service checks under an advisory lock: a closed
-- customer's address may be registered again by someone else.
CREATE TABLE customer_email (
    id          uuid PRIMARY KEY,
    customer_id uuid        NOT NULL REFERENCES customer (id),
    address     text        NOT NULL CHECK (address = lower(address)),
    is_primary  boolean     NOT NULL,
    source      text        NOT NULL,
    set_at      timestamptz NOT NULL,
    UNIQUE (customer_id, address)
);
CREATE INDEX customer_email_address ON customer_email (address);
CREATE UNIQUE INDEX customer_email_one_primary ON customer_email (customer_id) WHERE is_primary;

-- E.164.
CREATE TABLE customer_phone (
    id          uuid PRIMARY KEY,
    customer_id uuid        NOT NULL REFERENCES customer (id),
    number      text        NOT NULL CHECK (number ~ '^\+[1-9][0-9]{6,14}$'),
    is_primary  boolean     NOT NULL,
    source      text        NOT NULL,
    set_at      timestamptz NOT NULL,
    UNIQUE (customer_id, number)
);
CREATE INDEX customer_phone_number ON customer_phone (number);
CREATE UNIQUE INDEX customer_phone_one_primary ON customer_phone (customer_id) WHERE is_primary;

INSERT INTO customer_email (id, customer_id, address, is_primary, source, set_at)
SELECT gen_random_uuid(), id, lower(email), true, source, registered_at FROM customer WHERE email IS NOT NULL;
DROP INDEX customer_email_unique;
ALTER TABLE customer DROP COLUMN email;

-- Provenance of the scalar basic data; the registration's source until a value is changed.
ALTER TABLE customer
    ADD COLUMN name_source          text,
    ADD COLUMN name_set_at          timestamptz,
    ADD COLUMN birth_date_source    text,
    ADD COLUMN birth_date_set_at    timestamptz,
    ADD COLUMN occupation           text,
    ADD COLUMN occupation_source    text,
    ADD COLUMN occupation_set_at    timestamptz;
UPDATE customer SET name_source = source, name_set_at = registered_at WHERE first_name IS NOT NULL;
UPDATE customer SET birth_date_source = source, birth_date_set_at = registered_at WHERE birth_date IS NOT NULL;

-- Self-given data (category SELF_GIVEN): interest tags from a managed vocabulary and a free-text description.
CREATE TABLE interest_tag (
    code        text PRIMARY KEY CHECK (code ~ '^[a-z0-9-]{2,40}$'),
    label       text    NOT NULL,
    active      boolean NOT NULL DEFAULT true
);
INSERT INTO interest_tag (code, label) VALUES
    ('news', 'Uutiset'), ('sports', 'Urheilu'), ('culture', 'Kulttuuri'), ('economy', 'Talous'),
    ('technology', 'Teknologia'), ('travel', 'Matkailu'), ('food', 'Ruoka'), ('home-garden', 'Koti ja puutarha');

CREATE TABLE customer_interest (
    customer_id uuid        NOT NULL REFERENCES customer (id),
    tag         text        NOT NULL REFERENCES interest_tag (code),
    set_at      timestamptz NOT NULL,
    PRIMARY KEY (customer_id, tag)
);

ALTER TABLE customer
    ADD COLUMN self_description        text CHECK (char_length(self_description) <= 2000),
    ADD COLUMN self_description_set_at timestamptz;
