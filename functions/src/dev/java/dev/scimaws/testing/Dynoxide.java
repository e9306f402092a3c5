package dev.scimaws.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds the Dynoxide binary: one on {@code PATH} if there is one, otherwise the npm platform package
 * for this host, installed once into a per-user cache. npm checks the package's integrity against the
 * registry, so nothing here downloads or verifies bytes by hand.
 */
final class Dynoxide {

    /** The pinned version, filtered in from the parent POM's {@code dynoxide.version}. */
    static final String VERSION = pinnedVersion();

    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    private static final String BINARY = WINDOWS ? "dynoxide.exe" : "dynoxide";

    /** A binary and the version it reports (for the "which engine ran" line). */
    record Binary(Path path, String version, String origin) {}

    private Dynoxide() {}

    static Binary locate() {
        Optional<Path> onPath = findOnPath(BINARY);
        if (onPath.isPresent()) {
            return new Binary(onPath.get(), reportedVersion(onPath.get()), "from PATH");
        }
        return new Binary(installed(), VERSION, "npm @dynoxide/" + platformPackage() + ", cached");
    }

    /**
     * The npm package suffix for a JVM's {@code os.name}/{@code os.arch}, in Node's naming
     * ({@code process.platform}-{@code process.arch}), or empty when we cannot name one.
     */
    static Optional<String> npmPlatform(String osName, String osArch) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        String arch = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
        String nodeOs;
        if (os.startsWith("linux")) {
            nodeOs = "linux";
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            nodeOs = "darwin";
        } else if (os.startsWith("windows")) {
            nodeOs = "win32";
        } else {
            return Optional.empty();
        }
        String nodeArch = switch (arch) {
            case "amd64", "x86_64", "x64" -> "x64";
            case "aarch64", "arm64" -> "arm64";
            default -> null;
        };
        return nodeArch == null ? Optional.empty() : Optional.of(nodeOs + "-" + nodeArch);
    }

    private static String platformPackage() {
        return npmPlatform(System.getProperty("os.name"), System.getProperty("os.arch")).orElseThrow(() -> new IllegalStateException(
                "Dynoxide has no npm package known for this platform (os.name=" + System.getProperty("os.name")
                        + ", os.arch=" + System.getProperty("os.arch") + "). Put a dynoxide " + VERSION
                        + " binary on PATH, or point the build at another engine with SCIM_DYNAMODB_ENDPOINT."));
    }

    static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("scim-aws").resolve("dynoxide");
    }

    /** The cached binary, installing it first if needed. Safe when several JVMs install at once. */
    private static Path installed() {
        String pkg = "@dynoxide/" + platformPackage();
        Path target = cacheRoot().resolve(VERSION + "-" + platformPackage());
        Path binary = target.resolve("node_modules").resolve(pkg).resolve(BINARY);
        if (Files.isExecutable(binary)) {
            return binary;
        }
        requireNode();
        // Install into a private directory, then rename it into place in one step: a concurrent JVM
        // sees either no directory or a complete one, never a half-written binary.
        Path staging = cacheRoot().resolve(".staging-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            System.out.println("Installing " + pkg + "@" + VERSION + " with npm into " + target + " (first run only)");
            Exec result = exec(List.of(npm(), "install", "--prefix", staging.toString(), "--no-save", "--no-audit",
                    "--no-fund", "--loglevel=error", pkg + "@" + VERSION), 300);
            Path staged = staging.resolve("node_modules").resolve(pkg).resolve(BINARY);
            if (result.exitCode() != 0 || !Files.isRegularFile(staged)) {
                String hint = result.output().contains("E404")
                        ? pkg + "@" + VERSION + " is not published for this platform. Put a dynoxide binary on PATH, or set SCIM_DYNAMODB_ENDPOINT."
                        : "Check that npm can reach its registry, or put a dynoxide binary on PATH, or set SCIM_DYNAMODB_ENDPOINT.";
                throw new IllegalStateException("npm could not install " + pkg + "@" + VERSION + ". " + hint + "\n" + result.output());
            }
            staged.toFile().setExecutable(true);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // Another JVM finished first (Linux reports "Directory not empty" as a plain
                // FileSystemException), or a stale, incomplete directory is in the way.
                if (!Files.isExecutable(binary)) {
                    throw new IllegalStateException("The Dynoxide cache " + target + " is incomplete; delete it and run again.", e);
                }
            }
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not install " + pkg + " into " + cacheRoot(), e);
        } finally {
            deleteQuietly(staging);
        }
    }

    private static void requireNode() {
        for (String tool : List.of(node(), npm())) {
            if (!runs(tool)) {
                throw new IllegalStateException("The default DynamoDB engine (Dynoxide) is installed with npm, but '" + tool
                        + "' does not run. Install Node.js with npm (https://nodejs.org), or put a dynoxide " + VERSION
                        + " binary on PATH, or set SCIM_DYNAMODB_ENDPOINT to an engine you run yourself.");
            }
        }
    }

    private static boolean runs(String tool) {
        try {
            return exec(List.of(tool, "--version"), 60).exitCode() == 0;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    private static String npm() {
        return WINDOWS ? "npm.cmd" : "npm";
    }

    private static String node() {
        return WINDOWS ? "node.exe" : "node";
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static String reportedVersion(Path binary) {
        try {
            Exec result = exec(List.of(binary.toString(), "--version"), 30);
            // "dynoxide 1.2.1"
            String[] words = result.output().trim().split("\\s+");
            return result.exitCode() == 0 && words.length > 0 ? words[words.length - 1] : "(unknown version)";
        } catch (IOException e) {
            return "(unknown version)";
        }
    }

    record Exec(int exitCode, String output) {}

    private static Exec exec(List<String> command, int timeoutSeconds) throws IOException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        try (InputStream in = process.getInputStream()) {
            String output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s\n" + output);
            }
            return new Exec(process.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("Interrupted while running " + command.getFirst(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover staging directory is harmless
        }
    }

    private static String pinnedVersion() {
        try (InputStream in = Dynoxide.class.getResourceAsStream("/scim-engine.properties")) {
            if (in == null) {
                throw new IllegalStateException("scim-engine.properties is missing from the test classpath: build with Maven (test-compile)");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("dynoxide.version", "");
            if (version.isBlank() || version.contains("${")) {
                throw new IllegalStateException("dynoxide.version was not filtered into scim-engine.properties: build with Maven");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
