package fi.imediat.rekisteri.events;

import java.util.EnumSet;
import java.util.Set;

/** What a direct-marketing prohibition (objection, GDPR art. 21(3)) covers. */
public enum ProhibitionScope {
    DIRECT_MARKETING(EnumSet.of(Purpose.DIRECT_MARKETING, Purpose.PARTNER_TARGETING)),
    DISTANCE_SELLING(EnumSet.of(Purpose.DISTANCE_SELLING)),
    /** Direct advertising, distance selling and other direct marketing (privacy notice §7). */
    ALL_MARKETING(EnumSet.of(Purpose.DIRECT_MARKETING, Purpose.PARTNER_TARGETING, Purpose.DISTANCE_SELLING)),
    DISCLOSURE(EnumSet.of(Purpose.DISCLOSURE));

    private final Set<Purpose> purposes;

    ProhibitionScope(Set<Purpose> purposes) {
        this.purposes = purposes;
    }

    /** The purposes every holder must stop using the customer's data for while the prohibition stands. */
    public Set<Purpose> purposes() {
        return EnumSet.copyOf(purposes);
    }
}
