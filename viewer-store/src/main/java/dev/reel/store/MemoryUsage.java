package dev.reel.store;

/**
 * How much memory the hub uses against its limit.
 *
 * @param usedBytes Arrow memory of all stores plus the estimated heap of their indexes plus the query cache
 * @param limitBytes the limit; garbage collection starts when {@code usedBytes} goes above it
 * @param arrowBytes Arrow memory held by the hub's allocator
 * @param cacheBytes the query cache's estimated size
 * @param collectedBytes bytes of chunks garbage-collected since the hub started
 */
public record MemoryUsage(long usedBytes, long limitBytes, long arrowBytes, long cacheBytes, long collectedBytes) {}
