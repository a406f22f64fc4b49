package fi.imediat.rekisteri.retention.policies.rest;

import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.problem.Problem;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.platform.security.Caller;
import fi.imediat.rekisteri.platform.security.Roles;
import fi.imediat.rekisteri.retention.policies.domain.RetentionBasis;
import fi.imediat.rekisteri.retention.policies.domain.RetentionPolicy;
import fi.imediat.rekisteri.retention.policies.service.RetentionPolicies;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;

@Path("/policies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Retention policies")
public class PolicyResource {

    /** A category's retention as it is to apply from now on. */
    public record PolicyChange(@NotNull RetentionBasis basis, @Size(max = 20) String period, boolean restricted) {
    }

    public record PolicyResponse(DataCategory category, int version, RetentionBasis basis, String period,
            boolean restricted, String changedBy, Instant changedAt) {

        static PolicyResponse of(RetentionPolicy p) {
            return new PolicyResponse(p.category(), p.version(), p.basis(),
                    p.period() == null ? null : p.period().toString(), p.restricted(), p.changedBy(), p.changedAt());
        }
    }

    private final RetentionPolicies policies;
    private final Caller caller;

    PolicyResource(RetentionPolicies policies, Caller caller) {
        this.policies = policies;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.SERVICE})
    @Operation(summary = "The retention policy in force for every data category")
    public List<PolicyResponse> current() {
        return policies.current().stream().map(PolicyResponse::of).toList();
    }

    @GET
    @Path("/history")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.SERVICE})
    @Operation(summary = "Every version of the policies, newest first per category",
            description = "category= limits it to one data category.")
    public List<PolicyResponse> history(@QueryParam("category") DataCategory category) {
        return policies.history(category).stream().map(PolicyResponse::of).toList();
    }

    @PUT
    @Path("/{category}")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Change a category's retention",
            description = "basis AFTER_RELATIONSHIP_END, AFTER_CAPTURE or AFTER_ACCOUNTING_YEAR_END with an ISO-8601 "
                    + "period (e.g. P3Y, P26M), or KEPT without one. Appends a new version (audited); due dates of "
                    + "retention clocks and the privacy notice follow at once.")
    public PolicyResponse change(@PathParam("category") DataCategory category, @Valid @NotNull PolicyChange change) {
        return PolicyResponse.of(policies.change(category, change.basis(), period(change), change.restricted(),
                caller.subject()));
    }

    private static ProblemException badPeriod(String message) {
        return new ProblemException(Problem.of(422, "invalid-retention-period", "Unprocessable request", message,
                List.of(new Problem.FieldViolation("period", message))));
    }

    private static Period period(PolicyChange change) {
        if (change.basis() == RetentionBasis.KEPT) {
            if (change.period() != null) {
                throw badPeriod("period must be empty when basis is KEPT");
            }
            return null;
        }
        if (change.period() == null) {
            throw badPeriod("period is required unless basis is KEPT");
        }
        try {
            Period period = Period.parse(change.period());
            if (period.isNegative() || period.isZero()) {
                throw badPeriod("period must be positive");
            }
            return period;
        } catch (DateTimeParseException e) {
            throw badPeriod("period must be an ISO-8601 period such as P3Y or P26M");
        }
    }
}
