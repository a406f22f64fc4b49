package fi.imediat.rekisteri.retention.holders.service;

import fi.imediat.rekisteri.retention.holders.domain.ExportUrl;
import fi.imediat.rekisteri.retention.holders.domain.Holder;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * The services of the set are registered by migration; where they serve their part of an access request depends
 * on the environment, so their export URLs come from configuration ({@code rekisteri.holders.<id>.export-url})
 * and are applied at every start. Where a holder answers a residue scan ({@code rekisteri.holders.<id>.residue-url},
 * optional) is read from the same configuration when an erasure's residue is asked for.
 */
@ApplicationScoped
class BuiltInHolderUrls {

    private static final Logger LOG = Logger.getLogger(BuiltInHolderUrls.class);

    private final HoldersConfig config;

    BuiltInHolderUrls(HoldersConfig config) {
        this.config = config;
    }

    @Transactional
    void apply(@Observes StartupEvent startup) {
        config.holders().forEach((id, holder) -> holder.residueUrl().ifPresent(url -> {
            if (!ExportUrl.valid(url)) {
                throw new IllegalStateException("rekisteri.holders." + id + ".residue-url is not an http(s) URL with "
                        + ExportUrl.PLACEHOLDER);
            }
        }));
        config.holders().forEach((id, holder) -> holder.exportUrl().ifPresent(url -> {
            if (!ExportUrl.valid(url)) {
                throw new IllegalStateException("rekisteri.holders." + id + ".export-url is not an http(s) URL with "
                        + ExportUrl.PLACEHOLDER);
            }
            Holder registered = Holder.findById(id);
            if (registered == null) {
                LOG.warnf("rekisteri.holders.%s.export-url is set but no such holder is registered", id);
                return;
            }
            registered.exportUrl = url;
        }));
    }
}
