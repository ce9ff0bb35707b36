package com.clipworker.inngest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A durable function served over the Inngest protocol: its id, triggers, flow control and
 * handler. Declare one as a Spring bean and it is registered and served.
 *
 * <pre>
 * InngestFunction.builder("process-video").name("Process video")
 *     .trigger(Trigger.event("video/uploaded"))
 *     .concurrency(2, "event.data.ownerId").retries(4)
 *     .cancelOn("video/deleted", "async.data.videoId == event.data.videoId")
 *     .handler((ctx, step) -&gt; ...);
 * </pre>
 *
 * What the Inngest server would reject (batching with cancel, debounce, singleton or
 * priority; more than 10 triggers; more than 2 concurrency limits; bad durations) fails
 * {@link Builder#handler(Handler)} with a message naming the function and the rule.
 */
public final class InngestFunction {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	private final String id;

	private final String name;

	private final List<Trigger> triggers;

	private final @Nullable Integer retries;

	private final List<Concurrency> concurrency;

	private final @Nullable Throttle throttle;

	private final @Nullable RateLimit rateLimit;

	private final @Nullable Debounce debounce;

	private final @Nullable String idempotency;

	private final @Nullable String priority;

	private final @Nullable BatchEvents batchEvents;

	private final List<Cancel> cancel;

	private final @Nullable Timeouts timeouts;

	private final @Nullable Singleton singleton;

	private final Handler handler;

	private final @Nullable Handler onFailure;

	private InngestFunction(Builder builder, Handler handler) {
		this.id = builder.id;
		this.name = (builder.name != null) ? builder.name : builder.id;
		this.triggers = List.copyOf(builder.triggers);
		this.retries = builder.retries;
		this.concurrency = List.copyOf(builder.concurrency);
		this.throttle = builder.throttle;
		this.rateLimit = builder.rateLimit;
		this.debounce = builder.debounce;
		this.idempotency = builder.idempotency;
		this.priority = builder.priority;
		this.batchEvents = builder.batchEvents;
		this.cancel = List.copyOf(builder.cancel);
		this.timeouts = builder.timeouts;
		this.singleton = builder.singleton;
		this.handler = handler;
		this.onFailure = builder.onFailure;
	}

	/** Starts declaring a function with an id (unique within the app). */
	public static Builder builder(String id) {
		return new Builder(id);
	}

	public String id() {
		return this.id;
	}

	public String name() {
		return this.name;
	}

	public List<Trigger> triggers() {
		return this.triggers;
	}

	/** The number of retries after the first attempt, or {@code null} for Inngest's 4. */
	public @Nullable Integer retries() {
		return this.retries;
	}

	public List<Concurrency> concurrency() {
		return this.concurrency;
	}

	public @Nullable Throttle throttle() {
		return this.throttle;
	}

	public @Nullable RateLimit rateLimit() {
		return this.rateLimit;
	}

	public @Nullable Debounce debounce() {
		return this.debounce;
	}

	public @Nullable String idempotency() {
		return this.idempotency;
	}

	public @Nullable String priority() {
		return this.priority;
	}

	public @Nullable BatchEvents batchEvents() {
		return this.batchEvents;
	}

	public List<Cancel> cancel() {
		return this.cancel;
	}

	public @Nullable Timeouts timeouts() {
		return this.timeouts;
	}

	public @Nullable Singleton singleton() {
		return this.singleton;
	}

	public Handler handler() {
		return this.handler;
	}

	public @Nullable Handler onFailure() {
		return this.onFailure;
	}

	@Override
	public String toString() {
		return "InngestFunction[" + this.id + "]";
	}

	/** A function body. */
	@FunctionalInterface
	public interface Handler {

		/**
		 * Runs the function (again, on every request, replaying memoized steps).
		 * @return the run's result (serialised to JSON), or {@code null}
		 * @throws Exception to fail the attempt
		 */
		@Nullable Object handle(FunctionContext ctx, Step step) throws Exception;

	}

	/** Where a concurrency limit applies. */
	public enum Scope {

		FN, ENV, ACCOUNT;

		String wire() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** What a singleton does with a new run while one is running. */
	public enum SingletonMode {

		SKIP, CANCEL;

		String wire() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * A concurrency limit (of steps running at once).
	 *
	 * @param limit the limit
	 * @param key an expression grouping runs, or {@code null} for one group
	 * @param scope where the limit applies
	 */
	public record Concurrency(int limit, @Nullable String key, Scope scope) {
	}

	/**
	 * A throttle on run starts.
	 *
	 * @param limit runs per period
	 * @param period the period
	 * @param burst extra runs allowed at once, or {@code null}
	 * @param key an expression grouping runs, or {@code null}
	 */
	public record Throttle(int limit, Duration period, @Nullable Integer burst, @Nullable String key) {
	}

	/**
	 * A rate limit that drops runs beyond it.
	 *
	 * @param limit runs per period
	 * @param period the period (at most 24 h)
	 * @param key an expression grouping runs, or {@code null}
	 */
	public record RateLimit(int limit, Duration period, @Nullable String key) {
	}

	/**
	 * A debounce: one run after events stop arriving for a period.
	 *
	 * @param period the quiet period (1 s to 7 d)
	 * @param key an expression grouping events, or {@code null}
	 * @param timeout the longest delay, or {@code null}
	 */
	public record Debounce(Duration period, @Nullable String key, @Nullable Duration timeout) {
	}

	/**
	 * Batching of events into one run.
	 *
	 * @param maxSize most events per batch (at least 2)
	 * @param timeout longest wait for a full batch (at least 1 s)
	 * @param key an expression grouping events, or {@code null}
	 * @param condition an expression an event must satisfy to be batched, or {@code null}
	 */
	public record BatchEvents(int maxSize, Duration timeout, @Nullable String key, @Nullable String condition) {
	}

	/**
	 * Cancellation of a run by an event.
	 *
	 * @param event the event that cancels
	 * @param condition an expression over {@code event} and {@code async}, or
	 * {@code null}
	 * @param timeout how long the run listens for it, or {@code null}
	 */
	public record Cancel(String event, @Nullable String condition, @Nullable Duration timeout) {
	}

	/**
	 * Run timeouts.
	 *
	 * @param start longest wait before the run starts, or {@code null}
	 * @param finish longest run once started, or {@code null}
	 */
	public record Timeouts(@Nullable Duration start, @Nullable Duration finish) {
	}

	/**
	 * At most one run at a time per key.
	 *
	 * @param key an expression grouping runs
	 * @param mode what happens to a new run while one is running
	 */
	public record Singleton(String key, SingletonMode mode) {
	}

	/** Declares a function; {@link #handler(Handler)} checks and builds it. */
	public static final class Builder {

		private final String id;

		private @Nullable String name;

		private final List<Trigger> triggers = new ArrayList<>();

		private @Nullable Integer retries;

		private final List<Concurrency> concurrency = new ArrayList<>();

		private @Nullable Throttle throttle;

		private @Nullable RateLimit rateLimit;

		private @Nullable Debounce debounce;

		private @Nullable String idempotency;

		private @Nullable String priority;

		private @Nullable BatchEvents batchEvents;

		private final List<Cancel> cancel = new ArrayList<>();

		private @Nullable Timeouts timeouts;

		private @Nullable Singleton singleton;

		private @Nullable Handler onFailure;

		private Builder(String id) {
			this.id = id;
		}

		public Builder name(String name) {
			this.name = name;
			return this;
		}

		public Builder trigger(Trigger trigger) {
			this.triggers.add(trigger);
			return this;
		}

		/**
		 * The number of retries after the first attempt (0 to 20; Inngest's default 4).
		 */
		public Builder retries(int retries) {
			this.retries = retries;
			return this;
		}

		/** A function-wide concurrency limit. */
		public Builder concurrency(int limit) {
			return concurrency(new Concurrency(limit, null, Scope.FN));
		}

		/** A concurrency limit per key within the function. */
		public Builder concurrency(int limit, String key) {
			return concurrency(new Concurrency(limit, key, Scope.FN));
		}

		public Builder concurrency(Concurrency limit) {
			this.concurrency.add(limit);
			return this;
		}

		public Builder throttle(Throttle throttle) {
			this.throttle = throttle;
			return this;
		}

		public Builder rateLimit(RateLimit rateLimit) {
			this.rateLimit = rateLimit;
			return this;
		}

		public Builder debounce(Debounce debounce) {
			this.debounce = debounce;
			return this;
		}

		/** One run per value of an expression per 24 h. */
		public Builder idempotency(String expression) {
			this.idempotency = expression;
			return this;
		}

		/** An expression giving seconds of priority (within ±43 200). */
		public Builder priority(String expression) {
			this.priority = expression;
			return this;
		}

		public Builder batchEvents(BatchEvents batchEvents) {
			this.batchEvents = batchEvents;
			return this;
		}

		/** Cancels a run when an event arrives. */
		public Builder cancelOn(String event) {
			return cancelOn(new Cancel(event, null, null));
		}

		/** Cancels a run when an event satisfying an expression arrives. */
		public Builder cancelOn(String event, String condition) {
			return cancelOn(new Cancel(event, condition, null));
		}

		public Builder cancelOn(Cancel cancel) {
			this.cancel.add(cancel);
			return this;
		}

		public Builder timeouts(Timeouts timeouts) {
			this.timeouts = timeouts;
			return this;
		}

		public Builder singleton(Singleton singleton) {
			this.singleton = singleton;
			return this;
		}

		/**
		 * What runs when a run of this function has failed for good; registered as the
		 * function {@code <id>-failure} on {@code inngest/function.failed}.
		 */
		public Builder onFailure(Handler onFailure) {
			this.onFailure = onFailure;
			return this;
		}

		/**
		 * Sets the body and builds the function.
		 * @throws InngestConfigurationException naming the function and the rule it
		 * breaks
		 */
		public InngestFunction handler(Handler handler) {
			validate();
			return new InngestFunction(this, handler);
		}

		private void validate() {
			if (this.id == null || !ID.matcher(this.id).matches()) {
				fail("the id must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
			}
			if (this.name != null && this.name.isBlank()) {
				fail("the name must not be blank");
			}
			if (this.triggers.size() > 10) {
				fail("at most 10 triggers are allowed, not " + this.triggers.size());
			}
			if (new HashSet<>(this.triggers).size() != this.triggers.size()) {
				fail("triggers must not repeat");
			}
			for (Trigger trigger : this.triggers) {
				boolean event = trigger.event() != null && !trigger.event().isBlank();
				boolean cron = trigger.cron() != null && !trigger.cron().isBlank();
				if (event == cron) {
					fail("a trigger has either an event or a cron schedule");
				}
				if (event && trigger.event().length() > 255) {
					fail("event names are at most 255 characters");
				}
				if (cron && trigger.cron().length() > 255) {
					fail("cron schedules are at most 255 characters");
				}
				if (event && trigger.jitter() != null) {
					fail("jitter applies to cron triggers only");
				}
				if (trigger.jitter() != null) {
					within("cron jitter", trigger.jitter(), Duration.ofSeconds(1), Duration.ofMinutes(5));
				}
			}
			if (this.retries != null && (this.retries < 0 || this.retries > 20)) {
				fail("retries must be between 0 and 20, not " + this.retries);
			}
			if (this.concurrency.size() > 2) {
				fail("at most 2 concurrency limits are allowed, not " + this.concurrency.size());
			}
			for (Concurrency limit : this.concurrency) {
				if (limit.limit() < 0) {
					fail("a concurrency limit must not be negative");
				}
				if (limit.scope() != Scope.FN && (limit.key() == null || limit.key().isBlank())) {
					fail("a concurrency limit scoped to " + limit.scope().wire() + " needs a key");
				}
			}
			if (this.throttle != null) {
				positive("throttle limit", this.throttle.limit());
				within("throttle period", this.throttle.period(), Duration.ofSeconds(1), Duration.ofDays(7));
			}
			if (this.rateLimit != null) {
				positive("rate limit", this.rateLimit.limit());
				within("rate limit period", this.rateLimit.period(), Duration.ofSeconds(1), Duration.ofHours(24));
			}
			if (this.debounce != null) {
				within("debounce period", this.debounce.period(), Duration.ofSeconds(1), Duration.ofDays(7));
				if (this.debounce.timeout() != null) {
					within("debounce timeout", this.debounce.timeout(), Duration.ofSeconds(1), Duration.ofDays(7));
				}
			}
			if (this.batchEvents != null) {
				if (this.batchEvents.maxSize() < 2) {
					fail("batchEvents.maxSize must be at least 2");
				}
				within("batchEvents.timeout", this.batchEvents.timeout(), Duration.ofSeconds(1), Duration.ofDays(7));
				if (!this.cancel.isEmpty()) {
					fail("batchEvents cannot be combined with cancelOn");
				}
				if (this.debounce != null) {
					fail("batchEvents cannot be combined with debounce");
				}
				if (this.singleton != null) {
					fail("batchEvents cannot be combined with singleton");
				}
				if (this.priority != null) {
					fail("batchEvents cannot be combined with priority");
				}
			}
			if (this.cancel.size() > 5) {
				fail("at most 5 cancelOn events are allowed, not " + this.cancel.size());
			}
			for (Cancel c : this.cancel) {
				if (c.event() == null || c.event().isBlank()) {
					fail("cancelOn needs an event name");
				}
				if (c.timeout() != null) {
					within("cancelOn timeout", c.timeout(), Duration.ofSeconds(1), Duration.ofDays(366));
				}
			}
			if (this.timeouts != null) {
				if (this.timeouts.start() != null) {
					within("timeouts.start", this.timeouts.start(), Duration.ofSeconds(1), Duration.ofDays(366));
				}
				if (this.timeouts.finish() != null) {
					within("timeouts.finish", this.timeouts.finish(), Duration.ofSeconds(1), Duration.ofDays(366));
				}
			}
			if (this.singleton != null && (this.singleton.key() == null || this.singleton.key().isBlank())) {
				fail("singleton needs a key");
			}
		}

		private void positive(String what, int value) {
			if (value < 1) {
				fail(what + " must be at least 1, not " + value);
			}
		}

		private void within(String what, Duration value, Duration min, Duration max) {
			if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
				fail(what + " must be between " + Durations.format(min) + " and " + Durations.format(max) + ", not "
						+ Durations.format(value));
			}
		}

		private void fail(String rule) {
			throw new InngestConfigurationException("Inngest function '" + this.id + "': " + rule);
		}

	}

}
