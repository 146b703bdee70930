package dev.helyos.plugins.proxy.traefik;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * One file replaced atomically: the new content goes to a temporary file in the same directory
 * ({@code <name>.<random>.tmp}, which Traefik ignores: it watches the one file name, and a directory
 * provider only reads {@code .yml}, {@code .yaml} and {@code .toml}), is flushed to disk, and is renamed
 * over the file. Traefik therefore only ever reads a whole old or a whole new file.
 */
final class ConfigFile {

    private static final Set<PosixFilePermission> DEFAULT_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path file;
    private boolean swept;

    ConfigFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /**
     * Writes {@code content} unless the file already holds exactly that.
     *
     * @return whether the file was replaced
     */
    boolean writeIfChanged(byte[] content) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        if (!swept) {
            sweepTemporaryFiles(dir);
            swept = true;
        }
        if (Files.isRegularFile(file) && Files.size(file) == content.length
                && Arrays.equals(Files.readAllBytes(file), content)) {
            return false;
        }
        Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            // createTempFile makes the file 0600; Traefik often runs as another user. Keep the mode
            // an operator gave the existing file, else rw-r--r-- (the file holds no secret: key paths only).
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (view != null) {
                view.setPermissions(Files.isRegularFile(file) ? Files.getPosixFilePermissions(file) : DEFAULT_MODE);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
        return true;
    }

    /** Temporary files a crash between create and rename left behind. */
    private void sweepTemporaryFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, file.getFileName() + ".*.tmp")) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, and that is fine. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort
        }
    }
}
