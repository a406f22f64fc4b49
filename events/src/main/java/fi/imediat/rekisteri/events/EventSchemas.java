package fi.imediat.rekisteri.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Validates event bodies against the JSON Schemas of the contract; used by the contract tests of every producer. */
public final class EventSchemas {

    private static final Map<EventType, JsonSchema> SCHEMAS = new EnumMap<>(EventType.class);

    static {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (EventType type : EventType.values()) {
            try (InputStream in = EventSchemas.class.getResourceAsStream(type.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException("No schema for " + type.shortName());
                }
                SCHEMAS.put(type, factory.getSchema(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private EventSchemas() {
    }

    /** @return the violations, empty when the body matches the schema of its type */
    public static List<String> violations(EventType type, String jsonBody) {
        JsonNode body;
        try {
            body = EventJson.mapper().readTree(jsonBody);
        } catch (JsonProcessingException e) {
            return List.of("not JSON: " + e.getOriginalMessage());
        }
        return SCHEMAS.get(type).validate(body).stream().map(ValidationMessage::getMessage).toList();
    }
}
