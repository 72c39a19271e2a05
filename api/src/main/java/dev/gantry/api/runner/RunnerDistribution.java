package dev.gantry.api.runner;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The runner distribution this server serves (what {@code …/actions/runners/downloads} lists):
 * one zip of the server's own class path, since {@code gantry runner} is the same program, with
 * {@code run.sh} / {@code run.cmd} starting it. Java runs it on every OS and architecture, so one
 * archive serves them all; it needs a Java 21+ runtime on the machine. Built once, on first use,
 * into {@code cacheDirectory}; class directories (a development build) are packed as jars.
 */
public final class RunnerDistribution implements HttpService {
    public static final String PATH = "/_gantry/runner/dist/" + Archive.FILENAME;
    private static final String ROOT = "gantry-runner/";

    private final List<Path> classPath;
    private final Path cacheDirectory;
    private Archive archive;

    /** A built archive and its SHA-256, as the downloads listing shows it. */
    public record Archive(Path file, String sha256) {
        public static final String FILENAME = "gantry-runner.zip";
    }

    public RunnerDistribution(List<Path> classPath, Path cacheDirectory) {
        this.classPath = List.copyOf(classPath);
        this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::download);
    }

    private void download(ServerRequest request, ServerResponse response) throws IOException {
        Archive built = archive();
        response.header(HeaderNames.CONTENT_TYPE, "application/zip");
        response.header(HeaderNames.CONTENT_LENGTH, Long.toString(Files.size(built.file())));
        try (InputStream in = Files.newInputStream(built.file()); OutputStream out = response.outputStream()) {
            in.transferTo(out);
        }
    }

    /** The archive, built on first use (concurrent first requests build it once). */
    public synchronized Archive archive() {
        if (archive == null) {
            try {
                archive = build();
            } catch (IOException e) {
                throw new UncheckedIOException("could not build the runner distribution", e);
            }
        }
        return archive;
    }

    private Archive build() throws IOException {
        Files.createDirectories(cacheDirectory);
        Path partial = Files.createTempFile(cacheDirectory, "gantry-runner", ".partial");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
            // The entries are jars, compressed already: deflating them again took longer than a
            // client waits for the first downloads listing (over 30 s on a busy 2-core machine).
            zip.setLevel(Deflater.NO_COMPRESSION);
            int directories = 0;
            for (Path entry : classPath) {
                if (Files.isDirectory(entry)) {
                    zip.putNextEntry(new ZipEntry(ROOT + "lib/classes-" + (++directories) + ".jar"));
                    packDirectory(entry, zip);
                    zip.closeEntry();
                } else if (Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".jar")) {
                    zip.putNextEntry(new ZipEntry(ROOT + "lib/" + entry.getFileName()));
                    Files.copy(entry, zip);
                    zip.closeEntry();
                }
            }
            text(zip, "run.sh", """
                    #!/bin/sh
                    # gantry runner: run.sh register|run|remove [options]; needs Java 21+ (JAVA_HOME or java on the PATH)
                    here="$(cd "$(dirname "$0")" && pwd)"
                    java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
                    exec "$java" -cp "$here/lib/*" dev.gantry.server.Main runner "$@"
                    """);
            text(zip, "run.cmd", "@echo off\r\njava -cp \"%~dp0lib\\*\" dev.gantry.server.Main runner %*\r\n");
        }
        Path file = cacheDirectory.resolve(Archive.FILENAME);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Archive(file, sha256(file));
    }

    private static void packDirectory(Path directory, OutputStream out) throws IOException {
        // Not closed: closing would close the enclosing zip; finish() completes the inner jar.
        JarOutputStream jar = new JarOutputStream(new NonClosing(out));
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new ZipEntry(directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/")));
                Files.copy(file, jar);
                jar.closeEntry();
            }
        }
        jar.finish();
    }

    private static void text(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(ROOT + name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static String sha256(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
