package dev.helyos.kernel.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.plugin.api.Lease;
import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.WriteBatch;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Records kept as JSON in the state store, one key each. */
public final class Records<T> {
    private final StateStore store;
    private final ObjectMapper json;
    private final Class<T> type;
    private final String prefix;

    public Records(StateStore store, ObjectMapper json, Class<T> type, String prefix) {
        this.store = store;
        this.json = json;
        this.type = type;
        this.prefix = prefix;
    }

    public String key(String name) {
        return prefix + name;
    }

    public Optional<T> get(String name) {
        return store.get(key(name)).map(this::decode);
    }

    /** Every record under {@code prefix + subPrefix}, in key order. */
    public List<T> list(String subPrefix) {
        return store.list(prefix + subPrefix).values().stream().map(this::decode).toList();
    }

    /** The records under {@code subPrefix} by name (their key without this prefix), in key order. */
    public java.util.SortedMap<String, T> byName(String subPrefix) {
        java.util.SortedMap<String, T> out = new java.util.TreeMap<>();
        store.list(prefix + subPrefix).forEach((key, value) -> out.put(key.substring(prefix.length()), decode(value)));
        return out;
    }

    /** Stores {@code record} only if nothing is stored under {@code name} yet. */
    public boolean create(String name, T record) {
        return store.compareAndSet(key(name), null, encode(record));
    }

    public void put(String name, T record) {
        store.put(key(name), encode(record));
    }

    /** Stores {@code record} while {@code lease} is the newest of its name; refused (LeaseLostException) once another took it over. */
    public void put(String name, T record, Lease lease) {
        store.commit(new WriteBatch().put(key(name), encode(record)), lease);
    }

    public boolean delete(String name) {
        return store.delete(key(name));
    }

    public byte[] encode(T record) {
        try {
            return json.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public T decode(byte[] bytes) {
        try {
            return json.readValue(bytes, type);
        } catch (IOException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable: " + e.getMessage(), e);
        }
    }
}
