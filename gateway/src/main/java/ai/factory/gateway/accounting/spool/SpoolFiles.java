package ai.factory.gateway.accounting.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
    private final long maxTotalBytes;
    private final ChannelWriter writer;
    /** Bytes in every spool file of the directory, ours and others' (recounted from disk by {@link #recount()}). */
    private long usedBytes;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private long sequence;
    private FileChannel active;
    private FileLock activeLock;
    private Path activePath;
    private boolean unsynced;

    public SpoolFiles(Path dir, long maxFileBytes) throws IOException {
        this(dir, maxFileBytes, Long.MAX_VALUE, FileChannel::write);
    }

    /**
     * @param maxTotalBytes past this many bytes in the directory an append is refused with
     *     {@link SpoolFullException}: a spool must not fill the disk the gateway runs on
     * @param writer how bytes reach the file (a test's stands in for a disk that fills up mid-write)
     */
    SpoolFiles(Path dir, long maxFileBytes, long maxTotalBytes, ChannelWriter writer) throws IOException {
        this.dir = dir;
        this.maxFileBytes = maxFileBytes;
        this.maxTotalBytes = maxTotalBytes;
        this.writer = writer;
        // The directory is made on the first append: an instance whose Redis never failed leaves no trace.
        if (Files.isDirectory(dir)) {
            sealOrphans();
        }
        recount();
    }

    /** Writes some bytes of a buffer to a channel, as {@link FileChannel#write(ByteBuffer)} does. */
    @FunctionalInterface
    interface ChannelWriter {
        int write(FileChannel channel, ByteBuffer buffer) throws IOException;
    }

    /** The spool holds its cap: the event was not written. */
    public static final class SpoolFullException extends IOException {
        SpoolFullException(String message) {
            super(message);
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * Appends one whole line; the caller's bytes must end with a newline. A line is all or nothing:
     * if the write fails part way (a full disk), the file is cut back to where the line began, so
     * the next line never glues onto a torn one. If even that fails, the file is sealed as it is
     * and the next line starts a new file; the replay skips the torn tail (it does not parse) and
     * reads every whole line before it.
     */
    public synchronized void append(byte[] line) throws IOException {
        if (usedBytes + line.length > maxTotalBytes) {
            throw new SpoolFullException("the usage spool holds " + usedBytes + " bytes, its cap is " + maxTotalBytes);
        }
        if (active != null && active.size() + line.length > maxFileBytes) {
            seal();
        }
        if (active == null) {
            open();
        }
        long start = active.size();
        ByteBuffer buffer = ByteBuffer.wrap(line);
        try {
            while (buffer.hasRemaining()) {
                writer.write(active, buffer);
            }
        } catch (IOException e) {
            tornAt(start);
            throw e;
        }
        usedBytes += line.length;
        unsynced = true;
    }

    /** Recounts the bytes on disk, after the replayer deleted files (or another instance did). */
    public synchronized void recount() throws IOException {
        long total = 0;
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(OPEN) || name.endsWith(SEALED)) {
                        try {
                            total += Files.size(p);
                        } catch (NoSuchFileException gone) {
                            // replayed and deleted meanwhile
                        }
                    }
                }
            }
        }
        usedBytes = total;
    }

    public synchronized long usedBytes() {
        return usedBytes;
    }

    private void tornAt(long start) {
        try {
            active.truncate(start);
            active.position(start);
        } catch (IOException | RuntimeException cannotCut) {
            try {
                seal();
            } catch (IOException | RuntimeException cannotSeal) {
                // Leave it: a new file begins either way, and the orphan is sealed at the next start.
                active = null;
                activeLock = null;
                activePath = null;
            }
        }
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
