package fi.imediat.rekisteri.consent.erasure.messaging;

import fi.imediat.rekisteri.consent.contactkeys.service.ContactKeyRefresh;
import fi.imediat.rekisteri.consent.contactkeys.service.CustomerContactKeys;
import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.ErasureRequested;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.database.RetriedWhileDatabaseUnavailable;
import fi.imediat.rekisteri.platform.deadletter.ReplayableConsumer;
import fi.imediat.rekisteri.platform.holder.HolderAcknowledgements;
import fi.imediat.rekisteri.platform.inbox.ChannelHandler;
import fi.imediat.rekisteri.platform.inbox.EventBatches;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * consent-service as a holder of an erasure request. The current consent states and the link to the person's
 * token go; the proofs of consents and objections stay (without free-text notes), because an objection must keep
 * being honoured and a consent must stay provable (GDPR art. 7(1), 21(3)). The answer says so: RETAINED, with the
 * legal basis and the date until which the proofs are kept ({@code proof_retention}); the follow-up erasure that
 * retention-service sends on that date deletes them and answers ERASED. The contact keys go; those of an objector
 * stay, unlinked, in the suppression list, so the person is not marketed to under a new record either, also after
 * the proofs are gone.
 */
@ApplicationScoped
public class ErasureRequestsConsumer implements ReplayableConsumer {

    private static final String CONSUMER = "consent-service/privacy-requests";
    static final String PROOF_BASIS = "GDPR art. 7(1) and 21(3): proof of consents and objections";

    private final EventBatches batches;
    private final EntityManager entityManager;
    private final HolderAcknowledgements acknowledgements;
    private final AuditTrail audit;
    private final Period proofRetention;
    private final CustomerContactKeys contactKeys;
    private final ContactKeyRefresh refresh;
    private final Clock clock;

    ErasureRequestsConsumer(EventBatches batches, EntityManager entityManager, HolderAcknowledgements acknowledgements,
            AuditTrail audit, ConsentProofConfig config,
            CustomerContactKeys contactKeys, ContactKeyRefresh refresh, Clock clock) {
        this.clock = clock;
        this.contactKeys = contactKeys;
        this.refresh = refresh;
        this.batches = batches;
        this.entityManager = entityManager;
        this.acknowledgements = acknowledgements;
        this.audit = audit;
        this.proofRetention = config.proofRetention();
    }

    @Incoming("privacy-requests")
    @Blocking
    @RetriedWhileDatabaseUnavailable
    public CompletionStage<Void> onPrivacyRequests(KafkaRecordBatch<String, String> requests) {
        return batches.applyFirstDeliveries(privacyRequests(), requests);
    }

    private void erase(ErasureRequested request) {
        UUID customer = request.customerId();
        LocalDate today = LocalDate.now(clock);
        contactKeys.lock(customer);
        refresh.cancel(customer);
        Optional<LocalDate> keptUntil = proofsKeptUntil(customer);
        // The follow-up of an earlier erasure, once the proofs' retention has run out (kept_until is their last day):
        // nothing is kept any more.
        int proofsDeleted = keptUntil.filter(today::isAfter).isPresent()
                ? update("DELETE FROM consent_change WHERE customer_id = ?1", customer)
                        + update("DELETE FROM prohibition WHERE customer_id = ?1", customer)
                        + update("DELETE FROM holder_acknowledgement WHERE customer_id = ?1", customer)
                        + update("DELETE FROM proof_retention WHERE customer_id = ?1", customer)
                : 0;
        int affected = proofsDeleted + suppressIfObjected(customer) + contactKeys.remove(customer)
                + update("DELETE FROM consent WHERE customer_id = ?1", customer)
                + update("UPDATE consent_change SET note = NULL WHERE customer_id = ?1 AND note IS NOT NULL", customer)
                + update("UPDATE prohibition SET note = NULL, lift_note = NULL WHERE customer_id = ?1", customer)
                + update("""
                        UPDATE customer_relationship SET status = 'ERASED', subject = NULL, closure_reason = NULL,
                            relationship_ended_on = NULL, updated_at = now()
                        WHERE customer_id = ?1""", customer);
        boolean proofsKept = !entityManager.createNativeQuery("""
                        SELECT 1 FROM consent_change WHERE customer_id = ?1
                        UNION ALL SELECT 1 FROM prohibition WHERE customer_id = ?1 LIMIT 1""")
                .setParameter(1, customer).getResultList().isEmpty();
        // A second erasure within the retention keeps the date the first one set.
        LocalDate retainedUntil = keptUntil.filter(until -> !today.isAfter(until)).orElse(today.plus(proofRetention));
        if (proofsKept) {
            entityManager.createNativeQuery("""
                            INSERT INTO proof_retention (customer_id, kept_until) VALUES (?1, ?2)
                            ON CONFLICT (customer_id) DO NOTHING""")
                    .setParameter(1, customer).setParameter(2, retainedUntil).executeUpdate();
        }
        if (affected > 0) {
            audit.record("consent.erase", customer, List.of(DataCategory.MARKETING_PERMISSIONS), AuditAction.DELETE,
                    ProcessingPurpose.DATA_SUBJECT_RIGHTS);
        }
        List<CategoryOutcome> outcomes = request.categories().stream()
                .map(category -> category != DataCategory.MARKETING_PERMISSIONS
                        ? new CategoryOutcome(category, AckOutcome.NOT_HELD, null, null)
                        : proofsKept ? new CategoryOutcome(category, AckOutcome.RETAINED, PROOF_BASIS, retainedUntil)
                        : new CategoryOutcome(category, affected > 0 ? AckOutcome.ERASED : AckOutcome.NOT_HELD,
                                null, null))
                .toList();
        acknowledgements.acknowledgeRequest(request.requestId(), customer, outcomes);
    }

    private Optional<LocalDate> proofsKeptUntil(UUID customer) {
        return entityManager.createNativeQuery("SELECT kept_until FROM proof_retention WHERE customer_id = ?1")
                .setParameter(1, customer).getResultList().stream().findFirst()
                .map(value -> value instanceof java.sql.Date date ? date.toLocalDate() : (LocalDate) value);
    }

    /**
     * An objector (a standing prohibition, or a consent withdrawn at the time of erasure) stays objecting: the keyed
     * hashes of their e-mails and phones go to the suppression list, without any link to the erased record.
     */
    private int suppressIfObjected(UUID customer) {
        return update("""
                INSERT INTO suppression_key (id, key_hash, kind, added_at, key_id)
                SELECT gen_random_uuid(), k.key_hash, k.kind, now(), k.key_id
                FROM customer_contact_key k
                WHERE k.customer_id = ?1 AND k.kind IN ('EMAIL', 'PHONE')
                  AND (EXISTS (SELECT 1 FROM prohibition p WHERE p.customer_id = k.customer_id AND p.lifted_at IS NULL)
                       OR EXISTS (SELECT 1 FROM consent c WHERE c.customer_id = k.customer_id
                                  AND c.status = 'WITHDRAWN'))
                ON CONFLICT (key_hash) DO NOTHING""", customer);
    }

    private int update(String sql, UUID customer) {
        return entityManager.createNativeQuery(sql).setParameter(1, customer).executeUpdate();
    }

    @Override
    public List<ChannelHandler> replayableChannels() {
        return List.of(privacyRequests());
    }

    private ChannelHandler privacyRequests() {
        return ChannelHandler.of("privacy-requests", CONSUMER, EventType.ERASURE_REQUESTED, ErasureRequested.class, this::erase);
    }
}
