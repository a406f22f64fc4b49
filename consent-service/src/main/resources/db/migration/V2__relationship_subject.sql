-- The self-registered customer's identity-provider subject (from customer.registered), for self-service access.
ALTER TABLE customer_relationship ADD COLUMN subject text;
CREATE INDEX customer_relationship_by_subject ON customer_relationship (subject) WHERE subject IS NOT NULL;
