package dev.reel.transport.tcp;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a Reel server answers a producer once the stream is over: {@code OK <messages> <bytes>} when every
 * message was stored, or {@code ERROR <kind>: <message>} with the first reason it refused the stream.
 *
 * @param messages messages the server stored (for an error: none is promised beyond those acknowledged)
 * @param bytes bytes of the stream the server read
 * @param errorKind a stable code such as {@code truncated} or {@code bad-chunk}, or null when OK
 * @param errorMessage what was wrong and where (byte offset), or null when OK
 */
public record StreamReceipt(long messages, long bytes, String errorKind, String errorMessage) {
    /** The longest answer line read; a server never sends more. */
    static final int MAX_LINE = 64 * 1024;

    public static StreamReceipt ok(long messages, long bytes) {
        return new StreamReceipt(messages, bytes, null, null);
    }

    public static StreamReceipt error(String kind, String message) {
        return new StreamReceipt(0, 0, requireNonNull(kind, "kind"), requireNonNull(message, "message"));
    }

    public boolean isOk() {
        return errorKind == null;
    }

    /** Parses an answer line (without its newline). */
    public static StreamReceipt parse(String line) throws IOException {
        if (line.startsWith("OK ")) {
            String[] words = line.substring(3).trim().split(" ");
            try {
                if (words.length == 2) {
                    return ok(Long.parseLong(words[0]), Long.parseLong(words[1]));
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        } else if (line.startsWith("ERROR ")) {
            String rest = line.substring(6);
            int colon = rest.indexOf(": ");
            return colon > 0 ? error(rest.substring(0, colon), rest.substring(colon + 2)) : error("error", rest);
        }
        throw new IOException("unexpected answer from the server: '" + (line.length() > 200 ? line.substring(0, 200)
                + "...'" : line + "'"));
    }

    /** Reads the answer line; fails when the server closes without one. */
    static StreamReceipt read(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (line.size() >= MAX_LINE) {
                throw new IOException("the server's answer is longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            throw new IOException("the server closed the connection without answering");
        }
        return parse(line.toString(StandardCharsets.UTF_8));
    }

    /** The line as the server writes it. */
    @Override
    public String toString() {
        return isOk() ? "OK " + messages + " " + bytes : "ERROR " + errorKind + ": " + errorMessage;
    }
}
