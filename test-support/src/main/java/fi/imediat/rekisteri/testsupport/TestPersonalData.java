package fi.imediat.rekisteri.testsupport;

import java.util.List;

/**
 * Personal data values the tests send. Tests use these constants so that the log scan knows exactly which values
 * must never appear in any log line of the test run.
 */
public final class TestPersonalData {

    public static final String FIRST_NAME = "Maija";
    public static final String LAST_NAME = "Meikäläinen";
    public static final String EMAIL_DOMAIN = "@esimerkki-posti.fi";
    public static final String OTHER_FIRST_NAME = "Taneli";
    public static final String OTHER_LAST_NAME = "Tuntematon";
    public static final String BIRTH_DATE = "1980-05-17";

    /** The realm's data-subject demo user {@link Tokens#CUSTOMER}: its token subject (Keycloak user id). */
    public static final String CUSTOMER_SUBJECT = "0b6f1a3e-1c2d-4e5f-8a9b-000000000004";

    private TestPersonalData() {
    }

    /** A unique e-mail address on the test domain. */
    public static String email(String localPart) {
        return localPart + "-" + java.util.UUID.randomUUID().toString().substring(0, 8) + EMAIL_DOMAIN;
    }

    /** What a log line must never contain. */
    public static List<String> forbiddenInLogs() {
        return List.of(LAST_NAME, OTHER_LAST_NAME, EMAIL_DOMAIN, BIRTH_DATE);
    }
}
