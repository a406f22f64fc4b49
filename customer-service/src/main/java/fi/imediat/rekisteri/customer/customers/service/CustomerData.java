package fi.imediat.rekisteri.customer.customers.service;

import fi.imediat.rekisteri.customer.contacts.service.AddressInput;
import fi.imediat.rekisteri.customer.contacts.service.EmailInput;
import fi.imediat.rekisteri.customer.contacts.service.PhoneInput;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.util.List;

/**
 * The data of a customer that registration sets and rectification changes: basic data, username and self-given
 * data. A JSON Merge Patch applies to this shape; a missing list means none.
 */
public record CustomerData(
        @NotBlank @Size(max = 100) String firstName,
        @NotBlank @Size(max = 100) String lastName,
        @Past LocalDate birthDate,
        @Size(max = 100) String occupation,
        @Size(min = 3, max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+") String username,
        @Size(max = 10) List<@Valid @NotNull AddressInput> addresses,
        @Size(max = 10) List<@Valid @NotNull EmailInput> emails,
        @Size(max = 10) List<@Valid @NotNull PhoneInput> phones,
        @Size(max = 30) List<@NotBlank String> interests,
        @Size(max = SELF_DESCRIPTION_MAX) String selfDescription) {

    public static final int SELF_DESCRIPTION_MAX = 2000;

    public CustomerData {
        addresses = addresses == null ? List.of() : addresses;
        emails = emails == null ? List.of() : emails;
        phones = phones == null ? List.of() : phones;
        interests = interests == null ? List.of() : interests;
    }
}
