/**
 * The contract between bundles on the Vert.x event bus: address names and the message types and codecs that
 * travel on them. Messages carry bytes in Rerun's transport form, never bundle classes, so any bundle (or a
 * node of a clustered bus) can read them.
 */
@Export
@Version("1.0.0")
package dev.reel.api.bus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
