package fi.imediat.rekisteri.consent.eligibility.domain;

import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.ProhibitionScope;
import fi.imediat.rekisteri.events.Purpose;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The marketing rules of docs/design.md §5 for one purpose on one channel: what basis may allow contact and which
 * registers can forbid it. The precedence of the rules is fixed in {@code Eligibility}'s query.
 */
public record MarketingRule(Purpose purpose, Channel channel) {

    private static final Set<Channel> ELECTRONIC = EnumSet.of(Channel.EMAIL, Channel.SMS);
    private static final Set<Channel> ASML_CHANNELS = EnumSet.of(Channel.PHONE, Channel.POST);
    private static final Set<Purpose> MARKETING = EnumSet.of(Purpose.DIRECT_MARKETING, Purpose.PARTNER_TARGETING,
            Purpose.DISTANCE_SELLING);

    /** Only an explicit opt-in allows contact: disclosure, and e-mail/SMS outside the soft opt-in. */
    public boolean explicitConsentOnly() {
        return purpose == Purpose.DISCLOSURE || (ELECTRONIC.contains(channel) && !softOptIn());
    }

    /** E-mail/SMS marketing of own similar products may rely on an active customer relationship. */
    public boolean softOptIn() {
        return purpose == Purpose.DIRECT_MARKETING && ELECTRONIC.contains(channel);
    }

    /** The ASML register covers addressed post and telemarketing for marketing purposes. */
    public boolean asmlApplies() {
        return ASML_CHANNELS.contains(channel) && MARKETING.contains(purpose);
    }

    /** An erased objector's suppressed contact keys forbid every purpose a prohibition could cover. */
    public boolean suppressionApplies() {
        return !prohibitionScopes().isEmpty();
    }

    /** The prohibition scopes that cover this purpose. */
    public List<String> prohibitionScopes() {
        return Arrays.stream(ProhibitionScope.values()).filter(s -> s.purposes().contains(purpose))
                .map(Enum::name).toList();
    }
}
