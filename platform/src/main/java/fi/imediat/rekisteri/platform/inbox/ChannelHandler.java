package fi.imediat.rekisteri.platform.inbox;

import fi.imediat.rekisteri.events.EventType;

import java.util.List;
import java.util.function.Consumer;

/**
 * What a consumer does with the events of one incoming channel: the name its {@link Inbox} knows it by, and how it
 * applies what it sees for the first time. The channel's method hands its batches to {@link EventBatches} with it,
 * and a dead-letter replay applies parked events with the same handler.
 * <p>
 * {@link EventBatches} cuts a poll's first deliveries into <em>runs</em>, in their order: a handler made with
 * {@link #eachEvent} gets runs of one event; one made with {@link #asSets} gets runs in which no Kafka key (the
 * customer) appears twice. Events of different customers touch different rows and commute, so such a handler may
 * apply a run set by set (one statement per table for the whole run) while one customer's events still apply in
 * the order they were written.
 */
public record ChannelHandler(String channel, String consumer, boolean appliesSets, Consumer<List<InboundEvent>> apply) {

    /** A handler that applies one event at a time. */
    public static ChannelHandler eachEvent(String channel, String consumer, Consumer<InboundEvent> apply) {
        return new ChannelHandler(channel, consumer, false, run -> apply.accept(run.get(0)));
    }

    /** A handler that applies runs of events of distinct customers, each run as a set. */
    public static ChannelHandler asSets(String channel, String consumer, Consumer<List<InboundEvent>> applyRun) {
        return new ChannelHandler(channel, consumer, true, applyRun);
    }

    /** A handler that applies only events of {@code type}, given their bodies, one at a time; others are skipped. */
    public static <T> ChannelHandler of(String channel, String consumer, EventType type, Class<T> bodyType,
            Consumer<T> apply) {
        return eachEvent(channel, consumer, event -> {
            if (event.type() == type) {
                apply.accept(event.body(bodyType));
            }
        });
    }
}
