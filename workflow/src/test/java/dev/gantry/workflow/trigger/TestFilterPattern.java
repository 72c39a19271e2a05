package dev.gantry.workflow.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples of GitHub's "filter pattern cheat sheet", and the order rule of negations. */
class TestFilterPattern {
    private static boolean matches(String pattern, String value) {
        return FilterPattern.compile(pattern).matchesGlob(value);
    }

    @Test
    void branchAndTagPatterns() {
        assertThat(matches("feature/*", "feature/my-branch")).isTrue();
        assertThat(matches("feature/*", "feature/your-branch")).isTrue();
        assertThat(matches("feature/*", "feature/a/b")).isFalse();
        assertThat(matches("feature/**", "feature/beta-a/my-branch")).isTrue();
        assertThat(matches("feature/**", "feature/mona/the/octocat")).isTrue();
        assertThat(matches("main", "main")).isTrue();
        assertThat(matches("main", "main2")).isFalse();
        assertThat(matches("releases/mona-the-octocat", "releases/mona-the-octocat")).isTrue();
        assertThat(matches("*", "main")).isTrue();
        assertThat(matches("*", "releases/v1")).isFalse();
        assertThat(matches("**", "releases/v1")).isTrue();
        assertThat(matches("v2*", "v2.0.0")).isTrue();
        assertThat(matches("v2*", "v2")).isTrue();
        assertThat(matches("v[12].[0-9]+.[0-9]+", "v1.10.1")).isTrue();
        assertThat(matches("v[12].[0-9]+.[0-9]+", "v2.0.0")).isTrue();
        assertThat(matches("v[12].[0-9]+.[0-9]+", "v3.0.0")).isFalse();
        assertThat(matches("v[12].[0-9]+.[0-9]+", "v1..1")).isFalse();
        assertThat(matches("[CB]at", "Cat")).isTrue();
        assertThat(matches("[CB]at", "Bat")).isTrue();
        assertThat(matches("[1-2]00", "200")).isTrue();
    }

    @Test
    void pathPatterns() {
        assertThat(matches("*", "README.md")).isTrue();
        assertThat(matches("*", "server/README.md")).isFalse();
        assertThat(matches("*.jsx?", "page.js")).isTrue();
        assertThat(matches("*.jsx?", "page.jsx")).isTrue();
        assertThat(matches("**", "all/the/files.md")).isTrue();
        assertThat(matches("*.js", "app.js")).isTrue();
        assertThat(matches("*.js", "js/index.js")).isFalse();
        assertThat(matches("**.js", "js/index.js")).isTrue();
        assertThat(matches("docs/*", "docs/README.md")).isTrue();
        assertThat(matches("docs/*", "docs/a/b.md")).isFalse();
        assertThat(matches("docs/**", "docs/mona/octocat.txt")).isTrue();
        assertThat(matches("docs/**/*.md", "docs/README.md")).isTrue();
        assertThat(matches("docs/**/*.md", "docs/mona/hello-world.md")).isTrue();
        assertThat(matches("docs/**/*.md", "docs/a/markdown/file.md")).isTrue();
        assertThat(matches("**/docs/**", "docs/hello.md")).isTrue();
        assertThat(matches("**/docs/**", "dir/docs/my-file.txt")).isTrue();
        assertThat(matches("**/README.md", "README.md")).isTrue();
        assertThat(matches("**/README.md", "js/README.md")).isTrue();
        assertThat(matches("**/*src/**", "a/src/app.js")).isTrue();
        assertThat(matches("**/*src/**", "my-src/code/js/app.js")).isTrue();
        assertThat(matches("**/*-post.md", "my-post.md")).isTrue();
        assertThat(matches("**/*-post.md", "path/their-post.md")).isTrue();
        assertThat(matches("**/migrate-*.sql", "migrate-10909.sql")).isTrue();
        assertThat(matches("**/migrate-*.sql", "db/migrate-v1.0.sql")).isTrue();
    }

