package fi.imediat.rekisteri.consent.contactkeys.service;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fast tier (no infrastructure): the service does not start with a contact-key secret anyone can know or guess, and
 * the key chain re-keys a hash from one key to a later one.
 */
class ContactKeySecretTest {

    private static final String LOCAL = "local-stack-contact-key-secret-not-for-production";
    private static final String PRODUCTION = "9f1c0a7e5b3d48e2a6c4f0b8d2e7a1c3-production";
    private static final String SECOND = "5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a-second";
    private static final String THIRD = "a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1-third";

    @Test
    void theKeyInTheSourceIsRefusedUnlessALocalStackAllowsIt() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> keys(LOCAL, false));
        assertTrue(refused.getMessage().contains("REKISTERI_CONTACT_KEYS_SECRET"));
        assertTrue(keys(LOCAL, true).email("a@example.invalid").isPresent());
    }

    @Test
    void aShortKeyIsRefusedEverywhere() {
        assertThrows(IllegalStateException.class, () -> keys("too-short-a-secret", true));
    }

    @Test
    void aProductionKeyHashesTheSameValueTheSameWayAndDifferentlyFromAnotherKey() {
        ContactKeys production = keys(PRODUCTION, false);
        ContactKeys other = keys("0e2b4d6f8a1c3e5g7i9k1m3o5q7s9u1w-other-key", false);
        byte[] hash = production.email("Maija@Example.invalid").orElseThrow().hash();
        assertEquals(32, hash.length);
        assertTrue(java.util.Arrays.equals(hash, production.email("maija@example.invalid").orElseThrow().hash()));
        assertTrue(!java.util.Arrays.equals(hash, other.email("maija@example.invalid").orElseThrow().hash()));
    }

    @Test
    void aLaterKeyIsHeldToTheSameRules() {
        assertThrows(IllegalStateException.class, () -> new ContactKeyChain(PRODUCTION, Optional.of(List.of(LOCAL)),
                true));
        assertThrows(IllegalStateException.class, () -> new ContactKeyChain(PRODUCTION,
                Optional.of(List.of("too-short-a-secret")), false));
    }

    @Test
    void aHashIsReKeyedStepByStepWithoutTheDataItWasMadeFrom() {
        ContactKeyChain chain = new ContactKeyChain(PRODUCTION, Optional.of(List.of(SECOND, THIRD)), false);
        byte[] first = new ContactKeys(chain).phone("040 123 4567").orElseThrow().hash();
        byte[] second = chain.rekey(first, 1, 2);
        byte[] third = chain.rekey(first, 1, 3);
        assertEquals(3, chain.newestKeyId());
        assertFalse(Arrays.equals(first, second));
        assertFalse(Arrays.equals(second, third));
        assertArrayEquals(third, chain.rekey(second, 2, 3));
        assertArrayEquals(first, chain.rekey(first, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> chain.rekey(third, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> chain.rekey(first, 1, 4));
        // Another key 2 gives other hashes and another fingerprint: the service can tell that a key changed.
        ContactKeyChain otherSecond = new ContactKeyChain(PRODUCTION, Optional.of(List.of(THIRD)), false);
        assertFalse(Arrays.equals(second, otherSecond.rekey(first, 1, 2)));
        assertArrayEquals(chain.fingerprint(1), otherSecond.fingerprint(1));
        assertFalse(Arrays.equals(chain.fingerprint(2), otherSecond.fingerprint(2)));
    }

    @Test
    void keysThatDoNotMatchTheStoredHashesAreRefusedAtStart() {
        ContactKeyChain two = new ContactKeyChain(PRODUCTION, Optional.of(List.of(SECOND)), false);
        Map<Integer, byte[]> recorded = Map.of(1, two.fingerprint(1), 2, two.fingerprint(2));
        assertEquals(Optional.empty(), ContactKeyRotation.refusal(2, recorded, two));
        assertEquals(Optional.empty(), ContactKeyRotation.refusal(1, Map.of(), two), "nothing recorded yet");
        // Key 2 lost from the configuration after the hashes were rotated to it.
        ContactKeyChain one = new ContactKeyChain(PRODUCTION, Optional.empty(), false);
        assertTrue(ContactKeyRotation.refusal(2, recorded, one).orElseThrow().contains("under key 2"));
        // Key 2 replaced by another secret under the same id.
        ContactKeyChain otherSecond = new ContactKeyChain(PRODUCTION, Optional.of(List.of(THIRD)), false);
        assertTrue(ContactKeyRotation.refusal(1, recorded, otherSecond).orElseThrow().contains("Contact key 2"));
        // Key 1 replaced: the first key of every hash.
        ContactKeyChain otherFirst = new ContactKeyChain(THIRD, Optional.of(List.of(SECOND)), false);
        assertTrue(ContactKeyRotation.refusal(2, recorded, otherFirst).orElseThrow().contains("Contact key 1"));
    }

    private static ContactKeys keys(String secret, boolean localSecretAllowed) {
        return new ContactKeys(new ContactKeyChain(secret, Optional.empty(), localSecretAllowed));
    }
}
