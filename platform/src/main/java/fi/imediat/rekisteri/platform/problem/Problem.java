package fi.imediat.rekisteri.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * An RFC 9457 problem detail. Titles and details name fields and rules, never the values a caller sent, so
 * personal data does not travel back in errors or into logs.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
        List<FieldViolation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);
    private static final String TYPE_BASE = "https://rekisteri.i-mediat.fi/problems/";

    /** One invalid field: its JSON path and what is wrong with it. */
    public record FieldViolation(String field, String message) {
    }

    public static Problem of(Response.Status status, String slug, String title, String detail) {
        return of(status.getStatusCode(), slug, title, detail, List.of());
    }

    public static Problem of(int status, String slug, String title, String detail, List<FieldViolation> violations) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, violations);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA).entity(this).build();
    }
}
