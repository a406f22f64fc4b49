package fi.imediat.rekisteri.customer.subscriptions.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.time.LocalDate;

/** Request bodies of the customership endpoints. */
final class CustomershipRequests {

    private CustomershipRequests() {
    }

    /** {@code endDate} for a fixed-term service; the service is active until it is ended. */
    record StartSubscription(@NotNull @Pattern(regexp = "[A-Z0-9][A-Z0-9_-]{0,63}") String productCode,
            @NotNull LocalDate startDate, LocalDate endDate) {
    }

    /** Ends the service on {@code endDate}, today if not given. */
    record EndSubscription(LocalDate endDate) {
    }

    record AddServiceIdentifier(@NotBlank @Size(max = 64) @Pattern(regexp = "[a-z0-9][a-z0-9._-]*") String service,
            @NotBlank @Size(max = 200) String identifier) {
    }

    /** {@code usedAt} defaults to now. */
    record RecordBenefitUse(@NotBlank @Size(max = 64) @Pattern(regexp = "[A-Z0-9][A-Z0-9_-]*") String benefitCode,
            Instant usedAt) {
    }
}
