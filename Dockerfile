# Build stage: compile the release binary.
FROM rust:1.95-bookworm AS build
WORKDIR /src
# Dependencies first, in a layer of their own: a change to CodeVault's code rebuilds only
# CodeVault, not the few hundred crates under it (placeholder sources stand in for ours).
COPY Cargo.toml Cargo.lock ./
RUN mkdir src && echo 'fn main() {}' > src/main.rs && touch src/lib.rs \
    && cargo build --release --locked \
    && rm -rf src target/release/.fingerprint/codevault-* target/release/deps/codevault-* \
        target/release/deps/libcodevault-*
COPY src ./src
COPY locales ./locales
RUN cargo build --release --locked

# Run stage: a small image with the binary and CA certificates.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/codevault /usr/local/bin/codevault
# The embedded store's data directory, owned by the user the bot runs as (a volume mounted
# here starts with this owner).
RUN mkdir /data && chown nobody:nogroup /data
ENV CODEVAULT_STORAGE__DATA_DIR=/data
WORKDIR /data
USER nobody
# /healthz /readyz /metrics
EXPOSE 9090
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl --fail --silent --max-time 4 http://127.0.0.1:9090/healthz || exit 1
ENTRYPOINT ["codevault"]
CMD ["serve"]
