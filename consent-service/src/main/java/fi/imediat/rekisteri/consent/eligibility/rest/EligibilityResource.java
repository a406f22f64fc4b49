package fi.imediat.rekisteri.consent.eligibility.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.imediat.rekisteri.consent.eligibility.domain.Basis;
import fi.imediat.rekisteri.consent.eligibility.domain.DecidingRecordKind;
import fi.imediat.rekisteri.consent.eligibility.domain.ExclusionReason;
import fi.imediat.rekisteri.consent.eligibility.domain.MarketingRule;
import fi.imediat.rekisteri.consent.eligibility.service.Eligibility;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.Purpose;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.problem.Problem;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Campaign eligibility: who may be contacted, and for everyone else the rule and record that excluded them. */
@Path("/eligibility")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Eligibility")
public class EligibilityResource {

    /** Ids per call of the list form. */
    static final int MAX_IDS = 100_000;
    /** Ids per call of the count form: a whole audience. */
    static final int MAX_COUNT_IDS = 1_000_000;

    public record EligibilityRequest(@NotNull Purpose purpose, @NotNull Channel channel,
            @NotNull List<UUID> customerIds) {
    }

    public record Eligible(UUID customerId, Basis basis) {
    }

    /** {@code decidedBy} is null for NO_CONSENT: there is no record, which is the reason. */
    public record Excluded(UUID customerId, ExclusionReason reason, DecidingRecord decidedBy) {
    }

    public record DecidingRecord(DecidingRecordKind kind, UUID id) {
    }

    public record EligibilityResponse(Purpose purpose, Channel channel, int requested, List<Eligible> eligible,
            List<Excluded> excluded) {
    }

    public record CountResponse(Purpose purpose, Channel channel, int requested, long eligible,
            Map<Basis, Long> eligibleByBasis, long excluded, Map<ExclusionReason, Long> excludedByReason) {
    }

    private static final List<DataCategory> PERMISSIONS = List.of(DataCategory.MARKETING_PERMISSIONS);

    private final Eligibility eligibility;
    private final AuditTrail audit;
    private final ObjectMapper mapper;

    EligibilityResource(Eligibility eligibility, AuditTrail audit, ObjectMapper mapper) {
        this.eligibility = eligibility;
        this.audit = audit;
        this.mapper = mapper;
    }

    @POST
    @RolesAllowed({Roles.MARKETING, Roles.PRIVACY_OFFICER, Roles.SERVICE})
    @Operation(summary = "Which customers may be contacted for a purpose on a channel",
            description = "Up to 100,000 ids per call (duplicates count once). Every excluded id comes with the "
                    + "rule (NO_CONSENT, WITHDRAWN, PROHIBITED, ASML, CLOSED, ERASED, SOFT_OPT_IN_ENDED) and the "
                    + "record that decided it; every eligible one with its basis. No personal data.")
    public EligibilityResponse decide(@Valid @NotNull EligibilityRequest request) {
        List<UUID> ids = checked(request, MAX_IDS);
        // One entry per call, not per customer: the call reads the permissions of a whole audience for targeting.
        audit.record("eligibility.decide", null, PERMISSIONS, AuditAction.READ, ProcessingPurpose.MARKETING_TARGETING);
        List<Eligible> eligible = new ArrayList<>();
        List<Excluded> excluded = new ArrayList<>();
        for (Eligibility.Decision d : eligibility.decide(new MarketingRule(request.purpose(), request.channel()),
                ids)) {
            if (d.reason() == null) {
                eligible.add(new Eligible(d.customerId(), d.basis()));
            } else {
                excluded.add(new Excluded(d.customerId(), d.reason(),
                        d.recordKind() == null ? null : new DecidingRecord(d.recordKind(), d.recordId())));
            }
        }
        return new EligibilityResponse(request.purpose(), request.channel(), eligible.size() + excluded.size(),
                eligible, excluded);
    }

    @POST
    @Path("/count")
    @RolesAllowed({Roles.MARKETING, Roles.PRIVACY_OFFICER, Roles.SERVICE})
    @Operation(summary = "How many customers of an audience may be contacted, without ids",
            description = "For partner targeting (partners get counts, never data): up to 1,000,000 ids per call; "
                    + "counts of the eligible per basis and of the excluded per rule.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EligibilityRequest.class)))
    public CountResponse count(InputStream body) {
        audit.record("eligibility.count", null, PERMISSIONS, AuditAction.READ, ProcessingPurpose.MARKETING_TARGETING);
        // Read as it arrives, straight into the database: a whole audience never stands on the heap as a list.
        StreamedAudience audience = new StreamedAudience(body, mapper, MAX_COUNT_IDS);
        Eligibility.Counts counts = eligibility.count(audience);
        return response(audience.rule(), counts);
    }

    @GET
    @Path("/count")
    @RolesAllowed({Roles.MARKETING, Roles.PRIVACY_OFFICER, Roles.SERVICE})
    @Operation(summary = "How many of all customers may be contacted, without sending their ids",
            description = "The whole register as the audience: every customer customer-service has told this "
                    + "service about (erased ones count as excluded ERASED). Same counts as POST /eligibility/count "
                    + "with every one of those ids, in one query, for planning a campaign to everyone.")
    public CountResponse countEveryCustomer(@QueryParam("purpose") String purpose,
            @QueryParam("channel") String channel) {
        MarketingRule rule = new MarketingRule(parameter(Purpose.class, "purpose", purpose),
                parameter(Channel.class, "channel", channel));
        audit.record("eligibility.count", null, PERMISSIONS, AuditAction.READ, ProcessingPurpose.MARKETING_TARGETING);
        return response(rule, eligibility.countEveryCustomer(rule));
    }

    private static CountResponse response(MarketingRule rule, Eligibility.Counts counts) {
        return new CountResponse(rule.purpose(), rule.channel(), counts.requested(),
                counts.eligible().values().stream().mapToLong(Long::longValue).sum(), counts.eligible(),
                counts.excluded().values().stream().mapToLong(Long::longValue).sum(), counts.excluded());
    }

    /** A query parameter naming a constant of {@code type}: 400 naming the parameter when missing or unknown. */
    private static <E extends Enum<E>> E parameter(Class<E> type, String name, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(name, "is required");
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw invalid(name, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /** Size and nulls checked by hand: a constraint per element would cost more than the query on a big audience. */
    private static List<UUID> checked(EligibilityRequest request, int max) {
        List<UUID> ids = request.customerIds();
        if (ids.size() > max) {
            throw invalid("customerIds", "at most " + max + " ids per call");
        }
        if (ids.contains(null)) {
            throw invalid("customerIds", "must not contain null");
        }
        return ids;
    }

    static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.of(400, "constraint-violation", "Invalid request",
                field + " " + message, List.of(new Problem.FieldViolation(field, message))));
    }
}
