package dev.gantry.runner;

import dev.gantry.workflow.expression.ExpressionException;
import dev.gantry.workflow.expression.StatusFunctions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code hashFiles(patterns...)} as GitHub's runner computes it: the files under the workspace
 * matching any pattern and no {@code !}-negated one (later patterns win, as in
 * {@code @actions/glob}), in path order; each file's SHA-256 fed into one SHA-256; the hex digest,
 * or the empty string when nothing matches. {@code **} matches any number of directories, none
 * included.
 */
public record HashFiles(Path workspace) implements StatusFunctions.HashFiles {

    @Override
    public String hash(List<String> patterns) {
        List<GlobRule> rules = new ArrayList<>();
        for (String argument : patterns) {
            // One argument may carry several patterns, one a line, as the runner accepts.
            for (String line : argument.split("\n")) {
                String pattern = line.strip();
                if (!pattern.isEmpty()) {
                    rules.add(GlobRule.of(pattern, workspace));
                }
            }
        }
        MessageDigest combined = sha256();
        boolean any = false;
        try (Stream<Path> files = Files.walk(workspace)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                Path relative = workspace.relativize(file);
                if (GlobRule.matches(rules, relative)) {
                    combined.update(digest(file));
                    any = true;
                }
            }
        } catch (IOException e) {
            throw new ExpressionException(ExpressionException.Stage.EVALUATION,
                    "hashFiles('" + String.join(", ", patterns) + "') failed: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new ExpressionException(ExpressionException.Stage.EVALUATION,
                    "hashFiles('" + String.join(", ", patterns) + "') failed: " + e.getCause().getMessage());
        }
        return any ? HexFormat.of().formatHex(combined.digest()) : "";
    }

    private static byte[] digest(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream input = new DigestInputStream(Files.newInputStream(file), digest)) {
            input.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
