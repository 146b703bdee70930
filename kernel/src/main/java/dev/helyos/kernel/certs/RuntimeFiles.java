package dev.helyos.kernel.certs;

import dev.helyos.kernel.errors.StartupException;
import dev.helyos.kernel.files.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the proxy reads certificates and keys: a directory on a RAM-backed file system (tmpfs),
 * mode 0700, files 0600, emptied at start and removed at stop — so a plaintext key never reaches a
 * persistent disk. The store keeps the sealed copies; these are rebuilt from it.
 */
public final class RuntimeFiles implements AutoCloseable {
    private final Path dir;

    private RuntimeFiles(Path dir) {
        this.dir = dir;
    }

    /**
     * @param configured the directory of {@code --cert-files-dir}, or null for {@code /dev/shm/helyos-<id>}
     * @param dataDir the daemon's data directory, whose path names its own directory (stable per data dir)
     */
    public static RuntimeFiles open(Path configured, Path dataDir) {
        Path dir = configured != null ? configured : Path.of("/dev/shm", "helyos-" + shortHash(dataDir.toString()));
        try {
            Files.createDirectories(dir.getParent());
            String type = Files.getFileStore(dir.getParent()).type();
            if (!type.equals("tmpfs") && !type.equals("ramfs")) {
                throw new StartupException("the runtime directory " + dir + " is on a " + type + " file system, not RAM "
                        + "(tmpfs); certificate keys must not reach a persistent disk: pass --cert-files-dir on a tmpfs");
            }
            wipe(dir);
            SecureFiles.createPrivateDirectory(dir);
        } catch (IOException e) {
            throw new StartupException("cannot prepare the runtime directory " + dir + ": " + e.getMessage());
        }
        return new RuntimeFiles(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Writes {@code name} (atomically, 0600) unless it already holds exactly {@code content}. */
    public Path write(String name, String content) {
        Path file = dir.resolve(name);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                return file;
            }
            Path temp = Files.createTempFile(dir, ".tmp-", "", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            Files.write(temp, bytes);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public void delete(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public void close() {
        try {
            wipe(dir);
        } catch (IOException e) {
            // best effort at shutdown; the next start wipes it too
        }
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
