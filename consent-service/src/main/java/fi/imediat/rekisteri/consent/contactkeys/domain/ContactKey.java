package fi.imediat.rekisteri.consent.contactkeys.domain;

/** A keyed hash (HMAC-SHA256) of one normalised contact datum; the datum itself is never stored. */
public record ContactKey(ContactKeyKind kind, byte[] hash) {
}
