package fi.imediat.rekisteri.consent.consents.domain;

public enum ConsentStatus {
    GRANTED,
    WITHDRAWN
}
