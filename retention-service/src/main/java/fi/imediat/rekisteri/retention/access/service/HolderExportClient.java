package fi.imediat.rekisteri.retention.access.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.rest.client.reactive.Url;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** A holder's export endpoint, called with a token meant for that holder alone ({@link fi.imediat.rekisteri.retention.holders.service.HolderTokens}). */
@RegisterRestClient(configKey = "holder-export")
public interface HolderExportClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode fetch(@Url String url, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
