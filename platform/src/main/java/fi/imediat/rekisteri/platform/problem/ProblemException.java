package fi.imediat.rekisteri.platform.problem;

import jakarta.ws.rs.core.Response;

import java.util.List;

/** Thrown by services for an expected failure (not found, conflict, rule broken); mapped to problem+json. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of(Response.Status.NOT_FOUND, "not-found", "Not found",
                what + " does not exist or is not visible to you"));
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(Problem.of(Response.Status.CONFLICT, slug, "Conflict", detail));
    }

    /** A caller who may use the operation, but not for this: e.g. a holder system setting what only an officer may. */
    public static ProblemException forbidden(String slug, String detail) {
        return new ProblemException(Problem.of(Response.Status.FORBIDDEN, slug, "Not allowed", detail));
    }

    public static ProblemException unprocessable(String slug, String detail) {
        // Response.Status has no constant for 422: fromStatusCode(422) is null.
        return new ProblemException(Problem.of(422, slug, "Unprocessable request", detail, List.of()));
    }
}
