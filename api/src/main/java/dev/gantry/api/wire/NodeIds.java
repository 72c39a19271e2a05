package dev.gantry.api.wire;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * GitHub's legacy global node ids ({@code base64("010:Repository" + id)}), which clients treat as
 * opaque strings but expect to be stable and distinct across kinds.
 */
public final class NodeIds {
    private NodeIds() {}

    public static String of(String kind, long id) {
        String raw = String.format("%03d:%s%d", kind.length(), kind, id);
        return Base64.getEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
