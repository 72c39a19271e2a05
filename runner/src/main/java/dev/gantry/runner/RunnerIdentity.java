package dev.gantry.runner;

import java.util.Locale;
import java.util.Objects;

/**
 * Who is running jobs, as steps see it in the {@code runner} context and {@code RUNNER_*}
 * variables: the registered name, and the OS and architecture in GitHub's spelling
 * ({@code Linux}, {@code macOS}, {@code Windows}; {@code X64}, {@code ARM64}, {@code X86}, {@code ARM}).
 */
public record RunnerIdentity(String name, String os, String arch, String version) {
    public RunnerIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(version, "version");
    }

    /** This machine's OS and architecture, named as GitHub names them. */
    public static RunnerIdentity ofThisMachine(String name, String version) {
        return new RunnerIdentity(name, currentOs(), currentArch(), version);
    }

    static String currentOs() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return "macOS";
        }
        if (os.contains("win")) {
            return "Windows";
        }
        return "Linux";
    }

    static String currentArch() {
        return switch (System.getProperty("os.arch").toLowerCase(Locale.ROOT)) {
            case "aarch64", "arm64" -> "ARM64";
            case "x86", "i386", "i686" -> "X86";
            case "arm" -> "ARM";
            default -> "X64";
        };
    }
}
