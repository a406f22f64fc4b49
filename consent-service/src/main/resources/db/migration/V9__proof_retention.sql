-- How long an erased customer's proofs of consents and objections are kept: set by the first erasure (the privacy
-- notice's proof retention from then on); the follow-up erasure that retention-service sends when that date comes
-- deletes the proofs. A standing objection outlives them in the suppression list, which carries no link to the person.
CREATE TABLE proof_retention (
    customer_id uuid PRIMARY KEY,
    kept_until  date NOT NULL
);
