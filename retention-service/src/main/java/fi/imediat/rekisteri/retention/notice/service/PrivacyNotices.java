package fi.imediat.rekisteri.retention.notice.service;

import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.retention.holders.domain.Holder;
import fi.imediat.rekisteri.retention.policies.domain.RetentionBasis;
import fi.imediat.rekisteri.retention.policies.domain.RetentionPolicy;
import fi.imediat.rekisteri.retention.policies.service.RetentionPolicies;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Period;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Puts the privacy notice together from configuration and the live policy and holder tables, so the retention
 * periods and holders it publishes are the ones the system applies.
 */
@ApplicationScoped
public class PrivacyNotices {

    public enum Language {
        FI,
        EN;

        public String code() {
            return name().toLowerCase();
        }
    }

    public record Controller(String name, String businessId, String postalAddress, String visitingAddress,
            String phone) {
    }

    public record Contact(String name, String title, String phone, String email) {
    }

    public record Retention(RetentionBasis basis, String period, boolean restricted, int policyVersion,
            String text) {
    }

    public record Category(DataCategory category, String name, Retention retention) {
    }

    public record NoticeHolder(String id, String description, List<String> categories) {
    }

    public record Notice(String language, String registerName, Controller controller, Contact contact,
            List<String> purposes, List<Category> dataCategories, String retentionSummary, List<String> erasure,
            List<String> sources, List<String> disclosures, List<NoticeHolder> holders, List<String> security) {
    }

    private final NoticeConfig config;
    private final RetentionPolicies policies;

    PrivacyNotices(NoticeConfig config, RetentionPolicies policies) {
        this.config = config;
        this.policies = policies;
    }

    public Notice notice(Language language) {
        NoticeConfig.Texts texts = Objects.requireNonNull(config.text().get(language.code()),
                "rekisteri.notice.text." + language.code() + " is not configured");
        Map<DataCategory, RetentionPolicy> inForce = policies.current().stream()
                .collect(Collectors.toMap(RetentionPolicy::category, Function.identity()));
        List<Category> categories = new ArrayList<>();
        for (DataCategory category : DataCategory.values()) {
            RetentionPolicy policy = inForce.get(category);
            Retention retention = policy == null ? null : new Retention(policy.basis(),
                    policy.period() == null ? null : policy.period().toString(), policy.restricted(),
                    policy.version(), retentionText(policy, language));
            categories.add(new Category(category, texts.categories().getOrDefault(category.name(), category.name()),
                    retention));
        }
        List<NoticeHolder> holders = Holder.all().stream()
                .map(h -> new NoticeHolder(h.id, h.description, h.categories.stream()
                        .map(c -> texts.categories().getOrDefault(c, c)).toList()))
                .toList();
        NoticeConfig.Controller controller = config.controller();
        NoticeConfig.Contact contact = config.contact();
        return new Notice(language.code(), texts.registerName(),
                new Controller(controller.name(), controller.businessId(), controller.postalAddress(),
                        controller.visitingAddress(), controller.phone()),
                new Contact(contact.name(), texts.contactTitle(), contact.phone(), contact.email()),
                texts.purposes(), categories, retentionSummary(inForce.values(), language), texts.erasure(),
                texts.sources(), texts.disclosures(), holders, texts.security());
    }

    /** The notice §5's promise, with the longest period that runs from the end of the relationship. */
    private static String retentionSummary(Collection<RetentionPolicy> inForce, Language language) {
        return inForce.stream().filter(p -> p.basis() == RetentionBasis.AFTER_RELATIONSHIP_END)
                .map(RetentionPolicy::period)
                .max(Comparator.comparing(p -> p.toTotalMonths() * 31 + p.getDays()))
                .map(longest -> language == Language.FI
                        ? "Tiedot säilytetään ainakin asiakassuhteen voimassaolon ajan, mutta enintään "
                                + period(longest, language) + " asiakassuhteen päättymisestä, ellei alla toisin "
                                + "mainita."
                        : "Data is kept at least for as long as the customer relationship lasts, but at most "
                                + period(longest, language) + " after the relationship ends, unless stated "
                                + "otherwise below.")
                .orElse(null);
    }

    private static String retentionText(RetentionPolicy policy, Language language) {
        boolean fi = language == Language.FI;
        String text = switch (policy.basis()) {
            case AFTER_RELATIONSHIP_END -> period(policy.period(), language)
                    + (fi ? " asiakassuhteen päättymisestä" : " after the customer relationship ends");
            case AFTER_CAPTURE -> period(policy.period(), language)
                    + (fi ? " tiedon tallentamisesta" : " after the data was recorded");
            case AFTER_ACCOUNTING_YEAR_END -> period(policy.period(), language)
                    + (fi ? " tilikauden päättymisestä" : " after the end of the accounting year");
            case KEPT -> fi ? "säilytetään ilman määräaikaa" : "kept without a time limit";
        };
        if (policy.restricted()) {
            text += fi ? "; käyttö rajoitetaan säilytysaikana tähän tarkoitukseen"
                    : "; its use is restricted to that purpose meanwhile";
        }
        return text;
    }

    /** E.g. {@code P2Y6M}: "2 vuotta ja 6 kuukautta" / "2 years and 6 months". */
    static String period(Period period, Language language) {
        boolean fi = language == Language.FI;
        List<String> parts = new ArrayList<>();
        add(parts, period.getYears(), fi ? "vuosi" : "year", fi ? "vuotta" : "years");
        add(parts, period.getMonths(), fi ? "kuukausi" : "month", fi ? "kuukautta" : "months");
        add(parts, period.getDays(), fi ? "päivä" : "day", fi ? "päivää" : "days");
        String and = fi ? " ja " : " and ";
        return parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + and + parts.get(parts.size() - 1);
    }

    private static void add(List<String> parts, int amount, String one, String many) {
        if (amount != 0) {
            parts.add(amount + " " + (amount == 1 ? one : many));
        }
    }
}
