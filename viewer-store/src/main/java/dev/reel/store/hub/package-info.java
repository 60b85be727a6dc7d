/**
 * Creating a viewer store hub directly, for code that runs without the OSGi runtime. Kept apart from
 * {@code dev.reel.store}, which holds only contracts and values.
 */
@Export
@Version("1.0.0")
package dev.reel.store.hub;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
