package fi.imediat.rekisteri.consent.contactkeys.service;

import fi.imediat.rekisteri.consent.contactkeys.client.CustomerContacts;
import fi.imediat.rekisteri.consent.contactkeys.client.CustomerServiceClient;
import fi.imediat.rekisteri.consent.contactkeys.client.CustomerServiceClient.ContactDetailsQuery;
import fi.imediat.rekisteri.consent.contactkeys.domain.ContactKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps the contact keys current. A customer event only records that the keys must be (re)fetched, in the
 * consumer's transaction; this worker fetches them from customer-service, up to 200 customers in one call and one
 * transaction, and goes on while a full batch was due. A fetch that fails (customer-service down, a 5xx, Keycloak
 * unreachable) stays queued and is retried with a growing delay, so a registration is never lost and the partition
 * is never blocked. Replicas share the queue (rows are claimed with SKIP LOCKED and leased).
 */
@ApplicationScoped
public class ContactKeyRefresh {

    private static final Logger LOG = Logger.getLogger(ContactKeyRefresh.class);
    private static final int BATCH = CustomerServiceClient.MAX_CUSTOMERS;
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
        List<Claim> claimed;
        do {
            claimed = QuarkusTransaction.requiringNew().call(this::claimDue);
        } while (!claimed.isEmpty() && fetch(claimed) && claimed.size() == BATCH);
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

    /** @return whether customer-service answered (the claims are settled); false leaves them to their retry */
    private boolean fetch(List<Claim> claims) {
        Map<UUID, CustomerContacts> found = new HashMap<>();
        try {
            customers.contactDetails(new ContactDetailsQuery(claims.stream().map(Claim::customerId).toList()))
                    .customers().forEach(customer -> found.put(customer.id(), customer));
        } catch (WebApplicationException e) {
            failed(claims, "HTTP " + e.getResponse().getStatus());
            return false;
        } catch (RuntimeException e) {
            failed(claims, e.getClass().getSimpleName());
            return false;
        }
        // A customer customer-service left out is unknown or erased there: nothing to match on.
        Map<UUID, List<ContactKey>> fetched = new HashMap<>();
        claims.forEach(claim -> fetched.put(claim.customerId(),
                Optional.ofNullable(found.get(claim.customerId())).map(keys::keysOf).orElse(List.of())));
        QuarkusTransaction.requiringNew().run(() -> {
            keys.replaceAll(fetched);
            settle(claims);
        });
        return true;
    }

    /** Removes the fetched requests, except one renewed meanwhile: that one fetches again. */
    private void settle(List<Claim> claims) {
        entityManager.unwrap(Session.class).doWork(connection -> {
            Array ids = connection.createArrayOf("uuid", claims.stream().map(Claim::customerId).toArray());
            Array numbers = connection.createArrayOf("bigint", claims.stream().map(Claim::requestNumber).toArray());
            try (PreparedStatement delete = connection.prepareStatement("""
                    DELETE FROM contact_key_refresh r USING unnest(?, ?) AS c(customer_id, request_number)
                    WHERE r.customer_id = c.customer_id AND r.request_number = c.request_number""")) {
                delete.setArray(1, ids);
                delete.setArray(2, numbers);
                delete.executeUpdate();
            } finally {
                ids.free();
                numbers.free();
            }
        });
    }

    private void failed(List<Claim> claims, String failure) {
        // No customer data in the log: a status or an exception class.
        LOG.warnf("Fetching the contact keys of %d customers failed (%s, attempt %d of the first); will retry",
                claims.size(), failure, claims.get(0).attempts());
        QuarkusTransaction.requiringNew().run(() -> claims.forEach(claim -> {
            long delaySeconds = Math.min(MAX_DELAY.toSeconds(), 1L << Math.min(claim.attempts(), 10));
            entityManager.createNativeQuery("""
                            UPDATE contact_key_refresh SET last_failure = ?2,
                                next_attempt_at = now() + CAST(?3 AS interval)
                            WHERE customer_id = ?1 AND request_number = ?4""")
                    .setParameter(1, claim.customerId()).setParameter(2, failure)
                    .setParameter(3, delaySeconds + " seconds").setParameter(4, claim.requestNumber())
                    .executeUpdate();
        }));
    }
}
