-- The consent wordings shown to customers, per purpose, language and version. A published text never changes:
-- the evidence of a consent names the version that was shown, so that version must stay provable as it was.
CREATE TABLE consent_text (
    purpose      text        NOT NULL,
    language     text        NOT NULL CHECK (language IN ('fi', 'en')),
    version      text        NOT NULL,
    text         text        NOT NULL,
    published_at timestamptz NOT NULL,
    published_by text        NOT NULL,
    PRIMARY KEY (purpose, version, language)
);

CREATE FUNCTION consent_text_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a published consent text never changes';
END;
$$;

CREATE TRIGGER consent_text_immutable BEFORE UPDATE OR DELETE ON consent_text
    FOR EACH ROW EXECUTE FUNCTION consent_text_is_immutable();

-- The wordings in use when the register went live (version 2026-01), so consents captured with them are provable.
INSERT INTO consent_text (purpose, language, version, text, published_at, published_by)
SELECT p.purpose, t.language, '2026-01', t.text || ' (' || p.purpose || ')', '2026-01-01T00:00:00Z', 'migration'
FROM (VALUES ('DIRECT_MARKETING'), ('PARTNER_TARGETING'), ('DISTANCE_SELLING'), ('DISCLOSURE'), ('RESEARCH'),
             ('PRIZE_DRAWS')) AS p(purpose)
CROSS JOIN (VALUES
    ('fi', 'Annan I-Mediat Oy:lle luvan käyttää tietojani tähän tarkoitukseen valitsemallani kanavalla. '
           || 'Voin perua luvan milloin tahansa.'),
    ('en', 'I allow I-Mediat Oy to use my data for this purpose on the channel I chose. '
           || 'I can withdraw this permission at any time.')) AS t(language, text);
