package dev.gantry.server.config;

import dev.gantry.engine.hostedrunners.HostedRunnerCatalog;
import dev.gantry.store.S3Settings;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Merges the sources of configuration, highest precedence first: command-line flags, then
 * {@code GANTRY_*} environment variables, then the YAML file, then defaults. A key the server does
 * not know fails start-up with the nearest known key as a hint, because a misspelt setting that is
 * silently ignored is worse than no setting.
 */
public final class ServerConfigLoader {
    private static final String ADMIN_TOKEN_VARIABLE = "GANTRY_ADMIN_TOKEN";
    private static final String SECRET_KEY_VARIABLE = "GANTRY_SECRET_KEY";
    private static final int MISSPELLING_DISTANCE = 2;
    private ServerConfigLoader() {}

    /**
     * @param flags values given on the command line, by key ({@code data-dir}); absent keys were not given
     * @param environment the process environment
     * @param file the YAML file, if one was named
     */
    public static ServerConfig load(Map<String, String> flags, Map<String, String> environment, Optional<Path> file) {
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            key.defaultValue().ifPresent(value -> values.put(key, value));
        }
        file.ifPresent(path -> values.putAll(readFile(path)));
        refuseMisspeltVariables(environment);
        for (ConfigKey key : ConfigKey.values()) {
            String value = environment.get(key.environmentVariable());
            if (value != null && !value.isEmpty()) {
                values.put(key, value);
            }
        }
        flags.forEach((name, value) -> {
            if (value != null) {
                values.put(known(name, "command-line option --" + name), value);
            }
        });

