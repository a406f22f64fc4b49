package fi.imediat.rekisteri.consent.erasure.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Period;

/** Environment override: {@code REKISTERI_CONSENT_PROOF_RETENTION}. */
@ConfigMapping(prefix = "rekisteri.consent")
public interface ConsentProofConfig {

    /** How long proofs of consents and objections are kept after the customer's erasure (docs/design.md §6). */
    @WithDefault("P3Y")
    Period proofRetention();
}
