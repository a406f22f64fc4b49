package fi.imediat.rekisteri.customer.interests.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A tag of the managed interest vocabulary; customers choose from the active ones. */
@Entity
@Table(name = "interest_tag")
public class InterestTag extends PanacheEntityBase {

    @Id
    public String code;

    @Column(nullable = false)
    public String label;

    @Column(nullable = false)
    public boolean active;
}
