package com.clipworker.reliability;

import com.clipworker.ClipworkerApplication;

import org.springframework.boot.SpringApplication;

/**
 * The worker with the {@link CrashPoints} added: what the crash and redelivery scenarios
 * start as child processes.
 */
public final class CrashWorker {

	private CrashWorker() {
	}

	public static void main(String[] args) {
		new SpringApplication(ClipworkerApplication.class, CrashPoints.class).run(args);
	}

}
