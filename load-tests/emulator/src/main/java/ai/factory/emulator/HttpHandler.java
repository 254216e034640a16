package ai.factory.emulator;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * One per connection. Hands each aggregated request to the {@link Router} and keeps HTTP/1.1
 * order: responses are asynchronous (they wait for timers), so a request pipelined behind
 * another waits here until the previous response is complete.
 */
final class HttpHandler extends ChannelInboundHandlerAdapter {

    private final Router router;
    private final ArrayDeque<FullHttpRequest> pipelined = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private ResponseWriter current;

    HttpHandler(Router router) {
        this.router = router;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        FullHttpRequest request = (FullHttpRequest) msg;
        if (current != null) {
            pipelined.addLast(request);
        } else {
            dispatch(request);
        }
    }

    /** Called by the writer when its response is complete and the connection stays open. */
    void responseComplete(ResponseWriter writer) {
        if (writer != current) {
            return;
        }
        current = null;
        FullHttpRequest next = pipelined.pollFirst();
        if (next != null) {
            dispatch(next);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ResponseWriter writer = current;
        current = null;
        if (writer != null) {
            writer.connectionClosed();
        }
        FullHttpRequest request;
        while ((request = pipelined.pollFirst()) != null) {
            request.release();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and broken pipes are normal when load-test clients go away; anything else
        // is a bug worth a line on stderr, but never worth the server.
        if (!(cause instanceof IOException)) {
            System.err.println("emulator: closing connection after " + cause);
        }
        ctx.close();
    }

    private void dispatch(FullHttpRequest request) {
        ResponseWriter writer = new ResponseWriter(ctx, this, request);
        current = writer;
        try {
            if (request.decoderResult().isFailure()) {
                writer.respondError(ApiError.invalid("Malformed HTTP request: "
                        + request.decoderResult().cause(), null));
            } else {
                router.route(request, writer);
            }
        } catch (ApiError error) {
            writer.respondError(error);
        } catch (RuntimeException e) {
            if (!writer.isFinished()) {
                writer.respondError(ApiError.internal(e));
            }
        } finally {
            request.release();
        }
    }
}
