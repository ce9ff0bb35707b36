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
# Dependencies and plugins first, in their own layer, so a source change does not download them again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
# Offline (-o): everything the package step needs was resolved above, so a build that reaches for the network
# here fails instead of silently re-downloading on every source change. Tests are neither compiled nor run
# (-Dmaven.test.skip; CI runs them), the S3Mock server the tests start is not copied (-Dmdep.skip) and the
# formatter check is CI's (-Dspring-javaformat.validate.skip; -Dspring-javaformat.skip does not skip it).
RUN ./mvnw -B -ntp -q -o package -Dmaven.test.skip=true -Dmdep.skip=true -Dspring-javaformat.validate.skip=true \
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
# AOT cache (JDK 25, JEP 483/514): a training run records the classes the worker loads and links while its
# Spring context starts, and the CMD maps them in ready-made: about half the start-up CPU (docs/performance.md).
# The build has no database or bucket to reach, so the run stops once the context is refreshed
# (-Dspring.context.exit=onRefresh), with placeholder settings and migrations off: nothing connects anywhere.
# It runs here, on the runtime JRE and the final /app paths, because the cache is only valid for the same JVM
# and class path; if they ever differ the JVM warns and starts without it.
RUN WORKER_MODE=production DATA_DIR=/tmp/aot-training DATABASE_MIGRATE=false \
      DATABASE_URL=postgresql://training@127.0.0.1:9/training R2_ENDPOINT=http://127.0.0.1:9 \
      R2_ACCESS_KEY_ID=training R2_SECRET_ACCESS_KEY=training R2_BUCKET=training INNGEST_SIGNING_KEY=signkey-prod-00 \
    java -Xms32m -Xmx256m -Xss512k -XX:+UseSerialGC -XX:AOTCacheOutput=/app/clipworker.aot -Dspring.context.exit=onRefresh \
      -jar /app/clipworker.jar \
 && rm -rf /tmp/aot-training
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
# -Xms32m: the heap starts small and grows towards the cap only when the work needs it. Without it the JVM
# starts at 1/64 of the machine's memory (the whole 256 MB on a 16 GB host) and an idle worker keeps ~60 MB
# more resident (docs/performance.md).
# -XX:+ExitOnOutOfMemoryError makes an exhausted heap a restart (Railway's restart policy) instead of a zombie.
# The flags go on the command line, not in JAVA_TOOL_OPTIONS, which every child JVM would inherit too.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["java", "-Xms32m", "-Xmx256m", "-Xss512k", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=/app/clipworker.aot", "-jar", "/app/clipworker.jar"]
