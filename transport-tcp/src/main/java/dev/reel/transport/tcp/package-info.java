/**
 * The client side of Reel's raw {@code .rrd} TCP port: {@link dev.reel.transport.tcp.RrdTcpSink} streams a
 * {@code RecordingStream} live to a Reel server (reconnecting with backoff), {@link dev.reel.transport.tcp.RrdTcpClient}
 * sends files and subscribes to the live stream.
 */
@Export
@Version("1.0.0")
package dev.reel.transport.tcp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
