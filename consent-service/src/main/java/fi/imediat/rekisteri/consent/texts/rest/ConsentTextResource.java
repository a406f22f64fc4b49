package fi.imediat.rekisteri.consent.texts.rest;

import fi.imediat.rekisteri.consent.texts.domain.ConsentText;
import fi.imediat.rekisteri.consent.texts.domain.Language;
import fi.imediat.rekisteri.consent.texts.service.ConsentTexts;
import fi.imediat.rekisteri.events.Purpose;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.platform.security.Caller;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/** The versioned consent wordings; the evidence of every consent names the version the customer was shown. */
@Path("/consent-texts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Consent texts")
public class ConsentTextResource {

    public record ConsentTextRequest(@NotNull Purpose purpose, @NotNull Language language,
            @NotNull @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+") String version,
            @NotBlank @Size(max = 20000) String text) {
    }

    public record ConsentTextResponse(Purpose purpose, Language language, String version, String text,
            Instant publishedAt) {

        static ConsentTextResponse of(ConsentText t) {
            return new ConsentTextResponse(t.key.purpose(), t.key.language(), t.key.version(), t.text,
                    t.publishedAt);
        }
    }

    private final ConsentTexts texts;
    private final Caller caller;

    ConsentTextResource(ConsentTexts texts, Caller caller) {
        this.texts = texts;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Publish a consent text version",
            description = "Immutable once published: the identical text again is 200, another text under the same "
                    + "purpose, language and version is 409.")
    @APIResponse(responseCode = "201", description = "Published")
    @APIResponse(responseCode = "200", description = "The identical text was published already")
    public Response publish(@Valid @NotNull ConsentTextRequest request) {
        ConsentTexts.Published published = texts.publish(
                new ConsentText.Key(request.purpose(), request.version(), request.language()), request.text(),
                caller.subject());
        ConsentTextResponse body = ConsentTextResponse.of(published.text());
        if (!published.created()) {
            return Response.ok(body).build();
        }
        return Response.created(UriBuilder.fromResource(ConsentTextResource.class)
                .path("{purpose}/{language}/{version}")
                .build(body.purpose(), body.language(), body.version())).entity(body).build();
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER, Roles.MARKETING, Roles.CUSTOMER})
    @Operation(summary = "Published consent texts", description = "Optionally of one purpose and/or language.")
    public List<ConsentTextResponse> list(@QueryParam("purpose") Purpose purpose,
            @QueryParam("language") Language language) {
        return texts.list(purpose, language).stream().map(ConsentTextResponse::of).toList();
    }

    @GET
    @Path("/{purpose}/{language}/{version}")
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER, Roles.MARKETING, Roles.CUSTOMER})
    @Operation(summary = "One published consent text")
    public ConsentTextResponse get(@PathParam("purpose") Purpose purpose, @PathParam("language") Language language,
            @PathParam("version") String version) {
        return texts.find(new ConsentText.Key(purpose, version, language)).map(ConsentTextResponse::of)
                .orElseThrow(() -> ProblemException.notFound("Consent text"));
    }
}
