package fi.imediat.rekisteri.retention.holders.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A system that keeps a copy of customer data and must apply withdrawals, closures and erasures. */
@Entity
@Table(name = "holder")
public class Holder extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String description;

    /** The data categories (events DataCategory) the holder keeps. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public List<String> categories;

    @Column(name = "acknowledgement_required", nullable = false)
    public boolean acknowledgementRequired;

    @JdbcTypeCode(SqlTypes.INTERVAL_SECOND)
    @Column(name = "acknowledgement_deadline", nullable = false)
    public Duration acknowledgementDeadline;

    /** Where the holder serves its part of an access request ({@link ExportUrl}); null: it answers by event. */
    @Column(name = "export_url")
    public String exportUrl;

    /** Token subject of whoever registered it; null for the services registered by migration. */
    @Column(name = "registered_by", updatable = false)
    public String registeredBy;

    @Column(name = "registered_at", nullable = false, updatable = false)
    public Instant registeredAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static List<Holder> all() {
        return list("order by id");
    }
}
