package fi.imediat.rekisteri.platform.inbox;

import fi.imediat.rekisteri.events.EventType;

import java.util.function.Consumer;

/**
 * What a consumer does with the events of one incoming channel: the name its {@link Inbox} knows it by, and how it
 * applies one event. The channel's method hands its batches to {@link EventBatches} with it, and a dead-letter replay
 * applies parked events with the same handler.
 */
public record ChannelHandler(String channel, String consumer, Consumer<InboundEvent> apply) {

    /** A handler that applies only events of {@code type}, given their bodies; other types are skipped. */
    public static <T> ChannelHandler of(String channel, String consumer, EventType type, Class<T> bodyType,
            Consumer<T> apply) {
        return new ChannelHandler(channel, consumer, event -> {
            if (event.type() == type) {
                apply.accept(event.body(bodyType));
            }
        });
    }
}
