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

/** A plugin jar built the way someone outside this repository builds one: javac and a hand-made jar. */
public final class PluginJar {
    private PluginJar() {
    }

    /** A plugins directory holding copies of the bundled plugins, for a third-party jar to join. */
    public static Path bundledPluginsCopy(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path bundled = Path.of(System.getProperty("helyos.install"), "plugins");
        try (Stream<Path> jars = Files.list(bundled)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.copy(jar, dir.resolve(jar.getFileName()));
            }
        }
        return dir;
    }

    /** javac of {@code sources} against plugin-api and pf4j, then the jar with the PF4J descriptor: no Maven involved. */
    public static void build(Path sources, Path classes, Path jar, String pluginId, String pluginClass) throws IOException {
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("-proc:full", "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path")));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
        assertEquals(0, rc, "javac of the example plugin in " + sources);
        assertTrue(Files.exists(classes.resolve("META-INF/extensions.idx")), "PF4J's annotation processor indexed the extension");

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
