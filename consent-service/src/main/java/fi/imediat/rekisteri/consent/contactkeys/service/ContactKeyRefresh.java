package fi.imediat.rekisteri.consent.contactkeys.service;

import fi.imediat.rekisteri.consent.contactkeys.client.CustomerContacts;
import fi.imediat.rekisteri.consent.contactkeys.client.CustomerServiceClient;
import fi.imediat.rekisteri.consent.contactkeys.domain.ContactKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps the contact keys current. A customer event only records that the keys must be (re)fetched, in the
 * consumer's transaction; this worker fetches them from customer-service. A fetch that fails (customer-service
 * down, a 5xx, Keycloak unreachable) stays queued and is retried with a growing delay, so a registration is never
 * lost and the partition is never blocked. Replicas share the queue (rows are claimed with SKIP LOCKED and leased).
 */
@ApplicationScoped
public class ContactKeyRefresh {

    private static final Logger LOG = Logger.getLogger(ContactKeyRefresh.class);
    private static final int BATCH = 20;
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private record Claim(UUID customerId, long requestNumber, int attempts) {
    }

    private final EntityManager entityManager;
    private final CustomerContactKeys keys;
    private final CustomerServiceClient customers;

    ContactKeyRefresh(EntityManager entityManager, CustomerContactKeys keys,
            @RestClient CustomerServiceClient customers) {
        this.entityManager = entityManager;
        this.keys = keys;
        this.customers = customers;
    }

    /** Queues a fetch of the customer's contact keys (again, if one is queued: newer data may be there). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void request(UUID customerId) {
        entityManager.createNativeQuery("""
                        INSERT INTO contact_key_refresh (customer_id, requested_at, next_attempt_at)
                        VALUES (?1, clock_timestamp(), now())
                        ON CONFLICT (customer_id) DO UPDATE SET requested_at = clock_timestamp(), attempts = 0,
                            request_number = contact_key_refresh.request_number + 1, next_attempt_at = now()""")
                .setParameter(1, customerId).executeUpdate();
    }

    /** Drops a queued fetch, e.g. when the customer is erased. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void cancel(UUID customerId) {
        entityManager.createNativeQuery("DELETE FROM contact_key_refresh WHERE customer_id = ?1")
                .setParameter(1, customerId).executeUpdate();
    }

    @Scheduled(every = "${rekisteri.contact-keys.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshDue() {
        for (Claim claim : QuarkusTransaction.requiringNew().call(this::claimDue)) {
            fetch(claim);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Claim> claimDue() {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        UPDATE contact_key_refresh r SET attempts = r.attempts + 1,
                            next_attempt_at = now() + CAST(?2 AS interval)
                        WHERE r.customer_id IN (
                            SELECT customer_id FROM contact_key_refresh WHERE next_attempt_at <= now()
                            ORDER BY next_attempt_at LIMIT ?1 FOR UPDATE SKIP LOCKED)
                        RETURNING r.customer_id, r.request_number, r.attempts""")
                .setParameter(1, BATCH).setParameter(2, LEASE.toSeconds() + " seconds").getResultList();
        return rows.stream().map(r -> new Claim((UUID) r[0], ((Number) r[1]).longValue(), ((Number) r[2]).intValue()))
                .toList();
    }

    private void fetch(Claim claim) {
        Optional<CustomerContacts> contacts;
        try {
            contacts = Optional.of(customers.customer(claim.customerId()));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                // customer-service does not know the customer (any more): nothing to match on.
                contacts = Optional.empty();
            } else {
                failed(claim, "HTTP " + e.getResponse().getStatus());
                return;
            }
        } catch (RuntimeException e) {
            failed(claim, e.getClass().getSimpleName());
            return;
        }
        List<ContactKey> fetched = contacts.map(keys::keysOf).orElse(List.of());
        QuarkusTransaction.requiringNew().run(() -> {
            keys.replace(claim.customerId(), fetched);
            // Only if no newer request came meanwhile; otherwise that one fetches again.
            entityManager.createNativeQuery(
                            "DELETE FROM contact_key_refresh WHERE customer_id = ?1 AND request_number = ?2")
                    .setParameter(1, claim.customerId()).setParameter(2, claim.requestNumber()).executeUpdate();
        });
    }

    private void failed(Claim claim, String failure) {
        // No customer data in the log: the id is a pseudonymous key, the failure a status or exception class.
        LOG.warnf("Fetching the contact keys of customer %s failed (%s, attempt %d); will retry", claim.customerId(),
                failure, claim.attempts());
        long delaySeconds = Math.min(MAX_DELAY.toSeconds(), 1L << Math.min(claim.attempts(), 10));
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        UPDATE contact_key_refresh SET last_failure = ?2, next_attempt_at = now() + CAST(?3 AS interval)
                        WHERE customer_id = ?1 AND request_number = ?4""")
                .setParameter(1, claim.customerId()).setParameter(2, failure).setParameter(3, delaySeconds + " seconds")
                .setParameter(4, claim.requestNumber())
                .executeUpdate());
    }
}
