-- InboxCleanup deletes rows past rekisteri.inbox.keep by processed_at. Rows are inserted in processed_at order, so a
-- BRIN index finds them at almost no cost to the consumers' inserts.
CREATE INDEX inbox_event_processed_at ON inbox_event USING brin (processed_at);
