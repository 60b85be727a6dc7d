package dev.reel.distribution.cli;

import dev.reel.distribution.CliException;

/** A server's address as {@code --to HOST:PORT} gives it. */
record HostPort(String host, int port) {
    /** Parses {@code text}; a malformed address is a usage error naming the option. */
    static HostPort parse(String option, String text) {
        int colon = text.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new CliException(CliException.USAGE, option + " must be HOST:PORT, got '" + text + "'");
        }
        if (colon <= 0 || port <= 0 || port > 65535) {
            throw new CliException(CliException.USAGE, option + " must be HOST:PORT, got '" + text + "'");
        }
        return new HostPort(text.substring(0, colon), port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
