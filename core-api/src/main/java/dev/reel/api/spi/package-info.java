/**
 * What extensions implement, each registered as an OSGi service: {@link dev.reel.api.spi.RecordingCodec}
 * (a file or stream format), {@link dev.reel.api.spi.TransportCodec} (Rerun's per-message transport form),
 * {@link dev.reel.api.spi.Transport} (a way data enters or leaves Reel) and
 * {@link dev.reel.api.spi.ChunkStorage} (where chunks are kept). Services carry the properties
 * {@code reel.name} and {@code service.ranking}.
 *
 * <p>Its interfaces are {@code @ConsumerType}: extensions implement them, so adding an abstract method to one is a
 * major change of this package, as is removing any method (the build baselines the package against the last
 * release).
 */
@Export
@Version("1.0.0")
package dev.reel.api.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
