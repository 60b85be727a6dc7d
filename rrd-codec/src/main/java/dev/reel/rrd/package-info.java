/**
 * Rerun's {@code .rrd}/{@code .rbl} format: push decoding of streams that arrive in any slices, file reading
 * (with the footer manifest when present), and encoding that the Rerun 0.33 viewer reads. Reference:
 * {@code ../shared/reference/rerun-rrd-format.md}.
 */
@Export
@Version("1.1.0")
package dev.reel.rrd;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
