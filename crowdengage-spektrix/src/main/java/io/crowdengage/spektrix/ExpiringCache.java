package io.crowdengage.spektrix;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reference data kept for a while, on the injected clock so that tests move time instead of
 * sleeping. A zero expiry reads through every time.
 */
final class ExpiringCache<K, V> {
    private final Function<K, V> loader;
    private final Optional<LoadingCache<K, V>> cache;

    ExpiringCache(Duration expiry, Clock clock, Function<K, V> loader) {
        this.loader = loader;
        Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
        this.cache = expiry.isZero() ? Optional.empty() : Optional.of(Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run)
                .expireAfterWrite(expiry)
                .maximumSize(256)
                .build(loader::apply));
    }

    V get(K key) {
        return cache.isPresent() ? cache.get().get(key) : loader.apply(key);
    }

    void invalidateAll() {
        cache.ifPresent(LoadingCache::invalidateAll);
    }
}
