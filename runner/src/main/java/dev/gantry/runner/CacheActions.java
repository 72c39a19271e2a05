package dev.gantry.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.protocol.JobMessage;
import dev.gantry.protocol.RuntimeServices;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The built-in {@code actions/cache}, {@code actions/cache/restore} and {@code actions/cache/save}
 * (any version), speaking the cache service v2 as {@code @actions/cache} does and archiving the
 * same way (the same {@code tar} and {@code zstd} commands, the same version hash of paths and
 * compression), so a cache saved either way restores the other way. {@code actions/cache} saves in
 * a post step when the job succeeded and the key did not hit exactly.
 */
final class CacheActions {
    private static final String CACHE = "actions/cache@";
    private static final String RESTORE = "actions/cache/restore@";
    private static final String SAVE = "actions/cache/save@";
    /** {@code @actions/cache}'s salt, part of every version. */
    private static final String VERSION_SALT = "1.0";
    private static final int BLOCK_BYTES = 8 * 1024 * 1024;

    /** What a step ends with; {@code saveLater} is the post-step save {@code actions/cache} asks for. */
    record Result(boolean success, Map<String, String> outputs, Optional<SaveLater> saveLater) {
        static Result failed() {
            return new Result(false, Map.of(), Optional.empty());
        }
    }

    /** The save an {@code actions/cache} step leaves for its post step. */
    record SaveLater(String key, List<String> paths) {
    }

    private final JobMessage message;
    private final Path workspace;
    private final Path temp;
    private final StepOutput out;

    CacheActions(JobMessage message, Path workspace, Path temp, StepOutput out) {
        this.message = message;
        this.workspace = workspace;
        this.temp = temp;
        this.out = out;
    }

    static boolean handles(String uses) {
        String lower = uses.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith(CACHE) || lower.startsWith(RESTORE) || lower.startsWith(SAVE);
    }

    Result run(String uses, Map<String, String> with) throws InterruptedException {
        String lower = uses.strip().toLowerCase(Locale.ROOT);
        try {
            String key = required(with, "key");
            List<String> paths = lines(required(with, "path"));
            if (lower.startsWith(SAVE)) {
                return new Result(save(key, paths), Map.of(), Optional.empty());
            }
            return restore(key, paths, lines(with.getOrDefault("restore-keys", "")), bool(with, "fail-on-cache-miss"),
                    bool(with, "lookup-only"), lower.startsWith(RESTORE));
        } catch (InvalidInput e) {
            out.error(e.getMessage());
            return Result.failed();
        }
    }

    private Result restore(String key, List<String> paths, List<String> restoreKeys, boolean failOnMiss, boolean lookupOnly,
                           boolean restoreOnly) throws InterruptedException {
        Map<String, String> outputs = new LinkedHashMap<>();
        if (restoreOnly) {
            outputs.put("cache-primary-key", key);
        }
        Optional<ResultsService> service = service();
        if (service.isEmpty()) {
            return new Result(false, Map.of(), Optional.empty());
        }
        Optional<String> matched = Optional.empty();
        try {
            String method = compressionMethod();
            JsonNode answer = service.get().call("CacheService", "GetCacheEntryDownloadURL", service.get().object()
                    .put("key", key).put("version", version(paths, method))
                    .set("restore_keys", service.get().object().arrayNode().addAll(restoreKeys.stream()
                            .map(restoreKey -> service.get().object().textNode(restoreKey)).toList())));
            if (answer.path("ok").asBoolean(false)) {
                matched = Optional.of(answer.path("matched_key").asText(""));
                out.log().write("Cache hit for" + (matched.get().equals(key) ? "" : " restore-key") + ": " + matched.get());
                if (lookupOnly) {
                    out.log().write("Lookup only - skipping download");
                } else {
                    download(service.get(), answer.path("signed_download_url").asText(), method);
                    out.log().write("Cache restored from key: " + matched.get());
                }
            }
        } catch (ResultsService.ResultsException | IOException e) {
            // As actions/cache: a failed restore is a warning and a miss, never a failed step.
            out.warning("Failed to restore: " + e.getMessage());
            matched = Optional.empty();
        }
        if (matched.isEmpty()) {
            if (failOnMiss) {
                out.error("Failed to restore cache entry. Exiting as fail-on-cache-miss is set. Input key: " + key);
                return Result.failed();
            }
            out.log().write("Cache not found for input keys: " + String.join(", ", concat(key, restoreKeys)));
        }
        boolean hit = matched.isPresent() && matched.get().equals(key);
        outputs.put("cache-hit", Boolean.toString(hit));
        matched.filter(found -> restoreOnly).ifPresent(found -> outputs.put("cache-matched-key", found));
        Optional<SaveLater> later = restoreOnly || hit ? Optional.empty() : Optional.of(new SaveLater(key, paths));
        return new Result(true, outputs, later);
    }

