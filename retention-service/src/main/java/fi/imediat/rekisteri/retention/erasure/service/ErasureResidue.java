package fi.imediat.rekisteri.retention.erasure.service;

import fi.imediat.rekisteri.platform.personaldata.ResidueReport;
import fi.imediat.rekisteri.platform.personaldata.ResidueScan;
import fi.imediat.rekisteri.platform.personaldata.TableResidue;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.retention.erasure.domain.ResidueProof;
import fi.imediat.rekisteri.retention.erasure.domain.ResidueProof.HolderResidue;
import fi.imediat.rekisteri.retention.erasure.domain.ResidueProof.Scan;
import fi.imediat.rekisteri.retention.erasure.domain.ResidueProof.TableAnswer;
import fi.imediat.rekisteri.retention.erasure.service.ErasureRequests.HolderPart;
import fi.imediat.rekisteri.retention.erasure.service.ErasureRequests.Request;
import fi.imediat.rekisteri.retention.erasure.service.ErasureRequests.Status;
import fi.imediat.rekisteri.retention.holders.domain.ExportUrl;
import fi.imediat.rekisteri.retention.holders.service.HolderCalls;
import fi.imediat.rekisteri.retention.holders.service.HoldersConfig;
import fi.imediat.rekisteri.retention.holders.service.HoldersConfig.HolderConfig;
import fi.imediat.rekisteri.retention.holders.service.HolderTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What a completed erasure left behind: the residue scan of every holder of the request, one after the other,
 * outside any transaction. retention-service scans its own tables in-process; another holder is scanned over the
 * residue URL it advertises ({@code rekisteri.holders.<id>.residue-url}). A holder without one is listed as not
 * scanned; one that cannot be reached is listed with the status code or exception type.
 */
@ApplicationScoped
public class ErasureResidue {

    private static final Logger LOG = Logger.getLogger(ErasureResidue.class);

    private final HoldersConfig holders;
    private final HolderResidueClient client;
    private final HolderTokens tokens;
    private final ResidueScan ownScan;
    private final String self;
    private final Clock clock;

    ErasureResidue(HoldersConfig holders, @RestClient HolderResidueClient client, HolderTokens tokens,
            ResidueScan ownScan, @ConfigProperty(name = "quarkus.application.name") String self, Clock clock) {
        this.clock = clock;
        this.holders = holders;
        this.client = client;
        this.tokens = tokens;
        this.ownScan = ownScan;
        this.self = self;
    }

    /** @throws ProblemException 409 while the request waits for a holder: its erasure is not done yet */
    public ResidueProof of(Request request) {
        if (request.status() != Status.COMPLETED) {
            throw ProblemException.conflict("erasure-not-completed", "The erasure request is " + request.status()
                    + ": what it left behind is scanned once every required holder has acknowledged");
        }
        List<HolderResidue> answers = request.holders().stream().map(HolderPart::holder)
                .map(holder -> scan(holder, request)).toList();
        boolean residueFound = answers.stream().flatMap(h -> h.tables().stream()).anyMatch(t -> !t.allowed());
        boolean everyHolderAnswered = answers.stream()
                .allMatch(h -> h.scan() == Scan.SCANNED || h.scan() == Scan.NOTHING_FOUND);
        return new ResidueProof(request.id(), request.customerId(), request.completedAt(), clock.instant(),
                residueFound, everyHolderAnswered, answers);
    }

    private HolderResidue scan(String holder, Request request) {
        if (holder.equals(self)) {
            return scanned(holder, ownScan.scan(request.customerId()));
        }
        Optional<String> url = Optional.ofNullable(holders.holders().get(holder)).flatMap(HolderConfig::residueUrl);
        if (url.isEmpty()) {
            return new HolderResidue(holder, Scan.NOT_SUPPORTED, "the holder advertises no residue URL", List.of());
        }
        ResidueReport report;
        try {
            report = client.scan(ExportUrl.expand(url.get(), request.customerId()), tokens.authorizationFor(holder));
        } catch (HolderTokens.NoTokenForHolder e) {
            return failed(holder, request, e.getMessage());
        } catch (WebApplicationException e) {
            return e.getResponse().getStatus() == 404 ? nothingFound(holder)
                    : failed(holder, request, "HTTP " + e.getResponse().getStatus());
        } catch (RuntimeException e) {
            return failed(holder, request, HolderCalls.failure(e));
        }
        return scanned(holder, report);
    }

    private static HolderResidue scanned(String holder, ResidueReport report) {
        return report.anythingFound()
                ? new HolderResidue(holder, Scan.SCANNED, null,
                        report.tables().stream().map(ErasureResidue::answer).toList())
                : nothingFound(holder);
    }

    private static HolderResidue nothingFound(String holder) {
        return new HolderResidue(holder, Scan.NOTHING_FOUND, "the customer's id finds nothing", List.of());
    }

    private static TableAnswer answer(TableResidue table) {
        String answer;
        if (!table.allowed()) {
            answer = "not allowed: " + table.finding();
        } else if (table.rows() == 0) {
            answer = "nothing left";
        } else {
            answer = "kept: " + table.basis() + ", until " + table.keptFor();
        }
        return new TableAnswer(table.table(), table.categories(), table.rows(), table.erasure(), table.allowed(),
                answer, table.rows() > 0 ? table.basis() : null, table.rows() > 0 ? table.keptFor() : null);
    }

    private static HolderResidue failed(String holder, Request request, String reason) {
        LOG.warnf("Erasure request %s: the residue scan of %s failed (%s)", request.id(), holder, reason);
        return new HolderResidue(holder, Scan.FAILED, reason, List.of());
    }
}
