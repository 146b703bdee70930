package dev.helyos.plugin.api;

import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Consumer;

/**
 * The daemon's state: byte values under namespaced string keys ({@code tokens/ci},
 * {@code routes/api.example.com}). Every write is durable when the method returns: a crash after
 * that must not lose it, and a crash at any moment must leave a store that opens and reads.
 * Implementations are safe for concurrent use.
 */
public interface StateStore extends AutoCloseable {

    Optional<byte[]> get(String key);

    /** Stores {@code value} under {@code key}, replacing what was there. */
    void put(String key, byte[] value);

    /** Removes {@code key}; returns whether it was present. */
    boolean delete(String key);

    /**
     * Atomically replaces the value of {@code key} when it currently equals {@code expected}
     * (byte content, {@code null} meaning absent). {@code update == null} deletes the key.
     *
     * @return whether the swap happened
     */
    boolean compareAndSet(String key, byte[] expected, byte[] update);

    /** Applies every write of the batch, or none of them. */
    void commit(WriteBatch batch);

    /** Every key starting with {@code prefix}, in key order, with its value. */
    SortedMap<String, byte[]> list(String prefix);

    /**
     * Calls {@code listener} with the key after each committed change of a key starting with
     * {@code prefix}, made by this process or (for shared stores) by another node.
     *
     * @return closing it stops the notifications
     */
    AutoCloseable watch(String prefix, Consumer<String> listener);

    /** Flushes and releases the store. */
    @Override
    void close();
}
