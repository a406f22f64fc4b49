-- Erasure and the history read every prohibition of a customer, lifted ones too; the V3 index covers only the
-- standing ones, so each erasure scanned the whole table (found by the erasure sweep benchmark).
CREATE INDEX prohibition_by_customer ON prohibition (customer_id);
