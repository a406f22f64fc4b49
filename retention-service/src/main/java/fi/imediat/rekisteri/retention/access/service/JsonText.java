package fi.imediat.rekisteri.retention.access.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import fi.imediat.rekisteri.events.EventJson;

/** JSON documents stored as jsonb and read back as text. */
final class JsonText {

    private JsonText() {
    }

    static JsonNode parse(String json) {
        try {
            return json == null ? null : EventJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is not JSON", e);
        }
    }

    static String write(JsonNode node) {
        try {
            return EventJson.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree is always serialisable", e);
        }
    }
}
