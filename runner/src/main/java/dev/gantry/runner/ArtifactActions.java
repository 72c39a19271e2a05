package dev.gantry.runner;

import dev.gantry.protocol.JobMessage;
import dev.gantry.protocol.RuntimeServices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The built-in {@code actions/upload-artifact} and {@code actions/download-artifact} (any version):
 * their documented inputs and outputs, over the same protocol as {@code @actions/artifact}
 * ({@link ArtifactClient}), so an artifact uploaded either way downloads the other way. Zips are
 * written to and read from streams; nothing is held whole in memory.
 */
final class ArtifactActions {
    private static final String UPLOAD = "actions/upload-artifact@";
    private static final String DOWNLOAD = "actions/download-artifact@";

    /** What a step ends with: failed or not, and its outputs. */
    record Result(boolean success, Map<String, String> outputs) {
        static Result failed() {
            return new Result(false, Map.of());
        }
    }

    private final JobMessage message;
    private final Path workspace;
    private final Path temp;
    private final StepOutput out;

    ArtifactActions(JobMessage message, Path workspace, Path temp, StepOutput out) {
        this.message = message;
        this.workspace = workspace;
        this.temp = temp;
        this.out = out;
    }

    static boolean handles(String uses) {
        String lower = uses.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith(UPLOAD) || lower.startsWith(DOWNLOAD);
    }

    Result run(String uses, Map<String, String> with) throws InterruptedException {
        RuntimeServices runtime = message.runtime();
        if (runtime == null || runtime.runtimeToken() == null || runtime.resultsUrl() == null) {
            out.error("Unable to get the ACTIONS_RUNTIME_TOKEN env variable: this server gives jobs no artifact service.");
            return Result.failed();
        }
        ArtifactClient client = new ArtifactClient(runtime.resultsUrl(), runtime.runtimeToken(), message.runId(), message.jobId());
        try {
            return uses.strip().toLowerCase(Locale.ROOT).startsWith(UPLOAD) ? upload(client, with) : download(client, with);
        } catch (ResultsService.ResultsException | InvalidInput e) {
            out.error(e.getMessage());
            return Result.failed();
        } catch (IOException e) {
            out.error("The artifact could not be transferred: " + e.getMessage());
            return Result.failed();
        }
    }

    // ---- upload ----------------------------------------------------------------------------

