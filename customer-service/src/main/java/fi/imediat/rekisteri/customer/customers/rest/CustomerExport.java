package fi.imediat.rekisteri.customer.customers.rest;

import fi.imediat.rekisteri.customer.marketing.service.MarketingRestrictions.Restriction;
import fi.imediat.rekisteri.events.DataCategory;

import java.time.Instant;
import java.util.List;

/** customer-service's part of an access request: every category it holds about the person. */
public record CustomerExport(Instant generatedAt, String holder, List<DataCategory> categories,
        CustomerResponse customer, List<Restriction> marketingRestrictions) {

    static final List<DataCategory> CATEGORIES = List.of(DataCategory.BASIC_DATA, DataCategory.IDENTIFICATION,
            DataCategory.CUSTOMERSHIP, DataCategory.MARKETING_PERMISSIONS, DataCategory.SELF_GIVEN);
}
