package fi.imediat.rekisteri.retention.notice.service;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Map;

/**
 * The privacy notice's fixed parts (controller, contact and, per language, the texts of the register); each can be
 * overridden by its environment variable, e.g. {@code REKISTERI_NOTICE_CONTACT_EMAIL}.
 */
@ConfigMapping(prefix = "rekisteri.notice")
public interface NoticeConfig {

    Controller controller();

    Contact contact();

    /** By language code ({@code fi}, {@code en}). */
    Map<String, Texts> text();

    interface Controller {
        String name();

        String businessId();

        String postalAddress();

        String visitingAddress();

        String phone();
    }

    interface Contact {
        String name();

        String phone();

        String email();
    }

    interface Texts {
        String registerName();

        String contactTitle();

        List<String> purposes();

        /** Names of the data categories by {@code DataCategory} constant. */
        Map<String, String> categories();

        List<String> erasure();

        List<String> sources();

        List<String> disclosures();

        List<String> security();
    }
}
