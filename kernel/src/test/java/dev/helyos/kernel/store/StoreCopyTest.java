package dev.helyos.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.TestDaemon;
import dev.helyos.kernel.config.StoreCopyOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From one machine to several: a MapDB node's store copied into PostgreSQL with
 * {@code helyosd store copy}, checked, refused into a store that is not empty (unless --force), and a
 * node started on the copy with the old master.key finds the projects, secrets and tokens.
 */
class StoreCopyTest {
    @TempDir
    Path single;
    @TempDir
    Path shared;

    record Result(int exit, String out, String err) {
    }

    static Result copy(Path mapdbData, TestPostgres pg, boolean force) {
        StoreCopyOptions o = new StoreCopyOptions();
        o.from = "mapdb";
        o.fromOptions = new LinkedHashMap<>(Map.of("data-dir", mapdbData.toString()));
        o.to = "postgres";
        o.toOptions = new LinkedHashMap<>();
        for (String flag : pg.storeFlags(pg.port())) {
            if (flag.contains("=")) {
                o.toOptions.put(flag.substring(0, flag.indexOf('=')), flag.substring(flag.indexOf('=') + 1));
            }
        }
        o.force = force;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = dev.helyos.kernel.StoreCopyAccess.run(o, out, err);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMapDbStoreCopiedIntoPostgresServesTheSameProjectsSecretsAndTokens() throws Exception {
        String token;
        try (TestDaemon one = TestDaemon.start(single)) {
            token = one.token();
            assertEquals(201, one.post("/api/v1/projects", "{\"name\":\"shop\"}").status());
            assertEquals(200, one.post("/api/v1/projects/shop/secrets/DB_PASSWORD", "{\"value\":\"hunter2\"}").status());
        }
        try (TestPostgres pg = new TestPostgres()) {
            Result first = copy(single.resolve("data"), pg, false);
            assertEquals(0, first.exit(), first.toString());
            assertTrue(first.out().matches("(?s)✓ copied \\d+ keys from mapdb to postgres; every value checked\n.*"), first.out());

            Result again = copy(single.resolve("data"), pg, false);
            assertEquals(1, again.exit());
            assertTrue(again.err().startsWith("✗ the target store is not empty ("), again.err());
            assertEquals(0, copy(single.resolve("data"), pg, true).exit(), "--force writes over it");

            Files.createDirectories(shared.resolve("data"));
            Files.copy(single.resolve("data/master.key"), shared.resolve("data/master.key"));
            try (TestDaemon node = TestDaemon.start(shared, null, Map.of(), pg.storeFlags(pg.port()).toArray(String[]::new))) {
                node.withToken(token);
                assertEquals(200, node.get("/api/v1/whoami").status(), "the old token works on the new store");
                assertTrue(node.get("/api/v1/projects").body().contains("\"shop\""));
                assertTrue(node.get("/api/v1/projects/shop/secrets").body().contains("DB_PASSWORD"));
            }
        }
    }

    @Test
    void anEmptySourceIsRefusedAsAProbableMistake() throws Exception {
        Files.createDirectories(single.resolve("empty"));
        try (TestPostgres pg = new TestPostgres()) {
            Result r = copy(single.resolve("empty"), pg, false);
            assertEquals(1, r.exit());
            assertTrue(r.err().startsWith("✗ nothing to copy: the mapdb store is empty"), r.err());
        }
    }
}
