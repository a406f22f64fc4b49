package fi.imediat.rekisteri.testsupport.architecture;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fast tier: the cycle finder the services' PackageDependenciesTest rely on. */
class PackageCyclesTest {

    @Test
    void aCircleIsFoundAndAOneWayChainIsNot() {
        Map<String, Set<String>> graph = Map.of(
                "a.rest", Set.of("a.service"),
                "a.service", Set.of("b.service", "a.domain"),
                "b.service", Set.of("c.service"),
                "c.service", Set.of("a.service", "c.domain"));
        List<Set<String>> circles = PackageCycles.stronglyConnected(graph).stream()
                .filter(group -> group.size() > 1).toList();
        assertEquals(List.of(Set.of("a.service", "b.service", "c.service")), circles);

        Map<String, Set<String>> chain = Map.of("a.rest", Set.of("a.service"), "a.service", Set.of("a.domain"));
        assertTrue(PackageCycles.stronglyConnected(chain).stream().allMatch(group -> group.size() == 1));
    }
}
