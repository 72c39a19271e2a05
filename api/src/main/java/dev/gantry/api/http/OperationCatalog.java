package dev.gantry.api.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The access requirements of every operation, read once from GitHub's data. Where GitHub's docs
 * disagree with a scope parsed from an operation's description, {@link #CORRECTIONS} holds the
 * docs' answer (the data's own README says the docs win).
 */
public final class OperationCatalog {
    /**
     * {@code orgs/get} mentions {@code admin:org} only because it unlocks the billing fields; the
     * organization itself is public.
     */
    private static final Map<String, List<String>> CORRECTIONS = Map.of(
            "orgs/get", List.of());

    private final Map<String, OperationAccess> byOperationId;

    private OperationCatalog(Map<String, OperationAccess> byOperationId) {
        this.byOperationId = Map.copyOf(byOperationId);
    }

    public static OperationCatalog load() {
        try (InputStream in = OperationCatalog.class.getResourceAsStream("/dev/gantry/api/permissions.tsv")) {
            if (in == null) {
                throw new IllegalStateException("permissions.tsv is missing from the api module's resources");
            }
            Map<String, OperationAccess> operations = new HashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header = reader.readLine();
            if (header == null || !header.startsWith("operationId\t")) {
                throw new IllegalStateException("permissions.tsv has an unexpected header: " + header);
            }
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                String operationId = columns[0];
                List<String> scopes = CORRECTIONS.getOrDefault(operationId, columns[4].isBlank()
                        ? List.of()
                        : Arrays.stream(columns[4].split(",")).map(String::strip).toList());
                String fineGrained = columns[5].isBlank() || columns[5].equals("-") ? null : columns[5].strip();
                operations.put(operationId, new OperationAccess(operationId, scopes, fineGrained, "yes".equals(columns[7].strip())));
            }
            return new OperationCatalog(operations);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<OperationAccess> find(String operationId) {
        return Optional.ofNullable(byOperationId.get(operationId));
    }

    public OperationAccess require(String operationId) {
        OperationAccess access = byOperationId.get(operationId);
        if (access == null) {
            throw new IllegalArgumentException("no operation " + operationId + " in GitHub's data");
        }
        return access;
    }
}
