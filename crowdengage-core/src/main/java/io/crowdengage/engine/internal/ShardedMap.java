package io.crowdengage.engine.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable map whose updates copy one shard instead of the whole map, so that a snapshot of a
 * season with a million customers can take a change without a million-entry copy. Not API.
 */
public final class ShardedMap<K, V> {
    private static final int SHARDS = 256;
    private static final int SHARD_SHIFT = Integer.SIZE - Integer.numberOfTrailingZeros(SHARDS);
    private static final ShardedMap<?, ?> EMPTY = new ShardedMap<>(emptyShards(), 0);

    private final Map<K, V>[] shards;
    private final int size;

    private ShardedMap(Map<K, V>[] shards, int size) {
        this.shards = shards;
        this.size = size;
    }

    /** The empty map. */
    @SuppressWarnings("unchecked")
    public static <K, V> ShardedMap<K, V> empty() {
        return (ShardedMap<K, V>) EMPTY;
    }

    /** A map of all the entries, built in one pass. */
    public static <K, V> ShardedMap<K, V> copyOf(Map<K, V> entries) {
        List<Map<K, V>> building = new ArrayList<>(SHARDS);
        for (int i = 0; i < SHARDS; i++) {
            building.add(new HashMap<>());
        }
        entries.forEach((k, v) -> building.get(shardOf(Objects.requireNonNull(k)))
                .put(k, Objects.requireNonNull(v)));
        Map<K, V>[] shards = newArray();
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = building.get(i);
        }
        return new ShardedMap<>(shards, entries.size());
    }

    /** The value for {@code key}, or null. */
    public V get(K key) {
        return shards[shardOf(key)].get(key);
    }

    /** A map with {@code key} set to {@code value}; this map is unchanged. */
    public ShardedMap<K, V> with(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        int index = shardOf(key);
        Map<K, V> shard = new HashMap<>(shards[index]);
        V previous = shard.put(key, value);
        Map<K, V>[] copy = shards.clone();
        copy[index] = shard;
        return new ShardedMap<>(copy, previous == null ? size + 1 : size);
    }

    /**
     * A map with every entry of {@code entries} set (each touched shard copied once, however many
     * of its keys change); this map is unchanged.
     */
    public ShardedMap<K, V> withAll(Map<K, V> entries) {
        if (entries.isEmpty()) {
            return this;
        }
        Map<K, V>[] copy = shards.clone();
        boolean[] copied = new boolean[SHARDS];
        int newSize = size;
        for (Map.Entry<K, V> entry : entries.entrySet()) {
            K key = Objects.requireNonNull(entry.getKey(), "key");
            V value = Objects.requireNonNull(entry.getValue(), "value");
            int index = shardOf(key);
            if (!copied[index]) {
                copy[index] = new HashMap<>(shards[index]);
                copied[index] = true;
            }
            if (copy[index].put(key, value) == null) {
                newSize++;
            }
        }
        return new ShardedMap<>(copy, newSize);
    }

    /** How many entries. */
    public int size() {
        return size;
    }

    /** Every value, in no particular order. */
    public List<V> values() {
        List<V> values = new ArrayList<>(size);
        for (Map<K, V> shard : shards) {
            values.addAll(shard.values());
        }
        return values;
    }

    /** The shards' value views, for iteration without copying. */
    public List<Collection<V>> valueShards() {
        List<Collection<V>> views = new ArrayList<>(SHARDS);
        for (Map<K, V> shard : shards) {
            views.add(shard.values());
        }
        return views;
    }

    /**
     * The shard of a key: the top bits of its Fibonacci-mixed hash. Never the hash's low bits: each
     * shard is a HashMap, which picks buckets by those same low bits, so all of a shard's keys would
     * share 1/256 of its buckets, which then turn into red-black trees (about 120 keys a bucket in a
     * million-entry map: slow lookups, and 56 bytes an entry instead of 32).
     */
    private static int shardOf(Object key) {
        return (key.hashCode() * 0x9E3779B9) >>> SHARD_SHIFT;
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Map<K, V>[] newArray() {
        return (Map<K, V>[]) new Map<?, ?>[SHARDS];
    }

    private static <K, V> Map<K, V>[] emptyShards() {
        Map<K, V>[] shards = newArray();
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = Map.of();
        }
        return shards;
    }
}
