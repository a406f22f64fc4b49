package fi.imediat.rekisteri.consent;

import fi.imediat.rekisteri.events.CustomerRegistered;
import fi.imediat.rekisteri.events.CustomerUpdated;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.EventPublisher;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.TestKafka;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Contact keys come from customer-service (here its stand-in) with consent-service's own token, only as HMACs. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "consent"),
                @ResourceArg(name = "kafka-principal", value = "consent-service")})
@WithTestResource(value = CustomerServiceStandIn.class, scope = TestResourceScope.GLOBAL)
class ContactKeysTest {

    private final KafkaClients kafka = TestKafka.clients();

    @Inject
    DataSource dataSource;

    @Test
    void aRegistrationStoresKeyedHashesOnlyAndAnUpdateOfBasicDataReplacesThem() throws Exception {
        UUID customer = UUID.randomUUID();
        CustomerServiceStandIn.serve(customer, CustomerServiceStandIn.customer(customer, "Maija Liisa", "Meikäläinen",
                "Testikatu 1 A 2", "00100", "maija.testi@example.invalid", "+358401234567"));
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.CUSTOMER_REGISTERED, customer,
                    new CustomerRegistered(customer, Instant.now(), "WEB", null));
        }
        List<KeyRow> keys = TestDatabase.await(() -> keys(customer), rows -> rows.size() == 3);
        assertEquals(List.of("EMAIL", "NAME_ADDRESS", "PHONE"), keys.stream().map(KeyRow::kind).toList());
        for (KeyRow key : keys) {
            assertEquals(32, key.hash().length);
            String raw = new String(key.hash(), StandardCharsets.ISO_8859_1);
            assertFalse(raw.contains("maija") || raw.contains("358401234567") || raw.contains("00100"));
        }
        assertTrue(TestDatabase.await(() -> refreshQueue(customer), List::isEmpty).isEmpty());

        CustomerServiceStandIn.serve(customer, CustomerServiceStandIn.customer(customer, "Maija Liisa", "Meikäläinen",
                "Testikatu 1 A 2", "00100", "maija.uusi@example.invalid", "+358401234567"));
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.CUSTOMER_UPDATED, customer,
                    new CustomerUpdated(customer, List.of(DataCategory.BASIC_DATA), Instant.now()));
        }
        byte[] oldEmail = keys.get(0).hash();
        List<KeyRow> updated = TestDatabase.await(() -> keys(customer),
                rows -> rows.size() == 3 && !java.util.Arrays.equals(rows.get(0).hash(), oldEmail));
        assertTrue(java.util.Arrays.equals(keys.get(2).hash(), updated.get(2).hash()), "the phone did not change");
        assertNotEquals(List.of(), updated);
    }

    @Test
    void whileCustomerServiceFailsTheFetchStaysQueuedAndIsRetried() throws Exception {
        UUID customer = UUID.randomUUID();
        CustomerServiceStandIn.fail(customer, 503);
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.CUSTOMER_REGISTERED, customer,
                    new CustomerRegistered(customer, Instant.now(), "WEB", null));
        }
        List<String> failures = TestDatabase.await(() -> refreshQueue(customer),
                rows -> rows.size() == 1 && rows.get(0) != null);
        assertEquals(List.of("HTTP 503"), failures);
        assertEquals(List.of(), keys(customer));

        CustomerServiceStandIn.serve(customer, CustomerServiceStandIn.customer(customer, "Matti", "Testinen",
                "Koekuja 5", "33100", "matti.testi@example.invalid", "+358501112223"));
        assertEquals(3, TestDatabase.await(() -> keys(customer), rows -> rows.size() == 3).size());
        assertEquals(List.of(), TestDatabase.await(() -> refreshQueue(customer), List::isEmpty));
    }

    @Test
    void registrationsAreFetchedInBatchesAndAnUnknownCustomerSettlesWithoutKeys() throws Exception {
        List<UUID> customers = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            UUID customer = UUID.randomUUID();
            customers.add(customer);
            CustomerServiceStandIn.serve(customer, CustomerServiceStandIn.customer(customer, "Aino", "Testinen",
                    "Koekatu " + (i + 1), "00100", "aino" + i + "@example.invalid", "+35840" + (1_000_000 + i)));
        }
        UUID unknown = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            for (UUID customer : customers) {
                publisher.publish(EventType.CUSTOMER_REGISTERED, customer,
                        new CustomerRegistered(customer, Instant.now(), "WEB", null));
            }
            publisher.publish(EventType.CUSTOMER_REGISTERED, unknown,
                    new CustomerRegistered(unknown, Instant.now(), "WEB", null));
        }
        for (UUID customer : customers) {
            assertEquals(3, TestDatabase.await(() -> keys(customer), rows -> rows.size() == 3).size());
        }
        assertEquals(List.of(), TestDatabase.await(() -> refreshQueue(unknown), List::isEmpty));
        assertEquals(List.of(), keys(unknown));
        // Three partitions' consumers queue them; each fetch takes every request due then, not one customer.
        assertTrue(CustomerServiceStandIn.largestCall() >= 5,
                "largest call asked for " + CustomerServiceStandIn.largestCall() + " customers");
    }

    record KeyRow(String kind, byte[] hash) {
    }

    private List<KeyRow> keys(UUID customer) {
        return TestDatabase.query(dataSource,
                "SELECT kind, key_hash FROM customer_contact_key WHERE customer_id = ? ORDER BY kind", customer,
                rows -> new KeyRow(rows.getString(1), rows.getBytes(2)));
    }

    private List<String> refreshQueue(UUID customer) {
        return TestDatabase.query(dataSource, "SELECT last_failure FROM contact_key_refresh WHERE customer_id = ?",
                customer, rows -> rows.getString(1));
    }
}
