package fi.imediat.rekisteri.customer.contacts.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/* What a read returns besides the value (id, provenance) may be sent back in a patch; it is not input. */
@JsonIgnoreProperties({"id", "source", "setAt"})
public record EmailInput(@NotBlank @Email @Size(max = 254) String address, Boolean primary) {
}
