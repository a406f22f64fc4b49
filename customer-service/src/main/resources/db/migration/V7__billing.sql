-- Billing and debt collection. Accounting law keeps invoices after the customer is erased: they are then
-- restricted (restricted_at), not returned by normal reads, and deleted when the retention period ends.
CREATE TABLE invoice (
    seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id                uuid PRIMARY KEY,
    customer_id       uuid        NOT NULL REFERENCES customer (id),
    number            text        NOT NULL UNIQUE,
    amount_cents      bigint      NOT NULL,
    currency          text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    issued_on         date        NOT NULL,
    due_date          date        NOT NULL,
    paid_at           timestamptz,
    collection_state  text        NOT NULL
        CHECK (collection_state IN ('NONE', 'REMINDED', 'IN_COLLECTION', 'COLLECTED', 'WRITTEN_OFF')),
    collection_agency text,
    restricted_at     timestamptz
);
CREATE INDEX invoice_customer ON invoice (customer_id, seq);
