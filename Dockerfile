# Build stage: compile the release binary.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY locales ./locales
RUN cargo build --release --locked

# Run stage: a small image with the binary and CA certificates.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/codevault /usr/local/bin/codevault
USER nobody
# /healthz /readyz /metrics
EXPOSE 9090
ENTRYPOINT ["codevault"]
CMD ["serve"]
