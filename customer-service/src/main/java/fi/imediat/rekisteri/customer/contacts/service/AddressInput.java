package fi.imediat.rekisteri.customer.contacts.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A postal address as given; {@code country} ISO 3166-1 alpha-2, default FI (postal code of five digits). */
/* What a read returns besides the value (id, provenance) may be sent back in a patch; it is not input. */
@JsonIgnoreProperties({"id", "source", "setAt"})
public record AddressInput(
        @NotBlank @Size(max = 200) String street,
        @NotBlank @Size(max = 10) String postalCode,
        @NotBlank @Size(max = 100) String city,
        @Pattern(regexp = "[A-Za-z]{2}") String country,
        Boolean primary) {
}
