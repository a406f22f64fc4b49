package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.testsupport.architecture.PackageCycles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** Fast tier (no infrastructure): this service's packages depend one way, never in a circle (issue 18). */
class PackageDependenciesTest {

    @Test
    void packagesDoNotDependOnEachOtherInACircle() {
        PackageCycles.assertNone(Path.of("target/classes"), "fi.imediat.rekisteri.customer");
    }
}
