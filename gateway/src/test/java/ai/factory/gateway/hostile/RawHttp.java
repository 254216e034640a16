package ai.factory.gateway.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand over a socket, one request per connection ({@code connection: close}).
 * A high-level client refuses most of what a hostile caller sends (control characters in headers,
 * {@code //admin}, lying content lengths, half-sent bodies), so the suite speaks the wire itself.
 */
final class RawHttp {

    /** How the request leaves the client. */
    enum Delivery {
        /** Head and body in one write, then read the whole response. */
        WHOLE,
        /** The body in a few pieces with pauses between them (bounded: under a second in all). */
        SLOW,
        /** Half the declared body, then the connection is closed: no response is read. */
        TRUNCATED,
        /** The whole request, then read the response head and its first body bytes and close: a client that leaves a stream. */
        ABORT_AFTER_HEAD
    }

    /**
     * @param status 0 when no status line came back (the server closed, or the client left first)
     * @param complete whether the body was read to its end
     */
    record Response(int status, Map<String, String> headers, byte[] body, boolean complete, String failure) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    /**
     * @param source the local address to connect from (127.0.0.2 keeps floods of bad keys apart from the
     *     tenants' own traffic), or null
     */
    static Response exchange(int port, String source, byte[] head, byte[] body, Delivery delivery, long seed,
            int timeoutMillis) {
        try (Socket socket = new Socket()) {
            if (source != null) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            socket.setSoTimeout(timeoutMillis);
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            OutputStream out = socket.getOutputStream();
            try {
                send(out, head, body, delivery, seed);
            } catch (IOException e) {
                // The server may answer (413, 400) and close before the client has sent everything.
                return read(socket.getInputStream(), delivery, "send: " + e.getMessage());
            }
            if (delivery == Delivery.TRUNCATED) {
                return new Response(0, Map.of(), new byte[0], false, "truncated by the client");
            }
            return read(socket.getInputStream(), delivery, null);
        } catch (IOException e) {
            return new Response(0, Map.of(), new byte[0], false, e.toString());
        }
    }

    private static void send(OutputStream out, byte[] head, byte[] body, Delivery delivery, long seed)
            throws IOException {
        out.write(head);
        switch (delivery) {
            case WHOLE, ABORT_AFTER_HEAD -> out.write(body);
            case TRUNCATED -> out.write(body, 0, body.length / 2);
            case SLOW -> {
                int pieces = 3 + (int) Math.floorMod(seed, 5);
                int step = Math.max(1, body.length / pieces);
                for (int at = 0; at < body.length; at += step) {
                    out.write(body, at, Math.min(step, body.length - at));
                    out.flush();
                    sleep(20 + Math.floorMod(seed >> 3, 80));
                }
            }
        }
        out.flush();
    }

    private static Response read(InputStream in, Delivery delivery, String sendFailure) {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        try {
            // An interim answer (100 Continue) is followed by the real one.
            do {
                headBytes.reset();
                if (!readHead(in, headBytes)) {
                    return new Response(0, Map.of(), new byte[0], false,
                            sendFailure != null ? sendFailure : "closed before a response head");
                }
            } while (headBytes.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 1"));
            List<String> lines = List.of(headBytes.toString(StandardCharsets.ISO_8859_1).split("\r\n"));
            String[] statusLine = lines.get(0).split(" ", 3);
            int status = Integer.parseInt(statusLine[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
                }
            }
            if (delivery == Delivery.ABORT_AFTER_HEAD) {
                byte[] first = new byte[64];
                int n = in.read(first);
                return new Response(status, headers, n > 0 ? java.util.Arrays.copyOf(first, n) : new byte[0], false,
                        "client left after the head");
            }
            BodyRead body = readBody(in, headers);
            return new Response(status, headers, body.bytes, body.complete, body.complete ? null : "body cut short");
        } catch (SocketTimeoutException e) {
            return new Response(0, Map.of(), new byte[0], false, "timed out waiting for the response");
        } catch (IOException | RuntimeException e) {
            return new Response(0, Map.of(), new byte[0], false, "unreadable response: " + e);
        }
    }

    /** Reads up to and including the blank line that ends a response head; false if the stream ended first. */
    private static boolean readHead(InputStream in, ByteArrayOutputStream head) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return true;
    }

    private record BodyRead(byte[] bytes, boolean complete) {
    }

    private static BodyRead readBody(InputStream in, Map<String, String> headers) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String length = headers.get("content-length");
        if (length != null) {
            long n = Long.parseLong(length.split(",")[0].trim());
            byte[] bytes = in.readNBytes((int) n);
            return new BodyRead(bytes, bytes.length == n);
        }
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            while (true) {
                String sizeLine = line(in);
                if (sizeLine == null) {
                    return new BodyRead(body.toByteArray(), false);
                }
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    line(in);
                    return new BodyRead(body.toByteArray(), true);
                }
                byte[] chunk = in.readNBytes(size);
                body.write(chunk);
                if (chunk.length < size || line(in) == null) {
                    return new BodyRead(body.toByteArray(), false);
                }
            }
        }
        in.transferTo(body);
        return new BodyRead(body.toByteArray(), true);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return s.toString().replace("\r", "");
            }
            s.append((char) b);
        }
        return null;
    }

    /** Request line and header lines joined with CRLF, exactly as given (nothing is checked or escaped). */
    static byte[] head(String requestLine, List<String> headerLines) {
        List<String> all = new ArrayList<>();
        all.add(requestLine);
        all.addAll(headerLines);
        return (String.join("\r\n", all) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
