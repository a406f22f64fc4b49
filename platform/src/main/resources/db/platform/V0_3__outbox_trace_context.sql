-- The W3C trace context of the transaction that recorded an event: the relay sends it as the `traceparent` header,
-- so a consumer's work joins the trace of the REST call (or consumed event) that caused it.
ALTER TABLE outbox_event ADD COLUMN traceparent text;
