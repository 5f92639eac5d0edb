package io.cahier.sync;

import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import java.lang.reflect.Field;
import java.util.logging.Logger;

/**
 * The Netty channel under a Vert.x server WebSocket, so that a connection can write a batch of
 * frames and flush once (one system call) instead of once per frame. Vert.x Web wraps the socket
 * it upgrades; the wrapper is opened by reflection. When that is not possible the connection falls
 * back to Vert.x's own per-frame writes.
 */
final class SocketChannel {

    private static final Logger LOG = Logger.getLogger(SocketChannel.class.getName());
    private static volatile boolean warned;

    private SocketChannel() {
    }

    static ChannelHandlerContext of(ServerWebSocket socket) {
        Object candidate = socket;
        try {
            for (int depth = 0; depth < 3 && !(candidate instanceof WebSocketInternal); depth++) {
                Field delegate = candidate.getClass().getDeclaredField("delegate");
                delegate.setAccessible(true);
                candidate = delegate.get(candidate);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            candidate = null;
        }
        if (candidate instanceof WebSocketInternal internal) {
            return internal.channelHandlerContext();
        }
        if (!warned) {
            warned = true;
            LOG.warning("cannot reach the WebSocket's channel; writing frame by frame");
        }
        return null;
    }
}
