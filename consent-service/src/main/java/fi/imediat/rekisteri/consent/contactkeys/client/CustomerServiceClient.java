package fi.imediat.rekisteri.consent.contactkeys.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.UUID;

/** customer-service's REST API, called with consent-service's own client-credentials token. */
@Path("/customers")
@RegisterRestClient(configKey = "customer-service")
@OidcClientFilter
public interface CustomerServiceClient {

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    CustomerContacts customer(@PathParam("id") UUID id);
}
