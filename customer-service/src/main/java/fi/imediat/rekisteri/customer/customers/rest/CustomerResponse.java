package fi.imediat.rekisteri.customer.customers.rest;

import fi.imediat.rekisteri.customer.contacts.domain.EmailAddress;
import fi.imediat.rekisteri.customer.contacts.domain.PhoneNumber;
import fi.imediat.rekisteri.customer.contacts.domain.PostalAddress;
import fi.imediat.rekisteri.customer.customers.domain.Customer;
import fi.imediat.rekisteri.customer.customers.domain.CustomerStatus;
import fi.imediat.rekisteri.customer.customers.domain.DataSource;
import fi.imediat.rekisteri.customer.customers.service.CustomerRecord;
import fi.imediat.rekisteri.events.ClosureReason;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.UUID;

/**
 * A customer's record. Other services rely on these field names (consent-service derives ASML matching keys from
 * names, addresses, e-mails and phones). {@code provenance} tells where the scalar values came from and when.
 */
public record CustomerResponse(UUID id, long customerNumber, CustomerStatus status, String firstName,
        String lastName, LocalDate birthDate, Integer age, String occupation, String username,
        List<Address> addresses, List<Email> emails, List<Phone> phones, List<String> interests,
        String selfDescription, Provenance provenance, DataSource source, Instant registeredAt,
        ClosureReason closureReason, LocalDate relationshipEndedOn, LocalDate deceasedOn) {

    public record Address(UUID id, String street, String postalCode, String city, String country, boolean primary,
            DataSource source, Instant setAt) {
    }

    public record Email(UUID id, String address, boolean primary, DataSource source, Instant setAt) {
    }

    public record Phone(UUID id, String number, boolean primary, DataSource source, Instant setAt) {
    }

    /** Where a value came from and when it was set; null for a value that is not there. */
    public record Origin(DataSource source, Instant setAt) {

        static Origin of(DataSource source, Instant setAt) {
            return source == null ? null : new Origin(source, setAt);
        }
    }

    public record Provenance(Origin name, Origin birthDate, Origin occupation, Instant selfDescriptionSetAt) {
    }

    public static CustomerResponse of(CustomerRecord record) {
        Customer c = record.customer();
        Integer age = c.birthDate == null ? null : Period.between(c.birthDate, LocalDate.now()).getYears();
        return new CustomerResponse(c.id, c.customerNumber, c.status, c.firstName, c.lastName, c.birthDate, age,
                c.occupation, c.username,
                record.contacts().addresses().stream().map(CustomerResponse::address).toList(),
                record.contacts().emails().stream().map(CustomerResponse::email).toList(),
                record.contacts().phones().stream().map(CustomerResponse::phone).toList(),
                record.interests(), c.selfDescription,
                new Provenance(Origin.of(c.nameSource, c.nameSetAt), Origin.of(c.birthDateSource, c.birthDateSetAt),
                        Origin.of(c.occupationSource, c.occupationSetAt), c.selfDescriptionSetAt),
                c.source, c.registeredAt, c.closureReason, c.relationshipEndedOn, c.deceasedOn);
    }

    private static Address address(PostalAddress a) {
        return new Address(a.id, a.street, a.postalCode, a.city, a.country, a.primary, a.source, a.setAt);
    }

    private static Email email(EmailAddress e) {
        return new Email(e.id, e.address, e.primary, e.source, e.setAt);
    }

    private static Phone phone(PhoneNumber p) {
        return new Phone(p.id, p.number, p.primary, p.source, p.setAt);
    }
}
