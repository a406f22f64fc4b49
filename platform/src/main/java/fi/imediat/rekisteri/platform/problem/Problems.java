package fi.imediat.rekisteri.platform.problem;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** The answers to a caller who is not authenticated or not allowed, the same from every layer that refuses. */
enum Problems {

    UNAUTHENTICATED(Problem.of(Response.Status.UNAUTHORIZED, "unauthenticated", "Authentication required",
            "Send a valid bearer token from the rekisteri realm")),
    FORBIDDEN(Problem.of(Response.Status.FORBIDDEN, "forbidden", "Not allowed",
            "The token's roles do not allow this operation"));

    /** RFC 6750: a 401 names the scheme the caller should authenticate with. */
    static final String BEARER_CHALLENGE = "Bearer";

    private final Problem problem;

    Problems(Problem problem) {
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }

    Response toResponse() {
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA).entity(problem);
        if (this == UNAUTHENTICATED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
        }
        return response.build();
    }
}
