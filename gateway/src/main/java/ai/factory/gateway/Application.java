package ai.factory.gateway;

import ai.factory.gateway.lifecycle.JarResourceLoader;
import ai.factory.gateway.lifecycle.MigrateCommand;
import ai.factory.gateway.lifecycle.StartupPreloads;
import ai.factory.gateway.local.LocalStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Starts the gateway. With no database or Redis configured it first starts the embedded local
 * stack (see {@link LocalStack}) and runs with the {@code local} environment, which adds the
 * emulated GPU pool and the demo tenant.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        // With 2 CPUs the common pool gets parallelism 1, and CompletableFuture then runs every
        // async step on a brand-new thread (the JDK HttpClient completes each response that way).
        if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
            System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism",
                    Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
        }
        if (args.length > 0 && args[0].equals("migrate")) {
            var result = MigrateCommand.run(System.getenv());
            System.out.println("migrations applied: " + result.migrationsExecuted + ", schema at version " + result.targetSchemaVersion);
            return;
        }
        // The tokenizer's tables and the product catalog are built on the second core while the
        // context starts on this one.
        StartupPreloads.start();
        Path dataDir = Path.of(System.getenv().getOrDefault("GATEWAY_DATA_DIR", "data"));
        LocalStack stack;
        try {
            stack = LocalStack.startMissing(System.getenv(), dataDir);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Micronaut micronaut = JarResourceLoader.build(args).mainClass(Application.class).properties(stack.properties());
        if (stack.isLocal()) {
            micronaut.environments("local");
        }
        ApplicationContext context;
        try {
            context = micronaut.start();
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        // Micronaut's own shutdown hook stops the server gracefully (in-flight streams finish).
        // The embedded servers must outlive that, so this hook waits for it instead of calling
        // stop() itself: two hooks stopping one context deadlock on its monitors.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (context.isRunning() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            stack.close();
        }, "local-stack-shutdown"));
    }
}
