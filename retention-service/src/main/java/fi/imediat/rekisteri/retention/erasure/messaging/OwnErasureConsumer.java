package fi.imediat.rekisteri.retention.erasure.messaging;

import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.ErasureRequested;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.database.RetriedWhileDatabaseUnavailable;
import fi.imediat.rekisteri.platform.holder.HolderAcknowledgements;
import fi.imediat.rekisteri.platform.inbox.EventBatches;
import fi.imediat.rekisteri.retention.clocks.service.RetentionClocks;
import fi.imediat.rekisteri.retention.subjects.service.SubjectLinks;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * retention-service as a holder: an erasure request erases the customer's retention clock and token link. The erasure request
 * itself is kept, without personal data, as the proof that the erasure happened (GDPR art. 5(2)).
 */
@ApplicationScoped
public class OwnErasureConsumer {

    private static final String CONSUMER = "retention-service/privacy-requests";

    private final EventBatches batches;
    private final RetentionClocks clocks;
    private final SubjectLinks subjects;
    private final HolderAcknowledgements acknowledgements;
    private final AuditTrail audit;

    OwnErasureConsumer(EventBatches batches, RetentionClocks clocks, SubjectLinks subjects,
            HolderAcknowledgements acknowledgements, AuditTrail audit) {
        this.batches = batches;
        this.clocks = clocks;
        this.subjects = subjects;
        this.acknowledgements = acknowledgements;
        this.audit = audit;
    }

    @Incoming("privacy-requests")
    @Blocking
    @RetriedWhileDatabaseUnavailable
    public CompletionStage<Void> onPrivacyRequests(KafkaRecordBatch<String, String> requests) {
        return batches.applyFirstDeliveries(CONSUMER, requests, EventType.ERASURE_REQUESTED, ErasureRequested.class,
                request -> {
                    // A request for some categories only (what another holder retained) leaves ours alone.
                    boolean held = request.categories().contains(DataCategory.CUSTOMERSHIP)
                            && (clocks.erase(request.customerId()) | subjects.erase(request.customerId()));
                    List<CategoryOutcome> outcomes = request.categories().stream()
                            .map(category -> new CategoryOutcome(category,
                                    held && category == DataCategory.CUSTOMERSHIP ? AckOutcome.ERASED
                                            : AckOutcome.NOT_HELD, null, null))
                            .toList();
                    if (held) {
                        audit.record("retention-clock.erase", request.customerId(),
                                List.of(DataCategory.CUSTOMERSHIP), AuditAction.DELETE,
                                ProcessingPurpose.DATA_SUBJECT_RIGHTS);
                    }
                    acknowledgements.acknowledgeRequest(request.requestId(), request.customerId(), outcomes);
                });
    }
}
