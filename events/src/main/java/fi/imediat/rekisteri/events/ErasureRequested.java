package fi.imediat.rekisteri.events;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

public record ErasureRequested(UUID requestId, UUID customerId, ErasureReason reason, LocalDate deadline,
        List<DataCategory> categories) {
}
