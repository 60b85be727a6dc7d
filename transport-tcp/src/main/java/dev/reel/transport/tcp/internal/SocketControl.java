package dev.reel.transport.tcp.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * The two things the raw TCP protocol needs of a connection that Vert.x's public {@link NetSocket} does not
 * offer, in one place: half-closure (a producer half-closes to say its stream is over, then reads the server's
 * answer line; Vert.x, like Netty by default, closes the whole connection when the input ends) and an abortive
 * close (a reset, for a subscriber too slow to take what is queued; Vert.x's close waits for the queue to
 * drain). Both need the Netty channel behind the socket, which only Vert.x's internal
 * {@link NetSocketInternal} exposes; {@code TestSocketControl} pins the behaviour so that a Vert.x upgrade that
 * changes it fails a test rather than a user.
 */
final class SocketControl {
    private SocketControl() {}

    /**
     * Keeps the connection open for writing when the peer ends its output, and calls {@code inputEnded} then
     * (on the socket's context), instead of closing it. The call comes at once, ahead of bytes read before the end
     * that a {@code pause()} still holds back: a reader that pauses takes the end only after them (a task queued
     * on the context after {@code resume()} runs once they are handed over).
     */
    static void onHalfClose(NetSocket socket, Runnable inputEnded) {
        NetSocketInternal internal = (NetSocketInternal) socket;
        internal.channelHandlerContext().channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        internal.eventHandler(event -> {
            if (event instanceof ChannelInputShutdownEvent) {
                inputEnded.run();
            }
        });
    }

    /** Closes with a reset, dropping whatever is queued for the peer. */
    static void reset(NetSocket socket) {
        ChannelHandlerContext context = ((NetSocketInternal) socket).channelHandlerContext();
        context.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        context.close();
    }
}
