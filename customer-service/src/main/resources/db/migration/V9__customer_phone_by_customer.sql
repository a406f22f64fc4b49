-- Erasure deletes every phone of a customer; the V5 index covers only the primary one, so each erasure scanned the
-- whole table (found by the erasure sweep benchmark).
CREATE INDEX customer_phone_by_customer ON customer_phone (customer_id);
