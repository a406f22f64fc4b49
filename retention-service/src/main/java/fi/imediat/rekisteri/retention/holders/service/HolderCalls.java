package fi.imediat.rekisteri.retention.holders.service;

/** What the calls to a holder's URLs (its export, its residue scan) share. */
public final class HolderCalls {

    private HolderCalls() {
    }

    /**
     * A failed call as recorded and logged: the type of its root cause (a refused connection, a timeout), not its
     * message, which may carry the URL and with it the customer's id.
     */
    public static String failure(RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }
}
