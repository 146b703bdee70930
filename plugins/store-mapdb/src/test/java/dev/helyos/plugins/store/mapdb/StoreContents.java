package dev.helyos.plugins.store.mapdb;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/** Compares whole store contents and, when they differ, says briefly how. */
final class StoreContents {
    private StoreContents() {
    }

    static void assertSame(Map<String, String> expected, Map<String, String> actual, String what) {
        if (expected.equals(actual)) {
            return;
        }
        SortedSet<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        List<String> diffs = new ArrayList<>();
        for (String key : keys) {
            if (!Objects.equals(expected.get(key), actual.get(key))) {
                diffs.add(key + ": expected " + brief(expected.get(key)) + ", found " + brief(actual.get(key)));
            }
        }
        fail(what + ": expected " + expected.size() + " keys, found " + actual.size() + "; " + diffs.size()
                + " differ, first: " + diffs.subList(0, Math.min(8, diffs.size())));
    }

    private static String brief(String value) {
        return value == null ? "absent" : value.length() <= 16 ? "'" + value + "'" : "'" + value.substring(0, 16) + "…' (" + value.length() + ")";
    }
}
