package fi.imediat.rekisteri.platform.replica;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * Which replica of its service this process is. Environment override: {@code REKISTERI_REPLICA_ID}; on Kubernetes
 * the pod's name (docs/operations.md).
 */
@ConfigMapping(prefix = "rekisteri.replica")
public interface ReplicaConfig {

    /**
     * Unique among the running replicas of the service, and the same when a replica starts again: the outbox relay's
     * transactional id and the consumers' static group membership are derived from it ({@link Replica}). Default: the
     * host name and the HTTP port, which are both for replicas started on one machine or in their own containers.
     */
    Optional<String> id();
}
