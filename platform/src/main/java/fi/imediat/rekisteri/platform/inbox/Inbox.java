package fi.imediat.rekisteri.platform.inbox;

import fi.imediat.rekisteri.platform.database.SetStatements;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static fi.imediat.rekisteri.platform.database.SetStatements.array;

/**
 * Remembers which events a consumer has applied. Called in the transaction of the effect, so the effect and its
 * "processed" mark commit or roll back together, and a redelivered event is recognised and skipped.
 */
@ApplicationScoped
public class Inbox {

    private final EntityManager entityManager;
    private final Clock clock;

    Inbox(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /**
     * Records a poll in one statement (a record applied on its own is a poll of one).
     *
     * @return the ids of {@code events} that {@code consumer} sees for the first time (an id twice in the list is
     *         returned once, and applies once)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> firstDeliveries(String consumer, List<InboundEvent> events) {
        return new HashSet<>(SetStatements.query(entityManager, """
                        INSERT INTO inbox_event (consumer, event_id, event_type, processed_at)
                        SELECT ?, e.id, e.type, ? FROM unnest(?, ?) AS e(id, type)
                        ON CONFLICT DO NOTHING
                        RETURNING event_id""", row -> row.getString(1),
                consumer, OffsetDateTime.now(clock), array("text", events.stream().map(InboundEvent::id).toList()),
                array("text", events.stream().map(e -> e.type().shortName()).toList())));
    }
}
