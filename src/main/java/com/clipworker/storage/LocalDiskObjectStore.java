package com.clipworker.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.clipworker.files.DiskSpace;

/**
 * The object store of local mode: one file per key under a root directory. Writes go to a
 * temporary file that is renamed over the target when complete, so a reader never sees
 * half an object and a failed write leaves nothing. Links are signed with a key of this
 * process and served by the worker itself ({@code /local/objects/...}) only in local
 * mode. Content types come from the key's extension.
 */
public class LocalDiskObjectStore implements ObjectStore {

	/** The path under which the worker serves this store's links. */
	public static final String LINK_PATH = "/local/objects/";

	private static final int CHUNK = 1 << 20;

	private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(Map.entry("mp4", "video/mp4"),
			Map.entry("m4a", "audio/mp4"), Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"),
			Map.entry("flac", "audio/flac"), Map.entry("ogg", "audio/ogg"), Map.entry("jpg", "image/jpeg"),
			Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"), Map.entry("webp", "image/webp"),
			Map.entry("srt", "application/x-subrip"), Map.entry("vtt", "text/vtt"),
			Map.entry("json", "application/json"), Map.entry("html", "text/html"));

	private final Path root;

	private final Path partials;

	private final URI publicUrl;

	private final byte[] linkKey;

	private final Clock clock;

	/**
	 * Creates a store.
	 * @param root the directory holding the objects (created when missing)
	 * @param publicUrl the worker's own base URL, for links
	 * @param linkKey the key that signs links
	 * @param clock the clock that judges link expiry
	 */
	public LocalDiskObjectStore(Path root, URI publicUrl, byte[] linkKey, Clock clock) {
		this.root = root.toAbsolutePath().normalize();
		this.partials = this.root.resolve(".partial");
		this.publicUrl = publicUrl;
		this.linkKey = linkKey.clone();
		this.clock = clock;
		try {
			Files.createDirectories(this.partials);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the object directory " + this.root, ex);
		}
	}

	public Path root() {
		return this.root;
	}

	private Path file(String key) {
		Path file = this.root.resolve(ObjectKeys.requireValidKey(key)).normalize();
		if (!file.startsWith(this.root) || file.equals(this.root)) {
			throw new InvalidObjectKeyException(key, "it leaves the store's directory");
		}
		return file;
	}

