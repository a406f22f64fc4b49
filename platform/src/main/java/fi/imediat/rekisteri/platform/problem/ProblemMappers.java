package fi.imediat.rekisteri.platform.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import fi.imediat.rekisteri.platform.database.DatabaseFailures;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** Every error of every service leaves as application/problem+json, never as a stack trace or an HTML page. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    /**
     * No token, or one that is not valid, where the operation needs a caller: 401 with the bearer challenge
     * (RFC 6750) and a problem body. A token that fails before any resource is reached is answered the same way by
     * {@link AuthenticationProblems}.
     */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Problems.UNAUTHENTICATED.toResponse();
    }

    /** A caller whose roles the operation's rule leaves out. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problems.FORBIDDEN.toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldViolation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldViolation(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldViolation::field))
                .toList();
        String fields = violations.stream().map(Problem.FieldViolation::field).distinct()
                .collect(Collectors.joining(", "));
        return Problem.of(400, "validation", "Invalid request", "Invalid field(s): " + fields, violations)
                .toResponse();
    }

    /**
     * Malformed JSON or a value of the wrong type: names the field, never echoes the value. The specific Jackson
     * types are listed because Quarkus REST has built-in mappers for them that answer plain JSON. The reading errors
     * (StreamReadException: a number that overflows its field; StreamConstraintsException: nesting too deep, a
     * number or string too long) are the caller's too.
     */
    @ServerExceptionMapper({JsonMappingException.class, MismatchedInputException.class,
            InvalidFormatException.class, UnrecognizedPropertyException.class, ValueInstantiationException.class,
            JsonParseException.class, StreamReadException.class, StreamConstraintsException.class})
    public Response unreadable(Exception e) {
        String detail;
        if (e instanceof UnrecognizedPropertyException unknown) {
            detail = "Unknown field " + path(unknown);
        } else if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            detail = "Field " + path((JsonMappingException) e) + " has a value of the wrong type or format";
        } else if (e instanceof StreamConstraintsException) {
            detail = "The body nests too deep or holds a number or text too long";
        } else {
            detail = "The body is not valid JSON";
        }
        return Problem.of(Response.Status.BAD_REQUEST, "malformed-body", "Malformed request body", detail)
                .toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int code = e.getResponse().getStatus();
        Response.Status status = Response.Status.fromStatusCode(code);
        String title = status == null ? "HTTP " + code : status.getReasonPhrase();
        return Problem.of(code, "http-" + code, title, null, List.of()).toResponse();
    }

    /**
     * Anything unexpected: a 500 with an id to find the log line by; the message is not logged (it may hold data).
     * A database that cannot be reached (restarting, failing over) is a 503 the caller may retry: the change was
     * not made, as its transaction never committed.
     */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        Optional<Response> answered = answeredByDatabase(e);
        if (answered.isPresent()) {
            return answered.get();
        }
        String errorId = UUID.randomUUID().toString();
        StackTraceElement where = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
        LOG.errorf("Unexpected %s at %s [errorId=%s]", e.getClass().getName(), where, errorId);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "The request could not be completed; quote error id " + errorId).toResponse();
    }

    /**
     * What the database's answer means for the caller. The transaction has rolled back in each case, so nothing was
     * written, and the database's message is never repeated: it may quote the value.
     * <ul>
     * <li>SQLSTATE class 22 (a NUL character in text, a value too long for its column, a number out of range): the
     * caller's input, 400; class 23 (a constraint): 409.</li>
     * <li>The database {@link DatabaseFailures#unavailable unavailable}: a 503 the caller may retry.</li>
     * </ul>
     */
    private static Optional<Response> answeredByDatabase(Throwable e) {
        if (DatabaseFailures.unavailable(e)) {
            LOG.warnf("Database unavailable: request refused with 503 (%s)", e.getClass().getName());
            return Optional.of(Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE,
                            "database-unavailable", "Service unavailable",
                            "The database cannot be reached; nothing was changed. Retry later.").toResponse())
                    .header("Retry-After", "5").build());
        }
        String state = DatabaseFailures.sqlState(e).orElse("");
        if (state.startsWith("22")) {
            return Optional.of(Problem.of(Response.Status.BAD_REQUEST, "unstorable-value", "Invalid value",
                    "A value was refused: it holds a character that is not allowed (such as NUL), is too "
                            + "long or is out of range").toResponse());
        }
        if (state.startsWith("23")) {
            return Optional.of(Problem.of(Response.Status.CONFLICT, "constraint", "Conflict",
                    "The request conflicts with stored data").toResponse());
        }
        return Optional.empty();
    }

    private static String field(ConstraintViolation<?> violation) {
        // "register.request.email" -> "email": the method and parameter names mean nothing to a caller.
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", List.of(parts).subList(2, parts.length)) : parts[parts.length - 1];
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "(body)" : path;
    }
}
