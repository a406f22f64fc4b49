package fi.imediat.rekisteri.retention.access.service;

import com.fasterxml.jackson.databind.JsonNode;
import fi.imediat.rekisteri.retention.access.service.AccessRequests.DueFetch;
import fi.imediat.rekisteri.retention.holders.domain.ExportUrl;
import fi.imediat.rekisteri.retention.holders.service.HolderCalls;
import fi.imediat.rekisteri.retention.holders.service.HolderTokens;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Fetches the parts of access requests from the holders' export URLs, outside any transaction. A failure is
 * recorded on the part (status code or exception type, never a body) and tried again later; nothing is lost.
 */
@ApplicationScoped
class HolderExports {

    private static final Logger LOG = Logger.getLogger(HolderExports.class);
    private static final int BATCH = 20;

    private final AccessRequests requests;
    private final HolderExportClient client;
    private final HolderTokens tokens;

    HolderExports(AccessRequests requests, @RestClient HolderExportClient client, HolderTokens tokens) {
        this.requests = requests;
        this.client = client;
        this.tokens = tokens;
    }

    @Scheduled(every = "${rekisteri.access.fetch-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fetchDueParts() {
        for (DueFetch fetch : requests.claimDueFetches(BATCH)) {
            fetch(fetch);
        }
    }

    private void fetch(DueFetch fetch) {
        JsonNode part;
        try {
            part = client.fetch(ExportUrl.expand(fetch.exportUrl(), fetch.customerId()),
                    tokens.authorizationFor(fetch.holder()));
        } catch (HolderTokens.NoTokenForHolder e) {
            failed(fetch, e.getMessage() + " (is it an audience of retention-service in Keycloak?)");
            return;
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                requests.delivered(fetch, null);
            } else {
                failed(fetch, "HTTP " + e.getResponse().getStatus());
            }
            return;
        } catch (RuntimeException e) {
            failed(fetch, HolderCalls.failure(e));
            return;
        }
        requests.delivered(fetch, part);
    }

    private void failed(DueFetch fetch, String error) {
        LOG.warnf("Access request %s: fetching the part of %s failed (%s); will retry", fetch.requestId(),
                fetch.holder(), error);
        requests.fetchFailed(fetch, error);
    }
}
