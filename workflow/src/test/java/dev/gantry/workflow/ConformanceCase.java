package dev.gantry.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * One of GitHub's workflow-parser cases: options, {@code ---}, the workflow, ({@code ---}, a
 * called workflow's reference, {@code ---}, its text)*, {@code ---}, the expected template.
 */
record ConformanceCase(String file, Map<String, Object> options, String workflow, Map<String, String> calledWorkflows, String expected) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ConformanceCase read(Path path) {
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8);
            String[] documents = text.split("\\r?\\n---\\r?\\n", -1);
            @SuppressWarnings("unchecked")
            Map<String, Object> options = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(documents[0]);
            Map<String, String> called = new HashMap<>();
            String name = path.getFileName().toString();
            if (name.contains("reusable")) {
                for (int i = 2; i < documents.length - 1; i += 2) {
                    called.put(documents[i], documents[i + 1]);
                }
            }
            return new ConformanceCase(name, options == null ? Map.of() : options, documents[1], called,
                    documents[documents.length - 1].strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean skips(String language) {
        Object skip = options.get("skip");
        if (!(skip instanceof List<?> list)) {
            return false;
        }
        return list.stream().anyMatch(item -> String.valueOf(item).toLowerCase(Locale.ROOT).equals(language.toLowerCase(Locale.ROOT)));
    }

    /** What our parser prints for the case, with the case's options. */
    String actual() {
        WorkflowParser.Options parserOptions = WorkflowParser.Options.DEFAULT
                .withReusableWorkflows(reference -> Optional.ofNullable(calledWorkflows.get(reference)))
                // GitHub's C# parser expands nested calls; the TypeScript one stops at one level.
                .withReusableWorkflowDepth(options.get("max-nested-reusable-workflows-depth") instanceof Integer depth ? depth : 4);
        if (options.get("max-depth") instanceof Integer depth) {
            parserOptions = parserOptions.withMaximumDepth(depth);
        }
        if (options.get("max-file-size") instanceof Integer size) {
            parserOptions = parserOptions.withMaximumFileSize(size);
        }
        if (options.get("experimental-features") instanceof Map<?, ?> features
                && Boolean.TRUE.equals(features.get("allowBackgroundSteps"))) {
            parserOptions = parserOptions.withBackgroundSteps(true);
        }
        if ("LimitedRead".equals(options.get("permissions-policy"))) {
            parserOptions = parserOptions.withDefaultPermissions(Permissions.LIMITED_READ);
        }
        boolean includeSource = Boolean.TRUE.equals(options.get("include-source"));
        boolean includeEvents = skips("Go") && skips("C#");
        return GitHubTemplate.render(".github/workflows/" + file, workflow, parserOptions,
                new GitHubTemplate.Format(includeSource, includeEvents)).json();
    }

    /** Null when {@code actual} matches; else what differs. Errors are compared by message. */
    String mismatch(String actual) {
        try {
            JsonNode expectedJson = JSON.readTree(expected);
            JsonNode actualJson = JSON.readTree(actual);
            if (expectedJson.has("errors") || actualJson.has("errors")) {
                List<String> expectedMessages = messages(expectedJson);
                List<String> actualMessages = messages(actualJson);
                return expectedMessages.equals(actualMessages) ? null
                        : "errors differ\n expected: " + expectedMessages + "\n actual:   " + actualMessages;
            }
            return expected.equals(actual.strip()) ? null : "template differs\n--- expected\n" + expected + "\n--- actual\n" + actual;
        } catch (IOException e) {
            return "unreadable JSON: " + e.getMessage();
        }
    }

    private static List<String> messages(JsonNode root) {
        List<String> result = new ArrayList<>();
        root.path("errors").forEach(error -> result.add(error.path("Message").asText()));
        return result;
    }
}
