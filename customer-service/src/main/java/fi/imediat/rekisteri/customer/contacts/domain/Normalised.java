package fi.imediat.rekisteri.customer.contacts.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The one normal form of e-mails, phone numbers and postal codes, for storing and for exact-match search. */
public final class Normalised {

    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s().\\-/]");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern FINNISH_POSTAL_CODE = Pattern.compile("[0-9]{5}");
    private static final Pattern FOREIGN_POSTAL_CODE = Pattern.compile("[A-Za-z0-9 \\-]{2,10}");
    public static final String FINLAND = "FI";

    private Normalised() {
    }

    public static String email(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    /** E.164; a national number (leading 0) is Finnish. Empty if it cannot be a phone number. */
    public static Optional<String> phone(String number) {
        String digits = PHONE_SEPARATORS.matcher(number.trim()).replaceAll("");
        if (digits.startsWith("00")) {
            digits = "+" + digits.substring(2);
        } else if (digits.startsWith("0")) {
            digits = "+358" + digits.substring(1);
        }
        return E164.matcher(digits).matches() ? Optional.of(digits) : Optional.empty();
    }

    public static String country(String country) {
        return country == null ? FINLAND : country.toUpperCase(Locale.ROOT);
    }

    /** Finnish postal codes are five digits; other countries' are checked only for plausible characters. */
    public static boolean validPostalCode(String postalCode, String country) {
        return (FINLAND.equals(country) ? FINNISH_POSTAL_CODE : FOREIGN_POSTAL_CODE).matcher(postalCode).matches();
    }
}