        Path dataDirectory = Path.of(values.get(ConfigKey.DATA_DIR));
        String databaseUrl = Optional.ofNullable(values.get(ConfigKey.DATABASE_URL))
                .orElse("jdbc:sqlite:" + dataDirectory.resolve("gantry.db"));
        if (!databaseUrl.startsWith("jdbc:sqlite:") && !databaseUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("database-url must start with jdbc:sqlite: or jdbc:postgresql:, not " + databaseUrl.split("\\?")[0]);
        }
        return new ServerConfig(
                values.get(ConfigKey.BIND),
                integer(values, ConfigKey.PORT, 0, 65535),
                dataDirectory,
                databaseUrl,
                Optional.ofNullable(values.get(ConfigKey.PUBLIC_URL)).map(ServerConfigLoader::url),
                Optional.ofNullable(values.get(ConfigKey.TLS_CERT)).map(Path::of),
                Optional.ofNullable(values.get(ConfigKey.TLS_KEY)).map(Path::of),
                values.get(ConfigKey.ENTERPRISE),
                integer(values, ConfigKey.MAX_BODY_BYTES, 1024, Integer.MAX_VALUE),
                integer(values, ConfigKey.RATE_LIMIT, 1, Integer.MAX_VALUE),
                integer(values, ConfigKey.ANONYMOUS_RATE_LIMIT, 1, Integer.MAX_VALUE),
                // Above the held heartbeat (4 s) with room for a late one; a day at most.
                Duration.ofSeconds(integer(values, ConfigKey.JOB_LEASE_SECONDS, 10, 86_400)),
                Optional.ofNullable(environment.get(ADMIN_TOKEN_VARIABLE)).filter(token -> !token.isBlank()),
                s3(values),
                Optional.ofNullable(environment.get(SECRET_KEY_VARIABLE)).filter(key -> !key.isBlank()),
                Optional.ofNullable(values.get(ConfigKey.SECRET_KEY_FILE)).map(Path::of),
                Optional.ofNullable(values.get(ConfigKey.JOB_SERVER_URL)).map(ServerConfigLoader::url),
                Optional.ofNullable(values.get(ConfigKey.HOSTED_RUNNER_CATALOG)).map(Path::of).map(HostedRunnerCatalogFile::read)
                        .orElseGet(HostedRunnerCatalog::defaults),
                hostedRunnerProvider(values.get(ConfigKey.HOSTED_RUNNER_PROVIDER)),
                Duration.ofSeconds(integer(values, ConfigKey.HOSTED_RUNNER_IDLE_SECONDS, 1, 86_400)),
                Optional.ofNullable(values.get(ConfigKey.GIT_DIR)).map(Path::of).orElse(dataDirectory.resolve("git")));
    }

    private static ServerConfig.HostedRunnerProvider hostedRunnerProvider(String value) {
        return switch (value.strip()) {
            case "local" -> ServerConfig.HostedRunnerProvider.LOCAL;
            case "none" -> ServerConfig.HostedRunnerProvider.NONE;
            default -> throw new ConfigException("hosted-runner-provider must be local or none, not " + value.strip());
        };
    }

    private static Optional<S3Settings> s3(Map<ConfigKey, String> values) {
        String store = values.get(ConfigKey.BLOB_STORE).strip();
        if (store.equals("fs")) {
            return Optional.empty();
        }
        if (!store.equals("s3")) {
            throw new ConfigException("blob-store must be fs or s3, not " + store);
        }
        String pathStyle = values.get(ConfigKey.S3_PATH_STYLE).strip();
        if (!pathStyle.equals("true") && !pathStyle.equals("false")) {
            throw new ConfigException("s3-path-style must be true or false, not " + pathStyle);
        }
        for (ConfigKey required : List.of(ConfigKey.S3_BUCKET, ConfigKey.S3_ACCESS_KEY, ConfigKey.S3_SECRET_KEY)) {
            String value = values.get(required);
            if (value == null || value.isBlank()) {
                // Names the setting, never its value: one of them is the secret key.
                throw new ConfigException("--blob-store s3 needs --" + required.key() + " (or " + required.environmentVariable() + ")");
            }
        }
        return Optional.of(new S3Settings(
                Optional.ofNullable(values.get(ConfigKey.S3_ENDPOINT)).map(ServerConfigLoader::url).map(URI::create),
                values.get(ConfigKey.S3_REGION).strip(),
                values.get(ConfigKey.S3_BUCKET).strip(),
                values.get(ConfigKey.S3_ACCESS_KEY).strip(),
                values.get(ConfigKey.S3_SECRET_KEY).strip(),
                Boolean.parseBoolean(pathStyle)));
    }

    private static Map<ConfigKey, String> readFile(Path path) {
        Object document;
        try (Reader reader = Files.newBufferedReader(path)) {
            document = new Load(LoadSettings.builder().setLabel(path.toString()).build()).loadFromReader(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + path + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ConfigException("configuration file " + path + " is not valid YAML: " + e.getMessage());
        }
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        if (document == null) {
            return values;
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new ConfigException("configuration file " + path + " must be a mapping of keys to values");
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            ConfigKey key = known(name, "key '" + name + "' in " + path);
            if (entry.getValue() instanceof Map || entry.getValue() instanceof Iterable) {
                throw new ConfigException("key '" + name + "' in " + path + " takes a single value");
            }
            if (entry.getValue() != null) {
                values.put(key, String.valueOf(entry.getValue()));
            }
        }
        return values;
    }

    /**
     * Other programs' {@code GANTRY_*} variables (tests' {@code GANTRY_TEST_DATABASE_URL}, say) are
     * no concern of the server's, so only a near miss of a setting's variable fails start-up.
     */
    private static void refuseMisspeltVariables(Map<String, String> environment) {
        Set<String> known = new HashSet<>(Set.of(ADMIN_TOKEN_VARIABLE, SECRET_KEY_VARIABLE));
        Arrays.stream(ConfigKey.values()).map(ConfigKey::environmentVariable).forEach(known::add);
        for (String variable : environment.keySet()) {
            if (!variable.startsWith("GANTRY_") || known.contains(variable)) {
                continue;
            }
            known.stream().filter(candidate -> distance(variable, candidate) <= MISSPELLING_DISTANCE)
                    .min(Comparator.comparingInt(candidate -> distance(variable, candidate)))
                    .ifPresent(candidate -> {
                        throw new ConfigException("unknown environment variable " + variable + "; did you mean " + candidate + "?");
                    });
        }
    }

    private static ConfigKey known(String name, String where) {
        return ConfigKey.fromKey(name).orElseThrow(() -> new ConfigException("unknown " + where + "; did you mean '"
                + nearest(name) + "'?"));
    }

    private static String nearest(String name) {
        return Arrays.stream(ConfigKey.values()).map(ConfigKey::key)
                .min(Comparator.comparingInt(candidate -> distance(name, candidate)))
                .orElseThrow();
    }

    /** Levenshtein distance, for the "did you mean" hint. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static int integer(Map<ConfigKey, String> values, ConfigKey key, int minimum, int maximum) {
        String text = values.get(key);
        try {
            int value = Integer.parseInt(text.strip());
            if (value < minimum || value > maximum) {
                throw new ConfigException(key.key() + " must be between " + minimum + " and " + maximum + ", not " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(key.key() + " must be a whole number, not '" + text + "'");
        }
    }

    private static String url(String value) {
        if (!value.startsWith("http://") && !value.startsWith("https://")) {
            throw new ConfigException("public-url must start with http:// or https://, not " + value);
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
