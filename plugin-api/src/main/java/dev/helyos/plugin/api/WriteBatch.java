package dev.helyos.plugin.api;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Writes that {@link StateStore#commit(WriteBatch)} applies together. */
public final class WriteBatch {
    private final Map<String, byte[]> puts = new LinkedHashMap<>();
    private final Set<String> deletes = new LinkedHashSet<>();

    public WriteBatch put(String key, byte[] value) {
        deletes.remove(key);
        puts.put(key, value.clone());
        return this;
    }

    public WriteBatch delete(String key) {
        puts.remove(key);
        deletes.add(key);
        return this;
    }

    public Map<String, byte[]> puts() {
        return Map.copyOf(puts);
    }

    public Set<String> deletes() {
        return Set.copyOf(deletes);
    }

    public boolean isEmpty() {
        return puts.isEmpty() && deletes.isEmpty();
    }
}
