# kexit image: `docker build -t kexit:0.1.0 .`; runs `kexit agent` by default (docs/agent.md).

# Build with the same Debian -dev packages as scripts/setup.sh.
FROM debian:12 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential cmake pkg-config ca-certificates \
      nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libcpp-httplib-dev libre2-dev libssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY cmake ./cmake
COPY src ./src
COPY knowledge ./knowledge
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=Release -DKEXIT_BUILD_TESTS=OFF \
 && cmake --build /build -j "$(nproc)" --target kexit \
 && strip /build/kexit

# Runtime: only the shared libraries kexit links (tests/agent/deployment_artefacts_test.cc
# checks this list against `ldd kexit`), no shell tools beyond the base, non-root.
FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates libcpp-httplib0.11 libre2-9 libssl3 libyaml-cpp0.7 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /build/kexit /usr/local/bin/kexit
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/kexit"]
CMD ["agent"]
