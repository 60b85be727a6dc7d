package dev.reel.store.feed;

import org.osgi.annotation.versioning.ProviderType;

/** One reader started by {@link StoreFeeds}: the transport closes it when its output closes. */
@ProviderType
public interface StoreFeed {
    /** Messages written so far. */
    long sent();

    /** The output closed: stops reading and releases what is held. */
    void close();
}
