package dev.gantry.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the migration scripts in a class-path folder, whether it is a directory (tests, IDEs) or
 * a jar (the server), so adding a migration is adding a file: no list to keep in step.
 */
public final class Migrations {
    /** Where Gantry's own migrations live. */
    public static final String BUNDLED_FOLDER = "dev/gantry/store/migrations";

    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    private Migrations() {
    }

    public static List<Migration> bundled() {
        return load(Migrations.class.getClassLoader(), BUNDLED_FOLDER);
    }

    /** The migrations in {@code folder}, ordered by version; refuses misnamed files and repeated versions. */
    public static List<Migration> load(ClassLoader loader, String folder) {
        URL location = loader.getResource(folder);
        if (location == null) {
            throw new IllegalStateException("no migrations folder " + folder + " on the class path");
        }
        List<Migration> migrations = new ArrayList<>();
        for (String fileName : fileNames(location, folder)) {
            Matcher name = FILE_NAME.matcher(fileName);
            if (!name.matches()) {
                throw new IllegalStateException("migration file " + folder + "/" + fileName
                        + " is not named V<version>__<description>.sql");
            }
            migrations.add(Migration.of(Integer.parseInt(name.group(1)), name.group(2).replace('_', ' '),
                    read(loader, folder + "/" + fileName)));
        }
        migrations.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < migrations.size(); i++) {
            if (migrations.get(i).version() == migrations.get(i - 1).version()) {
                throw new IllegalStateException("two migrations have version " + migrations.get(i).version()
                        + ": " + migrations.get(i - 1).label() + " and " + migrations.get(i).label());
            }
        }
        return List.copyOf(migrations);
    }

    private static List<String> fileNames(URL location, String folder) {
        try {
            return switch (location.getProtocol()) {
                case "file" -> {
                    try (Stream<Path> files = Files.list(Path.of(location.toURI()))) {
                        yield files.map(path -> path.getFileName().toString()).toList();
                    }
                }
                case "jar" -> {
                    JarURLConnection connection = (JarURLConnection) location.openConnection();
                    connection.setUseCaches(false);
                    String prefix = folder + "/";
                    try (JarFile jar = connection.getJarFile()) {
                        yield jar.stream()
                                .map(JarEntry::getName)
                                .filter(entry -> entry.startsWith(prefix) && entry.length() > prefix.length()
                                        && entry.indexOf('/', prefix.length()) < 0)
                                .map(entry -> entry.substring(prefix.length()))
                                .toList();
                    }
                }
                default -> throw new IllegalStateException("cannot list migrations at " + location);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream input = loader.getResourceAsStream(resource)) {
            if (input == null) {
                throw new IllegalStateException("cannot read " + resource);
            }
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
