package fi.imediat.rekisteri.customer.marketing.service;

import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.Purpose;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.database.SetStatements;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import static fi.imediat.rekisteri.platform.database.SetStatements.array;

/**
 * The purposes and channels for which this service must not use a customer's data, as consent-service has
 * announced them: withdrawn consents and standing prohibitions. Any marketing use of this service's data must
 * consult them; they are part of the customer's export.
 */
@ApplicationScoped
public class MarketingRestrictions {

    /** The origin of restrictions that come from withdrawn consents. */
    public static final String CONSENT = "consent";

    private final EntityManager entityManager;
    private final AuditTrail audit;

    MarketingRestrictions(EntityManager entityManager, AuditTrail audit) {
        this.entityManager = entityManager;
        this.audit = audit;
    }

    /** The origin of restrictions that a prohibition imposes; lifting it removes exactly these. */
    public static String prohibition(UUID prohibitionId) {
        return "prohibition:" + prohibitionId;
    }

    /** What one withdrawal or prohibition forbids: the purposes on the channels, since when, and why. */
    public record Imposed(UUID customerId, Collection<Purpose> purposes, Collection<Channel> channels, Instant since,
            String origin) {
    }

    /** Records every restriction of {@code imposed} (one statement for all, and one for their audit rows). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void restrict(List<Imposed> imposed) {
        if (imposed.isEmpty()) {
            return;
        }
        List<UUID> customers = new ArrayList<>();
        List<String> purposes = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        List<String> since = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        for (Imposed restriction : imposed) {
            for (Purpose purpose : restriction.purposes()) {
                for (Channel channel : restriction.channels()) {
                    customers.add(restriction.customerId());
                    purposes.add(purpose.name());
                    channels.add(channel.name());
                    since.add(restriction.since().toString());
                    origins.add(restriction.origin());
                }
            }
        }
        SetStatements.update(entityManager, """
                        INSERT INTO marketing_restriction (customer_id, purpose, channel, since, origin)
                        SELECT r.customer_id, r.purpose, r.channel, CAST(r.since AS timestamptz), r.origin
                        FROM unnest(?, ?, ?, ?, ?) AS r(customer_id, purpose, channel, since, origin)
                        ON CONFLICT DO NOTHING""",
                array("uuid", customers), array("text", purposes), array("text", channels), array("text", since),
                array("text", origins));
        audit.recordEach("marketing-restriction.apply", new LinkedHashSet<>(customers),
                List.of(DataCategory.MARKETING_PERMISSIONS), AuditAction.UPDATE, ProcessingPurpose.DATA_SUBJECT_RIGHTS);
    }

    /** A consent was granted again: the withdrawal no longer restricts (a prohibition still would). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void liftConsentRestriction(UUID customerId, Purpose purpose, Channel channel) {
        entityManager.createNativeQuery("""
                        DELETE FROM marketing_restriction
                        WHERE customer_id = ?1 AND purpose = ?2 AND channel = ?3 AND origin = ?4""")
                .setParameter(1, customerId).setParameter(2, purpose.name()).setParameter(3, channel.name())
                .setParameter(4, CONSENT)
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void liftOrigin(UUID customerId, String origin) {
        entityManager.createNativeQuery("DELETE FROM marketing_restriction WHERE customer_id = ?1 AND origin = ?2")
                .setParameter(1, customerId).setParameter(2, origin)
                .executeUpdate();
    }

    /** @return whether there was anything to erase */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean eraseAll(UUID customerId) {
        return entityManager.createNativeQuery("DELETE FROM marketing_restriction WHERE customer_id = ?1")
                .setParameter(1, customerId).executeUpdate() > 0;
    }

    /** Whether a withdrawal or a prohibition forbids using the customer's data for a purpose on a channel. */
    public boolean restricts(UUID customerId, Purpose purpose, Channel channel) {
        return ((Number) entityManager.createNativeQuery("""
                        SELECT count(*) FROM marketing_restriction
                        WHERE customer_id = ?1 AND purpose = ?2 AND channel = ?3""")
                .setParameter(1, customerId).setParameter(2, purpose.name()).setParameter(3, channel.name())
                .getSingleResult()).longValue() > 0;
    }

    /** One restriction as exported to the data subject. */
    public record Restriction(Purpose purpose, Channel channel, Instant since, String origin) {
    }

    public List<Restriction> ofCustomer(UUID customerId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT purpose, channel, since, origin FROM marketing_restriction WHERE customer_id = ?1
                        ORDER BY since, purpose, channel""")
                .setParameter(1, customerId).getResultList();
        return rows.stream().map(r -> new Restriction(Purpose.valueOf((String) r[0]), Channel.valueOf((String) r[1]),
                (Instant) r[2], (String) r[3])).toList();
    }
}
