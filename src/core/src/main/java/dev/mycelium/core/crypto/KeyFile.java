package dev.mycelium.core.crypto;

import static dev.mycelium.core.crypto.CryptoConstants.KEY_SIZE;

import dev.mycelium.core.crypto.KeyFileException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The node's key file (protocol.md 1.1): exactly the 32 raw, unclamped X25519 secret bytes, no header. Like Mycelium,
 * loading reads the first 32 bytes and ignores any extra bytes.
 *
 * <p>Our rules where Mycelium is looser: an existing file that cannot be used (too short, a directory, unreadable)
 * is an error and is <em>never</em> overwritten, except by an explicit {@link #replace}; new files are created with
 * mode {@code 0600} atomically (the permissions are part of the create call, never a chmod afterwards; Mycelium uses
 * {@code 0640}), and missing parent directories are created {@code 0700}.
 */
public final class KeyFile {

    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    /** The keys in a key file, and whether this call created the file. */
    public record Loaded(NodeKeys keys, Path path, boolean created) {
    }

    private KeyFile() {
    }

    /** The platform's default key file path (see {@link PlatformDirs#defaultKeyFile()}). */
    public static Path defaultPath() {
        return PlatformDirs.current().defaultKeyFile();
    }

    /**
     * Loads the keys from an existing key file.
     *
     * @throws KeyFileException NOT_FOUND when there is no file; TOO_SHORT, NOT_A_FILE or UNREADABLE when it cannot
     *                          be used (the file is left as it is)
     */
    public static NodeKeys load(Path path) throws KeyFileException {
        if (Files.isDirectory(path)) {
            throw new KeyFileException(Reason.NOT_A_FILE, path, "key file " + path + " is a directory, not a file");
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            // checked before opening: opening a FIFO would block
            throw new KeyFileException(Reason.NOT_A_FILE, path, "key file " + path + " is not a regular file");
        }
        byte[] secret = new byte[KEY_SIZE];
        int read = 0;
        try (InputStream in = Files.newInputStream(path)) {
            while (read < KEY_SIZE) {
                int n = in.read(secret, read, KEY_SIZE - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
        } catch (NoSuchFileException e) {
            throw new KeyFileException(Reason.NOT_FOUND, path, "key file " + path + " not found", e);
        } catch (AccessDeniedException e) {
            throw new KeyFileException(Reason.UNREADABLE, path, "key file " + path + " is not readable: permission denied",
                    e);
        } catch (IOException e) {
            throw new KeyFileException(Reason.UNREADABLE, path, "key file " + path + " is not readable: " + describe(e),
                    e);
        }
        if (read < KEY_SIZE) {
            throw new KeyFileException(Reason.TOO_SHORT, path, "key file " + path + " holds " + read
                    + " bytes; a key file holds the " + KEY_SIZE + " raw bytes of a secret key. The file was left"
                    + " unchanged: restore it, move it away, or replace it with 'generate-keys --force'");
        }
        return NodeKeys.fromSecret(secret);
    }

    /**
     * Loads the key file, or creates it with a fresh key when there is no file at {@code path} (what a node does at
     * start). An existing file that cannot be used is an error and is left untouched.
     */
    public static Loaded loadOrCreate(Path path) throws KeyFileException {
        try {
            return new Loaded(load(path), path, false);
        } catch (KeyFileException e) {
            if (e.reason() != Reason.NOT_FOUND) {
                throw e;
            }
        }
        NodeKeys keys = NodeKeys.generate();
        try {
            createNew(path, keys);
            return new Loaded(keys, path, true);
        } catch (KeyFileException e) {
            if (e.reason() != Reason.ALREADY_EXISTS) {
                throw e;
            }
            return new Loaded(load(path), path, false); // another process created it first: use theirs
        }
    }

    /**
     * Writes {@code keys} to a new file at {@code path}, mode 0600, creating missing parent directories.
     *
     * @throws KeyFileException ALREADY_EXISTS when anything exists at {@code path} (it is left untouched)
     */
    public static void createNew(Path path, NodeKeys keys) throws KeyFileException {
        createParents(path);
        boolean created = false;
        try (FileChannel ch = FileChannel.open(path, EnumSet.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), fileAttributes(path, FILE_MODE))) {
            created = true;
            writeFully(ch, keys.secretBytes());
            ch.force(true);
        } catch (FileAlreadyExistsException e) {
            throw new KeyFileException(Reason.ALREADY_EXISTS, path, "key file " + path + " already exists", e);
        } catch (IOException e) {
            if (created) {
                deleteQuietly(path);
            }
            throw new KeyFileException(Reason.WRITE_FAILED, path, "cannot write key file " + path + ": " + describe(e),
                    e);
        }
    }

    /**
     * Replaces whatever key file is at {@code path} (or creates it) with {@code keys}: written to a temporary 0600 file
     * in the same directory, then renamed over the old one, so a reader never sees half a key. Refuses a directory.
     */
    public static void replace(Path path, NodeKeys keys) throws KeyFileException {
        if (Files.isDirectory(path)) {
            throw new KeyFileException(Reason.NOT_A_FILE, path, "key file " + path + " is a directory, not a file");
        }
        createParents(path);
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + path.getFileName() + ".", ".tmp", fileAttributes(dir, FILE_MODE));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(ch, keys.secretBytes());
                ch.force(true);
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException e) {
            throw new KeyFileException(Reason.WRITE_FAILED, path, "cannot write key file " + path + ": " + describe(e),
                    e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    private static void createParents(Path path) throws KeyFileException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null || Files.isDirectory(parent)) {
            return;
        }
        try {
            Files.createDirectories(parent, fileAttributes(parent.getRoot(), DIR_MODE));
        } catch (IOException e) {
            throw new KeyFileException(Reason.WRITE_FAILED, path, "cannot create directory " + parent + " for key file "
                    + path + ": " + describe(e), e);
        }
    }

    private static FileAttribute<?>[] fileAttributes(Path onFileSystemOf, Set<PosixFilePermission> mode) {
        boolean posix = onFileSystemOf.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    private static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort: the original error is what the user needs to see
        }
    }

    private static String describe(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
