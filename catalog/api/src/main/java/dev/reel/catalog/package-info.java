/**
 * Rerun's Data Platform catalog, persistent: the {@link dev.reel.catalog.Catalog} service and its values.
 * Reference: rerun-data-platform.md §A (object model), §B (queries).
 */
@Export
@Version("1.0.0")
package dev.reel.catalog;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
