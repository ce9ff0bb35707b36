package com.clipworker.local;

import java.nio.file.Path;
import java.util.Optional;

import com.clipworker.storage.LocalDiskObjectStore;
import com.clipworker.storage.ObjectStore;

import org.springframework.context.annotation.Profile;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the links of the local-disk store
 * ({@code /local/objects/<key>?expires=&signature=}) in local mode, with range requests
 * so that browsers can seek in videos. Anything that is not a genuine, unexpired link to
 * an existing object is a plain 404. When the worker uses R2, links point at R2 and this
 * answers 404 to everything.
 */
@RestController
@Profile("local")
class LocalObjectController {

	private final ObjectStore store;

	LocalObjectController(ObjectStore store) {
		this.store = store;
	}

	@GetMapping(LocalDiskObjectStore.LINK_PATH + "{*key}")
	ResponseEntity<FileSystemResource> object(@PathVariable String key, @RequestParam(defaultValue = "0") long expires,
			@RequestParam(defaultValue = "") String signature) {
		if (!(this.store instanceof LocalDiskObjectStore local)) {
			return ResponseEntity.notFound().build();
		}
		String objectKey = key.startsWith("/") ? key.substring(1) : key;
		Optional<Path> file = local.open(objectKey, expires, signature);
		if (file.isEmpty()) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(local.head(objectKey)
				.map((info) -> (info.contentType() != null) ? info.contentType() : "application/octet-stream")
				.orElse("application/octet-stream")))
			.cacheControl(CacheControl.noStore())
			.body(new FileSystemResource(file.get()));
	}

}
