-- Retention per data category (DESIGN.md §6). Append-only: every change is a new version, the highest is in force.
CREATE TABLE retention_policy (
    category   text        NOT NULL,
    version    integer     NOT NULL CHECK (version > 0),
    basis      text        NOT NULL
        CHECK (basis IN ('AFTER_RELATIONSHIP_END', 'AFTER_CAPTURE', 'AFTER_ACCOUNTING_YEAR_END', 'KEPT')),
    period     text, -- ISO-8601 period (e.g. P3Y); none when KEPT
    restricted boolean     NOT NULL, -- kept only for the purpose that requires it (e.g. accounting)
    changed_by text        NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (category, version),
    CHECK ((basis = 'KEPT') = (period IS NULL))
);

CREATE VIEW current_retention_policy AS
    SELECT DISTINCT ON (category) category, version, basis, period, restricted, changed_by, changed_at
    FROM retention_policy ORDER BY category, version DESC;

-- The defaults of DESIGN.md §6 and the privacy notice §5.
INSERT INTO retention_policy (category, version, basis, period, restricted, changed_by) VALUES
    ('BASIC_DATA', 1, 'AFTER_RELATIONSHIP_END', 'P3Y', false, 'migration'),
    ('IDENTIFICATION', 1, 'AFTER_RELATIONSHIP_END', 'P3Y', false, 'migration'),
    ('CUSTOMERSHIP', 1, 'AFTER_RELATIONSHIP_END', 'P3Y', false, 'migration'),
    ('SELF_GIVEN', 1, 'AFTER_RELATIONSHIP_END', 'P3Y', false, 'migration'),
    ('ANALYTICS', 1, 'AFTER_CAPTURE', 'P26M', false, 'migration'),
    ('BILLING', 1, 'AFTER_ACCOUNTING_YEAR_END', 'P6Y', true, 'migration'),
    -- Consent proofs and the hashed suppression entry, so that an objection keeps being honoured.
    ('MARKETING_PERMISSIONS', 1, 'KEPT', NULL, false, 'migration');
