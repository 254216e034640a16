package ai.factory.gateway.accounting.spool;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.redis.RedisStore;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every replay interval, on its own thread: fsync the spool and, if Redis answers, seal the active
 * file and XADD every sealed file's events back into the stream, deleting a file only after all
 * its events were accepted. A replay cut short is simply repeated; the duplicates it makes are
 * absorbed by the ledger's unique request id.
 */
@Context
public class SpoolReplayer {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolReplayer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() { };
    private static final int PIPELINE = 500;
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

    private final UsageSpool spool;
    private final RedisStore client;
    private final Duration interval;
    private ScheduledExecutorService scheduler;
    private RedisStore.Link connection;

    public SpoolReplayer(UsageSpool spool, RedisStore client, SpoolConfig config) {
        this.spool = spool;
        this.client = client;
        this.interval = config.spoolReplayInterval();
    }

    @PostConstruct
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "usage-spool-replayer");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        tick(); // a last replay: what this instance spooled reaches Redis before it goes
        if (connection != null) {
            connection.close();
        }
    }

    private void tick() {
        try {
            SpoolFiles files = spool.files();
            files.force();
            if (!files.hasWork() || !redisAnswers()) {
                return;
            }
            files.seal();
            try {
                for (Path file : files.sealed()) {
                    int events = replay(file);
                    if (events >= 0) {
                        LOG.info("replayed {} spooled usage events from {} into {}", events, file.getFileName(), UsageEvent.STREAM);
                    }
                }
            } finally {
                files.recount(); // replayed files are gone: room for new events under the cap
            }
        } catch (Exception e) {
            LOG.warn("usage spool replay failed; the spool keeps the events and retries: {}", e.toString());
        }
    }

    private boolean redisAnswers() {
        try {
            if (connection == null) {
                connection = client.connect();
            }
            return "PONG".equals(connection.call(r -> r.ping()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** @return events replayed, or -1 when another replayer holds the file */
    private int replay(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                return -1;
            }
            int count = 0;
            List<RedisFuture<String>> inFlight = new ArrayList<>();
            BufferedReader reader = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                Map<String, String> fields = parse(file, line);
                if (fields != null) {
                    inFlight.add(connection.async().xadd(UsageEvent.STREAM, fields));
                    count++;
                }
                if (inFlight.size() >= PIPELINE) {
                    awaitAll(inFlight);
                }
            }
            awaitAll(inFlight);
            // Every event is in the stream: only now may the file go.
            Files.delete(file);
            return count;
        }
    }

    private static Map<String, String> parse(Path file, String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(line, FIELDS);
        } catch (IOException e) {
            // A line torn by a crash mid-write: keep it in the log, it cannot be replayed.
            LOG.error("unreadable line in usage spool {} skipped: {}", file.getFileName(), line);
            return null;
        }
    }

    private static void awaitAll(List<RedisFuture<String>> futures) throws IOException {
        if (!LettuceFutures.awaitAll(REPLY_TIMEOUT, futures.toArray(RedisFuture[]::new))) {
            throw new IOException("Redis did not accept the replayed events in time");
        }
        for (RedisFuture<String> f : futures) {
            if (f.getError() != null) {
                throw new IOException("Redis refused a replayed event: " + f.getError());
            }
        }
        futures.clear();
    }
}
