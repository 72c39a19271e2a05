package dev.gantry.server.config;

import dev.gantry.engine.hostedrunners.CuratedImage;
import dev.gantry.engine.hostedrunners.CustomImage;
import dev.gantry.engine.hostedrunners.CustomImageVersion;
import dev.gantry.engine.hostedrunners.HostedRunnerCatalog;
import dev.gantry.engine.hostedrunners.ImageSource;
import dev.gantry.engine.hostedrunners.MachineSize;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Reads the hosted runner catalog from the YAML file {@code --hosted-runner-catalog} names. Every
 * section is optional and replaces the built-in one ({@link HostedRunnerCatalog#defaults()}) when
 * given; the field names are GitHub's wire names:
 *
 * <pre>
 * github_owned_images: [{id: ubuntu-latest, platform: linux-x64, size_gb: 86, display_name: "Ubuntu Latest"}]
 * partner_images: []
 * custom_images:
 *   - {id: 1, name: build-box, platform: linux-x64, state: Ready,
 *      versions: [{version: 1.0.0, size_gb: 30, created_on: "2026-11-01T00:00:00Z", state: Ready, state_details: None}]}
 * machine_sizes: [{id: 4-core, cpu_cores: 4, memory_gb: 16, storage_gb: 150}]
 * platforms: [linux-x64]
 * limits: {maximum_runners: 50, public_ips: 50}
 * </pre>
 *
 * An unknown key fails start-up, as in the main configuration file.
 */
public final class HostedRunnerCatalogFile {
    private static final Set<String> SECTIONS = Set.of("github_owned_images", "partner_images", "custom_images", "machine_sizes",
            "platforms", "limits");

    private HostedRunnerCatalogFile() {
    }

    public static HostedRunnerCatalog read(Path path) {
        Object document;
        try (Reader reader = Files.newBufferedReader(path)) {
            document = new Load(LoadSettings.builder().setLabel(path.toString()).build()).loadFromReader(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read the hosted runner catalog " + path + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ConfigException("hosted runner catalog " + path + " is not valid YAML: " + e.getMessage());
        }
        HostedRunnerCatalog defaults = HostedRunnerCatalog.defaults();
        if (document == null) {
            return defaults;
        }
        Map<?, ?> root = mapping(document, "the hosted runner catalog " + path);
        checkKeys(root, SECTIONS, "the hosted runner catalog " + path);
        Map<?, ?> limits = root.containsKey("limits") ? mapping(root.get("limits"), "limits") : Map.of();
        checkKeys(limits, Set.of("maximum_runners", "public_ips"), "limits");
        try {
            return new HostedRunnerCatalog(
                    section(root, "github_owned_images", entry -> curated(entry, ImageSource.GITHUB), defaults.githubOwnedImages()),
                    section(root, "partner_images", entry -> curated(entry, ImageSource.PARTNER), defaults.partnerImages()),
                    section(root, "custom_images", HostedRunnerCatalogFile::custom, defaults.customImages()),
                    section(root, "machine_sizes", HostedRunnerCatalogFile::machineSize, defaults.machineSizes()),
                    section(root, "platforms", entry -> text(entry, "a platform"), defaults.platforms()),
                    limits.containsKey("maximum_runners") ? number(limits, "maximum_runners") : defaults.maximumRunnersLimit(),
                    limits.containsKey("public_ips") ? number(limits, "public_ips") : defaults.publicIpsMaximum());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("hosted runner catalog " + path + ": " + e.getMessage());
        }
    }

    private static <T> List<T> section(Map<?, ?> root, String name, Function<Object, T> entry, List<T> fallback) {
        if (!root.containsKey(name)) {
            return fallback;
        }
        Object value = root.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new ConfigException(name + " in the hosted runner catalog must be a list");
        }
        List<T> items = new ArrayList<>();
        for (Object item : list) {
            items.add(entry.apply(item));
        }
        return items;
    }

    private static CuratedImage curated(Object entry, ImageSource source) {
        Map<?, ?> map = mapping(entry, "an image");
        checkKeys(map, Set.of("id", "platform", "size_gb", "display_name"), "an image");
        return new CuratedImage(text(map, "id"), text(map, "platform"), number(map, "size_gb"), text(map, "display_name"), source);
    }

    private static CustomImage custom(Object entry) {
        Map<?, ?> map = mapping(entry, "a custom image");
        checkKeys(map, Set.of("id", "name", "platform", "state", "versions"), "a custom image");
        List<CustomImageVersion> versions = section(map, "versions", HostedRunnerCatalogFile::version, List.of());
        return new CustomImage(number(map, "id"), text(map, "name"), text(map, "platform"),
                map.containsKey("state") ? text(map, "state") : "Ready", versions);
    }

    private static CustomImageVersion version(Object entry) {
        Map<?, ?> map = mapping(entry, "a custom image version");
        checkKeys(map, Set.of("version", "size_gb", "created_on", "state", "state_details"), "a custom image version");
        Instant createdOn;
        try {
            createdOn = Instant.parse(text(map, "created_on"));
        } catch (DateTimeParseException e) {
            throw new ConfigException("created_on of a custom image version must be an ISO 8601 time, like 2026-11-01T00:00:00Z");
        }
        return new CustomImageVersion(text(map, "version"), map.containsKey("state") ? text(map, "state") : "Ready",
                number(map, "size_gb"), createdOn, map.containsKey("state_details") ? text(map, "state_details") : "None");
    }

    private static MachineSize machineSize(Object entry) {
        Map<?, ?> map = mapping(entry, "a machine size");
        checkKeys(map, Set.of("id", "cpu_cores", "memory_gb", "storage_gb"), "a machine size");
        return new MachineSize(text(map, "id"), number(map, "cpu_cores"), number(map, "memory_gb"), number(map, "storage_gb"));
    }

    private static Map<?, ?> mapping(Object value, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new ConfigException(what + " must be a mapping of keys to values");
        }
        return map;
    }

    private static void checkKeys(Map<?, ?> map, Set<String> known, String where) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                String nearest = known.stream()
                        .min((a, b) -> Integer.compare(ServerConfigLoader.distance(String.valueOf(key), a),
                                ServerConfigLoader.distance(String.valueOf(key), b)))
                        .orElseThrow();
                throw new ConfigException("unknown key '" + key + "' in " + where + "; did you mean '" + nearest + "'?");
            }
        }
    }

    private static String text(Object value, String what) {
        if (value == null || value instanceof Map || value instanceof Iterable) {
            throw new ConfigException(what + " in the hosted runner catalog must be a single value");
        }
        return String.valueOf(value);
    }

    private static String text(Map<?, ?> map, String key) {
        if (!map.containsKey(key)) {
            throw new ConfigException("'" + key + "' is missing from an entry of the hosted runner catalog");
        }
        return text(map.get(key), key);
    }

    private static int number(Map<?, ?> map, String key) {
        String value = text(map, key);
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " in the hosted runner catalog must be a whole number, not '" + value + "'");
        }
    }
}
