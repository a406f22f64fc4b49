package fi.imediat.rekisteri.retention.erasure.service;

import fi.imediat.rekisteri.platform.personaldata.ResidueReport;
import io.quarkus.rest.client.reactive.Url;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * A holder's residue scan ({@code GET /customers/{customerId}/residue} in the services of the set), called with a
 * token meant for that holder alone ({@link fi.imediat.rekisteri.retention.holders.service.HolderTokens}).
 */
@RegisterRestClient(configKey = "holder-residue")
public interface HolderResidueClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    ResidueReport scan(@Url String url, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
