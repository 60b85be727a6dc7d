package dev.reel.api;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Rerun's time-based unique id: 64 bits of wall-clock nanoseconds plus a 64-bit counter, both unsigned.
 * Ordering is by time, then counter, so ids created later in a process sort later. Row ids, chunk ids and
 * catalog entry ids are TUIDs.
 *
 * <p>The string form is 32 hex digits, time upper-case and counter lower-case as Rerun prints them; parsing
 * accepts either case. In Arrow columns a TUID is 16 big-endian bytes (so byte order equals time order); in
 * protobuf it is two little-endian {@code fixed64} fields.
 *
 * @param timeNs nanoseconds since the Unix epoch (unsigned)
 * @param inc the counter (unsigned)
 */
public record Tuid(long timeNs, long inc) implements Comparable<Tuid> {
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();
    private static final HexFormat LOWER_HEX = HexFormat.of();
    public static final int BYTES = 16;

    /** The smallest TUID. */
    public static final Tuid MIN = new Tuid(0, 0);

    /** Creates a new id, greater than every id this process created before. */
    public static Tuid next() {
        return Generator.INSTANCE.next();
    }

    /**
     * Parses the hex form as Rerun does: up to 32 hex digits of any case (fewer digits are leading zeros), an
     * optional leading {@code +}; no prefix.
     */
    public static Tuid parse(String text) {
        int start = text.startsWith("+") ? 1 : 0;
        int digits = text.length() - start;
        if (digits == 0 || digits > 32) {
            throw invalid(text);
        }
        // digits beyond the last 16 are the time's; fewer than 32 digits are leading zeros
        long timeNs = 0;
        long inc = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit = c < 0x80 ? Character.digit(c, 16) : -1;
            if (digit < 0) {
                throw invalid(text);
            }
            timeNs = timeNs << 4 | inc >>> 60;
            inc = inc << 4 | digit;
        }
        return new Tuid(timeNs, inc);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid TUID '" + text + "': expected up to 32 hex digits");
    }

    /** Parses {@code <prefix>_<hex>} or plain hex; a prefix other than {@code expectedPrefix} is an error. */
    static Tuid parsePrefixed(String text, String expectedPrefix) {
        int underscore = text.indexOf('_');
        if (underscore < 0) {
            return parse(text);
        }
        if (!text.substring(0, underscore).equals(expectedPrefix)) {
            throw new IllegalArgumentException(
                    "invalid id '" + text + "': expected the prefix " + expectedPrefix + "_");
        }
        return parse(text.substring(underscore + 1));
    }

    /** Reads the 16-byte big-endian form at the buffer's position, without moving it. */
    public static Tuid fromBytes(ByteBuffer bytes, int offset) {
        return new Tuid(bytes.getLong(offset), bytes.getLong(offset + 8));
    }

    public static Tuid fromBytes(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a TUID is 16 bytes, got " + bytes.length);
        }
        return fromBytes(ByteBuffer.wrap(bytes), 0);
    }

    /** The 16-byte big-endian form used in Arrow columns. */
    public byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).putLong(timeNs).putLong(inc).array();
    }

    /** The id that follows this one in counter order, as Rerun's {@code Tuid::next} does. */
    public Tuid successor() {
        return inc == -1L ? new Tuid(timeNs + 1, 0) : new Tuid(timeNs, inc + 1);
    }

    public Instant time() {
        return Instant.ofEpochSecond(Long.divideUnsigned(timeNs, 1_000_000_000L),
                Long.remainderUnsigned(timeNs, 1_000_000_000L));
    }

    @Override
    public int compareTo(Tuid other) {
        int byTime = Long.compareUnsigned(timeNs, other.timeNs);
        return byTime != 0 ? byTime : Long.compareUnsigned(inc, other.inc);
    }

    @Override
    public String toString() {
        // upper-case time, lower-case counter: Rerun's form (String.format costs a microsecond per id)
        return UPPER_HEX.toHexDigits(timeNs) + LOWER_HEX.toHexDigits(inc);
    }

    /** Process-wide source of increasing ids: time never goes back and the counter always moves on. */
    private static final class Generator {
        static final Generator INSTANCE = new Generator();

        private long lastTimeNs;
        private long inc = new SecureRandom().nextLong() & Long.MAX_VALUE;

        synchronized Tuid next() {
            Instant now = Instant.now();
            long nowNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            lastTimeNs = Math.max(lastTimeNs, nowNs);
            inc++;
            return new Tuid(lastTimeNs, inc);
        }
    }
}
