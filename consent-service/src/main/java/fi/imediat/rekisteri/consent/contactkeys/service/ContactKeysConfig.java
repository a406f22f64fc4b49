package fi.imediat.rekisteri.consent.contactkeys.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The keys of the HMAC-SHA256 contact keys (ASML matching, suppression) and their refresh. Environment overrides:
 * {@code REKISTERI_CONTACT_KEYS_SECRET}, {@code REKISTERI_CONTACT_KEYS_LATER_SECRETS},
 * {@code REKISTERI_CONTACT_KEYS_LOCAL_SECRET_ALLOWED}, {@code REKISTERI_CONTACT_KEYS_REFRESH_INTERVAL}.
 */
@ConfigMapping(prefix = "rekisteri.contact-keys")
public interface ContactKeysConfig {

    /**
     * Key 1, at least 32 characters. The default is for the local stack and the tests only: the service refuses to
     * start with it unless {@link #localSecretAllowed()}; production sets its own. Changing it makes every stored key
     * unmatchable (re-import ASML); rotate by adding a later secret instead (docs/operations.md).
     */
    @WithDefault(ContactKeyChain.LOCAL_SECRET)
    String secret();

    /** Keys added by rotations, oldest first, comma-separated; none until the first rotation. */
    Optional<List<String>> laterSecrets();

    /** Whether the local stack's default secret may be used (the local stack, docker-compose and the tests). */
    @WithDefault("false")
    boolean localSecretAllowed();

    /** How often stored contact keys are refreshed from customer-service's changes (read by ContactKeyRefresh). */
    @WithDefault("5s")
    Duration refreshInterval();
}
