package fi.imediat.rekisteri.customer.analytics.rest;

import fi.imediat.rekisteri.customer.analytics.service.Analytics;
import fi.imediat.rekisteri.customer.analytics.service.Analytics.UsageEvent;
import fi.imediat.rekisteri.customer.common.Page;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/customers/{id}/analytics-events")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Analytics")
public class AnalyticsResource {

    public static final int MAX_BATCH = 1000;

    public record EventInput(@NotBlank @Size(max = 64) @Pattern(regexp = "[a-z0-9._-]+") String type,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = 64) @Pattern(regexp = "[a-z0-9._-]+") String service) {
    }

    public record Ingested(int accepted) {
    }

    public record EventView(String type, Instant occurredAt, String service) {
    }

    private final Analytics analytics;

    AnalyticsResource(Analytics analytics) {
        this.analytics = analytics;
    }

    @POST
    @RolesAllowed({Roles.SERVICE, Roles.AGENT})
    @Operation(summary = "Ingest usage events in bulk", description = "An array of up to 1000 "
            + "`{type, occurredAt, service}`, written in one batch. Kept for `rekisteri.analytics.retention`.")
    public Response ingest(@PathParam("id") UUID id,
            @NotNull @Size(min = 1, max = MAX_BATCH) List<@Valid @NotNull EventInput> events) {
        int accepted = analytics.ingest(id, events.stream()
                .map(e -> new UsageEvent(0, e.type(), e.occurredAt(), e.service())).toList());
        return Response.status(Response.Status.CREATED).entity(new Ingested(accepted)).build();
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER, Roles.CUSTOMER})
    @Operation(summary = "The customer's usage events, oldest first, paged")
    public Page<EventView> list(@PathParam("id") UUID id, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return Page.of(analytics.page(id, Page.after(cursor), limit + 1), limit, UsageEvent::seq,
                e -> new EventView(e.type(), e.occurredAt(), e.service()));
    }
}
