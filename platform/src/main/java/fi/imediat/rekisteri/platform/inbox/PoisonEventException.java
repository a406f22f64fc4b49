package fi.imediat.rekisteri.platform.inbox;

/** An event that can never be applied; its message becomes the dead-letter reason, so it holds no body values. */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String reason) {
        super(reason);
    }
}
