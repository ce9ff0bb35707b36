package com.clipworker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Clipworker: the background-job half of the video-clipping web app. Inngest calls it at
 * {@code /api/inngest}; ops call {@code /api/health}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ClipworkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(ClipworkerApplication.class, args);
	}

}
