package fi.imediat.rekisteri.consent.texts.domain;

/** Languages a consent text is published in; lower case as in ISO 639-1 (and in paths: /consent-texts/.../fi/...). */
public enum Language {
    fi,
    en
}
