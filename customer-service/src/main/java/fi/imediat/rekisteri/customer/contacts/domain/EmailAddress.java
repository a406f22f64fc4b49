package fi.imediat.rekisteri.customer.contacts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "customer_email")
public class EmailAddress extends ContactValue {

    /** Lower-cased. */
    @Column(nullable = false)
    public String address;

    @Override
    public String key() {
        return address;
    }

    public static List<EmailAddress> ofCustomer(UUID customerId) {
        return list("customerId = ?1 ORDER BY primary DESC, setAt, id", customerId);
    }

    /** Every customer's of {@code customerIds}, each customer's in the order of {@link #ofCustomer}. */
    public static List<EmailAddress> ofCustomers(Collection<UUID> customerIds) {
        return list("customerId IN ?1 ORDER BY customerId, primary DESC, setAt, id", customerIds);
    }
}
