package dev.reel.distribution.cli;

import dev.reel.rrd.sdk.Blueprint;
import dev.reel.rrd.sdk.Points3D;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextDocument;
import dev.reel.rrd.sdk.TextLog;
import dev.reel.rrd.sdk.Transform3D;
import java.util.Locale;
import java.util.Random;

/**
 * What {@code reel demo} logs: a robot driving laps of an elliptic track (12 m by 6 m) inside a round room
 * with five pillars, at 10 Hz. Each frame, on the {@code frame} timeline: the robot's pose, the lidar scan it
 * sees from there (a point cloud in the robot's own frame, so the viewer moves it with the robot), and its
 * speed; a few log lines mark the laps and the tight turns. The room, the track and a description are static,
 * and a blueprint expands the time panel. The content depends only on the number of frames: the scan's noise
 * comes from a fixed seed.
 */
final class DemoRecording {
    private static final String DESCRIPTION = "description";
    private static final String WALLS = "world/walls";
    private static final String TRACK = "world/track";
    private static final String ROBOT = "world/robot";
    private static final String SCAN = "world/robot/scan";
    private static final String SPEED = "robot/speed";
    private static final String LOG = "log";
    private static final String FRAME_TIMELINE = "frame";
    private static final int FRAMES_PER_LAP = 100;

    private static final double SECONDS_PER_FRAME = 0.1;
    private static final double TRACK_X = 6;
    private static final double TRACK_Y = 3;
    private static final double ROOM_RADIUS = 8;
    /** Pillars as {@code x, y, radius}; none touches the track. */
    private static final double[][] PILLARS = {{0, 0, 0.6}, {-3, 0, 0.4}, {3, 0, 0.4}, {0, 5, 0.5}, {0, -5, 0.5}};
    private static final int RAYS = 72;
    private static final float LIDAR_HEIGHT = 0.3f;

    private final int frames;
    private final Random noise = new Random(42);

