package dev.gantry.workflow;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GitHub's own workflow-parser cases ({@code src/test/resources/conformance/workflow-parser},
 * from actions/languageservices, MIT), run through {@code gantry workflow parse --format
 * github-template}'s code path. Templates are compared as text, errors by message. Cases GitHub's
 * TypeScript parser skips ({@code skipped-tests.txt}) run too but may fail; every other case
 * must pass unless listed in {@link #KNOWN_FAILURES} with the reason, and a listed case that
 * starts passing fails the test so the list stays true.
 */
class TestWorkflowConformance {
    /** Cases that are expected to fail, with why. */
    static final Map<String, String> KNOWN_FAILURES = Map.ofEntries(
    );

    private static Path directory() throws URISyntaxException {
        return Path.of(TestWorkflowConformance.class.getResource("/conformance/workflow-parser").toURI());
    }

    private static Set<String> skipped() throws IOException, URISyntaxException {
        return new HashSet<>(Files.readAllLines(directory().resolve("skipped-tests.txt"), StandardCharsets.UTF_8));
    }

    private static List<Path> cases() throws IOException, URISyntaxException {
        try (Stream<Path> listing = Files.list(directory())) {
            return listing.filter(path -> path.toString().endsWith(".yml")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> githubCases() throws IOException, URISyntaxException {
        Set<String> skipped = skipped();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path path : cases()) {
            String name = path.getFileName().toString();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                ConformanceCase testCase = ConformanceCase.read(path);
                String mismatch = testCase.mismatch(testCase.actual());
                if (skipped.contains(name)) {
                    Assumptions.assumeTrue(mismatch == null, "skipped by GitHub's TypeScript parser too: " + mismatch);
                    return;
                }
                if (KNOWN_FAILURES.containsKey(name)) {
                    assertThat(mismatch).as("listed as a known failure (" + KNOWN_FAILURES.get(name) + ") but passes").isNotNull();
                    return;
                }
                assertThat(mismatch).as(name).isNull();
            }));
        }
        return tests.stream();
    }

    /** The bar: at least 95% of the cases GitHub itself runs pass. */
    @Test
    void passRate() throws IOException, URISyntaxException {
        Set<String> skipped = skipped();
        int total = 0;
        int passed = 0;
        int skippedPassed = 0;
        int skippedTotal = 0;
        for (Path path : cases()) {
            String name = path.getFileName().toString();
            ConformanceCase testCase = ConformanceCase.read(path);
            String mismatch = testCase.mismatch(testCase.actual());
            boolean pass = mismatch == null;
            if (!pass) {
                System.out.println("FAILS " + name + (skipped.contains(name) ? " (skipped by GitHub)" : "") + ": " + mismatch);
            }
            if (skipped.contains(name)) {
                skippedTotal++;
                skippedPassed += pass ? 1 : 0;
            } else {
                total++;
                passed += pass ? 1 : 0;
            }
        }
        System.out.printf("workflow-parser conformance: %d/%d run cases pass; %d/%d of the cases GitHub skips pass%n",
                passed, total, skippedPassed, skippedTotal);
        assertThat(passed * 100).isGreaterThanOrEqualTo(total * 95);
    }
}
