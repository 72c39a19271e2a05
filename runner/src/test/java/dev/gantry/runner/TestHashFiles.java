package dev.gantry.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestHashFiles {
    @TempDir
    Path workspace;

    @BeforeEach
    void files() throws Exception {
        write("package-lock.json", "root");
        write("app/package-lock.json", "app");
        write("app/node_modules/dep/package-lock.json", "dep");
        write("src/main.c", "int main;");
    }

    private void write(String path, String text) throws Exception {
        Files.createDirectories(workspace.resolve(path).getParent());
        Files.writeString(workspace.resolve(path), text);
    }

    /** GitHub's algorithm: SHA-256 over the SHA-256 digests of the files, in order. */
    private static String expected(String... contents) throws Exception {
        MessageDigest combined = MessageDigest.getInstance("SHA-256");
        for (String content : contents) {
            combined.update(MessageDigest.getInstance("SHA-256").digest(content.getBytes()));
        }
        return HexFormat.of().formatHex(combined.digest());
    }

    private String hash(String... patterns) {
        return new HashFiles(workspace).hash(List.of(patterns));
    }

    @Test
    void doubleStarMatchesAtAnyDepthIncludingTheRoot() throws Exception {
        // Sorted paths: app/node_modules/..., app/package-lock.json, package-lock.json.
        assertThat(hash("**/package-lock.json")).isEqualTo(expected("dep", "app", "root"));
    }

    @Test
    void negatedPatternsExclude() throws Exception {
        assertThat(hash("**/package-lock.json", "!**/node_modules/**")).isEqualTo(expected("app", "root"));
    }

    @Test
    void aSinglePatternMatchesOneFile() throws Exception {
        assertThat(hash("src/main.c")).isEqualTo(expected("int main;"));
        assertThat(hash("./src/*.c")).isEqualTo(expected("int main;"));
        assertThat(hash(workspace.resolve("src/main.c").toString())).isEqualTo(expected("int main;"));
    }

    @Test
    void aDirectoryMatchesItsFiles() throws Exception {
        assertThat(hash("src")).isEqualTo(expected("int main;"));
    }

    @Test
    void nothingMatchedIsTheEmptyString() {
        assertThat(hash("**/*.rs")).isEmpty();
    }
}
