/**
 * Following a hub as a stream: its snapshot in Rerun's order, then every message it accepts after it, written to
 * any Vert.x write stream (a TCP socket, an HTTP response, a gRPC response) with the transport's own framing.
 * {@link dev.reel.store.feed.StoreFeeds} (a service of the viewer-store bundle) starts readers wherever the data
 * lives: on this node, or on the nodes of a cluster that own it.
 */
@Export
@Version("1.2.0")
package dev.reel.store.feed;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
