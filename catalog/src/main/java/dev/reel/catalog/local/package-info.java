/**
 * Opening a catalog directly, for code that runs without the OSGi runtime (tests, benchmarks, embedding). Kept
 * apart from {@code dev.reel.catalog}, which holds only contracts and values.
 */
@Export
@Version("1.0.0")
package dev.reel.catalog.local;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
