package ai.factory.gateway.accounting.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** A disk that fills up in the middle of the second line: half of it is written, then ENOSPC. */
    private static final class FillingDisk implements SpoolFiles.ChannelWriter {
        int calls;

        @Override
        public int write(FileChannel channel, ByteBuffer buffer) throws IOException {
            if (++calls == 2) {
                ByteBuffer half = buffer.slice(buffer.position(), buffer.remaining() / 2);
                int written = channel.write(half);
                buffer.position(buffer.position() + written);
                throw new IOException("No space left on device");
            }
            return channel.write(buffer);
        }
    }

    private static List<String> allLines(SpoolFiles files) throws Exception {
        files.seal();
        List<String> lines = new ArrayList<>();
        for (Path p : files.sealed()) {
            lines.addAll(Files.readAllLines(p));
        }
        return lines;
    }

    @Test
    void a_line_torn_by_a_full_disk_never_glues_onto_the_next_one() throws Exception {
        SpoolFiles files = new SpoolFiles(dir, 1024, Long.MAX_VALUE, new FillingDisk());
        files.append(line("{\"request_id\":\"one\"}"));
        assertThrows(IOException.class,
                () -> files.append(line("{\"request_id\":\"two-torn\"}")));
        files.append(line("{\"request_id\":\"three\"}"));
        assertEquals(List.of("{\"request_id\":\"one\"}", "{\"request_id\":\"three\"}"), allLines(files));
    }

    @Test
    void a_full_spool_refuses_events_and_takes_them_again_once_replayed() throws Exception {
        byte[] event = line("{\"request_id\":\"r\",\"tenant\":\"t\"}");
        SpoolFiles files = new SpoolFiles(dir, 1024, event.length * 3L, FileChannel::write);
        int refused = 0;
        for (int i = 0; i < 5; i++) {
            try {
                files.append(event);
            } catch (SpoolFiles.SpoolFullException full) {
                refused++;
            }
        }
        assertEquals(2, refused, "three fit under the cap, two are refused");
        assertEquals(event.length * 3L, files.usedBytes());
        assertEquals(3, allLines(files).size(), "the accepted events are whole");

        for (Path p : files.sealed()) {
            Files.delete(p); // what the replayer does once Redis took them
        }
        files.recount();
        files.append(event);
        assertEquals(event.length, files.usedBytes(), "room again after the replay");
    }

    @Test
    void the_cap_counts_what_a_previous_run_left_in_the_directory() throws Exception {
        Files.write(dir.resolve("usage-0000000000001-000001-dead.spool"), new byte[100]);
        SpoolFiles files = new SpoolFiles(dir, 1024, 120, FileChannel::write);
        assertEquals(100, files.usedBytes());
        assertThrows(SpoolFiles.SpoolFullException.class,
                () -> files.append(line("x".repeat(30))));
    }
}
