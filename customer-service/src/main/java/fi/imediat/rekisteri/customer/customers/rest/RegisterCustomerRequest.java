package fi.imediat.rekisteri.customer.customers.rest;

import fi.imediat.rekisteri.customer.contacts.service.AddressInput;
import fi.imediat.rekisteri.customer.contacts.service.EmailInput;
import fi.imediat.rekisteri.customer.contacts.service.PhoneInput;
import fi.imediat.rekisteri.customer.customers.domain.DataSource;
import fi.imediat.rekisteri.customer.customers.service.CustomerData;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A registration: the customer's data ({@link CustomerData}, validated as such) and where it came from.
 * {@code email} is a shorthand for a single e-mail address; it becomes the primary one.
 */
public record RegisterCustomerRequest(
        String firstName,
        String lastName,
        LocalDate birthDate,
        String occupation,
        String username,
        List<AddressInput> addresses,
        @Email @Size(max = 254) String email,
        List<EmailInput> emails,
        List<PhoneInput> phones,
        List<String> interests,
        String selfDescription,
        DataSource source) {

    CustomerData toData() {
        List<EmailInput> allEmails = new ArrayList<>();
        if (email != null) {
            allEmails.add(new EmailInput(email, true));
        }
        if (emails != null) {
            allEmails.addAll(emails);
        }
        return new CustomerData(firstName, lastName, birthDate, occupation, username, addresses, allEmails, phones,
                interests, selfDescription);
    }
}
