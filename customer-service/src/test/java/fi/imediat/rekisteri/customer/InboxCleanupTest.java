package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.ConsentWithdrawn;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Purpose;
import fi.imediat.rekisteri.testsupport.EventPublisher;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.TestKafka;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The inbox forgets an applied event after rekisteri.inbox.keep (35 days), and remembers it until then: an event
 * applied "36 days ago" is deleted by the cleanup job (every second in tests), one applied "34 days ago" stays.
 */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class InboxCleanupTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anEventIsForgottenOnlyAfterTheKeepPeriod() throws SQLException {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(TestKafka.clients())) {
            for (UUID eventId : new UUID[] {old, recent}) {
                UUID customer = UUID.randomUUID();
                publisher.publish(EventType.CONSENT_WITHDRAWN, eventId, customer, new ConsentWithdrawn(customer,
                        Purpose.DIRECT_MARKETING, Channel.EMAIL, Instant.now(), "WEB_FORM"));
            }
        }
        await().atMost(TIMEOUT).until(() -> inboxRows(old) + inboxRows(recent) == 2);

        // One just past the period, one just inside it: the run of the job that deletes the first saw both.
        try (Connection connection = dataSource.getConnection();
             PreparedStatement backdate = connection.prepareStatement("""
                     UPDATE inbox_event SET processed_at = now() - CASE WHEN event_id = ? THEN interval '36 days'
                                                                        ELSE interval '34 days' END
                     WHERE event_id IN (?, ?)""")) {
            backdate.setString(1, old.toString());
            backdate.setString(2, old.toString());
            backdate.setString(3, recent.toString());
            assertEquals(2, backdate.executeUpdate());
        }
        await().atMost(TIMEOUT).until(() -> inboxRows(old) == 0);
        assertEquals(1, inboxRows(recent), "an event applied within the keep period was forgotten");
    }

    private long inboxRows(UUID eventId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM inbox_event WHERE event_id = ?")) {
            query.setString(1, eventId.toString());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
