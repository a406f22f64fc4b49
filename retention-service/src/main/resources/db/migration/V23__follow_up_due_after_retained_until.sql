-- A holder's RETAINED until-date is its last day of keeping (the Accounting Act's 31 December, the proofs' date):
-- follow-up clocks are now due the day after it. Clocks written before were due on the until-date itself.
UPDATE follow_up_clock SET due_on = due_on + 1 WHERE swept_at IS NULL;
