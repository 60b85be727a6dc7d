/**
 * Following a hub as a stream: its snapshot in Rerun's order, then every message it accepts after it, written to
 * any Vert.x write stream (a TCP socket, an HTTP response, a gRPC response) with the transport's own framing.
 */
@Export
@Version("1.0.0")
package dev.reel.store.feed;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
