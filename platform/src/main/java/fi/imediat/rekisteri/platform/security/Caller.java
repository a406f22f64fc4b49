package fi.imediat.rekisteri.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Objects;

/** Who is calling: staff or a service acting for the register, or a data subject acting on their own record. */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;

    Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** True for a token with only the {@code customer} role: it may touch its own record and nothing else. */
    public boolean isDataSubject() {
        return identity.hasRole(Roles.CUSTOMER) && !identity.hasRole(Roles.AGENT)
                && !identity.hasRole(Roles.PRIVACY_OFFICER) && !identity.hasRole(Roles.SERVICE);
    }

    /** The token's subject: an opaque, stable id of the person or client. */
    public String subject() {
        return identity.getPrincipal() instanceof JsonWebToken token ? token.getSubject() : null;
    }

    /** Whether a record linked to {@code ownerSubject} is this data subject's own. */
    public boolean owns(String ownerSubject) {
        return ownerSubject != null && Objects.equals(ownerSubject, subject());
    }
}
