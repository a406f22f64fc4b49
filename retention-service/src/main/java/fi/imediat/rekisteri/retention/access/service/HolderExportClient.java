package fi.imediat.rekisteri.retention.access.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.quarkus.rest.client.reactive.Url;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** A holder's export endpoint, called with retention-service's own client-credentials token. */
@RegisterRestClient(configKey = "holder-export")
@OidcClientFilter
public interface HolderExportClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode fetch(@Url String url);
}
