package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.platform.audit.AuditRetention;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The audit trail is append-only and kept by its own policy (rekisteri.audit.retention, three years by default), and
 * the service's database role can only append to it (docs/security.md, "Database").
 */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class AuditTrailTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditRetention retention;

    @Test
    void auditRowsCannotBeChangedAndExpireByTheirPolicy() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID expired = insert(customer, "now() - interval '3 years 1 day'");
        UUID kept = insert(customer, "now() - interval '2 years'");

        assertThrows(SQLException.class, () -> run("UPDATE audit_event SET outcome = 'SUCCESS' WHERE id = ?",
                kept));

        retention.deleteExpired();
        assertEquals(0, count(expired));
        assertEquals(1, count(kept));
    }

    /**
     * The service connects as its application role, which appends to the trail and nothing more: whatever it runs,
     * a row stays, and the trigger and the table stay as the migrations made them.
     */
    @Test
    void theServicesOwnRoleCannotRemoveOrAlterTheTrail() throws Exception {
        UUID kept = insert(UUID.randomUUID(), "now() - interval '2 years'");
        // 42501: insufficient privilege (or not the owner); P0001: the deleting function's own refusal.
        Map<String, String> attempts = Map.of(
                "DELETE FROM audit_event WHERE id = ?", "42501",
                "UPDATE audit_event SET subject = 'someone else' WHERE id = ?", "42501",
                "TRUNCATE audit_event", "42501",
                "DROP TRIGGER audit_event_append_only ON audit_event", "42501",
                "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only", "42501",
                "DROP TABLE audit_event", "42501",
                "SELECT delete_expired_audit_events(interval '1 day')", "P0001");
        attempts.forEach((attempt, state) -> assertEquals(state,
                assertThrows(SQLException.class, () -> run(attempt, kept), attempt).getSQLState(), attempt));
        assertEquals(1, count(kept));
        try (Connection connection = dataSource.getConnection()) {
            assertNotEquals(connection.getMetaData().getUserName(),
                    ConfigProvider.getConfig().getValue("quarkus.flyway.username", String.class),
                    "the test would prove nothing if the service connected as the schema's owner");
        }
    }

    /** Runs {@code sql}, binding {@code id} where it has a parameter. */
    private void run(String sql, UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (sql.contains("?")) {
                statement.setObject(1, id);
            }
            statement.execute();
        }
    }

    private UUID insert(UUID customer, String occurredAt) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO audit_event (id, occurred_at, subject, customer_id, categories, action, purpose,
                         outcome, operation)
                     VALUES (?, %s, 'test', ?, '{BASIC_DATA}', 'READ', 'CUSTOMER_RELATIONSHIP', 'SUCCESS', 'test')"""
                     .formatted(occurredAt))) {
            insert.setObject(1, id);
            insert.setObject(2, customer);
            insert.executeUpdate();
        }
        return id;
    }


    private int count(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM audit_event WHERE id = ?")) {
            query.setObject(1, id);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }
}
