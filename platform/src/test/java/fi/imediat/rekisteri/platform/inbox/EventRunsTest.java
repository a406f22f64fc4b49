package fi.imediat.rekisteri.platform.inbox;

import fi.imediat.rekisteri.events.EventType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fast tier, no infrastructure: how {@link EventBatches} cuts a poll's first deliveries into the runs a
 * {@link ChannelHandler} applies, which is what keeps one customer's events in order when a handler applies sets.
 */
class EventRunsTest {

    @Test
    void aSetHandlerGetsRunsInWhichNoCustomerAppearsTwiceInTheOrderOfThePoll() {
        List<InboundEvent> poll = events("a", "b", "c", "a", "d", "b", "a");
        assertEquals(List.of(List.of("a", "b", "c"), List.of("a", "d", "b"), List.of("a")),
                keys(EventBatches.runs(poll, true)));
    }

    @Test
    void anEventWithoutAKeyStandsAlone() {
        List<InboundEvent> poll = events("a", null, "b", "c", null, null);
        assertEquals(Arrays.asList(List.of("a"), Arrays.asList((String) null), List.of("b", "c"),
                        Arrays.asList((String) null), Arrays.asList((String) null)),
                keys(EventBatches.runs(poll, true)));
    }

    @Test
    void aHandlerOfSingleEventsGetsRunsOfOne() {
        assertEquals(List.of(List.of("a"), List.of("b"), List.of("c")),
                keys(EventBatches.runs(events("a", "b", "c"), false)));
    }

    @Test
    void aPollOfNothingHasNoRuns() {
        assertEquals(List.of(), EventBatches.runs(List.of(), true));
    }

    private static List<InboundEvent> events(String... keys) {
        return Arrays.stream(keys).map(key -> new InboundEvent(UUID.randomUUID().toString(),
                EventType.CONSENT_WITHDRAWN, key, "{}", "rekisteri.consent.v1", key)).toList();
    }

    private static List<List<String>> keys(List<List<InboundEvent>> runs) {
        return runs.stream().map(run -> run.stream().map(InboundEvent::key).toList()).toList();
    }
}
