package fi.imediat.rekisteri.testsupport.personaldata;

import fi.imediat.rekisteri.platform.personaldata.PersonalDataDeclaration;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The README's table of what an erasure leaves behind is the one the personal-data declarations give (read from the
 * modules' sources; no infrastructure). A changed declaration fails here with the table to paste.
 */
class ReadmeErasureTableTest {

    static final String BEGIN = "<!-- erasure table: written from every db/personal-data.yaml (ReadmeErasureTableTest);"
            + " change the declarations, then these lines -->";
    static final String END = "<!-- end of erasure table -->";

    @Test
    void theReadmeTableIsTheDeclarations() throws IOException {
        Path root = projectRoot();
        Map<String, PersonalDataDeclaration> declarations = new LinkedHashMap<>();
        for (String service : new String[] {"customer-service", "consent-service", "retention-service"}) {
            declarations.put(service, declaration(root.resolve(service + "/src/main/resources")
                    .resolve(PersonalDataDeclaration.SERVICE)));
        }
        declarations.put("every service", declaration(root.resolve("platform/src/main/resources")
                .resolve(PersonalDataDeclaration.PLATFORM)));
        String readme = Files.readString(root.resolve("README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md has no erasure table between " + BEGIN + " and " + END);

        String expected = ErasureTable.markdown(declarations);
        String actual = readme.substring(begin + BEGIN.length() + 1, end);
        if (!expected.equals(actual)) {
            fail("README.md's erasure table is not what the declarations say; put these lines between its markers:\n"
                    + expected);
        }
    }

    private static PersonalDataDeclaration declaration(Path file) throws IOException {
        return PersonalDataDeclaration.parse(file.getFileName().toString(), Files.readString(file));
    }

    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("customer-service"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no project root (README.md beside customer-service) above "
                + Path.of("").toAbsolutePath());
    }
}
