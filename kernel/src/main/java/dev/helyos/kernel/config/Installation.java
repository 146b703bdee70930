package dev.helyos.kernel.config;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where this helyosd is installed. The build assembles {@code target/helyos/} with {@code lib/}
 * (the kernel's jars) beside {@code plugins/} (the bundled plugin jars).
 */
public final class Installation {
    private Installation() {
    }

    public static Path pluginsDir() {
        String configured = System.getProperty("helyos.install");
        if (configured != null) {
            return Path.of(configured, "plugins");
        }
        try {
            Path code = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(code)) { // .../lib/helyos-kernel.jar
                return code.getParent().resolveSibling("plugins");
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to a path that gives a clear "does not exist" error
        }
        return Path.of("plugins");
    }
}