    /** The post step of {@code actions/cache}: saves unless the key hit exactly (then there is no post step at all). */
    boolean saveLater(SaveLater later) throws InterruptedException {
        return save(later.key(), later.paths());
    }

    /** Saves {@code paths} under {@code key}. A key that is taken is a notice, as upstream: the step goes on. */
    boolean save(String key, List<String> paths) throws InterruptedException {
        Optional<ResultsService> service = service();
        if (service.isEmpty()) {
            return false;
        }
        Path folder = null;
        try {
            List<String> manifest = resolve(workspace, paths);
            if (manifest.isEmpty()) {
                out.warning("Path Validation Error: Path(s) specified in the action for caching do(es) not exist, hence no cache is being saved.");
                return true;
            }
            String method = compressionMethod();
            folder = Files.createTempDirectory(temp, "cache-");
            Path archive = folder.resolve(method.equals("gzip") ? "cache.tgz" : "cache.tzst");
            Files.write(folder.resolve("manifest.txt"), manifest, StandardCharsets.UTF_8);
            List<String> tar = new ArrayList<>(List.of("tar", "--posix", "-cf", archive.getFileName().toString(), "--exclude",
                    archive.getFileName().toString(), "-P", "-C", workspace.toString(), "--files-from", "manifest.txt"));
            tar.addAll(method.equals("gzip") ? List.of("-z") : List.of("--use-compress-program", "zstdmt"));
            runTool(tar, folder);
            String version = version(paths, method);
            JsonNode created = service.get().call("CacheService", "CreateCacheEntry", service.get().object().put("key", key).put("version", version));
            if (!created.path("ok").asBoolean(false)) {
                String detail = created.path("message").asText("");
                out.log().write("Failed to save: Unable to reserve cache with key " + key + ", another job may be creating this cache."
                        + (detail.isEmpty() ? "" : " More details: " + detail));
                return true;
            }
            long size;
            try (InputStream in = Files.newInputStream(archive)) {
                size = service.get().uploadBlocks(created.path("signed_upload_url").asText(), in, BLOCK_BYTES).size();
            }
            service.get().call("CacheService", "FinalizeCacheEntryUpload", service.get().object().put("key", key).put("version", version)
                    .put("size_bytes", Long.toString(size)));
            out.log().write("Cache saved with key: " + key);
            return true;
        } catch (ResultsService.ResultsException | IOException e) {
            out.warning("Failed to save: " + e.getMessage());
            return true;
        } finally {
            deleteQuietly(folder);
        }
    }

