package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestMigrations {
    @TempDir
    Path temporary;

    @Test
    void bundledMigrationsStartAtOneAndAreOrdered() {
        assertThat(Migrations.bundled()).isNotEmpty().first()
                .extracting(Migration::version, Migration::description)
                .containsExactly(1, "identity");
        assertThat(Migrations.bundled()).extracting(Migration::version).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void migrationsAreFoundInAJarAsInADirectory() throws IOException {
        Path jar = temporary.resolve("store.jar");
        // Directory entries too, as maven-jar-plugin writes them: the folder is looked up by name.
        write(jar, Map.of(
                "db/", "",
                "db/migrations/", "",
                "db/migrations/nested/", "",
                "db/migrations/V010__later.sql", "CREATE TABLE later (id {{id}});",
                "db/migrations/V002__first_one.sql", "CREATE TABLE first (id {{id}});",
                "db/migrations/nested/V003__ignored.sql", "not a migration of this folder",
                "db/other/V004__elsewhere.sql", "not this folder either"));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(Migrations.load(loader, "db/migrations"))
                    .extracting(Migration::version, Migration::description)
                    .containsExactly(tuple(2, "first one"), tuple(10, "later"));
        }
    }

    @Test
    void misnamedAndRepeatedMigrationsAreRefused() throws IOException {
        Path misnamed = temporary.resolve("misnamed");
        Files.createDirectories(misnamed.resolve("m"));
        Files.writeString(misnamed.resolve("m/v2_lowercase.sql"), "SELECT 1;");
        Path repeated = temporary.resolve("repeated");
        Files.createDirectories(repeated.resolve("m"));
        Files.writeString(repeated.resolve("m/V2__one.sql"), "SELECT 1;");
        Files.writeString(repeated.resolve("m/V002__two.sql"), "SELECT 2;");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {misnamed.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> Migrations.load(loader, "m")).hasMessageContaining("v2_lowercase.sql");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {repeated.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> Migrations.load(loader, "m")).hasMessageContaining("two migrations have version 2");
        }
    }

    @Test
    void checksumsIgnoreLineEndingsButNothingElse() {
        assertThat(Migration.checksum("CREATE TABLE a (id INT);\r\n")).isEqualTo(Migration.checksum("CREATE TABLE a (id INT);\n"));
        assertThat(Migration.checksum("CREATE TABLE a (id INT);")).isNotEqualTo(Migration.checksum("CREATE TABLE a (id INT); "));
    }

    @Test
    void scriptsSplitAtSemicolonsThatEndALine() {
        String script = """
                -- a comment; with a semicolon
                CREATE TABLE a (note TEXT DEFAULT 'x;y');
                CREATE INDEX a_note ON a (note) ;

                -- trailing comment only
                """;

        assertThat(Migrator.statements(script)).containsExactly(
                "-- a comment; with a semicolon\nCREATE TABLE a (note TEXT DEFAULT 'x;y')",
                "CREATE INDEX a_note ON a (note)");
    }

    private static void write(Path jar, Map<String, String> entries) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream output = new JarOutputStream(file)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                output.putNextEntry(new JarEntry(entry.getKey()));
                output.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                output.closeEntry();
            }
        }
    }
}
