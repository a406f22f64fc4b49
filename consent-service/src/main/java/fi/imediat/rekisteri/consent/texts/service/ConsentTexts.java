package fi.imediat.rekisteri.consent.texts.service;

import fi.imediat.rekisteri.consent.texts.domain.ConsentText;
import fi.imediat.rekisteri.consent.texts.domain.Language;
import fi.imediat.rekisteri.events.Purpose;
import fi.imediat.rekisteri.platform.locking.TransactionLocks;
import fi.imediat.rekisteri.platform.problem.Problem;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Publishes consent wordings (once each) and answers which versions exist. */
@ApplicationScoped
public class ConsentTexts {

    /** The text after publishing; {@code created} is false when the identical text was published already. */
    public record Published(ConsentText text, boolean created) {
    }

    private final EntityManager entityManager;
    private final TransactionLocks locks;

    ConsentTexts(EntityManager entityManager, TransactionLocks locks) {
        this.entityManager = entityManager;
        this.locks = locks;
    }

    /** Publishing the same text again is a no-op; another text under a published version is a conflict. */
    @Transactional
    public Published publish(ConsentText.Key key, String text, String publishedBy) {
        locks.lock("consent-text/" + key.purpose() + "/" + key.version() + "/" + key.language());
        ConsentText existing = entityManager.find(ConsentText.class, key);
        if (existing != null) {
            if (!Objects.equals(existing.text, text)) {
                throw ProblemException.conflict("consent-text-published",
                        "Version " + key.version() + " of this purpose and language is published and cannot change;"
                                + " publish a new version");
            }
            return new Published(existing, false);
        }
        ConsentText published = new ConsentText();
        published.key = key;
        published.text = text;
        published.publishedAt = Instant.now();
        published.publishedBy = publishedBy;
        published.persist();
        return new Published(published, true);
    }

    public Optional<ConsentText> find(ConsentText.Key key) {
        return Optional.ofNullable(entityManager.find(ConsentText.class, key));
    }

    /** Published texts, optionally of one purpose and/or language, newest version first. */
    public List<ConsentText> list(Purpose purpose, Language language) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (purpose != null) {
            conditions.add("key.purpose = :purpose");
            parameters.and("purpose", purpose);
        }
        if (language != null) {
            conditions.add("key.language = :language");
            parameters.and("language", language);
        }
        Sort order = Sort.by("key.purpose").and("key.version", Sort.Direction.Descending).and("key.language");
        return conditions.isEmpty() ? ConsentText.listAll(order)
                : ConsentText.list(String.join(" and ", conditions), order, parameters);
    }

    /**
     * Checks that the wording version a consent's evidence names was published for its purpose (in any language);
     * a consent captured with an unknown wording is unprovable, so it is refused (422).
     */
    public void requirePublished(Purpose purpose, String version) {
        if (version == null) {
            return;
        }
        boolean published = !entityManager.createNativeQuery(
                        "SELECT 1 FROM consent_text WHERE purpose = ?1 AND version = ?2 LIMIT 1")
                .setParameter(1, purpose.name()).setParameter(2, version).getResultList().isEmpty();
        if (!published) {
            throw new ProblemException(Problem.of(422, "unknown-text-version", "Unprocessable request",
                    "evidence.textVersion names no published consent text of purpose " + purpose,
                    List.of(new Problem.FieldViolation("evidence.textVersion",
                            "no published consent text of this purpose has this version"))));
        }
    }
}
