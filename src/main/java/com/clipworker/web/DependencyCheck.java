package com.clipworker.web;

import java.util.concurrent.Callable;

/**
 * One dependency that {@code /api/health} reports.
 *
 * @param name the name shown in the health body ({@code database}, {@code objectStore},
 * ...)
 * @param essential whether the worker can do nothing without it (down makes the worker
 * down, 503) or only some jobs need it (down makes the worker degraded, 200)
 * @param probe a cheap check that returns normally when the dependency works and throws
 * when it does not
 */
public record DependencyCheck(String name, boolean essential, Callable<?> probe) {

	public static DependencyCheck essential(String name, Callable<?> probe) {
		return new DependencyCheck(name, true, probe);
	}

	public static DependencyCheck optional(String name, Callable<?> probe) {
		return new DependencyCheck(name, false, probe);
	}

}
