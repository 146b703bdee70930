package dev.helyos.kernel.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * An example plugin built the way its author would, outside this repository's Maven build: plain
 * javac against plugin-api and pf4j, a jar packed by hand with the PF4J descriptor in its manifest,
 * dropped beside copies of the bundled plugins.
 */
public final class PluginJar {
    /** The example store and CA plugins, one Java package each. */
    public static final Path EXAMPLES = Path.of("src/test/third-party-plugin");
    /** The example certificate issuer. */
    public static final Path ISSUER_EXAMPLE = Path.of("src/test/third-party-issuer");

    private PluginJar() {
    }

    /**
     * A plugins directory under {@code home} holding the bundled plugins and the example plugin
     * compiled from the {@code .java} files under {@code sources}.
     */
    public static Path pluginsDir(Path home, Path sources, String pluginId, String pluginClass) throws IOException {
        Path pluginsDir = Files.createDirectories(home.resolve("plugins"));
        Path bundled = Path.of(System.getProperty("helyos.install"), "plugins");
        try (Stream<Path> jars = Files.list(bundled)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.copy(jar, pluginsDir.resolve(jar.getFileName()));
            }
        }
        Path classes = compile(sources, Files.createTempDirectory(home, "classes"));
        pack(classes, pluginsDir.resolve(pluginId + ".jar"), pluginId, pluginClass);
        return pluginsDir;
    }

    private static Path compile(Path sources, Path classes) throws IOException {
        List<String> args = new ArrayList<>(List.of("-proc:full", "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path")));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
        assertEquals(0, rc, "javac of the example plugin in " + sources);
        assertTrue(Files.exists(classes.resolve("META-INF/extensions.idx")), "PF4J's annotation processor indexed the extension");
        return classes;
    }

    private static void pack(Path classes, Path jar, String pluginId, String pluginClass) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", pluginId);
        main.putValue("Plugin-Class", pluginClass);
        main.putValue("Plugin-Version", "1.0.0");
        main.putValue("Plugin-Provider", "Example Inc.");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }
}
