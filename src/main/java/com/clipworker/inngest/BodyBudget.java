package com.clipworker.inngest;

import java.util.concurrent.atomic.AtomicLong;

/** Bounds the request-body bytes buffered at once across concurrent requests. */
final class BodyBudget {

	private final long limit;

	private final AtomicLong reserved = new AtomicLong();

	BodyBudget(long limit) {
		this.limit = limit;
	}

	boolean tryReserve(long bytes) {
		while (true) {
			long current = this.reserved.get();
			if (current + bytes > this.limit) {
				return false;
			}
			if (this.reserved.compareAndSet(current, current + bytes)) {
				return true;
			}
		}
	}

	void release(long bytes) {
		this.reserved.addAndGet(-bytes);
	}

}
