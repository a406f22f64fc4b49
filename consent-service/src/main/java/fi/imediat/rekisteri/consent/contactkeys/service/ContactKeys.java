package fi.imediat.rekisteri.consent.contactkeys.service;

import fi.imediat.rekisteri.consent.contactkeys.domain.ContactKey;
import fi.imediat.rekisteri.consent.contactkeys.domain.ContactKeyKind;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Normalises contact data and turns it into keyed hashes, the same way for customers (from customer-service) and
 * for ASML register lines, so the two match without either being stored. The key makes the hashes useless to anyone
 * without it: a plain hash of a phone number is reversed by trying them all. The hashes are under key 1 of the
 * {@link ContactKeyChain}; what is stored is re-keyed to the key that {@link ContactKeyRotation} says is current.
 */
@ApplicationScoped
public class ContactKeys {

    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern PHONE_PUNCTUATION = Pattern.compile("[\\s().\\-/]");

    private final ContactKeyChain chain;

    ContactKeys(ContactKeyChain chain) {
        this.chain = chain;
    }

    /**
     * The ASML post key: last name, the first of the first names, street and postal code (the postal code fixes
     * the city, whose spelling varies), each lower case, letters and digits only, words single-spaced.
     */
    public Optional<ContactKey> nameAndAddress(String lastName, String firstNames, String street, String postalCode) {
        String last = words(lastName);
        String first = words(firstNames);
        String normalisedStreet = words(street);
        String postal = words(postalCode);
        if (last.isEmpty() || first.isEmpty() || normalisedStreet.isEmpty() || postal.isEmpty()) {
            return Optional.empty();
        }
        String firstGiven = first.split(" ")[0];
        return Optional.of(key(ContactKeyKind.NAME_ADDRESS,
                last + "|" + firstGiven + "|" + normalisedStreet + "|" + postal.replace(" ", "")));
    }

    /** A phone number given in E.164 or in the Finnish national form (040 123 4567 is +358401234567). */
    public Optional<ContactKey> phone(String number) {
        return e164(number).map(n -> key(ContactKeyKind.PHONE, n));
    }

    public Optional<ContactKey> email(String address) {
        if (address == null || address.isBlank() || !address.contains("@")) {
            return Optional.empty();
        }
        return Optional.of(key(ContactKeyKind.EMAIL, address.strip().toLowerCase(Locale.ROOT)));
    }

    static Optional<String> e164(String number) {
        if (number == null) {
            return Optional.empty();
        }
        String digits = PHONE_PUNCTUATION.matcher(number.strip()).replaceAll("");
        if (digits.startsWith("00")) {
            digits = "+" + digits.substring(2);
        } else if (digits.startsWith("0")) {
            digits = "+358" + digits.substring(1);
        }
        return E164.matcher(digits).matches() ? Optional.of(digits) : Optional.empty();
    }

    private static String words(String value) {
        if (value == null) {
            return "";
        }
        String composed = Normalizer.normalize(value, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return NOT_LETTER_OR_DIGIT.matcher(composed).replaceAll(" ").strip();
    }

    private ContactKey key(ContactKeyKind kind, String normalised) {
        // The kind is part of the input, so an e-mail can never collide with a phone or an address.
        return new ContactKey(kind, chain.firstKey().doFinal((kind + ":" + normalised).getBytes(StandardCharsets.UTF_8)));
    }
}
