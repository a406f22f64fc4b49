package fi.imediat.rekisteri.customer.customers.service;

import fi.imediat.rekisteri.customer.contacts.service.ContactDetails.Contacts;
import fi.imediat.rekisteri.customer.customers.domain.Customer;

import java.util.List;

/** A customer with their contact details and interests, as read in one transaction. */
public record CustomerRecord(Customer customer, Contacts contacts, List<String> interests) {
}
