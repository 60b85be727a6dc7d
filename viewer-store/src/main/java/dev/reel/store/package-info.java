/**
 * What the Rerun Viewer does with incoming data, headless: logical recordings pooled by store id from any
 * number of sources ({@link dev.reel.store.StoreHub}), blueprints per application, and per store a chunk
 * store with Rerun's insert, compaction, latest-at, range and dataframe semantics
 * ({@link dev.reel.store.ChunkStore}), kept under a memory limit; new chunks cut out of others with Rerun's
 * row order and sorted flags ({@link dev.reel.store.ChunkRows}). Reference: rerun-data-platform.md §D.
 */
@Export
@Version("1.2.0")
package dev.reel.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
