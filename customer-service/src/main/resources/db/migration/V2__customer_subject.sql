-- The identity-provider subject of a customer who registered themselves: links their token to their record.
ALTER TABLE customer ADD COLUMN subject text;
CREATE UNIQUE INDEX customer_subject_unique ON customer (subject) WHERE subject IS NOT NULL;
