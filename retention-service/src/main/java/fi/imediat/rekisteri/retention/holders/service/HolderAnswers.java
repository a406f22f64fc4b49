package fi.imediat.rekisteri.retention.holders.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import fi.imediat.rekisteri.events.EventJson;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;

import java.time.Instant;
import java.util.List;

/**
 * What propagation and erasure requests share about a holder's answer: its per-category outcomes as stored (JSON)
 * and as shown, and whether it came (or is still missing) after its due time.
 */
public final class HolderAnswers {

    private HolderAnswers() {
    }

    public static String outcomesJson(List<CategoryOutcome> outcomes) {
        try {
            return EventJson.mapper().writeValueAsString(outcomes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Outcomes are not serialisable", e);
        }
    }

    /** The stored outcomes for a response; null while the holder has not answered. */
    public static JsonNode outcomes(String json) {
        if (json == null) {
            return null;
        }
        try {
            return EventJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored outcomes are not JSON", e);
        }
    }

    /** Late: answered after {@code dueAt}, or not yet answered and {@code dueAt} has passed. */
    public static boolean late(Instant dueAt, Instant acknowledgedAt, Instant now) {
        return acknowledgedAt == null ? now.isAfter(dueAt) : acknowledgedAt.isAfter(dueAt);
    }
}
