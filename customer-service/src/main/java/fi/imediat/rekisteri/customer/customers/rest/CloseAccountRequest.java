package fi.imediat.rekisteri.customer.customers.rest;

import fi.imediat.rekisteri.events.ClosureReason;
import jakarta.validation.constraints.NotNull;

public record CloseAccountRequest(@NotNull ClosureReason reason) {
}
