package ai.factory.emulator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.EventExecutor;

/**
 * The response side of one HTTP request on a keep-alive connection: a whole response, or a
 * chunked event stream, or an abrupt close. All methods run on the connection's event loop.
 * When the response is complete the connection is handed back to {@link HttpHandler} for the
 * next request (or closed when the client did not ask for keep-alive).
 */
final class ResponseWriter {

    private static final CharSequence JSON = HttpHeaderValues.APPLICATION_JSON;
    private static final CharSequence EVENT_STREAM = "text/event-stream; charset=utf-8";

    private final ChannelHandlerContext ctx;
    private final HttpHandler owner;
    private final boolean keepAlive;
    private final String requestId;
    private Runnable onClientGone;
    private ChannelFuture lastWrite;
    private boolean finished;
    private boolean streaming;

    ResponseWriter(ChannelHandlerContext ctx, HttpHandler owner, HttpRequest request) {
        this.ctx = ctx;
        this.owner = owner;
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.requestId = request.headers().get("x-request-id");
    }

    ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    EventExecutor executor() {
        return ctx.executor();
    }

    /** Runs {@code action} if the client closes the connection before the response is complete. */
    void onClientGone(Runnable action) {
        this.onClientGone = action;
    }

    void respondJson(HttpResponseStatus status, ByteBuf body) {
        respond(status, JSON, body, 0);
    }

    void respondText(HttpResponseStatus status, CharSequence contentType, ByteBuf body) {
        respond(status, contentType, body, 0);
    }

    void respondError(ApiError error) {
        respond(error.status, JSON, OpenAiWire.error(ctx.alloc(), error), error.retryAfterSeconds);
    }

    /** Sends the headers of a chunked {@code text/event-stream} response, flushed at once. */
    void startStream() {
        streaming = true;
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        HttpUtil.setTransferEncodingChunked(response, true);
        decorate(response);
        lastWrite = ctx.writeAndFlush(response);
    }

    /** Queues one piece of the stream; nothing reaches the client until {@link #flush()}. */
    void write(ByteBuf content) {
        lastWrite = ctx.write(new DefaultHttpContent(content));
    }

    void flush() {
        ctx.flush();
    }

    /** Ends the chunked stream properly (the zero-length chunk) and frees the connection. */
    void endStream() {
        lastWrite = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        complete();
    }

    /**
     * Closes the connection without finishing the response, like a model server that crashed:
     * a stream loses its terminating chunk, a plain request gets no response at all. What was
     * already written is flushed first, so the client sees exactly the tokens sent before.
     */
    void abort() {
        finished = true;
        onClientGone = null;
        ctx.flush();
        if (lastWrite != null && !lastWrite.isDone()) {
            lastWrite.addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    boolean isFinished() {
        return finished;
    }

    /** Called by {@link HttpHandler} when the connection closes. */
    void connectionClosed() {
        Runnable action = onClientGone;
        onClientGone = null;
        if (!finished && action != null) {
            finished = true;
            action.run();
        }
    }

    private void respond(HttpResponseStatus status, CharSequence contentType, ByteBuf body, int retryAfter) {
        if (finished) {
            body.release(); // the client left or the response was aborted: nobody to answer
            return;
        }
        if (streaming) {
            body.release(); // too late for a status line: end the stream the only way left
            abort();
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        if (retryAfter > 0) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfter);
        }
        HttpUtil.setContentLength(response, body.readableBytes());
        decorate(response);
        lastWrite = ctx.writeAndFlush(response);
        complete();
    }

    private void decorate(HttpResponse response) {
        if (requestId != null) {
            response.headers().set("x-request-id", requestId);
        }
        HttpUtil.setKeepAlive(response, keepAlive);
    }

    private void complete() {
        if (finished) {
            return;
        }
        finished = true;
        onClientGone = null;
        if (keepAlive) {
            owner.responseComplete(this);
        } else {
            lastWrite.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
