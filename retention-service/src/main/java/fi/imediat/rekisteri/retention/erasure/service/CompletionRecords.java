package fi.imediat.rekisteri.retention.erasure.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.EventJson;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.retention.erasure.domain.CompletionRecord;
import fi.imediat.rekisteri.retention.erasure.domain.CompletionRecord.HolderRecord;
import fi.imediat.rekisteri.retention.erasure.domain.CompletionRecord.Outcome;
import fi.imediat.rekisteri.retention.erasure.domain.CompletionRecord.Retention;
import fi.imediat.rekisteri.retention.erasure.service.ErasureRequests.HolderPart;
import fi.imediat.rekisteri.retention.erasure.service.ErasureRequests.Request;
import fi.imediat.rekisteri.retention.erasure.service.ErasureRequests.Status;
import fi.imediat.rekisteri.retention.holders.service.HolderAnswers;

import java.time.ZoneId;
import java.util.List;

/** Turns a completed erasure request into its completion record. */
public final class CompletionRecords {

    /** The deadline is a Finnish calendar date (as when the request was opened). */
    private static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");
    private static final TypeReference<List<CategoryOutcome>> OUTCOMES = new TypeReference<>() {
    };

    private CompletionRecords() {
    }

    /** @throws ProblemException 409 while the request waits for a holder */
    public static CompletionRecord of(Request request) {
        if (request.status() != Status.COMPLETED) {
            throw ProblemException.conflict("erasure-not-completed", "The erasure request is " + request.status()
                    + ": its completion record exists once every required holder has acknowledged");
        }
        List<HolderRecord> holders = request.holders().stream().map(CompletionRecords::holder).toList();
        List<Retention> retained = holders.stream().flatMap(h -> h.outcomes().stream()
                        .filter(o -> o.outcome() == AckOutcome.RETAINED)
                        .map(o -> new Retention(h.holder(), o.category(), o.legalBasis(), o.retainedUntil())))
                .toList();
        boolean onTime = !request.completedAt().atZone(HELSINKI).toLocalDate().isAfter(request.deadline());
        return new CompletionRecord(request.id(), request.customerId(), request.reason(), request.categories(),
                request.requestedBy(), request.requestedAt(), request.deadline(), request.completedAt(), onTime,
                holders, retained);
    }

    private static HolderRecord holder(HolderPart part) {
        List<Outcome> outcomes = part.outcomes() == null ? List.of() : parse(part.outcomes()).stream()
                .map(o -> new Outcome(o.category(), o.outcome(), o.legalBasis(), o.retainedUntil())).toList();
        // A holder that had to be sent the request again was late, even if it then answered within its new due time.
        boolean late = part.publications() > 1
                || HolderAnswers.late(part.dueAt(), part.acknowledgedAt(), part.acknowledgedAt());
        return new HolderRecord(part.holder(), part.dueAt(), part.acknowledgedAt(), late, part.publications(),
                outcomes);
    }

    private static List<CategoryOutcome> parse(String json) {
        try {
            return EventJson.mapper().readValue(json, OUTCOMES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored outcomes are not a list of category outcomes", e);
        }
    }
}