    private Result upload(ArtifactClient client, Map<String, String> with)
            throws ResultsService.ResultsException, IOException, InterruptedException, InvalidInput {
        String name = input(with, "name", "artifact");
        String ifNoFilesFound = input(with, "if-no-files-found", "warn").toLowerCase(Locale.ROOT);
        if (!List.of("warn", "error", "ignore").contains(ifNoFilesFound)) {
            throw new InvalidInput("Unrecognized if-no-files-found input. Provided: " + ifNoFilesFound
                    + ". Available options: warn, error, ignore");
        }
        int retentionDays = integer(with, "retention-days", 0, 0, 90);
        int compressionLevel = integer(with, "compression-level", 6, 0, 9);
        boolean overwrite = bool(with, "overwrite");
        boolean includeHidden = bool(with, "include-hidden-files");
        List<String> patterns = input(with, "path", "").lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        if (patterns.isEmpty()) {
            throw new InvalidInput("Input required and not supplied: path");
        }
        Search search = search(patterns, includeHidden);
        if (search.files().isEmpty()) {
            String none = "No files were found with the provided path: " + String.join("\n", patterns) + ". No artifacts will be uploaded.";
            switch (ifNoFilesFound) {
                case "error" -> {
                    out.error(none);
                    return Result.failed();
                }
                case "warn" -> out.warning(none);
                default -> out.log().write(none);
            }
            return new Result(true, Map.of());
        }
        out.log().write("With the provided path, there will be " + search.files().size() + " file(s) uploaded");
        if (overwrite && client.delete(name)) {
            out.log().write("Deleted the existing artifact '" + name + "' to overwrite it");
        }
        Path zip = Files.createTempFile(temp, "artifact-", ".zip");
        try {
            try (ZipOutputStream zipOut = new ZipOutputStream(Files.newOutputStream(zip))) {
                zipOut.setLevel(compressionLevel);
                for (Path file : search.files()) {
                    zipOut.putNextEntry(new ZipEntry(search.root().relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, zipOut);
                    zipOut.closeEntry();
                }
            }
            Optional<Instant> expiresAt = retentionDays == 0 ? Optional.empty()
                    : Optional.of(Instant.now().plus(Duration.ofDays(retentionDays)));
            out.log().write("Uploading artifact: " + name + ".zip (" + Files.size(zip) + " bytes)");
            ArtifactClient.Uploaded uploaded = client.upload(name, zip, "application/zip", expiresAt);
            out.log().write("Artifact " + name + " has been successfully uploaded! Final size is " + uploaded.size() + " bytes. Artifact ID is "
                    + uploaded.id());
            String url = message.serverUrl() + "/" + message.repository().fullName() + "/actions/runs/" + message.runId()
                    + "/artifacts/" + uploaded.id();
            out.log().write("Artifact download URL: " + url);
            Map<String, String> outputs = new LinkedHashMap<>();
            outputs.put("artifact-id", Long.toString(uploaded.id()));
            outputs.put("artifact-url", url);
            outputs.put("artifact-digest", uploaded.sha256());
            return new Result(true, outputs);
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    /** The files to upload and the directory their names in the zip are relative to. */
    private record Search(Path root, List<Path> files) {
    }

    /**
     * upload-artifact's rules: each pattern's literal leading directories are where it searches
     * (a literal file, its directory); the zip's root is the search paths' common ancestor.
     */
    private Search search(List<String> patterns, boolean includeHidden) throws IOException {
        Path filesystemRoot = workspace.getRoot();
        List<GlobRule> rules = new ArrayList<>();
        List<Path> searchPaths = new ArrayList<>();
        List<Path> roots = new ArrayList<>();
        for (String pattern : patterns) {
            boolean negated = pattern.startsWith("!");
            String glob = negated ? pattern.substring(1) : pattern;
            Path absolute = workspace.resolve(glob).normalize();
            rules.add(GlobRule.of((negated ? "!" : "") + filesystemRoot.relativize(absolute), filesystemRoot));
            if (negated) {
                continue;
            }
            Path literal = GlobRule.literalPrefix(absolute);
            searchPaths.add(literal);
            roots.add(literal.equals(absolute) && Files.isRegularFile(literal) ? literal.getParent() : literal);
        }
        TreeSet<Path> files = new TreeSet<>();
        for (Path searchPath : searchPaths) {
            if (!Files.exists(searchPath)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(searchPath)) {
                walk.filter(Files::isRegularFile)
                        .filter(file -> GlobRule.matches(rules, filesystemRoot.relativize(file)))
                        .forEach(files::add);
            }
        }
        Path root = roots.stream().reduce(ArtifactActions::commonAncestor).orElse(workspace);
        List<Path> chosen = files.stream()
                .filter(file -> includeHidden || !hidden(root.relativize(file)))
                .toList();
        return new Search(root, chosen);
    }

    private static Path commonAncestor(Path first, Path second) {
        Path ancestor = first;
        while (ancestor != null && !second.startsWith(ancestor)) {
            ancestor = ancestor.getParent();
        }
        return ancestor == null ? first.getRoot() : ancestor;
    }

    private static boolean hidden(Path relative) {
        for (Path segment : relative) {
            if (segment.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    // ---- download --------------------------------------------------------------------------

    private Result download(ArtifactClient thisRun, Map<String, String> with)
            throws ResultsService.ResultsException, IOException, InterruptedException, InvalidInput {
        ArtifactSource client = source(thisRun, with);
        String name = input(with, "name", "");
        Path path = workspace.resolve(input(with, "path", "")).normalize();
        boolean mergeMultiple = bool(with, "merge-multiple");
        List<ArtifactSource.Listed> chosen;
        boolean single = !name.isEmpty();
        if (single) {
            List<ArtifactSource.Listed> found = client.list(Optional.of(name));
            if (found.isEmpty()) {
                throw new InvalidInput("Unable to download artifact(s): Artifact not found for name: " + name);
            }
            chosen = List.of(found.stream().max(java.util.Comparator.comparingLong(ArtifactSource.Listed::id)).orElseThrow());
        } else {
            String pattern = input(with, "pattern", "");
            GlobRule rule = pattern.isEmpty() ? null : GlobRule.of(pattern, Path.of(""));
            chosen = client.list(Optional.empty()).stream()
                    .filter(artifact -> rule == null || rule.matches(Path.of(artifact.name())))
                    .toList();
            out.log().write("Found " + chosen.size() + " artifact(s)");
        }
        for (ArtifactSource.Listed artifact : chosen) {
            Path target = single || mergeMultiple ? path : path.resolve(artifact.name()).normalize();
            if (!target.startsWith(path)) {
                throw new InvalidInput("The artifact name '" + artifact.name() + "' would be written outside " + path);
            }
            Files.createDirectories(target);
            out.log().write("Downloading artifact '" + artifact.name() + "' (ID " + artifact.id() + ") to " + target);
            String digest = extract(client.open(artifact), target);
            if (artifact.digest() != null && !artifact.digest().equals("sha256:" + digest)) {
                throw new InvalidInput("The digest of the downloaded artifact '" + artifact.name() + "' is sha256:" + digest
                        + ", not the uploaded " + artifact.digest());
            }
        }
        out.log().write("Total of " + chosen.size() + " artifact(s) downloaded");
        return new Result(true, Map.of("download-path", path.toString()));
    }

    /**
     * This run's artifacts, or with {@code run-id} (and {@code repository}) another run's, through
     * the REST API with {@code github-token}, which download-artifact requires then.
     */
    private ArtifactSource source(ArtifactClient thisRun, Map<String, String> with) throws InvalidInput {
        String runId = input(with, "run-id", "");
        String repository = input(with, "repository", message.repository().fullName());
        if (runId.isEmpty() || runId.equals(Long.toString(message.runId())) && repository.equalsIgnoreCase(message.repository().fullName())) {
            return thisRun;
        }
        String token = input(with, "github-token", "");
        if (token.isEmpty()) {
            throw new InvalidInput("Input required: github-token, to download artifacts from another workflow run (run-id)");
        }
        long otherRun;
        try {
            otherRun = Long.parseLong(runId);
        } catch (NumberFormatException e) {
            throw new InvalidInput("Input run-id is not a workflow run id: " + runId);
        }
        out.log().write("Downloading artifacts of run " + otherRun + " in " + repository);
        return new RestArtifactSource(message.apiUrl(), repository, token, otherRun);
    }

    /**
     * Saves the download (a raw one under its file name) or unzips it under {@code target};
     * returns the hex SHA-256 of the bytes received. A zip goes to a temporary file first and is
     * read through its central directory, which every zip writer's output allows (entries
     * streamed with data descriptors included).
     */
    private String extract(ArtifactSource.Download download, Path target) throws IOException, InvalidInput {
        MessageDigest sha256 = ResultsService.sha256();
        if (!download.zip()) {
            try (InputStream body = new DigestInputStream(download.body(), sha256)) {
                Files.copy(body, target.resolve(download.fileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            return HexFormat.of().formatHex(sha256.digest());
        }
        Path archive = Files.createTempFile(temp, "download-", ".zip");
        try {
            try (InputStream body = new DigestInputStream(download.body(), sha256)) {
                Files.copy(body, archive, StandardCopyOption.REPLACE_EXISTING);
            }
            try (ZipFile zip = new ZipFile(archive.toFile())) {
                for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                    Path destination = target.resolve(entry.getName()).normalize();
                    if (!destination.startsWith(target)) {
                        throw new InvalidInput("The artifact holds an entry outside its directory: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(destination);
                        continue;
                    }
                    Files.createDirectories(destination.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(archive);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    // ---- inputs ----------------------------------------------------------------------------

    private static final class InvalidInput extends Exception {
        InvalidInput(String message) {
            super(message);
        }
    }

    private static String input(Map<String, String> with, String name, String fallback) {
        String value = with.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static boolean bool(Map<String, String> with, String name) throws InvalidInput {
        String value = input(with, name, "false").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInput("Input does not meet YAML 1.2 \"Core Schema\" specification: " + name
                    + "\nSupport boolean input list: `true | True | TRUE | false | False | FALSE`");
        };
    }

    private static int integer(Map<String, String> with, String name, int fallback, int minimum, int maximum) throws InvalidInput {
        String value = input(with, name, "");
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < minimum || parsed > maximum) {
                throw new InvalidInput("Invalid " + name + " value: " + value + " (from " + minimum + " to " + maximum + ")");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidInput("Invalid " + name + " value: " + value);
        }
    }
}
