-- Erasure keeps the proofs of consents and objections (so an objection is still honoured) but removes the free
-- text that may describe the person: the one update the consent history allows is clearing its note.
CREATE OR REPLACE FUNCTION consent_change_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.note IS NULL
       AND (NEW.id, NEW.customer_id, NEW.purpose, NEW.channel, NEW.status, NEW.source, NEW.text_version,
            NEW.captured_at, NEW.recorded_at, NEW.recorded_by, NEW.event_id)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.customer_id, OLD.purpose, OLD.channel, OLD.status, OLD.source, OLD.text_version,
            OLD.captured_at, OLD.recorded_at, OLD.recorded_by, OLD.event_id) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'consent_change is append-only';
END;
$$;
