package ai.factory.routing.backend.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * One keep-alive connection to a backend, owned by one event loop: the last handler of its
 * pipeline, handing what it reads to the call using it. Idle in the pool it has one read pending,
 * so a server's close is seen at once; anything else a server sends then is a protocol error and
 * closes it.
 */
final class Connection extends ChannelInboundHandlerAdapter {

    final ConnectionPool pool;
    Channel channel;
    /** The call using the connection, or null while it sits in the pool. */
    Call call;
    long idleSince;

    Connection(ConnectionPool pool) {
        this.pool = pool;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Call current = call;
        if (current == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        current.onMessage(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Call current = call;
        if (current != null) {
            current.onReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pool.remove(this);
        lost(null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        lost(cause);
        ctx.close();
    }

    /** Detaches the call (it hears of the loss once) and leaves the connection unusable. */
    void lost(Throwable cause) {
        Call current = call;
        call = null;
        if (current != null) {
            current.onClosed(cause);
        }
    }

    /** The call is done with it: back to the pool when the server keeps it open, else closed. */
    void release(boolean keepAlive) {
        call = null;
        if (keepAlive) {
            pool.offer(this);
        } else {
            channel.close();
        }
    }

    /** The call gave up mid-answer (cancel, timeout): closed, never pooled, so the server stops. */
    void abort() {
        call = null;
        channel.close();
    }
}
