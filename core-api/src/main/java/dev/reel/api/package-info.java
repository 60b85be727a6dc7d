/**
 * Reel's shared vocabulary: the identifiers of Rerun's data model (stores, recordings, entities, timelines,
 * TUIDs, catalog entries, segments and layers). All types are small, immutable and validated on construction.
 */
@Export
@Version("1.1.0")
package dev.reel.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
