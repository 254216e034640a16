package ai.factory.gateway;

import ai.factory.gateway.local.LocalStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.nio.file.Path;

/**
 * Starts the gateway. With no database or Redis configured it first starts the embedded local
 * stack (see {@link LocalStack}) and runs with the {@code local} environment, which adds the
 * emulated GPU pool and the demo tenant.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(System.getenv().getOrDefault("GATEWAY_DATA_DIR", "data"));
        LocalStack stack = LocalStack.startMissing(System.getenv(), dataDir);
        Micronaut micronaut = Micronaut.build(args).mainClass(Application.class).properties(stack.properties());
        if (stack.isLocal()) {
            micronaut.environments("local");
        }
        ApplicationContext context = micronaut.start();
        // The embedded servers must outlive the context's graceful shutdown (in-flight streams
        // still talk to the emulators). stop() is idempotent and waits for a stop under way.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.stop();
            stack.close();
        }, "local-stack-shutdown"));
    }
}