    private void download(ResultsService service, String url, String method)
            throws ResultsService.ResultsException, IOException, InterruptedException {
        Path folder = Files.createTempDirectory(temp, "cache-");
        try {
            Path archive = folder.resolve(method.equals("gzip") ? "cache.tgz" : "cache.tzst");
            HttpResponse<InputStream> response = service.get(url);
            try (InputStream in = response.body()) {
                Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> tar = new ArrayList<>(List.of("tar", "-xf", archive.toString(), "-P", "-C", workspace.toString()));
            tar.addAll(method.equals("gzip") ? List.of("-z") : List.of("--use-compress-program", "unzstd"));
            runTool(tar, folder);
        } finally {
            deleteQuietly(folder);
        }
    }

    private Optional<ResultsService> service() {
        RuntimeServices runtime = message.runtime();
        if (runtime == null || runtime.runtimeToken() == null || runtime.resultsUrl() == null || !runtime.cacheServiceV2()) {
            out.warning("The cache service is not available: this server gives jobs no cache service.");
            return Optional.empty();
        }
        return Optional.of(new ResultsService(runtime.resultsUrl(), runtime.runtimeToken()));
    }

    /**
     * The paths as {@code @actions/cache} lists them for tar: {@code @actions/glob} patterns (a
     * leading {@code ~} is the home directory, {@code !} excludes) matched against files and
     * directories, without implicit descendants — a matched directory is archived whole and what is
     * below it is not listed again — each relative to the workspace.
     */
    static List<String> resolve(Path workspaceDirectory, List<String> patterns) throws IOException {
        Path workspace = workspaceDirectory.toAbsolutePath().normalize();
        Path filesystemRoot = workspace.getRoot();
        List<GlobRule> rules = new ArrayList<>();
        List<Path> searchPaths = new ArrayList<>();
        for (String pattern : patterns) {
            boolean negated = pattern.startsWith("!");
            String glob = negated ? pattern.substring(1) : pattern;
            Path absolute = (glob.equals("~") || glob.startsWith("~/")
                    ? Path.of(System.getProperty("user.home")).resolve(glob.substring(Math.min(2, glob.length())))
                    : workspace.resolve(glob)).toAbsolutePath().normalize();
            rules.add(GlobRule.of((negated ? "!" : "") + filesystemRoot.relativize(absolute), filesystemRoot));
            if (!negated) {
                searchPaths.add(GlobRule.literalPrefix(absolute));
            }
        }
        TreeSet<Path> matched = new TreeSet<>();
        for (Path searchPath : searchPaths) {
            if (!Files.exists(searchPath)) {
                continue;
            }
            Files.walkFileTree(searchPath, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                    if (GlobRule.matches(rules, filesystemRoot.relativize(directory))) {
                        matched.add(directory);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (GlobRule.matches(rules, filesystemRoot.relativize(file))) {
                        matched.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        List<Path> kept = new ArrayList<>();
        for (Path path : matched) {
            if (kept.stream().noneMatch(path::startsWith)) {
                kept.add(path);
            }
        }
        return kept.stream().map(path -> {
            String relative = workspace.relativize(path).toString();
            return relative.isEmpty() ? "." : relative;
        }).toList();
    }

    /** {@code @actions/cache}'s version: SHA-256 of the path patterns, the compression method and the salt, joined by '|'. */
    static String version(List<String> paths, String compressionMethod) {
        List<String> components = new ArrayList<>(paths);
        components.add(compressionMethod);
        components.add(VERSION_SALT);
        MessageDigest sha256 = ResultsService.sha256();
        return HexFormat.of().formatHex(sha256.digest(String.join("|", components).getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code zstd-without-long} when zstd is installed, else {@code gzip}, as {@code @actions/cache} 6 chooses. */
    private String compressionMethod() throws InterruptedException {
        try {
            Process process = new ProcessBuilder("zstd", "--quiet", "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 && !output.isEmpty() ? "zstd-without-long" : "gzip";
        } catch (IOException e) {
            return "gzip";
        }
    }

    private void runTool(List<String> command, Path directory) throws IOException, InterruptedException {
        out.log().write("[command]" + String.join(" ", command));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(command.getFirst() + " failed with exit code " + process.exitValue() + ": " + output.strip());
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (var walk = Files.walk(directory)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is cleaned with the job's temp.
        }
    }

    private static List<String> concat(String key, List<String> restoreKeys) {
        List<String> all = new ArrayList<>(List.of(key));
        all.addAll(restoreKeys);
        return all;
    }

    private static final class InvalidInput extends Exception {
        InvalidInput(String message) {
            super(message);
        }
    }

    private static String required(Map<String, String> with, String name) throws InvalidInput {
        String value = with.get(name);
        if (value == null || value.isBlank()) {
            throw new InvalidInput("Input required and not supplied: " + name);
        }
        return value.strip();
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static boolean bool(Map<String, String> with, String name) throws InvalidInput {
        String value = with.getOrDefault(name, "false").strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw new InvalidInput("Input does not meet YAML 1.2 \"Core Schema\" specification: " + name
                    + "\nSupport boolean input list: `true | True | TRUE | false | False | FALSE`");
        };
    }
}