	@Override
	public ObjectInfo put(String key, Path source, String contentType, TransferListener listener) {
		Path target = file(key);
		Path partial = this.partials.resolve(UUID.randomUUID() + ".part");
		try {
			long total = Files.size(source);
			try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
					FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE_NEW,
							StandardOpenOption.WRITE)) {
				long copied = 0;
				while (copied < total) {
					if (Thread.currentThread().isInterrupted()) {
						throw new TransferInterruptedException("Upload", key);
					}
					long sent = in.transferTo(copied, Math.min(CHUNK * 8L, total - copied), out);
					if (sent <= 0) {
						throw new IOException("the file shrank while it was read");
					}
					copied += sent;
					listener.transferred(copied, total);
				}
				out.force(true);
			}
			Files.createDirectories(target.getParent());
			move(partial, target);
			return info(key, target);
		}
		catch (IOException ex) {
			throw new StorageUnavailableException("Upload", key, ex);
		}
		finally {
			deleteQuietly(partial);
		}
	}

	@Override
	public ObjectInfo get(String key, Path target) {
		Path file = file(key);
		if (!Files.isRegularFile(file)) {
			throw new ObjectNotFoundException(key);
		}
		Path partial = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
		try {
			Files.copy(file, partial);
			ObjectInfo info = info(key, file);
			move(partial, target);
			return info;
		}
		catch (NoSuchFileException ex) {
			throw new ObjectNotFoundException(key);
		}
		catch (IOException ex) {
			if (DiskSpace.isFull(ex)) {
				deleteQuietly(partial);
				throw new LocalDiskFullException("Download", key, partial.toAbsolutePath().getParent(), ex);
			}
			throw new StorageUnavailableException("Download", key, ex);
		}
		finally {
			deleteQuietly(partial);
		}
	}

	@Override
	public Optional<ObjectInfo> head(String key) {
		Path file = file(key);
		if (Files.isDirectory(file)) {
			return Optional.empty();
		}
		try {
			return Optional.of(info(key, file));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new StorageUnavailableException("Head", key, ex);
		}
	}

	@Override
	public void delete(String key) {
		Path file = file(key);
		try {
			Files.deleteIfExists(file);
			pruneEmptyParents(file.getParent());
		}
		catch (IOException ex) {
			throw new StorageUnavailableException("Delete", key, ex);
		}
	}

	@Override
	public int deletePrefix(String prefix) {
		List<ObjectInfo> objects = list(prefix);
		for (ObjectInfo object : objects) {
			delete(object.key());
		}
		return objects.size();
	}

	@Override
	public List<ObjectInfo> list(String prefix) {
		Path directory = this.root.resolve(ObjectKeys.requireValidPrefix(prefix)).normalize();
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		List<ObjectInfo> objects = new ArrayList<>();
		try {
			Files.walkFileTree(directory, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
					String key = LocalDiskObjectStore.this.root.relativize(file).toString().replace('\\', '/');
					objects.add(info(key, file));
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (IOException ex) {
			throw new StorageUnavailableException("List", prefix, ex);
		}
		objects.sort(Comparator.comparing(ObjectInfo::key));
		return objects;
	}

	@Override
	public URI presignedGet(String key, Duration expiry) {
		ObjectKeys.requireValidKey(key);
		long expires = this.clock.instant().plus(ObjectStore.requireValidExpiry(expiry)).getEpochSecond();
		String base = this.publicUrl.toString().replaceAll("/+$", "");
		return URI.create(base + LINK_PATH + key + "?expires=" + expires + "&signature=" + sign(key, expires));
	}

	/**
	 * The file a link points at, when the link is genuine, unexpired and its object
	 * exists.
	 * @param key the key from the link's path
	 * @param expires the link's {@code expires} parameter
	 * @param signature the link's {@code signature} parameter
	 * @return the file, or empty when the link does not open it
	 */
	public Optional<Path> open(String key, long expires, String signature) {
		try {
			ObjectKeys.requireValidKey(key);
		}
		catch (InvalidObjectKeyException ex) {
			return Optional.empty();
		}
		boolean genuine = MessageDigest.isEqual(sign(key, expires).getBytes(StandardCharsets.US_ASCII),
				signature.getBytes(StandardCharsets.US_ASCII));
		if (!genuine || this.clock.instant().getEpochSecond() > expires) {
			return Optional.empty();
		}
		Path file = file(key);
		return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
	}

	@Override
	public void check() {
		if (!Files.isDirectory(this.root) || !Files.isWritable(this.root)) {
			throw new StorageUnavailableException("Check", this.root.toString(),
					new IOException("not a writable directory"));
		}
	}

	@Override
	public String describe() {
		return "local disk at " + this.root;
	}

	private String sign(String key, long expires) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.linkKey, "HmacSHA256"));
			byte[] digest = mac.doFinal((key + "\n" + expires).getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is unavailable", ex);
		}
	}

	private static ObjectInfo info(String key, Path file) throws IOException {
		BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
		String etag = "\"" + Long.toHexString(attributes.size()) + "-"
				+ Long.toHexString(attributes.lastModifiedTime().toInstant().toEpochMilli() * 1_000_000
						+ attributes.lastModifiedTime().toInstant().getNano() % 1_000_000)
				+ "-" + Long.toHexString(fileKeyHash(attributes)) + "\"";
		return new ObjectInfo(key, attributes.size(), etag, contentType(key));
	}

	private static long fileKeyHash(BasicFileAttributes attributes) {
		Object fileKey = attributes.fileKey();
		return (fileKey != null) ? fileKey.hashCode() & 0xffffffffL : 0;
	}

	static String contentType(String key) {
		int dot = key.lastIndexOf('.');
		int slash = key.lastIndexOf('/');
		if (dot <= slash) {
			return "application/octet-stream";
		}
		return CONTENT_TYPES.getOrDefault(key.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private void pruneEmptyParents(Path directory) throws IOException {
		Path current = directory;
		while (current != null && current.startsWith(this.root) && !current.equals(this.root)) {
			try {
				Files.deleteIfExists(current);
			}
			catch (DirectoryNotEmptyException ex) {
				return;
			}
			current = current.getParent();
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot remove the partial file " + file, ex);
		}
	}

}
