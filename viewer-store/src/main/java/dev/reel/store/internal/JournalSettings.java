package dev.reel.store.internal;

import java.time.Duration;
import java.util.Locale;

/**
 * How the journal is kept, from framework properties.
 *
 * @param enabled false to keep recordings in memory only, as Rerun's viewer does ({@code reel serve --no-journal})
 * @param fsync when written data is forced to the disk
 */
record JournalSettings(boolean enabled, Fsync fsync) {
    /** Framework property: {@code false} turns journaling off. */
    static final String ENABLED = "reel.store.journal";
    /** Framework property: {@code always}, {@code never}, or a period such as {@code 1000ms} or {@code 1s}. */
    static final String FSYNC = "reel.store.journal.fsync";

    /**
     * When journaled bytes are forced to the disk. Every policy writes a message to the journal before it is
     * acknowledged, so a crash of Reel loses nothing acknowledged; the policy decides what a crash of the machine
     * may lose.
     *
     * @param always force before each acknowledgement: nothing acknowledged is lost
     * @param period with {@code always} false, force in the background this often (as Redis' {@code everysec}):
     *     at most this much acknowledged data is lost; {@link Duration#ZERO} never forces (the operating system
     *     writes back when it wants)
     */
    record Fsync(boolean always, Duration period) {
        static final Fsync DEFAULT = new Fsync(false, Duration.ofSeconds(1));

        static Fsync parse(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            switch (text) {
                case "always" -> {
                    return new Fsync(true, Duration.ZERO);
                }
                case "never" -> {
                    return new Fsync(false, Duration.ZERO);
                }
                default -> {
                    try {
                        long millis = text.endsWith("ms") ? Long.parseLong(text.substring(0, text.length() - 2))
                                : text.endsWith("s") ? Long.parseLong(text.substring(0, text.length() - 1)) * 1000
                                : Long.parseLong(text);
                        if (millis > 0) {
                            return new Fsync(false, Duration.ofMillis(millis));
                        }
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                    throw new IllegalArgumentException(FSYNC + " must be always, never or a period such as 1000ms or "
                            + "1s, got '" + value + "'");
                }
            }
        }

        @Override
        public String toString() {
            return always ? "always" : period.isZero() ? "never" : period.toMillis() + "ms";
        }
    }

    static JournalSettings from(String enabled, String fsync) {
        boolean on = enabled == null || enabled.isBlank() || !enabled.trim().equalsIgnoreCase("false");
        return new JournalSettings(on, fsync == null || fsync.isBlank() ? Fsync.DEFAULT : Fsync.parse(fsync));
    }
}
