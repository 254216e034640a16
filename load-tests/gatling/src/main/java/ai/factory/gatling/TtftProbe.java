package ai.factory.gatling;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Time to first token of streamed chat completions, one request at a time over one keep-alive
 * connection: the time from writing the request to reading the first SSE event whose delta
 * carries non-empty content. wrk cannot see inside a response, hence this probe. A minimal
 * HTTP/1.1 client on a blocking socket (TCP_NODELAY), so the probe itself adds microseconds,
 * the same for every target it measures.
 *
 * <pre>java -cp ... ai.factory.gatling.TtftProbe --url http://127.0.0.1:8000/v1/chat/completions
 *     [--key sk-gw-...] [--requests 3000] [--warmup 1000] [--max-tokens 16] [--label direct]</pre>
 *
 * Prints one line: {@code TTFT <label> n=.. p50=.. p90=.. p99=.. mean=.. us; stream p50=.. p99=.. us}.
 * Each request has its own prompt and temperature 0: a cache miss that the gateway looks up
 * (and then stores), so every request goes to the backend.
 */
public final class TtftProbe {

    private static final byte[] CONTENT = "\"content\":\"".getBytes(StandardCharsets.US_ASCII);

    private TtftProbe() {
    }

    public static void main(String[] args) throws IOException {
        URI url = URI.create(StackMain.option(args, "--url", "http://127.0.0.1:8000/v1/chat/completions"));
        String key = StackMain.option(args, "--key", "");
        int requests = Integer.parseInt(StackMain.option(args, "--requests", "3000"));
        int warmup = Integer.parseInt(StackMain.option(args, "--warmup", "1000"));
        int maxTokens = Integer.parseInt(StackMain.option(args, "--max-tokens", "16"));
        String model = StackMain.option(args, "--model", "chat-default");
        String label = StackMain.option(args, "--label", url.getHost() + ":" + url.getPort());
        String run = Long.toString(System.nanoTime(), 36);

        long[] ttft = new long[requests];
        long[] total = new long[requests];
        Connection connection = null;
        try {
            for (int i = -warmup; i < requests; i++) {
                String body = "{\"model\":\"" + model + "\",\"stream\":true,\"temperature\":0,\"max_tokens\":" + maxTokens
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"ttft probe " + run + " " + i
                        + " tell me about gpus\"}]}";
                byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
                String head = "POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                        + "\r\ncontent-type: application/json\r\naccept: text/event-stream\r\ncontent-length: "
                        + bodyBytes.length + "\r\n" + (key.isEmpty() ? "" : "authorization: Bearer " + key + "\r\n") + "\r\n";
                byte[] request = concat(head.getBytes(StandardCharsets.US_ASCII), bodyBytes);
                if (connection == null) {
                    connection = new Connection(url); // outside the timed part
                }
                long start = System.nanoTime();
                connection.out.write(request);
                connection.out.flush();
                Response response = readResponse(connection.in, start);
                long end = System.nanoTime();
                if (i >= 0) {
                    ttft[i] = response.firstToken - start;
                    total[i] = end - start;
                }
                if (response.close) {
                    // The server ends keep-alive (nginx after keepalive_requests): a new connection.
                    connection.close();
                    connection = null;
                }
            }
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
        Arrays.sort(ttft);
        Arrays.sort(total);
        System.out.printf(Locale.ROOT, "TTFT %s n=%d p50=%.0f p90=%.0f p99=%.0f mean=%.0f us; stream p50=%.0f p99=%.0f us%n",
                label, requests, us(pct(ttft, 50)), us(pct(ttft, 90)), us(pct(ttft, 99)), us(mean(ttft)),
                us(pct(total, 50)), us(pct(total, 99)));
    }

    private record Response(long firstToken, boolean close) {
    }

    private static final class Connection implements AutoCloseable {
        final Socket socket = new Socket();
        final OutputStream out;
        final InputStream in;

        Connection(URI url) throws IOException {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 65536);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Reads one whole response: when its first content token arrived, whether the server closes. */
    private static Response readResponse(InputStream in, long start) throws IOException {
        String status = line(in);
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException("unexpected response: " + status);
        }
        boolean chunked = false;
        boolean close = false;
        long length = -1;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String h = header.toLowerCase(Locale.ROOT);
            if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
                chunked = true;
            } else if (h.startsWith("connection:") && h.contains("close")) {
                close = true;
            } else if (h.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).trim());
            }
        }
        Scanner scanner = new Scanner();
        if (!chunked) {
            byte[] body = in.readNBytes((int) length);
            scanner.feed(body, body.length);
            return new Response(scanner.firstToken > 0 ? scanner.firstToken : System.nanoTime(), close);
        }
        byte[] buffer = new byte[8192];
        while (true) {
            int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
            if (size == 0) {
                line(in); // the empty line after the last chunk (no trailers)
                break;
            }
            int left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("connection closed mid-chunk");
                }
                scanner.feed(buffer, n);
                left -= n;
            }
            line(in);
        }
        if (scanner.firstToken == 0) {
            throw new IOException("the stream carried no content token");
        }
        return new Response(scanner.firstToken, close);
    }

    /** Finds the first {@code "content":"x} (non-empty) across chunk boundaries. */
    private static final class Scanner {
        long firstToken;
        int matched;

        void feed(byte[] data, int n) {
            if (firstToken != 0) {
                return;
            }
            for (int i = 0; i < n; i++) {
                if (matched == CONTENT.length) {
                    if (data[i] != '"') {
                        firstToken = System.nanoTime();
                        return;
                    }
                    matched = 0;
                }
                byte b = data[i];
                if (b == CONTENT[matched]) {
                    matched++;
                } else {
                    matched = b == CONTENT[0] ? 1 : 0;
                }
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                out.write(b);
            }
        }
        if (b < 0 && out.size() == 0) {
            throw new IOException("connection closed");
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double mean(long[] values) {
        return Arrays.stream(values).average().orElse(0);
    }

    private static double us(double nanos) {
        return nanos / 1000.0;
    }
}
