package fi.imediat.rekisteri.platform.problem;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/** The answers to a caller who is not authenticated or not allowed, the same from every layer that refuses. */
enum Problems {

    UNAUTHENTICATED(Problem.of(Response.Status.UNAUTHORIZED, "unauthenticated", "Authentication required",
            "Send a valid bearer token from the rekisteri realm")),
    FORBIDDEN(Problem.of(Response.Status.FORBIDDEN, "forbidden", "Not allowed",
            "The token's roles do not allow this operation"));

    /** RFC 6750: a 401 names the scheme the caller should authenticate with. */
    private static final String BEARER_CHALLENGE = "Bearer";

    private final Problem problem;

    Problems(Problem problem) {
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }

    /** The {@code WWW-Authenticate} challenge the answer carries, if any. */
    Optional<String> challenge() {
        return this == UNAUTHENTICATED ? Optional.of(BEARER_CHALLENGE) : Optional.empty();
    }

    Response toResponse() {
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA).entity(problem);
        challenge().ifPresent(challenge -> response.header(HttpHeaders.WWW_AUTHENTICATE, challenge));
        return response.build();
    }
}
