package fi.imediat.rekisteri.consent;

import com.fasterxml.jackson.databind.JsonNode;
import fi.imediat.rekisteri.events.CustomerRegistered;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.ErasureReason;
import fi.imediat.rekisteri.events.ErasureRequested;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.EventPublisher;
import fi.imediat.rekisteri.testsupport.PublishedEvents;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Customers announced to consent-service by event, as customer-service does, and erased as retention-service asks. */
final class AnnouncedCustomers {

    private AnnouncedCustomers() {
    }

    /**
     * A customer registered in customer-service (its stand-in serves the contact data) and announced; returns once
     * consent-service keeps its three contact keys.
     */
    static UUID register(KafkaClients kafka, DataSource dataSource, Map<String, Object> contacts)
            throws InterruptedException {
        UUID customer = UUID.fromString((String) contacts.get("id"));
        CustomerServiceStandIn.serve(customer, contacts);
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.CUSTOMER_REGISTERED, customer,
                    new CustomerRegistered(customer, Instant.now(), "WEB", null));
        }
        TestDatabase.await(() -> TestDatabase.query(dataSource,
                "SELECT kind FROM customer_contact_key WHERE customer_id = ?", customer, rows -> rows.getString(1)),
                kinds -> kinds.size() == 3);
        return customer;
    }

    /** @return consent-service's outcome for MARKETING_PERMISSIONS */
    static JsonNode erase(KafkaClients kafka, UUID customer, ErasureReason reason) {
        UUID requestId = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.ERASURE_REQUESTED, customer, new ErasureRequested(requestId, customer,
                    reason, LocalDate.now().plusMonths(1), List.of(DataCategory.MARKETING_PERMISSIONS)));
        }
        return PublishedEvents.await(kafka, Topics.privacyReplies("consent-service"), customer.toString(),
                        list -> list.stream().anyMatch(e -> requestId.toString().equals(
                                e.body().path("requestId").asText())), Duration.ofSeconds(20)).stream()
                .filter(e -> requestId.toString().equals(e.body().path("requestId").asText())).findFirst()
                .orElseThrow().body().get("outcomes").get(0);
    }
}
