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
import fi.imediat.rekisteri.platform.deadletter.ReplayableConsumer;
import fi.imediat.rekisteri.platform.holder.HolderAcknowledgements;
import fi.imediat.rekisteri.platform.inbox.ChannelHandler;
import fi.imediat.rekisteri.platform.inbox.EventBatches;
import fi.imediat.rekisteri.retention.access.service.AccessRequests;
import fi.imediat.rekisteri.retention.clocks.service.RetentionClocks;
import fi.imediat.rekisteri.retention.subjects.service.SubjectLinks;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * retention-service as a holder: an erasure request erases the customer's retention clock and login link
 * (customership), and every copy of their data made for their access requests, reports and fetched parts, which may
 * hold any category. The erasure request itself is kept, without personal data, as the proof that the erasure
 * happened (GDPR art. 5(2)).
 */
@ApplicationScoped
public class OwnErasureConsumer implements ReplayableConsumer {

    private static final String CONSUMER = "retention-service/privacy-requests";

    private final EventBatches batches;
    private final RetentionClocks clocks;
    private final SubjectLinks subjects;
    private final AccessRequests accessRequests;
    private final HolderAcknowledgements acknowledgements;
    private final AuditTrail audit;

    OwnErasureConsumer(EventBatches batches, RetentionClocks clocks, SubjectLinks subjects,
            AccessRequests accessRequests, HolderAcknowledgements acknowledgements, AuditTrail audit) {
        this.batches = batches;
        this.clocks = clocks;
        this.subjects = subjects;
        this.accessRequests = accessRequests;
        this.acknowledgements = acknowledgements;
        this.audit = audit;
    }

    @Incoming("privacy-requests")
    @Blocking
    @RetriedWhileDatabaseUnavailable
    public CompletionStage<Void> onPrivacyRequests(KafkaRecordBatch<String, String> requests) {
        return batches.applyFirstDeliveries(privacyRequests(), requests);
    }

    private void erase(ErasureRequested request) {
        UUID customer = request.customerId();
        // A request for some categories only (what another holder retained) leaves the clock and login alone.
        boolean customership = request.categories().contains(DataCategory.CUSTOMERSHIP)
                && (clocks.erase(customer) | subjects.erase(customer));
        // A report or part copies every holder's data of every category: any erasure of the customer deletes it, and
        // closes their open access requests.
        boolean copies = accessRequests.eraseCopies(customer, request.requestId());
        List<CategoryOutcome> outcomes = request.categories().stream()
                .map(category -> new CategoryOutcome(category,
                        copies || customership && category == DataCategory.CUSTOMERSHIP ? AckOutcome.ERASED
                                : AckOutcome.NOT_HELD, null, null))
                .toList();
        if (customership) {
            audit.record("retention-clock.erase", customer, List.of(DataCategory.CUSTOMERSHIP), AuditAction.DELETE,
                    ProcessingPurpose.DATA_SUBJECT_RIGHTS);
        }
        if (copies) {
            audit.record("access.report.erase", customer, request.categories(), AuditAction.DELETE,
                    ProcessingPurpose.DATA_SUBJECT_RIGHTS);
        }
        acknowledgements.acknowledgeRequest(request.requestId(), customer, outcomes);
    }

    @Override
    public List<ChannelHandler> replayableChannels() {
        return List.of(privacyRequests());
    }

    private ChannelHandler privacyRequests() {
        return ChannelHandler.of("privacy-requests", CONSUMER, EventType.ERASURE_REQUESTED, ErasureRequested.class, this::erase);
    }
}
