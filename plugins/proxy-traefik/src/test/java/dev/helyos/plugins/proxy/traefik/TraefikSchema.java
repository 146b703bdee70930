package dev.helyos.plugins.proxy.traefik;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Traefik v3's published file-provider schema ({@code src/test/resources/traefik-v3-file-provider.schema.json},
 * copied from the project's shared/testdata),
 * and the one rule of Traefik's own file decoder that the schema does not say: no empty object except
 * a router's {@code tls}, no empty list except a weighted service's {@code services}.
 */
final class TraefikSchema {

    static final String SCHEMA_FILE = "traefik-v3-file-provider.schema.json";
    private static final YAMLMapper YAML = new YAMLMapper();
    private static Schema schema;

    private TraefikSchema() {
    }

    /** The schema, a copy of the project's shared/testdata file kept in the test resources so a clone has it. */
    static synchronized Schema schema() {
        if (schema == null) {
            try (InputStream in = TraefikSchema.class.getResourceAsStream("/" + SCHEMA_FILE)) {
                if (in == null) {
                    fail(SCHEMA_FILE + " is missing from the test resources");
                }
                schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schema;
    }

    static JsonNode parse(Path file) {
        try {
            JsonNode node = YAML.readTree(file.toFile());
            assertTrue(node != null && node.isObject(), "the file is one YAML mapping: " + Files.readString(file));
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses {@code file}, checks it against the schema and Traefik's decoder, and returns it. */
    static JsonNode assertValid(Path file) {
        JsonNode config = parse(file);
        List<Error> errors = schema().validate(config);
        if (!errors.isEmpty()) {
            fail("not valid Traefik v3 file-provider configuration: " + errors + "\n" + read(file));
        }
        assertDecodable(config, "");
        return config;
    }

    private static void assertDecodable(JsonNode node, String path) {
        if (node.isObject()) {
            boolean routerTls = path.matches("\\.http\\.routers\\.[^.]+\\.tls");
            if (node.isEmpty() && !path.isEmpty() && !routerTls) {
                fail("Traefik's file decoder refuses the empty object at " + path);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                assertDecodable(e.getValue(), path + "." + e.getKey());
            }
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                assertTrue(path.matches("\\.http\\.services\\.[^.]+\\.weighted\\.services"),
                        "empty list only as a weighted service's services, found at " + path);
            }
            for (int i = 0; i < node.size(); i++) {
                assertDecodable(node.get(i), path + "[" + i + "]");
            }
        } else {
            assertTrue(node.isTextual() || node.isNumber() || node.isBoolean(), "scalar at " + path + ": " + node);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertSameKeys(List<String> expected, JsonNode object) {
        List<String> keys = new ArrayList<>();
        if (object != null) {
            object.fieldNames().forEachRemaining(keys::add);
        }
        assertEquals(expected.stream().sorted().toList(), keys.stream().sorted().toList());
    }
}
