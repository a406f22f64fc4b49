-- A restriction comes from a consent withdrawal or from a prohibition; lifting a prohibition must not undo a
-- withdrawal of the same purpose and channel, so each restriction row names its origin.
ALTER TABLE marketing_restriction ADD COLUMN origin text NOT NULL DEFAULT 'consent';
ALTER TABLE marketing_restriction DROP CONSTRAINT marketing_restriction_pkey;
ALTER TABLE marketing_restriction ADD PRIMARY KEY (customer_id, purpose, channel, origin);
