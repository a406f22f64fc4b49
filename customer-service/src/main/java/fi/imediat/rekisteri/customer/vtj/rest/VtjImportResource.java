package fi.imediat.rekisteri.customer.vtj.rest;

import fi.imediat.rekisteri.customer.vtj.service.VtjImport;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;

@Path("/imports/vtj")
@Tag(name = "Imports")
public class VtjImportResource {

    private final VtjImport vtjImport;

    VtjImportResource(VtjImport vtjImport) {
        this.vtjImport = vtjImport;
    }

    /** Any content type: the body is read as UTF-8 text (text/csv). */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.AGENT, Roles.PRIVACY_OFFICER, Roles.SERVICE})
    @Operation(summary = "Import a population-register (VTJ) update file",
            description = "CSV, `;`-separated, UTF-8, header line `" + VtjImport.HEADER + "` (see README). Matches "
                    + "a customer by last name, first name, birth date and old address; sets the new address with "
                    + "source VTJ (customer.updated); closes a deceased person's account (RELATIONSHIP_ENDED). Read "
                    + "as a stream and applied in batches. The report counts lines and lists rejected line numbers "
                    + "with reasons that name the rule, never a value.")
    public VtjImport.Report importFile(InputStream body) {
        return vtjImport.run(body);
    }
}
