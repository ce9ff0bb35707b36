package com.clipworker.reliability;

import com.clipworker.ClipworkerApplication;

import org.springframework.boot.SpringApplication;

/**
 * The worker with the {@link ProbeFunctions} added: what the shutdown and load scenarios
 * start as a child process.
 */
public final class ProbeWorker {

	private ProbeWorker() {
	}

	public static void main(String[] args) {
		new SpringApplication(ClipworkerApplication.class, ProbeFunctions.class).run(args);
	}

}