    DemoRecording(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("a demo needs at least one frame, got " + frames);
        }
        this.frames = frames;
    }

    /** Logs the whole recording into {@code rec}; the caller closes it. */
    void logTo(RecordingStream rec) {
        rec.sendBlueprint(Blueprint.empty().withTimePanel(Blueprint.PanelState.EXPANDED)
                .withAutomaticViewport(true, true), true, true);
        rec.logStatic(DESCRIPTION, TextDocument.markdown(String.format(Locale.ROOT, """
                # Reel demo
                A robot drives %d frames (%.1f laps) around a %.0f m by %.0f m loop in a round room with %d pillars.
                `%s` is its pose, `%s` what its lidar sees, `%s` its speed in m/s; `%s` has its log lines.
                """, frames, (double) frames / FRAMES_PER_LAP, 2 * TRACK_X, 2 * TRACK_Y, PILLARS.length, ROBOT, SCAN,
                SPEED, LOG)));
        rec.logStatic(WALLS, room());
        rec.logStatic(TRACK, track());
        for (int frame = 0; frame < frames; frame++) {
            rec.setTime(FRAME_TIMELINE, frame);
            step(rec, frame);
        }
    }

    private void step(RecordingStream rec, int frame) {
        double phase = 2 * Math.PI * frame / FRAMES_PER_LAP;
        double x = TRACK_X * Math.cos(phase);
        double y = TRACK_Y * Math.sin(phase);
        double turnRate = 2 * Math.PI / (FRAMES_PER_LAP * SECONDS_PER_FRAME);
        double vx = -TRACK_X * Math.sin(phase) * turnRate;
        double vy = TRACK_Y * Math.cos(phase) * turnRate;
        double heading = Math.atan2(vy, vx);
        double speed = Math.hypot(vx, vy);

        rec.log(ROBOT, Transform3D.translation((float) x, (float) y, 0)
                .withRotation(0, 0, (float) Math.sin(heading / 2), (float) Math.cos(heading / 2)));
        rec.log(SCAN, scan(x, y, heading));
        rec.log(SPEED, Scalars.of(speed));
        if (frame == 0) {
            rec.log(LOG, TextLog.of(String.format(Locale.ROOT, "starting: %d frames at %.0f Hz", frames,
                    1 / SECONDS_PER_FRAME)).withLevel("INFO"));
        } else if (frame % FRAMES_PER_LAP == 0) {
            rec.log(LOG, TextLog.of("lap " + frame / FRAMES_PER_LAP + " done").withLevel("INFO"));
        } else if (frame % FRAMES_PER_LAP == FRAMES_PER_LAP / 2) {
            rec.log(LOG, TextLog.of(String.format(Locale.ROOT, "tight turn at the west end: slowing to %.1f m/s",
                    speed)).withLevel("WARN"));
        }
        if (frame == frames - 1) {
            rec.log(LOG, TextLog.of("done").withLevel("INFO"));
        }
    }

    /** Where each lidar ray first hits the room's wall or a pillar, in the robot's frame, colored by distance. */
    private Points3D scan(double x, double y, double heading) {
        float[] points = new float[RAYS * 3];
        int[] colors = new int[RAYS];
        for (int i = 0; i < RAYS; i++) {
            double angle = 2 * Math.PI * i / RAYS;
            double dx = Math.cos(heading + angle);
            double dy = Math.sin(heading + angle);
            double range = hit(x, y, dx, dy, 0, 0, ROOM_RADIUS);
            for (double[] pillar : PILLARS) {
                range = Math.min(range, hit(x, y, dx, dy, pillar[0], pillar[1], pillar[2]));
            }
            range += noise.nextGaussian() * 0.02;
            points[3 * i] = (float) (range * Math.cos(angle));
            points[3 * i + 1] = (float) (range * Math.sin(angle));
            points[3 * i + 2] = LIDAR_HEIGHT;
            // red when close, green when far
            int near = (int) Math.round(255 * Math.max(0, Math.min(1, 1 - range / (2 * ROOM_RADIUS))));
            colors[i] = near << 24 | (255 - near) << 16 | 0x40 << 8 | 0xFF;
        }
        return Points3D.of(points).withColors(colors).withRadii(0.04f);
    }

    /** The distance along the ray to the circle, or infinity; works from inside (the room) and outside (pillars). */
    private static double hit(double x, double y, double dx, double dy, double cx, double cy, double radius) {
        double ox = x - cx;
        double oy = y - cy;
        double b = ox * dx + oy * dy;
        double discriminant = b * b - (ox * ox + oy * oy - radius * radius);
        if (discriminant < 0) {
            return Double.POSITIVE_INFINITY;
        }
        double root = Math.sqrt(discriminant);
        double near = -b - root;
        double far = -b + root;
        return near > 0 ? near : far > 0 ? far : Double.POSITIVE_INFINITY;
    }

    private static Points3D room() {
        int wallPoints = 120;
        int pillarPoints = 24;
        float[] points = new float[(wallPoints + PILLARS.length * pillarPoints) * 3];
        int n = 0;
        for (int i = 0; i < wallPoints; i++, n++) {
            double angle = 2 * Math.PI * i / wallPoints;
            points[3 * n] = (float) (ROOM_RADIUS * Math.cos(angle));
            points[3 * n + 1] = (float) (ROOM_RADIUS * Math.sin(angle));
            points[3 * n + 2] = LIDAR_HEIGHT;
        }
        for (double[] pillar : PILLARS) {
            for (int i = 0; i < pillarPoints; i++, n++) {
                double angle = 2 * Math.PI * i / pillarPoints;
                points[3 * n] = (float) (pillar[0] + pillar[2] * Math.cos(angle));
                points[3 * n + 1] = (float) (pillar[1] + pillar[2] * Math.sin(angle));
                points[3 * n + 2] = LIDAR_HEIGHT;
            }
        }
        return Points3D.of(points).withColors(0x808080FF).withRadii(0.05f);
    }

    private static Points3D track() {
        float[] points = new float[FRAMES_PER_LAP * 3];
        for (int i = 0; i < FRAMES_PER_LAP; i++) {
            double phase = 2 * Math.PI * i / FRAMES_PER_LAP;
            points[3 * i] = (float) (TRACK_X * Math.cos(phase));
            points[3 * i + 1] = (float) (TRACK_Y * Math.sin(phase));
        }
        return Points3D.of(points).withColors(0x3070FFFF).withRadii(0.03f);
    }
}
