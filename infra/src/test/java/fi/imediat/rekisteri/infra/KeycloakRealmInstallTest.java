package fi.imediat.rekisteri.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fast tier (files only, no Keycloak): a kept Keycloak database is dropped exactly when the realm file it was made
 * from has changed, so the local stack's Keycloak imports the new realm instead of keeping the old one.
 */
class KeycloakRealmInstallTest {

    @TempDir
    Path distribution;

    @Test
    void aChangedRealmDropsTheKeptDatabaseAndTheSameRealmKeepsIt() throws Exception {
        Path database = Files.createDirectories(distribution.resolve("data/h2")).resolve("keycloakdb.mv.db");
        KeycloakServer.installRealm(distribution, "{\"realm\":\"rekisteri\",\"version\":1}");
        Files.writeString(database, "made from version 1");

        KeycloakServer.installRealm(distribution, "{\"realm\":\"rekisteri\",\"version\":1}");
        assertTrue(Files.exists(database), "the same realm keeps the database, and what was made in it");

        KeycloakServer.installRealm(distribution, "{\"realm\":\"rekisteri\",\"version\":2}");
        assertFalse(Files.exists(database), "a changed realm must be imported again");
        assertEquals("{\"realm\":\"rekisteri\",\"version\":2}",
                Files.readString(distribution.resolve("data/import/rekisteri-realm.json")));
    }
}
