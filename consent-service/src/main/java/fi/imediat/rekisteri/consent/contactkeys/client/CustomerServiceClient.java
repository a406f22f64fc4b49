package fi.imediat.rekisteri.consent.contactkeys.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;
import java.util.UUID;

/** customer-service's REST API, called with consent-service's own client-credentials token. */
@Path("/customers")
@RegisterRestClient(configKey = "customer-service")
@OidcClientFilter
public interface CustomerServiceClient {

    /** customer-service answers at most this many customers per call. */
    int MAX_CUSTOMERS = 200;

    record ContactDetailsQuery(List<UUID> customerIds) {
    }

    /** The customers customer-service knows and has not erased; the others are left out. */
    record ContactDetails(List<CustomerContacts> customers) {
    }

    @POST
    @Path("/contact-details")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    ContactDetails contactDetails(ContactDetailsQuery query);
}
