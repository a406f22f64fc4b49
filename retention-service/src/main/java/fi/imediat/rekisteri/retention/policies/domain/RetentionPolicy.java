package fi.imediat.rekisteri.retention.policies.domain;

import fi.imediat.rekisteri.events.DataCategory;

import java.time.Instant;
import java.time.Period;

/** One version of a category's retention; {@code period} is null for {@link RetentionBasis#KEPT}. */
public record RetentionPolicy(DataCategory category, int version, RetentionBasis basis, Period period,
        boolean restricted, String changedBy, Instant changedAt) {
}
