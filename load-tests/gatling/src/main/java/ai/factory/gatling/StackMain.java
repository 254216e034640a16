package ai.factory.gatling;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import redis.embedded.RedisServer;

/**
 * The backing servers of a load test's gateway: a real PostgreSQL and a real Redis unpacked
 * from Maven packages (the same ones the local run embeds), on ports the caller chooses, so a
 * load test never collides with a local run on the fixed ports. Runs until it is killed; a
 * shutdown hook stops both servers.
 *
 * <pre>java -cp ... ai.factory.gatling.StackMain --postgres-port 25432 --redis-port 26379 --data-dir /tmp/x</pre>
 */
public final class StackMain {

    private StackMain() {
    }

    public static void main(String[] args) throws Exception {
        int postgresPort = Integer.parseInt(option(args, "--postgres-port", "25432"));
        int redisPort = Integer.parseInt(option(args, "--redis-port", "26379"));
        Path dataDir = Path.of(option(args, "--data-dir", "target/stack"));
        Path redisDir = Files.createDirectories(dataDir.resolve("redis"));
        Path postgresDir = Files.createDirectories(dataDir.resolve("postgres"));

        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(postgresDir)
                .setCleanDataDirectory(false)
                .setPort(postgresPort)
                .start();
        RedisServer redis = RedisServer.newRedisServer()
                .port(redisPort)
                .bind("127.0.0.1")
                .setting("dir " + redisDir.toAbsolutePath())
                .setting("appendonly yes")
                .setting("save \"\"")
                .build();
        redis.start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                redis.stop();
            } catch (Exception e) {
                System.err.println("could not stop Redis: " + e);
            }
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("could not stop PostgreSQL: " + e);
            }
            stopped.countDown();
        }, "stack-shutdown"));
        System.out.println("STACK READY postgres=jdbc:postgresql://127.0.0.1:" + postgresPort
                + "/postgres redis=redis://127.0.0.1:" + redisPort);
        stopped.await();
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        return fallback;
    }
}
