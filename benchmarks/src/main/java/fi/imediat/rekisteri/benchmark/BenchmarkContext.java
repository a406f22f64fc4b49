package fi.imediat.rekisteri.benchmark;

import fi.imediat.rekisteri.infra.LocalStack;
import fi.imediat.rekisteri.testsupport.Tokens;

/** What every benchmark works against: the running stack (its services, PostgreSQL, Kafka, Keycloak) and the scale. */
public record BenchmarkContext(LocalStack stack, Tokens tokens, Scale scale, long seed) {

    public static BenchmarkContext of(LocalStack stack, Scale scale) {
        return new BenchmarkContext(stack, new Tokens(stack.keycloak().realmUrl()), scale, 20261126L);
    }
}
