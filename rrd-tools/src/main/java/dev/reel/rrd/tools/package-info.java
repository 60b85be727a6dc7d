/**
 * The file tools behind {@code reel rrd}, with the semantics of {@code rerun rrd}: one entry class per verb
 * ({@link dev.reel.rrd.tools.RrdPrinter print}, {@link dev.reel.rrd.tools.RrdStatistics stats},
 * {@link dev.reel.rrd.tools.RrdVerifier verify}, {@link dev.reel.rrd.tools.RrdRouter route},
 * {@link dev.reel.rrd.tools.RrdFilter filter}, {@link dev.reel.rrd.tools.RrdSplitter split},
 * {@link dev.reel.rrd.tools.RrdComparison compare}, {@link dev.reel.rrd.tools.RrdMerger merge and optimize}),
 * which reads {@link dev.reel.rrd.tools.RrdInput inputs}, writes an {@link dev.reel.rrd.tools.RrdOutput output}
 * or reports to the writers it is given, and stops with an {@link dev.reel.rrd.tools.RrdToolException} or a
 * {@code RrdFormatException}. Built on the exported APIs of rrd-codec (the format) and viewer-store (the store's
 * semantics) only. Reference: rerun-data-platform.md §E.
 */
@Export
@Version("1.0.0")
package dev.reel.rrd.tools;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
