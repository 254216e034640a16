package ai.factory.gateway.accounting.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The spool directory: one active file ({@code *.open}) that appends go to, and sealed files
 * ({@code *.spool}) waiting to be replayed. The writer holds an OS lock on its active file, so a
 * second process sharing the directory, or this one after a crash, can tell a live file from an
 * orphan. Plain Java, no framework.
 *
 * <p>Durability: each append is one {@code write} to the OS, so it survives the gateway process
 * dying; {@link #force()} (called every replay interval) makes it survive the machine dying too.
 * fsync per append would stall the calling thread, which may be an event loop.
 */
public final class SpoolFiles {

    static final String OPEN = ".open";
    static final String SEALED = ".spool";

    private final Path dir;
    private final long maxFileBytes;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private long sequence;
    private FileChannel active;
    private FileLock activeLock;
    private Path activePath;
    private boolean unsynced;

    public SpoolFiles(Path dir, long maxFileBytes) throws IOException {
        this.dir = dir;
        this.maxFileBytes = maxFileBytes;
        // The directory is made on the first append: an instance whose Redis never failed leaves no trace.
        if (Files.isDirectory(dir)) {
            sealOrphans();
        }
    }

    public Path dir() {
        return dir;
    }

    /** Appends one whole line; the caller's bytes must end with a newline. */
    public synchronized void append(byte[] line) throws IOException {
        if (active != null && active.size() + line.length > maxFileBytes) {
            seal();
        }
        if (active == null) {
            open();
        }
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            active.write(buffer);
        }
        unsynced = true;
    }

    public synchronized void force() throws IOException {
        if (active != null && unsynced) {
            active.force(false);
            unsynced = false;
        }
    }

    /** True when an event waits anywhere: in the active file or in a sealed one. */
    public synchronized boolean hasWork() throws IOException {
        return (active != null && active.size() > 0) || !sealed().isEmpty();
    }

    /** Closes the active file for replay; the next append starts a new one. */
    public synchronized void seal() throws IOException {
        if (active == null) {
            return;
        }
        active.force(false);
        activeLock.release();
        active.close();
        Files.move(activePath, sealedName(activePath));
        active = null;
        activeLock = null;
        activePath = null;
        unsynced = false;
    }

    /** Sealed files, oldest first (names begin with the creation time). */
    public List<Path> sealed() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SEALED)).sorted().toList();
        }
    }

    public synchronized void close() throws IOException {
        seal();
    }

    private void open() throws IOException {
        String name = String.format("usage-%013d-%06d-%s%s", System.currentTimeMillis(), ++sequence, instance, OPEN);
        Files.createDirectories(dir);
        activePath = dir.resolve(name);
        active = FileChannel.open(activePath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        activeLock = active.lock();
    }

    /** An {@code .open} file nobody holds a lock on was left by a process that died: replay it. */
    private void sealOrphans() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(OPEN)).toList()) {
                try (FileChannel channel = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    FileLock lock = channel.tryLock();
                    if (lock == null) {
                        continue;
                    }
                    lock.release();
                } catch (OverlappingFileLockException e) {
                    continue; // another spool in this JVM (a test's second app) owns it
                }
                Files.move(p, sealedName(p));
            }
        }
    }

    private static Path sealedName(Path open) {
        String name = open.getFileName().toString();
        return open.resolveSibling(name.substring(0, name.length() - OPEN.length()) + SEALED);
    }
}
