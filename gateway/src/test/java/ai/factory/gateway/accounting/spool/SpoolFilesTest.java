package ai.factory.gateway.accounting.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolFilesTest {

    @TempDir
    Path dir;

    private static byte[] line(String s) {
        return (s + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void nothing_is_created_until_the_first_append() throws Exception {
        Path spool = dir.resolve("spool");
        SpoolFiles files = new SpoolFiles(spool, 1024);
        assertFalse(files.hasWork());
        assertFalse(Files.exists(spool));
        files.append(line("a"));
        assertTrue(files.hasWork());
    }

    @Test
    void sealing_hands_over_the_appended_lines_and_starts_a_new_file() throws Exception {
        SpoolFiles files = new SpoolFiles(dir, 1024);
        files.append(line("a"));
        files.append(line("b"));
        files.seal();
        files.append(line("c"));
        List<Path> sealed = files.sealed();
        assertEquals(1, sealed.size());
        assertEquals(List.of("a", "b"), Files.readAllLines(sealed.get(0)));
        files.seal();
        assertEquals(2, files.sealed().size());
    }

    @Test
    void a_full_file_is_sealed_and_a_new_one_begun() throws Exception {
        SpoolFiles files = new SpoolFiles(dir, 10);
        for (int i = 0; i < 5; i++) {
            files.append(line("line" + i));
        }
        assertEquals(4, files.sealed().size());
    }

    @Test
    void an_orphaned_open_file_from_a_dead_process_is_sealed_for_replay() throws Exception {
        Files.writeString(dir.resolve("usage-0000000000001-000001-dead0000.open"), "x\n");
        SpoolFiles files = new SpoolFiles(dir, 1024);
        assertEquals(1, files.sealed().size());
        assertTrue(files.hasWork());
    }
}
