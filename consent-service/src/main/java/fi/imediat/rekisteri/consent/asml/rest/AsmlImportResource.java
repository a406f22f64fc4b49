package fi.imediat.rekisteri.consent.asml.rest;

import fi.imediat.rekisteri.consent.asml.service.AsmlImports;
import fi.imediat.rekisteri.platform.problem.Problem;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.platform.security.Caller;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.util.List;

@Path("/imports/asml")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ASML prohibition register")
public class AsmlImportResource {

    private static final MediaType CSV = MediaType.valueOf("text/csv");

    private final AsmlImports imports;
    private final Caller caller;

    AsmlImportResource(AsmlImports imports, Caller caller) {
        this.imports = imports;
        this.caller = caller;
    }

    // No @Consumes: the media type is checked after the role rule, so a caller without the role learns nothing.
    // Replacing the list decides whom marketing may reach: a privacy officer's act, not marketing's own.
    @POST
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Replace the ASML prohibition register with a full file",
            description = "text/csv, UTF-8, header last_name;first_names;street;postal_code;city;phone;prohibition "
                    + "(POST, PHONE or BOTH). Only keyed hashes are stored. The new list replaces the old one "
                    + "atomically; the report lists rejected lines by number and reason (the first 1,000), never "
                    + "their content. 422 when no line is valid (the old list stays).")
    @RequestBody(content = @Content(mediaType = "text/csv"))
    public AsmlImports.Report importList(@Context HttpHeaders headers, InputStream body) {
        MediaType type = headers.getMediaType();
        if (type == null || !CSV.isCompatible(type)) {
            throw new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "The ASML register is imported as text/csv", List.of()));
        }
        return imports.importAll(body, caller.subject());
    }
}
