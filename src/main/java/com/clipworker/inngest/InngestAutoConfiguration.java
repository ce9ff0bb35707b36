package com.clipworker.inngest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Serves the app's {@link InngestFunction} beans at {@code /api/inngest}. An
 * auto-configuration, so the worker and the conformance fixture share one wiring.
 */
@AutoConfiguration
@EnableConfigurationProperties(InngestProperties.class)
public class InngestAutoConfiguration {

	/** The path the endpoint is served at. */
	public static final String PATH = "/api/inngest";

	@Bean
	FunctionRegistry inngestFunctionRegistry(InngestProperties properties, ObjectProvider<InngestFunction> functions) {
		return new FunctionRegistry(properties.appId(), functions.orderedStream().toList());
	}

	/** Not a bean, so the worker's own HTTP clients stay unambiguous. */
	private final HttpClient httpClient = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	@Bean
	InngestApi inngestApi(InngestProperties properties) {
		return new InngestApi(properties, this.httpClient);
	}

	@Bean
	InngestEvents inngestEvents(InngestProperties properties) {
		return new InngestEvents(properties, this.httpClient, Clock.systemUTC());
	}

	@Bean
	InngestHandler inngestHandler(InngestProperties properties, FunctionRegistry registry, InngestApi api,
			InngestEvents events, ObjectProvider<StepMiddleware> middleware, ObjectProvider<MeterRegistry> meters) {
		MeterRegistry meterRegistry = meters.getIfAvailable(SimpleMeterRegistry::new);
		return new InngestHandler(properties, registry, api, events, middleware.orderedStream().toList(),
				new InngestMetrics(meterRegistry), Clock.systemUTC());
	}

	@Bean
	RouterFunction<ServerResponse> inngestRoutes(InngestHandler handler) {
		return RouterFunctions.route(RequestPredicates.path(PATH), (request) -> {
			InngestResponse response = handler.handle(new ServletInngestRequest(request));
			return ServerResponse.status(response.status())
				.headers((headers) -> response.headers().forEach(headers::set))
				.body(response.body());
		});
	}

	private record ServletInngestRequest(ServerRequest request) implements InngestRequest {

		private HttpServletRequest servlet() {
			return this.request.servletRequest();
		}

		@Override
		public String method() {
			return servlet().getMethod();
		}

		@Override
		public String url() {
			return servlet().getRequestURL().toString();
		}

		@Override
		public @Nullable String header(String name) {
			return servlet().getHeader(name);
		}

		@Override
		public @Nullable String query(String name) {
			String query = servlet().getQueryString();
			if (query == null) {
				return null;
			}
			for (String pair : query.split("&")) {
				int eq = pair.indexOf('=');
				String key = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
				if (key.equals(name)) {
					return (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
				}
			}
			return null;
		}

		@Override
		public long contentLength() {
			return servlet().getContentLengthLong();
		}

		@Override
		public InputStream body() throws IOException {
			return servlet().getInputStream();
		}

	}

}
