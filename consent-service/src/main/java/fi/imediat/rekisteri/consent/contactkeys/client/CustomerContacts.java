package fi.imediat.rekisteri.consent.contactkeys.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.UUID;

/** A customer's names and contact details from customer-service, which contact keys are computed from; nothing is stored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CustomerContacts(UUID id, String firstName, String lastName, List<Address> addresses,
        List<Email> emails, List<Phone> phones) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Address(String street, String postalCode, String city, String country, boolean primary) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Email(String address, boolean primary) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Phone(String number, boolean primary) {
    }
}
