package fi.imediat.rekisteri.retention;

import fi.imediat.rekisteri.retention.holders.domain.ExportUrlPolicy;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fast tier (no infrastructure): where a holder system's export URL may point, as production configures it. */
class ExportUrlPolicyTest {

    private static ExportUrlPolicy policy(boolean requireHttps, Set<String> allowedHosts) {
        return new ExportUrlPolicy() {
            @Override
            public boolean requireHttps() {
                return requireHttps;
            }

            @Override
            public Optional<Set<String>> allowedHosts() {
                return Optional.ofNullable(allowedHosts);
            }
        };
    }

    @Test
    void productionTakesHttpsToANamedHostOnly() {
        ExportUrlPolicy production = policy(true, Set.of("CRM.example.test"));
        assertEquals(Optional.empty(), production.refusal("https://crm.example.test/gdpr/{customerId}"));
        assertTrue(production.refusal("http://crm.example.test/gdpr/{customerId}").orElseThrow().contains("https"));
        assertTrue(production.refusal("https://attacker.example.test/{customerId}").orElseThrow()
                .contains("allow-list"));
        assertTrue(production.refusal("https://crm.example.test.attacker.example/{customerId}").orElseThrow()
                .contains("allow-list"));
        assertTrue(production.refusal("https://crm.example.test/gdpr").orElseThrow().contains("{customerId}"));
    }

    @Test
    void withNoHostNamedNothingIsTaken() {
        assertTrue(policy(true, null).refusal("https://crm.example.test/{customerId}").isPresent());
    }

    @Test
    void theLocalStackTakesHttpOnThisMachine() {
        ExportUrlPolicy local = policy(false, Set.of("127.0.0.1", "localhost"));
        assertEquals(Optional.empty(), local.refusal("http://127.0.0.1:9000/export/{customerId}"));
        assertTrue(local.refusal("http://169.254.169.254/latest/{customerId}").isPresent());
    }
}
