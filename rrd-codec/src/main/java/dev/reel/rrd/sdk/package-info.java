/**
 * A Java logging API in the spirit of Rerun's {@code RecordingStream}: choose an application and recording id,
 * set time on timelines, log archetypes to entity paths (batched into chunks), log static data, send
 * blueprints, and write to a file, any {@code OutputStream} or a network sink.
 *
 * <pre>{@code
 * try (RecordingStream rec = RecordingStream.builder("robot_demo").saveTo(Path.of("run.rrd"))) {
 *     rec.setTime("frame", 0);
 *     rec.log("world/points", Points3D.of(new float[] {0, 0, 0, 1, 1, 1}).withColors(0xFF0000FF, 0x00FF00FF));
 *     rec.log("plot/speed", Scalars.of(1.5));
 * }
 * }</pre>
 */
@Export
@Version("1.0.0")
package dev.reel.rrd.sdk;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
