package dev.gantry.engine.blob;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The key and block id rules every {@link BlobStore} applies, in one place. */
public final class BlobKeys {
    /**
     * Words of {@code [A-Za-z0-9._-]} not starting with a dot: so no key climbs out with
     * {@code ..}, and names starting with {@code .} are free for an implementation's own files.
     */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

    private BlobKeys() {}

    /** @throws IllegalArgumentException when {@code key} is not a blob key */
    public static String check(String key) {
        if (!isKey(key)) {
            throw new IllegalArgumentException("not a blob key: " + key);
        }
        return key;
    }

    /** Whether {@code name} is a key: a store's own names (starting with {@code .}) are not. */
    public static boolean isKey(String name) {
        return name != null && KEY.matcher(name).matches();
    }

    /** A block id as a file or object name: hex of its UTF-8 bytes, since ids may hold {@code /} and {@code +}. */
    public static String blockName(String blockId) {
        if (blockId == null || blockId.isBlank() || blockId.length() > 128) {
            throw new IllegalArgumentException("not a block id: " + blockId);
        }
        return HexFormat.of().formatHex(blockId.getBytes(StandardCharsets.UTF_8));
    }
}
