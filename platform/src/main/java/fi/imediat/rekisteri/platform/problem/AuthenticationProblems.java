package fi.imediat.rekisteri.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.EnumMap;
import java.util.Map;

/**
 * Answers with a problem body what Quarkus refuses before any resource is reached: a bearer token that does not
 * verify (bad signature, expired, another issuer) fails in the HTTP layer, where the resources' exception mappers
 * ({@link ProblemMappers}) never see it. The bearer challenge stays.
 */
@ApplicationScoped
public class AuthenticationProblems {

    private final Map<Problems, String> bodies = new EnumMap<>(Problems.class);

    AuthenticationProblems(ObjectMapper json) throws JsonProcessingException {
        for (Problems refusal : Problems.values()) {
            bodies.put(refusal, json.writeValueAsString(refusal.problem()));
        }
    }

    void register(@Observes Router router) {
        router.route().failureHandler(this::answer);
    }

    private void answer(RoutingContext context) {
        Throwable failure = context.failure();
        Problems refusal = failure instanceof ForbiddenException ? Problems.FORBIDDEN
                : failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                        ? Problems.UNAUTHENTICATED : null;
        if (refusal == null || context.response().headWritten()) {
            context.next();
            return;
        }
        HttpServerResponse response = context.response().setStatusCode(refusal.problem().status());
        refusal.challenge().ifPresent(challenge -> response.putHeader("WWW-Authenticate", challenge));
        response.putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(bodies.get(refusal));
    }
}
