package dev.helyos.plugins.store.mapdb;

import java.nio.file.*;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreLockTest {
    @TempDir Path dir;

    String child(Path f) throws Exception {
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), f.toString(), "1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        Thread.sleep(1500);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        String out = Files.readString(dir.resolve("out"));
        return out.length() > 300 ? out.substring(0, 300) : out;
    }

    @Test
    void lock() throws Exception {
        Path f = dir.resolve("state.db");
        MapDbStore a = MapDbStore.open(f);
        a.put("x", new byte[]{1});
        System.out.println("child while open: " + child(f).replace('\n', '|'));
        try { MapDbStore.open(f); System.out.println("second open worked"); } catch (Exception e) { System.out.println("second: " + e.getMessage()); }
        System.out.println("child after failed 2nd open: " + child(f).replace('\n', '|'));
        for (int i = 0; i < 5; i++) { System.gc(); Thread.sleep(200); }
        System.out.println("child after gc: " + child(f).replace('\n', '|'));
        a.close();
    }
}
