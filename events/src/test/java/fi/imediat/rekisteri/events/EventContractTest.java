package fi.imediat.rekisteri.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventContractTest {

    private static final UUID CUSTOMER = UUID.fromString("6f1c2a2e-8a4b-4f57-9d0e-2b1f0c3d4e5f");
    private static final Instant NOW = Instant.parse("2026-11-26T10:15:30Z");

    private static final Map<EventType, Object> SAMPLES = Map.ofEntries(
            Map.entry(EventType.CUSTOMER_REGISTERED, new CustomerRegistered(CUSTOMER, NOW, "SELF",
                    "0b6f1a3e-1c2d-4e5f-8a9b-000000000004")),
            Map.entry(EventType.CUSTOMER_UPDATED,
                    new CustomerUpdated(CUSTOMER, List.of(DataCategory.BASIC_DATA), NOW)),
            Map.entry(EventType.SUBSCRIPTION_STARTED,
                    new SubscriptionStarted(CUSTOMER, UUID.randomUUID(), "PRINT-IL", LocalDate.of(2026, 1, 1))),
            Map.entry(EventType.SUBSCRIPTION_ENDED,
                    new SubscriptionEnded(CUSTOMER, UUID.randomUUID(), "DIGI", LocalDate.of(2026, 6, 30))),
            Map.entry(EventType.CUSTOMER_CLOSED,
                    new CustomerClosed(CUSTOMER, ClosureReason.CUSTOMER_REQUEST, NOW, LocalDate.of(2026, 11, 26))),
            Map.entry(EventType.CUSTOMER_ERASED, new CustomerErased(CUSTOMER, UUID.randomUUID(), NOW)),
            Map.entry(EventType.CONSENT_GRANTED,
                    new ConsentGranted(CUSTOMER, Purpose.DIRECT_MARKETING, Channel.EMAIL, NOW, "v3", "WEB_FORM")),
            Map.entry(EventType.CONSENT_WITHDRAWN,
                    new ConsentWithdrawn(CUSTOMER, Purpose.RESEARCH, Channel.SMS, NOW, "CUSTOMER_SERVICE")),
            Map.entry(EventType.PROHIBITION_ADDED, new ProhibitionAdded(CUSTOMER, UUID.randomUUID(),
                    ProhibitionScope.ALL_MARKETING, List.of(Channel.PHONE), NOW)),
            Map.entry(EventType.PROHIBITION_LIFTED,
                    new ProhibitionLifted(CUSTOMER, UUID.randomUUID(), ProhibitionScope.DISCLOSURE, NOW)),
            Map.entry(EventType.ERASURE_REQUESTED, new ErasureRequested(UUID.randomUUID(), CUSTOMER,
                    ErasureReason.DATA_SUBJECT_REQUEST, LocalDate.of(2026, 12, 26), List.of(DataCategory.values()))),
            Map.entry(EventType.ACCESS_REQUESTED,
                    new AccessRequested(UUID.randomUUID(), CUSTOMER, LocalDate.of(2026, 12, 26))),
            Map.entry(EventType.HOLDER_ACKNOWLEDGED, new HolderAcknowledged(null, UUID.randomUUID(),
                    "customer-service", CUSTOMER,
                    List.of(new HolderAcknowledged.CategoryOutcome(DataCategory.BILLING, AckOutcome.RETAINED,
                            "Kirjanpitolaki 2:10", LocalDate.of(2033, 12, 31))), NOW)));

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleBodyMatchesItsSchema(EventType type) throws Exception {
        String json = EventJson.mapper().writeValueAsString(SAMPLES.get(type));
        assertEquals(List.of(), EventSchemas.violations(type, json));
        assertEquals(SAMPLES.get(type), EventJson.mapper().readValue(json, type.bodyType()));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaPropertiesAreExactlyTheRecordComponents(EventType type) throws Exception {
        JsonNode schema;
        try (InputStream in = EventSchemas.class.getResourceAsStream(type.schemaResource())) {
            schema = EventJson.mapper().readTree(in);
        }
        Set<String> properties = new HashSet<>();
        schema.get("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> components = Arrays.stream(type.bodyType().getRecordComponents())
                .map(RecordComponent::getName).collect(Collectors.toSet());
        assertEquals(components, properties);
        assertEquals(type.ceType(), schema.get("title").asText());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void personalDataFieldIsRejected(EventType type) throws Exception {
        ObjectNode body = EventJson.mapper().valueToTree(SAMPLES.get(type));
        body.put("email", "someone@example.com");
        assertFalse(EventSchemas.violations(type, body.toString()).isEmpty());
    }

    @Test
    void retainedOutcomeNeedsLegalBasisAndUntilDate() throws Exception {
        HolderAcknowledged withoutBasis = new HolderAcknowledged(UUID.randomUUID(), null, "crm", CUSTOMER,
                List.of(new HolderAcknowledged.CategoryOutcome(DataCategory.BILLING, AckOutcome.RETAINED, null, null)),
                NOW);
        String json = EventJson.mapper().writeValueAsString(withoutBasis);
        assertFalse(EventSchemas.violations(EventType.HOLDER_ACKNOWLEDGED, json).isEmpty());
    }

    @Test
    void acknowledgementNamesEitherAnEventOrARequest() throws Exception {
        HolderAcknowledged both = new HolderAcknowledged(UUID.randomUUID(), UUID.randomUUID(), "crm", CUSTOMER,
                List.of(HolderAcknowledged.CategoryOutcome.of(AckOutcome.APPLIED)), NOW);
        assertFalse(EventSchemas.violations(EventType.HOLDER_ACKNOWLEDGED,
                EventJson.mapper().writeValueAsString(both)).isEmpty());
    }

    @Test
    void ceTypesFollowTheNamingOfTheDesign() {
        assertEquals("fi.imediat.rekisteri.consent.withdrawn.v1", EventType.CONSENT_WITHDRAWN.ceType());
        assertEquals(EventType.CUSTOMER_CLOSED, EventType.fromCeType("fi.imediat.rekisteri.customer.closed.v1").get());
        assertTrue(EventType.fromCeType("fi.imediat.rekisteri.customer.closed.v2").isEmpty());
    }
}
