-- The token subject of a self-registered customer (from customer.registered), so that a data subject can ask for
-- their own erasure and follow it. Erased with the customer.
CREATE TABLE customer_subject (
    customer_id uuid PRIMARY KEY,
    subject     text NOT NULL
);
