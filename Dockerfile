# locklab image: `docker build -t locklab/locklab:0.1.0 .` (docker compose builds it too).
# Needs only Docker: the jar is built inside the first stage. Images are pinned to exact versions.

# ---- build stage: Maven + Temurin 17 builds the shaded jar --------------------------------------
FROM docker.io/library/maven:3.9.11-eclipse-temurin-17 AS build
# extra Maven flags, e.g. --build-arg MAVEN_FLAGS=-o for an offline build from a mounted ~/.m2
ARG MAVEN_FLAGS=""
WORKDIR /src
COPY pom.xml ./
COPY src/main ./src/main
# tests need Redis and containers: they run in CI (./mvnw verify), not in the image build
RUN mvn -B --no-transfer-progress $MAVEN_FLAGS -Dmaven.test.skip=true package \
 && cp target/locklab.jar /locklab.jar

# ---- runtime stage: JRE only, non-root ---------------------------------------------------------
FROM docker.io/library/eclipse-temurin:17.0.17_10-jre
RUN useradd --system --uid 10001 --gid 0 --home-dir /app --no-create-home --shell /usr/sbin/nologin locklab \
 && mkdir -p /app/runs && chown -R 10001:0 /app && chmod -R g=u /app
WORKDIR /app
COPY --from=build /locklab.jar /app/locklab.jar
COPY scripts/containers/healthcheck.sh /app/healthcheck.sh

# Sized for a small container (a worker is one queue loop and one Redis client):
#  - heap as a share of the container's memory limit, Serial GC (no parallel GC threads),
#  - C1 only (fewer compiler threads, less code cache; the lab is not CPU bound),
#  - small thread stacks, metaspace capped, die on OOM (exit at once rather than limp on; compose's
#    `restart: unless-stopped` starts the container again, a Kubernetes Deployment does too),
#  - short DNS cache: a restarted Redis container comes back with a new address.
# Override the whole set with JAVA_TOOL_OPTIONS (the JVM logs "Picked up JAVA_TOOL_OPTIONS" once).
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=60 -XX:InitialRAMPercentage=5 -XX:TieredStopAtLevel=1 -Xss512k -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=96m -XX:+ExitOnOutOfMemoryError -Dnetworkaddress.cache.ttl=5 -Dnetworkaddress.cache.negative.ttl=1" \
    LOCKLAB_METRICS_PORT=9400
# Redisson's pools are already small by default (LOCKLAB_REDISSON_THREADS=2, LOCKLAB_NETTY_THREADS=2,
# LOCKLAB_REDIS_CONNECTIONS=6); a default Redisson client would start ~70 threads.

USER 10001
EXPOSE 9400
# /health on the metrics port, probed with bash's /dev/tcp: no curl in the image, no second JVM
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=3 CMD ["/app/healthcheck.sh"]
ENTRYPOINT ["java", "-jar", "/app/locklab.jar"]
CMD ["--help"]
