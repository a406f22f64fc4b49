package fi.imediat.rekisteri.platform.deadletter;

import fi.imediat.rekisteri.platform.inbox.ChannelHandler;

import java.util.List;

/**
 * A consumer whose parked records a dead-letter replay applies again, here, with the handler its channel uses
 * ({@link DeadLetterReplays}). A channel that has a dead-letter topic but no replayable consumer cannot be replayed.
 */
public interface ReplayableConsumer {

    List<ChannelHandler> replayableChannels();
}
