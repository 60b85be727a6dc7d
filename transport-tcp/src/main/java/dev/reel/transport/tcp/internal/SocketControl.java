package dev.reel.transport.tcp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * What the raw TCP protocol needs of a connection that Vert.x's public {@link NetSocket} does not offer, in one
 * place: half-closure (a producer half-closes to say its stream is over, then reads the server's answer line;
 * Vert.x, like Netty by default, closes the whole connection when the input ends), an abortive close (a reset,
 * for a subscriber too slow to take what is queued; Vert.x's close waits for the queue to drain), and reading
 * Netty's buffers in place (Vert.x copies every read onto the heap). They need the Netty side of the socket,
 * which only Vert.x's internal {@link NetSocketInternal} exposes; {@code TestSocketControl} pins the behaviour so
 * that a Vert.x upgrade that changes it fails a test rather than a user.
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

    /**
     * Hands {@code received} every read of the socket as a view of Netty's own (pooled, off-heap) buffer, valid
     * only during the call: the buffer is released when it returns. {@link NetSocket#handler} would copy each read
     * into a new heap buffer first, which for a producer sending megabytes of chunks was half of the garbage of
     * ingest. {@code pause()} and {@code resume()} still apply: a paused socket stops reading from the operating
     * system, so no read is held back in Vert.x meanwhile.
     */
    static void readInPlace(NetSocket socket, Consumer<ByteBuffer> received) {
        ((NetSocketInternal) socket).messageHandler(message -> {
            try {
                if (message instanceof ByteBuf bytes) {
                    received.accept(bytes.nioBuffer());
                }
            } finally {
                ReferenceCountUtil.release(message);
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