    @Test
    void escapesAndOddPatternsNeverThrow() {
        assertThat(matches("release\\+1", "release+1")).isTrue();
        assertThat(matches("release\\+1", "releasee1")).isFalse();
        assertThat(matches("?abc", "?abc")).isTrue();
        assertThat(matches("+", "+")).isTrue();
        assertThat(matches("a[", "a[")).isTrue();
        assertThat(matches("(x)|y", "(x)|y")).isTrue();
        assertThat(matches("a.b", "axb")).isFalse();
    }

    @Test
    void laterPatternsOverrideEarlierOnes() {
        List<FilterPattern> patterns = List.of(FilterPattern.compile("*.md"), FilterPattern.compile("!README*"),
                FilterPattern.compile("README*"));
        assertThat(FilterPattern.selects(patterns, "README.md")).isTrue();
        assertThat(FilterPattern.selects(patterns, "docs.md")).isTrue();

        List<FilterPattern> excluding = List.of(FilterPattern.compile("**"), FilterPattern.compile("!docs/**"));
        assertThat(FilterPattern.selects(excluding, "docs/a.md")).isFalse();
        assertThat(FilterPattern.selects(excluding, "src/a.java")).isTrue();
    }

    @Test
    void pushFilters() {
        EventTrigger push = new EventTrigger("push", List.of(),
                java.util.Optional.of(PatternFilter.of(List.of("main", "releases/**"), false)),
                java.util.Optional.empty(),
                java.util.Optional.of(PatternFilter.of(List.of("docs/**"), true)),
                List.of());
        assertThat(push.matchesPush("refs/heads/main", List.of("src/a.java"))).isTrue();
        assertThat(push.matchesPush("refs/heads/releases/v1/x", List.of("src/a.java"))).isTrue();
        assertThat(push.matchesPush("refs/heads/feature", List.of("src/a.java"))).isFalse();
        assertThat(push.matchesPush("refs/heads/main", List.of("docs/a.md"))).isFalse();
        assertThat(push.matchesPush("refs/heads/main", List.of("docs/a.md", "src/a.java"))).isTrue();
        // Only branch filters: tag pushes do not run the workflow.
        assertThat(push.matchesPush("refs/tags/v1", List.of())).isFalse();
        assertThat(EventTrigger.of("push").matchesPush("refs/tags/v1", List.of())).isTrue();
    }

    @Test
    void pushFiltersFromAWorkflow() {
        Triggers triggers = dev.gantry.workflow.WorkflowParser.parse("ci.yml", """
                on:
                  push:
                    branches-ignore: ['dependabot/**']
                    tags: ['v*']
                  pull_request:
                    types: [opened]
                    branches: [main]
                  workflow_run:
                    workflows: [Build]
                    types: [completed]
                    branches: ['releases/**']
                jobs:
                  a:
                    runs-on: x
                    steps:
                      - run: echo
                """).workflow().orElseThrow().triggers();
        assertThat(triggers.matchesPush("refs/heads/main", List.of("a"))).isTrue();
        assertThat(triggers.matchesPush("refs/heads/dependabot/npm/x", List.of("a"))).isFalse();
        assertThat(triggers.matchesPush("refs/tags/v1.0", List.of())).isTrue();
        assertThat(triggers.matchesPush("refs/tags/x1.0", List.of())).isFalse();
        assertThat(triggers.matchesPullRequest("pull_request", "opened", "main", List.of("a"))).isTrue();
        assertThat(triggers.matchesPullRequest("pull_request", "closed", "main", List.of("a"))).isFalse();
        assertThat(triggers.matchesPullRequest("pull_request", "opened", "dev", List.of("a"))).isFalse();
        assertThat(triggers.matchesWorkflowRun("Build", "completed", "releases/v1")).isTrue();
        assertThat(triggers.matchesWorkflowRun("Build", "requested", "releases/v1")).isFalse();
        assertThat(triggers.matchesWorkflowRun("Build", "completed", "main")).isFalse();
        assertThat(triggers.matchesWorkflowRun("Test", "completed", "releases/v1")).isFalse();
    }
}
