# syntax=docker/dockerfile:1
#
# Clipworker image: build with the Maven wrapper, run on Debian bookworm-slim with ffmpeg 5.1 and Chromium from
# Debian (the versions the tests run against) and the Temurin 25 JRE. scripts/image-check runs the same build and
# start commands outside a container, because CI has no container engine.

# ---- build -------------------------------------------------------------------------------------------------------
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
# Cap the build's memory: Railway's builders and small CI runners have little of it.
ENV MAVEN_OPTS="-Xmx768m -XX:+UseSerialGC"
# Dependencies first, in their own layer, so a source change does not download them again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp -q dependency:go-offline -DexcludeGroupIds=com.adobe.testing
COPY src src
# Tests run in CI (scripts/test); the image build only packages.
RUN ./mvnw -B -ntp -q package -DskipTests -Dspring-javaformat.skip=true \
 && java -Djarmode=tools -jar target/clipworker-*.jar extract --layers --destination /extracted

# ---- runtime -----------------------------------------------------------------------------------------------------
FROM debian:bookworm-slim AS runtime
# Ubuntu-based Temurin images offer Chromium only as a snap, which does not run in containers, so the JRE is
# copied from the official Temurin image onto Debian, whose chromium and ffmpeg packages are real.
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH="${JAVA_HOME}/bin:${PATH}"
COPY --from=eclipse-temurin:25-jre /opt/java/openjdk ${JAVA_HOME}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ffmpeg chromium fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji tini curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /app --shell /usr/sbin/nologin clipworker
WORKDIR /app
# Only the application, layer by layer, least often changed first.
COPY --from=build --chown=clipworker /extracted/dependencies/ ./
COPY --from=build --chown=clipworker /extracted/spring-boot-loader/ ./
COPY --from=build --chown=clipworker /extracted/snapshot-dependencies/ ./
COPY --from=build --chown=clipworker /extracted/application/ ./
RUN mv clipworker-*.jar clipworker.jar
USER clipworker
ENV WORKER_MODE=production \
    PORT=3001 \
    DATA_DIR=/app/data \
    CHROMIUM_PATH=/usr/bin/chromium
EXPOSE 3001
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD curl -fsS "http://127.0.0.1:${PORT}/api/health" >/dev/null || exit 1
# tini is PID 1: it forwards SIGTERM to the JVM and reaps the orphaned children of killed ffmpeg and Chromium trees.
#
# Heap: -Xmx256m, set explicitly rather than as a percentage of the container. The web app this worker came from
# capped its heap at 200 MB; the worker keeps no media in the heap (uploads and downloads stream to disk, ffmpeg
# and Chromium get file paths), so the heap holds Spring, bounded request bodies (5 MiB each) and small step JSON,
# and the whole pipeline runs under 256 MB (docs/performance.md). ffmpeg (200-400 MB per encode) and Chromium
# (~400 MB) use memory outside the heap: size the container for the heap plus one of each per 2 vCPU.
# -XX:+ExitOnOutOfMemoryError makes an exhausted heap a restart (Railway's restart policy) instead of a zombie.
# The flags go on the command line, not in JAVA_TOOL_OPTIONS, which every child JVM would inherit too.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["java", "-Xmx256m", "-Xss512k", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/clipworker.jar"]
