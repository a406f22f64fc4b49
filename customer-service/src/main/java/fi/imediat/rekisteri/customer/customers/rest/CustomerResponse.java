package fi.imediat.rekisteri.customer.customers.rest;

import fi.imediat.rekisteri.customer.customers.domain.Customer;
import fi.imediat.rekisteri.customer.customers.domain.CustomerStatus;
import fi.imediat.rekisteri.customer.customers.domain.DataSource;
import fi.imediat.rekisteri.events.ClosureReason;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.UUID;

public record CustomerResponse(UUID id, long customerNumber, CustomerStatus status, String firstName,
        String lastName, LocalDate birthDate, Integer age, String email, String username, DataSource source,
        Instant registeredAt, ClosureReason closureReason, LocalDate relationshipEndedOn) {

    static CustomerResponse of(Customer c) {
        Integer age = c.birthDate == null ? null : Period.between(c.birthDate, LocalDate.now()).getYears();
        return new CustomerResponse(c.id, c.customerNumber, c.status, c.firstName, c.lastName, c.birthDate, age,
                c.email, c.username, c.source, c.registeredAt, c.closureReason, c.relationshipEndedOn);
    }
}
