package fi.imediat.rekisteri.consent.contactkeys.service;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The contact-key secrets, oldest first: key 1 is {@code rekisteri.contact-keys.secret}, keys 2, 3... are
 * {@code rekisteri.contact-keys.later-secrets}, one added per rotation. A hash under key n is HMAC(key n, the hash
 * under key n-1), so a rotation re-keys every stored hash without the contact data it was made from, including the
 * suppression list of erased customers, whose data is gone. After a rotation, a copy of the database is of no use to
 * anyone who holds only the older keys. Every key stays needed to hash new contact data: none may be lost.
 */
@Startup
@ApplicationScoped
public class ContactKeyChain {

    /** The key the local stack and the tests use; the service refuses to start with it anywhere else. */
    static final String LOCAL_SECRET = "local-stack-contact-key-secret-not-for-production";
    /** 256 bits, the size of an HMAC-SHA256 block's worth of key material that an attacker cannot guess. */
    static final int MIN_SECRET_LENGTH = 32;
    public static final int FIRST_KEY_ID = 1;
    private static final byte[] FINGERPRINT_LABEL = "rekisteri contact key fingerprint".getBytes(StandardCharsets.UTF_8);

    /** One initialised Mac per key and thread: an import hashes hundreds of thousands of keys. */
    private final List<ThreadLocal<Mac>> macs = new ArrayList<>();

    @Inject
    ContactKeyChain(ContactKeysConfig config) {
        this(config.secret(), config.laterSecrets(), config.localSecretAllowed());
    }

    ContactKeyChain(String secret, Optional<List<String>> laterSecrets, boolean localSecretAllowed) {
        macs.add(mac(checked("rekisteri.contact-keys.secret", "REKISTERI_CONTACT_KEYS_SECRET", secret,
                localSecretAllowed)));
        laterSecrets.orElse(List.of()).forEach(later -> macs.add(mac(checked("rekisteri.contact-keys.later-secrets",
                "REKISTERI_CONTACT_KEYS_LATER_SECRETS", later, false))));
    }

    /** The id of the newest key configured: the one a rotation moves the stored hashes to. */
    public int newestKeyId() {
        return macs.size();
    }

    /** Key 1's HMAC, with which {@link ContactKeys} hashes normalised contact data. */
    Mac firstKey() {
        return macs.get(0).get();
    }

    /** A hash under key {@code from} turned into the hash of the same datum under the later key {@code to}. */
    public byte[] rekey(byte[] hash, int from, int to) {
        if (from < FIRST_KEY_ID || to > newestKeyId() || from > to) {
            throw new IllegalArgumentException("no re-keying from key " + from + " to key " + to);
        }
        byte[] rekeyed = hash;
        for (int keyId = from + 1; keyId <= to; keyId++) {
            rekeyed = macs.get(keyId - 1).get().doFinal(rekeyed);
        }
        return rekeyed;
    }

    /** Tells the key apart from any other without revealing it (an HMAC of a fixed label). */
    public byte[] fingerprint(int keyId) {
        return macs.get(keyId - 1).get().doFinal(FINGERPRINT_LABEL);
    }

    private static String checked(String property, String variable, String secret, boolean localSecretAllowed) {
        if (secret.equals(LOCAL_SECRET) && !localSecretAllowed) {
            throw new IllegalStateException(property + " is the local stack's key, which anyone can read in the "
                    + "source: set " + variable);
        }
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("every key of " + property + " must have at least " + MIN_SECRET_LENGTH
                    + " characters");
        }
        return secret;
    }

    private static ThreadLocal<Mac> mac(String secret) {
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        return ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }
}
