package dev.gantry.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File-tree chores the runner does between jobs. */
final class FileTrees {
    private FileTrees() {
    }

    /** Deletes everything inside {@code directory}, keeping it; nothing when it does not exist. */
    static void deleteContents(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.sorted(Comparator.reverseOrder()).filter(path -> !path.equals(directory)).toList();
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
