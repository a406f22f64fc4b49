package fi.imediat.rekisteri.customer.customers.domain;

import fi.imediat.rekisteri.events.ClosureReason;
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

    @Column(name = "birth_date")
    public LocalDate birthDate;

    public String email;

    public String username;

    /** The identity-provider subject of a self-registered customer; links their token to this record. */
    public String subject;

    /** Where the basic data came from (privacy notice §6). */
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

    @Column(name = "erased_at")
    public Instant erasedAt;

    @Version
    public long version;

    /** Leaves a tombstone: the id and customer number stay so that later events are recognised; nothing else. */
    public void erase(Instant at) {
        status = CustomerStatus.ERASED;
        firstName = null;
        lastName = null;
        birthDate = null;
        email = null;
        username = null;
        subject = null;
        closureReason = null;
        closedAt = null;
        relationshipEndedOn = null;
        erasedAt = at;
    }

    public static boolean emailTaken(String email) {
        return count("email", email) > 0;
    }

    public static boolean subjectRegistered(String subject) {
        return count("subject", subject) > 0;
    }

    public static boolean usernameTaken(String username) {
        return count("lower(username) = lower(?1)", username) > 0;
    }
}
