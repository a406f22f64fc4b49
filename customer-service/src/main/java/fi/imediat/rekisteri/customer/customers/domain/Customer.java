package fi.imediat.rekisteri.customer.customers.domain;

import fi.imediat.rekisteri.events.ClosureReason;
import fi.imediat.rekisteri.platform.database.SetStatements;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.Generated;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A customer of I-Mediat's web services and the basic data the register keeps about them. */
@Entity
@Table(name = "customer")
public class Customer extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Printed on invoices; assigned by the database. */
    @Generated
    @Column(name = "customer_number", insertable = false, updatable = false)
    public Long customerNumber;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CustomerStatus status;

    @Column(name = "first_name")
    public String firstName;

    @Column(name = "last_name")
    public String lastName;

    @Enumerated(EnumType.STRING)
    @Column(name = "name_source")
    public DataSource nameSource;

    @Column(name = "name_set_at")
    public Instant nameSetAt;

    @Column(name = "birth_date")
    public LocalDate birthDate;

    @Enumerated(EnumType.STRING)
    @Column(name = "birth_date_source")
    public DataSource birthDateSource;

    @Column(name = "birth_date_set_at")
    public Instant birthDateSetAt;

    public String occupation;

    @Enumerated(EnumType.STRING)
    @Column(name = "occupation_source")
    public DataSource occupationSource;

    @Column(name = "occupation_set_at")
    public Instant occupationSetAt;

    /** Self-given free text (category SELF_GIVEN). */
    @Column(name = "self_description")
    public String selfDescription;

    @Column(name = "self_description_set_at")
    public Instant selfDescriptionSetAt;

    public String username;

    /** The identity-provider subject of a self-registered customer; links their token to this record. */
    public String subject;

    /** Where the registration came from (privacy notice §6); each value records its own source too. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DataSource source;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "closure_reason")
    public ClosureReason closureReason;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "relationship_ended_on")
    public LocalDate relationshipEndedOn;

    /** From VTJ: the person has died, on this day. */
    @Column(name = "deceased_on")
    public LocalDate deceasedOn;

    @Column(name = "erased_at")
    public Instant erasedAt;

    @Version
    public long version;

    /** A new service for a closed customer: the relationship goes on. */
    public void reopen() {
        status = CustomerStatus.ACTIVE;
        closureReason = null;
        closedAt = null;
        relationshipEndedOn = null;
    }

    /** Leaves a tombstone: the id and customer number stay so that later events are recognised; nothing else. */
    public void erase(Instant at) {
        status = CustomerStatus.ERASED;
        firstName = null;
        lastName = null;
        nameSource = null;
        nameSetAt = null;
        birthDate = null;
        birthDateSource = null;
        birthDateSetAt = null;
        occupation = null;
        occupationSource = null;
        occupationSetAt = null;
        selfDescription = null;
        selfDescriptionSetAt = null;
        username = null;
        subject = null;
        closureReason = null;
        closedAt = null;
        relationshipEndedOn = null;
        deceasedOn = null;
        erasedAt = at;
    }

    /** Of {@code ids}, the customers this service holds data of: known and not erased (a tombstone holds none). */
    public static Set<UUID> heldAmong(Collection<UUID> ids) {
        return new HashSet<>(SetStatements.query(getEntityManager(),
                "SELECT id FROM customer WHERE id = ANY (?) AND status <> 'ERASED'",
                row -> row.getObject(1, UUID.class), SetStatements.array("uuid", ids)));
    }

    public static boolean subjectRegistered(String subject) {
        return count("subject", subject) > 0;
    }

    /** The customer a data subject registered themselves, unless erased. */
    public static Optional<Customer> ofSubject(String subject) {
        return find("subject = ?1 AND status <> ?2", subject, CustomerStatus.ERASED).firstResultOptional();
    }

    public static boolean usernameTaken(String username, UUID except) {
        return count("lower(username) = lower(?1) AND id <> ?2", username, except) > 0;
    }
}
