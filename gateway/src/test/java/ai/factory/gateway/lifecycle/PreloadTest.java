package ai.factory.gateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.products.ManifestException;
import ai.factory.products.ProductCatalog;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PreloadTest {

    @Test
    void work_runs_on_its_own_thread_and_the_taker_waits_for_the_result() {
        CountDownLatch release = new CountDownLatch(1);
        Preload<String> preload = Preload.start("preload-test", () -> {
            release.await();
            return Thread.currentThread().getName();
        });
        release.countDown();
        assertEquals("preload-test", preload.get());
        assertNotEquals("preload-test", Thread.currentThread().getName());
    }

    @Test
    void a_failure_reaches_the_taker_unchanged() {
        ManifestException failure = new ManifestException("products/x/manifest.yaml", "model", "is missing");
        Preload<String> preload = Preload.start("preload-test", () -> {
            throw failure;
        });
        assertSame(failure, assertThrows(ManifestException.class, preload::get));
    }

    @Test
    void a_checked_failure_reaches_the_taker_as_its_cause() {
        IOException failure = new IOException("unreadable");
        Preload<String> preload = Preload.start("preload-test", () -> {
            throw failure;
        });
        assertSame(failure, assertThrows(IllegalStateException.class, preload::get).getCause());
    }

    @Test
    void the_preloaded_catalog_is_taken_once_then_loaded_where_asked() {
        StartupPreloads.start();
        ProductCatalog preloaded = StartupPreloads.builtInCatalog();
        ProductCatalog fresh = StartupPreloads.builtInCatalog();
        assertNotSame(preloaded, fresh);
        assertEquals(fresh.size(), preloaded.size());
        assertTrue(preloaded.size() > 0);
    }
}
