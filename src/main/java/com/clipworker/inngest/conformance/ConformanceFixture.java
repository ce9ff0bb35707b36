package com.clipworker.inngest.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.clipworker.inngest.InngestAutoConfiguration;
import com.clipworker.inngest.InngestFunction;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The app Inngest's conformance runner drives: the five reference functions served at
 * {@code /api/inngest} in dev mode with in-band sync, and {@code GET /health}.
 * Deliberately not a component (the worker's scan must not pick it up); it imports only
 * the web stack and the Inngest auto-configuration.
 */
@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class,
		DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
		HttpMessageConvertersAutoConfiguration.class, InngestAutoConfiguration.class })
public final class ConformanceFixture {

	/** The key of Inngest's own conformance fixture (the hex of "this is a test key"). */
	public static final String SIGNING_KEY = "7468697320697320612074657374206b6579";

	private ConformanceFixture() {
	}

	public static void main(String[] args) {
		start(args);
	}

	/**
	 * Starts the fixture.
	 * @param args Spring Boot arguments ({@code --server.port=3000}, {@code --inngest.*})
	 * @return the running context
	 */
	public static ConfigurableApplicationContext start(String... args) {
		return start(new ConformanceFunctions().all(), args);
	}

	/**
	 * Serves other functions with the same minimal stack (tests use it as a small app).
	 * @param functions the functions to serve
	 * @param args Spring Boot arguments
	 * @return the running context
	 */
	public static ConfigurableApplicationContext start(List<InngestFunction> functions, String... args) {
		SpringApplication application = new SpringApplication(ConformanceFixture.class);
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("clipworker.mode", "local");
		defaults.put("server.port", "3000");
		defaults.put("server.address", "127.0.0.1");
		defaults.put("spring.main.banner-mode", "off");
		defaults.put("inngest.app-id", "conformance-java");
		defaults.put("inngest.dev", "1");
		defaults.put("inngest.allow-in-band-sync", "true");
		defaults.put("inngest.signing-key", SIGNING_KEY);
		defaults.put("inngest.event-key", "test");
		application.setDefaultProperties(defaults);
		application.addInitializers((context) -> {
			GenericApplicationContext generic = (GenericApplicationContext) context;
			for (InngestFunction function : functions) {
				generic.registerBean("conformance-" + function.id(), InngestFunction.class, () -> function);
			}
			generic.registerBean("conformanceHealth", RouterFunction.class, ConformanceFixture::health);
		});
		return application.run(args);
	}

	private static RouterFunction<ServerResponse> health() {
		return RouterFunctions.route()
			.GET("/health", (request) -> ServerResponse.ok().body(Map.of("status", "ok")))
			.build();
	}

}
