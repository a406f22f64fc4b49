package fi.imediat.rekisteri.customer.customers.rest;

import fi.imediat.rekisteri.customer.customers.domain.DataSource;
import fi.imediat.rekisteri.customer.customers.service.CustomerService.Registration;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

public record RegisterCustomerRequest(
        @NotBlank @Size(max = 100) String firstName,
        @NotBlank @Size(max = 100) String lastName,
        @Past LocalDate birthDate,
        @Email @Size(max = 254) String email,
        @Size(min = 3, max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+") String username,
        DataSource source) {

    Registration toRegistration() {
        return new Registration(firstName.trim(), lastName.trim(), birthDate, email, username,
                source == null ? DataSource.REGISTRATION : source, null);
    }

    /** A data subject registering themselves: the data is their own word, linked to their token. */
    Registration toSelfRegistration(String subject) {
        return new Registration(firstName.trim(), lastName.trim(), birthDate, email, username, DataSource.SELF,
                subject);
    }
}
