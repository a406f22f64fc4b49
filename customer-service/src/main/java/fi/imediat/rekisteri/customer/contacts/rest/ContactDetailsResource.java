package fi.imediat.rekisteri.customer.contacts.rest;

import fi.imediat.rekisteri.customer.contacts.service.ContactLookup;
import fi.imediat.rekisteri.customer.contacts.service.ContactLookup.NamedContacts;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/**
 * The names and contact details consent-service derives its contact keys from, for a batch of customers in one call.
 * Other services rely on these field names.
 */
@Path("/customers/contact-details")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Customers")
public class ContactDetailsResource {

    /** At most this many customers per call; consent-service fetches its queue in batches of this size. */
    public static final int MAX_CUSTOMERS = 200;

    public record Query(@NotNull @Size(min = 1, max = MAX_CUSTOMERS) List<@NotNull UUID> customerIds) {
    }

    public record Address(String street, String postalCode, String city, String country, boolean primary) {
    }

    public record Email(String address, boolean primary) {
    }

    public record Phone(String number, boolean primary) {
    }

    public record CustomerContactDetails(UUID id, String firstName, String lastName, List<Address> addresses,
            List<Email> emails, List<Phone> phones) {
    }

    public record Answer(List<CustomerContactDetails> customers) {
    }

    private final ContactLookup lookup;

    ContactDetailsResource(ContactLookup lookup) {
        this.lookup = lookup;
    }

    @POST
    @RolesAllowed(Roles.CONTACT_READER)
    @Operation(summary = "Read the names and contact details of up to 200 customers", description = "For "
            + "consent-service's contact keys (ASML and suppression matching), a batch of customers per call, "
            + "answered in the order asked for. A customer that is unknown or erased is left out of the answer. Each "
            + "customer read is audited.")
    public Answer read(@Valid @NotNull Query query) {
        return new Answer(lookup.of(query.customerIds()).stream().map(ContactDetailsResource::details).toList());
    }

    private static CustomerContactDetails details(NamedContacts named) {
        return new CustomerContactDetails(named.customer().id, named.customer().firstName,
                named.customer().lastName,
                named.contacts().addresses().stream()
                        .map(a -> new Address(a.street, a.postalCode, a.city, a.country, a.primary)).toList(),
                named.contacts().emails().stream().map(e -> new Email(e.address, e.primary)).toList(),
                named.contacts().phones().stream().map(p -> new Phone(p.number, p.primary)).toList());
    }
}
