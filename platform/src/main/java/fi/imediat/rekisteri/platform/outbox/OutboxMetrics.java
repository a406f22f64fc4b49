package fi.imediat.rekisteri.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What an operator watches of the outbox: how many events wait, and how long the oldest has waited. A growing
 * age means Kafka is unreachable or the relay is stuck; committed changes are safe meanwhile.
 */
@ApplicationScoped
class OutboxMetrics {

    private final AgroalDataSource dataSource;

    OutboxMetrics(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void register(@Observes StartupEvent startup, MeterRegistry registry) {
        Gauge.builder("rekisteri.outbox.backlog", this,
                        m -> m.query("SELECT count(*) FROM outbox_event WHERE published_at IS NULL"))
                .description("Events committed but not yet published to Kafka")
                .register(registry);
        Gauge.builder("rekisteri.outbox.oldest.age", this, m -> m.query("""
                        SELECT coalesce(extract(epoch FROM now() - min(ce_time)), 0)
                        FROM outbox_event WHERE published_at IS NULL"""))
                .description("Seconds the oldest unpublished event has waited")
                .baseUnit("seconds")
                .register(registry);
    }

    /** Answers NaN while the database is unreachable, which the health checks report on their own. */
    private double query(String sql) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getDouble(1) : Double.NaN;
        } catch (SQLException e) {
            return Double.NaN;
        }
    }
}
