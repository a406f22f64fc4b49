package fi.imediat.rekisteri.consent.texts.domain;

import fi.imediat.rekisteri.events.Purpose;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.io.Serializable;
import java.time.Instant;

/** One published consent wording; immutable (a database trigger refuses updates and deletes). */
@Entity
@Immutable
@Table(name = "consent_text")
public class ConsentText extends PanacheEntityBase {

    /** purpose x version x language. */
    @Embeddable
    public record Key(@Enumerated(EnumType.STRING) Purpose purpose, String version,
            @Enumerated(EnumType.STRING) Language language) implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public String text;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    /** Token subject of the publisher. */
    @Column(name = "published_by", nullable = false)
    public String publishedBy;
}
