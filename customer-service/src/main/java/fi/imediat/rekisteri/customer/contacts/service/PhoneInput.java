package fi.imediat.rekisteri.customer.contacts.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A phone number as given: international (+358 40 123 4567, 00358…) or Finnish national (040 123 4567). */
/* What a read returns besides the value (id, provenance) may be sent back in a patch; it is not input. */
@JsonIgnoreProperties({"id", "source", "setAt"})
public record PhoneInput(@NotBlank @Size(max = 32) String number, Boolean primary) {
}
