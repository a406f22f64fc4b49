package fi.imediat.rekisteri.customer.contacts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

@Entity
@Table(name = "customer_address")
public class PostalAddress extends ContactValue {

    @Column(nullable = false)
    public String street;

    @Column(name = "postal_code", nullable = false)
    public String postalCode;

    @Column(nullable = false)
    public String city;

    /** ISO 3166-1 alpha-2. */
    @Column(nullable = false)
    public String country;

    @Override
    public String key() {
        return String.join("|", street, postalCode, city, country).toLowerCase(Locale.ROOT);
    }

    public static List<PostalAddress> ofCustomer(UUID customerId) {
        return list("customerId = ?1 ORDER BY primary DESC, setAt, id", customerId);
    }

    /** Every customer's of {@code customerIds}, each customer's in the order of {@link #ofCustomer}. */
    public static List<PostalAddress> ofCustomers(Collection<UUID> customerIds) {
        return list("customerId IN ?1 ORDER BY customerId, primary DESC, setAt, id", customerIds);
    }
}
