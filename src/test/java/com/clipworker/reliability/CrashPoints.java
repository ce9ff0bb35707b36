package com.clipworker.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import com.clipworker.inngest.StepContext;
import com.clipworker.inngest.StepMiddleware;
import com.clipworker.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;

/**
 * Test-only crash points for {@link CrashWorker}, the worker of the crash scenarios.
 * Every executed step logs {@code CRASH_POINT STEP_STARTED} and {@code STEP_RETURNED}
 * lines, and every upload a {@code PUT} line, which tell the test when a step runs and
 * what it wrote. The worker can also be made to stop at a chosen point and stay there
 * until the test kills it: right after a step's body returned (its writes are done, its
 * answer is not sent: {@code after-step <function> <step>}), or right after the upload of
 * a chosen key, before whatever the step writes next ({@code after-put <key>}). What to
 * hold is read from the file that {@code CLIPWORKER_CRASH_CONTROL} names, at every step
 * and every upload, so a test arms a running replica by writing that file. Not annotated:
 * only {@link CrashWorker} adds it.
 */
public class CrashPoints {

	private static final Logger logger = LoggerFactory.getLogger(CrashPoints.class);

	private static final String CONTROL = "CLIPWORKER_CRASH_CONTROL";

	@Bean
	StepMiddleware crashPointMarkers() {
		return (step, body) -> {
			String where = "fn=" + step.functionId() + " step=" + step.stepId() + " run=" + step.runId() + " attempt="
					+ step.attempt();
			logger.info("CRASH_POINT STEP_STARTED {}", where);
			long started = System.nanoTime();
			Object result = body.call();
			logger.info("CRASH_POINT STEP_RETURNED {} ms={}", where, (System.nanoTime() - started) / 1_000_000);
			if (armed("after-step " + step.functionId() + " " + step.stepId())) {
				hold("after-step " + where);
			}
			return result;
		};
	}

	@Bean
	static BeanPostProcessor holdAfterUpload() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (!(bean instanceof ObjectStore store)) {
					return bean;
				}
				return Proxy.newProxyInstance(CrashPoints.class.getClassLoader(), new Class<?>[] { ObjectStore.class },
						(proxy, method, args) -> {
							Object result;
							try {
								result = method.invoke(store, args);
							}
							catch (InvocationTargetException ex) {
								throw ex.getCause();
							}
							if (method.getName().equals("put") && args != null && args[0] instanceof String key) {
								StepContext step = StepContext.find().orElse(null);
								String where = "key=" + key + ((step != null) ? " step=" + step.stepId() : "");
								logger.info("CRASH_POINT PUT {}", where);
								if (armed("after-put " + key)) {
									hold("after-put " + where);
								}
							}
							return result;
						});
			}
		};
	}

	private static boolean armed(String point) {
		String control = System.getenv(CONTROL);
		if (control == null) {
			return false;
		}
		Path file = Path.of(control);
		if (!Files.exists(file)) {
			return false;
		}
		try {
			List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
			return lines.stream().map(String::strip).anyMatch(point::equals);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stays here until the process is killed. */
	private static void hold(String point) {
		logger.info("CRASH_POINT HELD {}", point);
		while (true) {
			LockSupport.park();
		}
	}

}
