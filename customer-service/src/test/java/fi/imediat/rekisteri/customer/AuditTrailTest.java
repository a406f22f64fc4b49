package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.platform.audit.AuditRetention;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
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
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The audit trail is append-only and kept by its own policy (rekisteri.audit.retention, three years by default). */
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

        assertThrows(SQLException.class, () -> execute("UPDATE audit_event SET outcome = 'SUCCESS' WHERE id = ?",
                kept));

        retention.deleteExpired();
        assertEquals(0, count(expired));
        assertEquals(1, count(kept));
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

    private void execute(String sql, UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, id);
            statement.executeUpdate();
        }
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
