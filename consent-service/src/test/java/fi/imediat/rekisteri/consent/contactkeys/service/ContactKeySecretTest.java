package fi.imediat.rekisteri.consent.contactkeys.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fast tier (no infrastructure): the service does not start with a contact-key secret anyone can know or guess. */
class ContactKeySecretTest {

    private static final String LOCAL = "local-stack-contact-key-secret-not-for-production";

    @Test
    void theKeyInTheSourceIsRefusedUnlessALocalStackAllowsIt() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new ContactKeys(LOCAL, false));
        assertTrue(refused.getMessage().contains("REKISTERI_CONTACT_KEYS_SECRET"));
        assertTrue(new ContactKeys(LOCAL, true).email("a@example.invalid").isPresent());
    }

    @Test
    void aShortKeyIsRefusedEverywhere() {
        assertThrows(IllegalStateException.class, () -> new ContactKeys("too-short-a-secret", true));
    }

    @Test
    void aProductionKeyHashesTheSameValueTheSameWayAndDifferentlyFromAnotherKey() {
        ContactKeys production = new ContactKeys("9f1c0a7e5b3d48e2a6c4f0b8d2e7a1c3-production", false);
        ContactKeys other = new ContactKeys("0e2b4d6f8a1c3e5g7i9k1m3o5q7s9u1w-other-key", false);
        byte[] hash = production.email("Maija@Example.invalid").orElseThrow().hash();
        assertEquals(32, hash.length);
        assertTrue(java.util.Arrays.equals(hash, production.email("maija@example.invalid").orElseThrow().hash()));
        assertTrue(!java.util.Arrays.equals(hash, other.email("maija@example.invalid").orElseThrow().hash()));
    }
}
