-- VTJ's date of death: the day a deceased customer's relationship ended.
ALTER TABLE customer ADD COLUMN deceased_on date;

-- A subscription whose planned end date has come is ended by PlannedEnds, which finds it by this index.
CREATE INDEX subscription_planned_end ON subscription (end_date) WHERE state = 'ACTIVE' AND end_date IS NOT NULL;
