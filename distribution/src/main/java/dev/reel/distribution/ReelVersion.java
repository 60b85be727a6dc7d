package dev.reel.distribution;

import picocli.CommandLine.IVersionProvider;

/** The version, from the jar manifest (set by the build). */
final class ReelVersion implements IVersionProvider {
    static String current() {
        String version = Reel.class.getPackage().getImplementationVersion();
        return version != null ? version : "development";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"reel " + current(), "writes Rerun 0.33 .rrd streams"};
    }
}
