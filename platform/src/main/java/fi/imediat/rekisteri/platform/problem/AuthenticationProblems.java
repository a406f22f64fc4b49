package fi.imediat.rekisteri.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers with a problem body what Quarkus refuses before any resource is reached: a bearer token that does not
 * verify (bad signature, expired, another issuer) fails in the HTTP layer, where the resources' exception mappers
 * ({@link ProblemMappers}) never see it. The bearer challenge stays.
 */
@ApplicationScoped
public class AuthenticationProblems {

    private final String unauthenticated;
    private final String forbidden;

    AuthenticationProblems(ObjectMapper json) throws JsonProcessingException {
        this.unauthenticated = json.writeValueAsString(Problems.UNAUTHENTICATED.problem());
        this.forbidden = json.writeValueAsString(Problems.FORBIDDEN.problem());
    }

    void register(@Observes Router router) {
        router.route().failureHandler(this::answer);
    }

    private void answer(RoutingContext context) {
        Throwable failure = context.failure();
        if (context.response().headWritten()) {
            context.next();
        } else if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            context.response().setStatusCode(401)
                    .putHeader("WWW-Authenticate", Problems.BEARER_CHALLENGE)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(unauthenticated);
        } else if (failure instanceof ForbiddenException) {
            context.response().setStatusCode(403)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(forbidden);
        } else {
            context.next();
        }
    }
}
