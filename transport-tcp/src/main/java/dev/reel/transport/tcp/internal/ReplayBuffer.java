package dev.reel.transport.tcp.internal;

import dev.reel.api.bus.LogFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What a subscriber joining late receives first, as Rerun's proxy keeps it: store infos, activation commands
 * and blueprint data (never dropped), then static chunks (never dropped), then the other chunks, of which the
 * oldest are dropped when the buffer is over its byte limit. Confined to the transport's event loop.
 */
final class ReplayBuffer {
    private final long limitBytes;
    private final List<LogFrame> persistent = new ArrayList<>();
    private final List<LogFrame> statics = new ArrayList<>();
    private final Deque<LogFrame> disposable = new ArrayDeque<>();
    private long disposableBytes;
    private long droppedFrames;

    ReplayBuffer(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    void add(LogFrame frame) {
        if (frame.isPersistent()) {
            persistent.add(frame);
        } else if (frame.isStatic()) {
            statics.add(frame);
        } else {
            disposable.addLast(frame);
            disposableBytes += frame.size();
            while (disposableBytes > limitBytes && !disposable.isEmpty()) {
                disposableBytes -= disposable.removeFirst().size();
                droppedFrames++;
            }
        }
    }

    /** The history in the order a new reader needs it: persistent, static, then the rest oldest first. */
    List<LogFrame> history() {
        List<LogFrame> all = new ArrayList<>(persistent.size() + statics.size() + disposable.size());
        all.addAll(persistent);
        all.addAll(statics);
        all.addAll(disposable);
        return all;
    }

    long droppedFrames() {
        return droppedFrames;
    }
}
