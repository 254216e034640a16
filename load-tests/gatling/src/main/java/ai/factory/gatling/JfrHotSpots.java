package ai.factory.gatling;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hot spots of a JFR recording's CPU samples ({@code jdk.ExecutionSample}): the methods on
 * top of the stack (self), the methods anywhere on it (inclusive, counted once per sample) and a
 * share per library, so a profile reads at a glance.
 *
 * <pre>java -cp ... ai.factory.gatling.JfrHotSpots gateway.jfr [top=25]</pre>
 */
public final class JfrHotSpots {

    /** Library buckets by package prefix, first match wins (inner frames first). */
    private static final String[][] LIBRARIES = {
        {"ai.factory.", "gateway/routing code (ai.factory)"},
        {"io.lettuce.", "Lettuce (Redis client)"},
        {"com.knuddels.jtokkit", "jtokkit (token counting)"},
        {"com.fasterxml.jackson", "Jackson (JSON)"},
        {"jdk.internal.net.http", "JDK HttpClient"},
        {"java.net.http", "JDK HttpClient"},
        {"reactor.", "Reactor"},
        {"io.micronaut.", "Micronaut"},
        {"io.netty.", "Netty"},
        {"io.micrometer.", "Micrometer"},
        {"io.opentelemetry.", "OpenTelemetry"},
        {"ch.qos.logback", "Logback"},
        {"sun.nio.", "NIO (sockets, selectors)"},
        {"java.", "JDK (java.*)"},
        {"jdk.", "JDK (jdk.*)"},
        {"sun.", "JDK (sun.*)"},
    };

    private JfrHotSpots() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> libraries = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!"jdk.ExecutionSample".equals(event.getEventType().getName())) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                if (seen.add(name(frame))) {
                    inclusive.merge(name(frame), 1, Integer::sum);
                }
            }
            libraries.merge(library(frames), 1, Integer::sum);
            String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("-?\\d+$", "-N"), 1, Integer::sum);
        }
        System.out.printf(Locale.ROOT, "%d CPU samples in %s%n", samples, file);
        print("by library (the innermost frame's library that is not the JDK itself, else the JDK)", libraries, samples, top);
        print("by thread", threads, samples, 12);
        print("self (top of stack)", self, samples, top);
        print("inclusive (anywhere on the stack)", inclusive, samples, top);
        Map<String, Integer> ours = new HashMap<>();
        inclusive.forEach((method, count) -> {
            if (method.startsWith("ai.factory.") && !method.contains("$$Lambda")) {
                ours.put(method, count);
            }
        });
        print("inclusive, our code only (ai.factory)", ours, samples, top * 2);
    }

    /** The innermost frame that belongs to a library or to our code; the JDK only when nothing else is there. */
    private static String library(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (String[] library : LIBRARIES) {
                if (type.startsWith(library[0]) && !library[1].startsWith("JDK (") && !library[1].startsWith("NIO")) {
                    return library[1];
                }
            }
        }
        String type = frames.get(0).getMethod().getType().getName();
        for (String[] library : LIBRARIES) {
            if (type.startsWith(library[0])) {
                return library[1];
            }
        }
        return "other";
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top) {
        System.out.println();
        System.out.println("## " + title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "%6.1f%%  %6d  %s%n", 100.0 * e.getValue() / samples,
                        e.getValue(), e.getKey()));
    }
}
