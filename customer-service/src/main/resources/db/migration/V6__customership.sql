-- Customership and contracts: services acquired, service authentication identifiers, use of customer benefits.
-- Every list is paged by its seq.
CREATE TABLE subscription (
    seq          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id           uuid PRIMARY KEY,
    customer_id  uuid        NOT NULL REFERENCES customer (id),
    product_code text        NOT NULL CHECK (product_code ~ '^[A-Z0-9][A-Z0-9_-]{0,63}$'),
    start_date   date        NOT NULL,
    end_date     date,
    state        text        NOT NULL CHECK (state IN ('ACTIVE', 'ENDED')),
    created_at   timestamptz NOT NULL,
    CHECK (end_date IS NULL OR end_date >= start_date),
    CHECK (state = 'ACTIVE' OR end_date IS NOT NULL)
);
CREATE INDEX subscription_customer ON subscription (customer_id, seq);

CREATE TABLE service_identifier (
    seq         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id          uuid PRIMARY KEY,
    customer_id uuid        NOT NULL REFERENCES customer (id),
    service     text        NOT NULL,
    identifier  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    UNIQUE (service, identifier)
);
CREATE INDEX service_identifier_customer ON service_identifier (customer_id, seq);

CREATE TABLE benefit_use (
    seq          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id           uuid PRIMARY KEY,
    customer_id  uuid        NOT NULL REFERENCES customer (id),
    benefit_code text        NOT NULL,
    used_at      timestamptz NOT NULL
);
CREATE INDEX benefit_use_customer ON benefit_use (customer_id, seq);
