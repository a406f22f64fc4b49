package fi.imediat.rekisteri.testsupport.architecture;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Pattern;

/**
 * Issue 18, one-way dependencies: the packages of a compiled module, as the JDK's {@code jdeps} sees them, must not
 * depend on each other in a circle (a feature's rest → service → domain, and no feature's service calling back into
 * one that calls it). Fast tier: reads {@code target/classes}, starts nothing.
 */
public final class PackageCycles {

    private PackageCycles() {
    }

    /**
     * Fails naming every group of packages under {@code rootPackage} that depend on each other in a circle, with the
     * dependencies that close it.
     */
    public static void assertNone(Path classes, String rootPackage) {
        if (!Files.isDirectory(classes)) {
            throw new AssertionError("No compiled classes at " + classes.toAbsolutePath());
        }
        Map<String, Set<String>> dependencies = dependencies(classes, rootPackage);
        if (dependencies.isEmpty()) {
            // A check that finds nothing to check must not pass for one that found no circle.
            throw new AssertionError("jdeps found no dependency between packages of " + rootPackage + " in " + classes);
        }
        List<Set<String>> cycles = stronglyConnected(dependencies).stream().filter(group -> group.size() > 1).toList();
        if (!cycles.isEmpty()) {
            StringBuilder message = new StringBuilder("Packages that depend on each other in a circle:");
            for (Set<String> cycle : cycles) {
                message.append("\n- ").append(cycle).append(", through:");
                for (String from : cycle) {
                    dependencies.getOrDefault(from, Set.of()).stream().filter(cycle::contains)
                            .forEach(to -> message.append("\n    ").append(from).append(" -> ").append(to));
                }
            }
            throw new AssertionError(message.toString());
        }
    }

    /** Package → the packages under {@code rootPackage} it uses, from {@code jdeps -verbose:package}. */
    static Map<String, Set<String>> dependencies(Path classes, String rootPackage) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("jdeps is not in this JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String ours = Pattern.quote(rootPackage) + "(\\..*)?";
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none",
                "-e", ours, classes.toString());
        if (exit != 0) {
            throw new IllegalStateException("jdeps failed (" + exit + "): " + err);
        }
        Map<String, Set<String>> dependencies = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 3 && parts[1].equals("->") && parts[0].matches(ours) && parts[2].matches(ours)
                    && !parts[0].equals(parts[2])) {
                dependencies.computeIfAbsent(parts[0], p -> new TreeSet<>()).add(parts[2]);
            }
        }
        return dependencies;
    }

    /** Tarjan's strongly connected components. */
    static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> lowest = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> components = new ArrayList<>();
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                visit(node, graph, index, lowest, stack, onStack, components);
            }
        }
        return components;
    }

    private static void visit(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> lowest, Deque<String> stack, Set<String> onStack, List<Set<String>> components) {
        index.put(node, index.size());
        lowest.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                visit(next, graph, index, lowest, stack, onStack, components);
                lowest.put(node, Math.min(lowest.get(node), lowest.get(next)));
            } else if (onStack.contains(next)) {
                lowest.put(node, Math.min(lowest.get(node), index.get(next)));
            }
        }
        if (lowest.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            components.add(component);
        }
    }
}
