package fi.imediat.rekisteri.testsupport;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The service's database as the schema's owner, the role its migrations run as ({@code quarkus.flyway.username}):
 * for a test that changes what the service's own role may not, such as a trigger that plays a failing database.
 */
public final class SchemaOwner {

    private SchemaOwner() {
    }

    public static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.flyway.username", String.class),
                config.getValue("quarkus.flyway.password", String.class));
    }
}
